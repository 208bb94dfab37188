import { WebhookVerificationError } from '../errors.js';

export type TimestampFormat = 'unix' | 'unix-ms' | 'iso8601';

const DIGITS = /^\d{1,16}$/;
// RFC 3339 date-time, which Zendesk sends (2021-03-25T05:09:27Z).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses a timestamp header to epoch seconds, or throws `malformed-header`. */
export function parseTimestamp(
  value: string,
  format: TimestampFormat,
  scheme: string,
  header: string,
): number {
  let seconds = Number.NaN;
  if (format === 'iso8601') {
    if (RFC3339.test(value)) seconds = Date.parse(value) / 1000;
  } else if (DIGITS.test(value)) {
    seconds = format === 'unix' ? Number(value) : Number(value) / 1000;
  }
  if (!Number.isFinite(seconds)) {
    throw new WebhookVerificationError(
      'malformed-header',
      `The ${header} header is not a ${format === 'iso8601' ? 'RFC 3339 date-time' : `${format} timestamp`}.`,
      { scheme, header },
    );
  }
  return seconds;
}

/** Rejects a signed timestamp outside `now ± toleranceSeconds` (both ends inclusive). */
export function checkTolerance(
  seconds: number,
  nowMs: number,
  toleranceSeconds: number,
  scheme: string,
): void {
  const nowSeconds = nowMs / 1000;
  if (seconds < nowSeconds - toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp-too-old',
      `The delivery was signed ${Math.round(nowSeconds - seconds)} s ago, more than the ${toleranceSeconds} s tolerance. A replay, a delayed retry, or this server's clock is behind: check NTP.`,
      { scheme, details: { ageSeconds: Math.round(nowSeconds - seconds), toleranceSeconds } },
    );
  }
  if (seconds > nowSeconds + toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp-in-future',
      `The delivery is signed ${Math.round(seconds - nowSeconds)} s in the future, more than the ${toleranceSeconds} s tolerance. This server's clock is probably behind: check NTP.`,
      { scheme, details: { aheadSeconds: Math.round(seconds - nowSeconds), toleranceSeconds } },
    );
  }
}
