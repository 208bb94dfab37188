import { isCoreError } from '@org/core/errors';
import { CapabilityError, isCapabilityError } from './capability-error.js';
import type { CapabilityErrorReason } from './reasons.js';

/**
 * The vendor-neutral reason for any thrown value: a CapabilityError's own
 * reason, a core transport error by its code (and an `api-error` by its HTTP
 * status), anything else `unknown`. Pure; used by the router to decide
 * failover and by `defineSmsSender` to wrap adapter errors.
 */
export function classifyError(error: unknown): CapabilityErrorReason {
  if (isCapabilityError(error)) return error.reason;
  if (!isCoreError(error)) return 'unknown';
  switch (error.code) {
    case 'rate-limited':
      return 'rate-limited';
    case 'auth-failed':
      return 'auth-failed';
    case 'invalid-request':
      return 'invalid-request';
    case 'network':
    case 'timeout':
    case 'invalid-response':
    case 'deadline-exceeded':
      return 'provider-unavailable';
    case 'retries-exhausted': {
      // The last attempt's failure says why: 429s all the way are rate-limited.
      const cause = (error as { cause?: unknown }).cause;
      const last = cause === undefined ? 'provider-unavailable' : classifyError(cause);
      return last === 'unknown' ? 'provider-unavailable' : last;
    }
    case 'api-error':
      return reasonForStatus(Number(error.details.status));
    default:
      // aborted (the caller's own signal), configuration, webhook-verification,
      // store-unavailable: none is the provider's fault, none may fail over.
      return 'unknown';
  }
}

/**
 * HTTP status to reason, for vendors that say nothing more specific.
 * 401 is bad credentials and 403 an authenticated caller without the right
 * (RFC 9110 §15.5.2, §15.5.4); 408, 5xx may succeed later (§15.5.9, §15.6);
 * 429 is a rate limit (RFC 6585 §4).
 */
export function reasonForStatus(status: number): CapabilityErrorReason {
  if (status === 401) return 'auth-failed';
  if (status === 403) return 'not-permitted';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'provider-unavailable';
  if (status >= 400 && status < 500) return 'invalid-request';
  return 'unknown';
}

const REASON_ADVICE: Readonly<Record<CapabilityErrorReason, string>> = {
  'invalid-number': 'check the destination number',
  blocked: 'the recipient or carrier blocks this sender; do not retry',
  unreachable: 'the handset could not be reached; retry later',
  'content-rejected': 'the content was filtered; change the message',
  'not-permitted': 'the account may not send this; check its permissions',
  'insufficient-funds': 'top up the account balance',
  'rate-limited': 'slow down, retry later or route to another provider',
  'provider-unavailable': 'retry later or route to another provider',
  'auth-failed': 'check the credentials configured for this provider',
  'invalid-request': 'fix the request',
  unknown: 'see `cause` for the provider error',
};

/**
 * `error` as a CapabilityError of `provider`: returned as is when it already
 * is one, else wrapped with the classified reason and the original as `cause`.
 * The message names the provider, the reason and the core code, never the
 * original message (which a non-core error may have filled with anything).
 */
export function toCapabilityError(error: unknown, provider: string): CapabilityError {
  if (isCapabilityError(error)) return error;
  const reason = classifyError(error);
  const code = isCoreError(error) ? ` (${error.code})` : '';
  const retryAfterMs = isCoreError(error, 'rate-limited')
    ? (error as { retryAfterMs?: number }).retryAfterMs
    : undefined;
  return new CapabilityError(
    reason,
    `${provider} failed: ${reason}${code}; ${REASON_ADVICE[reason]}.`,
    {
      cause: error,
      provider,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
}

/** The advice sentence for a reason, for adapters building their own messages. */
export function adviceFor(reason: CapabilityErrorReason): string {
  return REASON_ADVICE[reason];
}
