import { CapabilityError, ISRAEL019_SMS_MAPPING, type SendSmsInput } from '@org/capabilities/sms';
import { InvalidRequestError } from '@org/core/errors';
import { israeliNumberProblem, toIsraeliLocalNumber } from '../phone.js';

const PROVIDER = ISRAEL019_SMS_MAPPING.provider;
/** 019's limit on `message` (https://docs.019sms.co.il/sms/send-sms.html). */
export const MAX_019_BODY_LENGTH = 1005;

/**
 * The destination in 019's local form. A number of another country is
 * `not-permitted` for this provider, not `invalid-number`: it is a valid
 * number 019 does not serve, and a router may fail over to a provider that
 * does (when `failover.on` lists it). A +972 number of the wrong length is
 * `invalid-number`.
 */
export function destinationOf(input: SendSmsInput): string {
  const problem = israeliNumberProblem(input.to);
  if (problem === 'not-israeli') {
    throw new CapabilityError(
      'not-permitted',
      '019 reaches Israeli numbers (+972) only; route other destinations to another provider.',
      { provider: PROVIDER, details: { field: 'to' } },
    );
  }
  if (problem === 'malformed') {
    throw new CapabilityError(
      'invalid-number',
      'An Israeli mobile number is +972 and 9 digits starting with 5 (e.g. +972501234567); check the destination number.',
      { provider: PROVIDER, details: { field: 'to' } },
    );
  }
  return toIsraeliLocalNumber(input.to);
}

/**
 * 019's `source`: at most 11 digits or English letters, no plus sign. An
 * Israeli number goes in local form, another number or a short code as its
 * digits, an alphanumeric sender id as given.
 */
export function sourceOf(input: SendSmsInput): string {
  if (input.senderId !== undefined) return input.senderId;
  const from = input.from ?? '';
  if (israeliNumberProblem(from) === undefined) return toIsraeliLocalNumber(from);
  const digits = from.replace(/^\+/, '');
  if (digits.length > 11) {
    throw new InvalidRequestError(
      'Invalid from: 019 takes a sender of at most 11 characters; use an Israeli number, a short code or a sender id.',
      { details: { field: 'from', fields: ['from'] } },
    );
  }
  return digits;
}

/** 019 takes at most 1005 characters, fewer than the capability's 1600. */
export function messageOf(input: SendSmsInput): string {
  if (input.body.length > MAX_019_BODY_LENGTH) {
    throw new InvalidRequestError(
      `Invalid body: 019 takes at most ${MAX_019_BODY_LENGTH} characters; shorten the message or route it to another provider.`,
      { details: { field: 'body', fields: ['body'] } },
    );
  }
  return input.body;
}
