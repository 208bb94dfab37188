import {
  ACS_SMS_MAPPING,
  adviceFor,
  CapabilityError,
  type CapabilityErrorReason,
  mapVendorError,
  reasonForStatus,
} from '@org/capabilities/sms';
import { retryHintFromHeaders } from '@org/core/retry';
import type { AcsRecipientResult } from '../types.js';

/** ACS error codes are short identifiers (`Unauthorized`, `Denied`); anything else is not echoed. */
const SAFE_CODE = /^[A-Za-z0-9._-]{1,64}$/;

function reasonOf(status: number): CapabilityErrorReason {
  const mapped = mapVendorError(ACS_SMS_MAPPING, status);
  return mapped === 'unknown' ? reasonForStatus(status) : mapped;
}

/**
 * The request as a whole failed (401, 403, 429, 5xx…): the reason comes from
 * the status, as the error-code table of the REST reference lists them
 * (ACS_SMS_MAPPING). The message names the status and ACS's error code,
 * never its message text or the body, which may quote the number.
 */
export function requestError(provider: string, response: Response, body: unknown): CapabilityError {
  const status = response.status;
  const vendorCode = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  const code =
    typeof vendorCode === 'string' && SAFE_CODE.test(vendorCode) ? vendorCode : undefined;
  const reason = reasonOf(status);
  const retryAfterMs = retryHintFromHeaders(response.headers, status, Date.now());
  return new CapabilityError(
    reason,
    `${provider} answered ${status}${code ? ` (${code})` : ''}; ${adviceFor(reason)}.`,
    {
      provider,
      providerCode: code ?? String(status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      details: { status },
    },
  );
}

/**
 * The request was accepted (202) but this recipient was not: each recipient
 * has its own `httpStatusCode`. A 400 there is the number itself (the send
 * example of the spec answers "Invalid To phone number format." for
 * +112345678901), unless the repeatability pair was what ACS rejected, which
 * is the request's fault.
 */
export function recipientError(provider: string, result: AcsRecipientResult): CapabilityError {
  const status = result.httpStatusCode;
  const reason: CapabilityErrorReason =
    status === 400
      ? result.repeatabilityResult === 'rejected'
        ? 'invalid-request'
        : 'invalid-number'
      : reasonOf(status);
  return new CapabilityError(
    reason,
    `${provider} refused the recipient with ${status}; ${adviceFor(reason)}.`,
    { provider, providerCode: String(status), details: { status, recipient: true } },
  );
}
