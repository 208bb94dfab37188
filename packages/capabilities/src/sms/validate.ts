import { InvalidRequestError, InvalidResponseError } from '@org/core/errors';
import type { DeliveryReportBatch, SendSmsInput, SendSmsResult, SmsStatusReport } from './types.js';

type Schemas = typeof import('./schemas.js');

let loading: Promise<Schemas> | undefined;

/**
 * The zod schemas, imported on first use: zod stays off every entry's import
 * path, and later calls pay one resolved-promise await.
 */
export function loadSmsSchemas(): Promise<Schemas> {
  loading ??= import('./schemas.js').catch((error: unknown) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return loading;
}

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

const INPUT_FIELDS = 'to, from, senderId, body, statusCallback, clientReference';

function describeIssue(issue: Issue, what: string): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
    const field = String(issue.keys[0]);
    return {
      field,
      message: `\`${field}\` is not a field of ${what}; the fields are ${INPUT_FIELDS}`,
    };
  }
  if (issue.path.length === 0) {
    return { field: 'input', message: `${what} must be an object` };
  }
  const field = issue.path.map(String).join('.');
  return { field, message: `\`${field}\` ${issue.message}` };
}

function invalidRequest(
  operation: string,
  issues: readonly Issue[],
  what: string,
): InvalidRequestError {
  const first = describeIssue(issues[0]!, what);
  const fields = [...new Set(issues.map((issue) => describeIssue(issue, what).field))];
  // The message names the field and the rule, never the value: numbers and
  // bodies are personal data and stay out of errors and logs.
  return new InvalidRequestError(`Invalid ${operation} input: ${first.message}.`, {
    details: { field: first.field, fields },
  });
}

/**
 * Validates a send input; resolves a fresh object with only the known fields,
 * or rejects with an InvalidRequestError (code `invalid-request`) whose
 * `details.field` names the first bad field.
 */
export async function parseSendSmsInput(input: unknown, operation = 'send'): Promise<SendSmsInput> {
  const { sendSmsInputSchema } = await loadSmsSchemas();
  const result = sendSmsInputSchema.safeParse(input);
  if (!result.success) throw invalidRequest(operation, result.error.issues, 'the send input');
  return result.data;
}

/** Validates a provider message id (non-empty, at most 256 characters). */
export async function parseProviderMessageId(
  id: unknown,
  operation = 'getStatus',
): Promise<string> {
  const { providerMessageIdSchema } = await loadSmsSchemas();
  const result = providerMessageIdSchema.safeParse(id);
  if (!result.success) {
    throw invalidRequest(
      operation,
      result.error.issues.map((issue) => ({ ...issue, path: ['providerMessageId'] })),
      'the provider message id',
    );
  }
  return result.data;
}

function invalidOutput(
  provider: string,
  operation: string,
  issues: readonly Issue[],
): InvalidResponseError {
  const issue = issues[0]!;
  const field = issue.path.length === 0 ? 'result' : issue.path.map(String).join('.');
  return new InvalidResponseError(
    `The ${provider} SMS adapter returned an invalid ${operation} result: \`${field}\` ${issue.message}. This is a bug in the adapter; report it with this message.`,
    { details: { provider, operation, field } },
  );
}

/** Checks an adapter's send result; an invalid one is an adapter bug (InvalidResponseError). */
export async function checkSendSmsResult(
  result: unknown,
  provider: string,
): Promise<SendSmsResult> {
  const { sendSmsResultSchema } = await loadSmsSchemas();
  const parsed = sendSmsResultSchema.safeParse(result);
  if (!parsed.success) throw invalidOutput(provider, 'send', parsed.error.issues);
  return parsed.data;
}

/** Checks an adapter's status report. */
export async function checkSmsStatusReport(
  result: unknown,
  provider: string,
): Promise<SmsStatusReport> {
  const { smsStatusReportSchema } = await loadSmsSchemas();
  const parsed = smsStatusReportSchema.safeParse(result);
  if (!parsed.success) throw invalidOutput(provider, 'getStatus', parsed.error.issues);
  return parsed.data;
}

/** Checks an adapter's parsed delivery reports. */
export async function checkDeliveryReportBatch(
  result: unknown,
  provider: string,
): Promise<DeliveryReportBatch> {
  const { deliveryReportBatchSchema } = await loadSmsSchemas();
  const parsed = deliveryReportBatchSchema.safeParse(result);
  if (!parsed.success) throw invalidOutput(provider, 'parseDeliveryReport', parsed.error.issues);
  return parsed.data;
}
