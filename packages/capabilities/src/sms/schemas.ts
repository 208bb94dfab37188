// The zod schemas of the SMS capability. Imported only through
// `load-schemas.ts` (a dynamic import), so no entry of this package loads
// zod until the first call that validates.
import * as z from 'zod';
import { CAPABILITY_ERROR_REASONS } from '../errors/reasons.js';
import {
  E164_PATTERN,
  MAX_BODY_LENGTH,
  SENDER_ID_PATTERN,
  SHORT_CODE_PATTERN,
} from './patterns.js';
import { SMS_STATUSES } from './status.js';

/** Message for a required string field: "is required" when missing, else the shape it must have. */
function text(shape: string) {
  return z.string({
    error: (issue) => (issue.input === undefined ? 'is required' : `must be a string: ${shape}`),
  });
}

const httpUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
};

const CLIENT_REFERENCE = /^[A-Za-z0-9._:-]{1,64}$/;

export const sendSmsInputSchema = z
  .strictObject({
    to: text('an E.164 number such as +14155550100').regex(E164_PATTERN, {
      error: 'must be an E.164 number: a plus sign and 7 to 15 digits, such as +14155550100',
    }),
    from: z.optional(
      text('an E.164 number or a short code').refine(
        (value) => E164_PATTERN.test(value) || SHORT_CODE_PATTERN.test(value),
        { error: 'must be an E.164 number (+14155550100) or a short code of 3 to 8 digits' },
      ),
    ),
    senderId: z.optional(
      text('an alphanumeric sender id').regex(SENDER_ID_PATTERN, {
        error: 'must be 1 to 11 letters, digits or spaces with at least one letter',
      }),
    ),
    body: text('the message text')
      .min(1, { error: 'must not be empty' })
      .max(MAX_BODY_LENGTH, { error: `must be at most ${MAX_BODY_LENGTH} characters` }),
    statusCallback: z.optional(
      text('an http(s) URL').refine(httpUrl, { error: 'must be an absolute http or https URL' }),
    ),
    clientReference: z.optional(
      text('a correlation id').regex(CLIENT_REFERENCE, {
        error: 'must be 1 to 64 of A-Z a-z 0-9 . _ : -',
      }),
    ),
  })
  .superRefine((input, ctx) => {
    const given = Number(input.from !== undefined) + Number(input.senderId !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message:
          given === 0
            ? 'is required: give `from` (a number) or `senderId` (alphanumeric)'
            : 'and `senderId` are exclusive: give one of them',
      });
    }
  });

export const providerMessageIdSchema = text('the provider message id')
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' });

const money = z.strictObject({
  amount: z.number().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const sendSmsResultSchema = z.strictObject({
  provider: z.string().min(1),
  providerMessageId: z.string().min(1),
  status: z.enum(SMS_STATUSES),
  providerStatus: z.optional(z.string()),
  segments: z.optional(z.int().min(1)),
  cost: z.optional(money),
  clientReference: z.optional(z.string()),
});

export const smsStatusReportSchema = z.strictObject({
  provider: z.string().min(1),
  providerMessageId: z.string().min(1),
  status: z.enum(SMS_STATUSES),
  providerStatus: z.string(),
  error: z.optional(
    z.strictObject({ reason: z.enum(CAPABILITY_ERROR_REASONS), providerCode: z.string() }),
  ),
  segments: z.optional(z.int().min(1)),
  cost: z.optional(money),
  occurredAt: z.optional(z.date()),
  clientReference: z.optional(z.string()),
});

export const deliveryReportBatchSchema = z.strictObject({
  reports: z.array(smsStatusReportSchema),
  reply: z.optional(
    z.strictObject({
      status: z.int().min(200).max(599),
      headers: z.record(z.string(), z.string()),
      body: z.string(),
    }),
  ),
});
