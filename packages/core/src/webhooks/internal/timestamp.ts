import { WebhookVerificationError } from '../errors.js';

export type TimestampFormat = 'unix' | 'unix-ms' | 'iso8601';

/*
 * Timestamps are parsed by hand, char code by char code: every timestamped
 * delivery pays for it. `RFC3339.test(text) && Date.parse(text)` cost
 * 220-390 ns on Node 24, 7% of a whole 1 KB Zendesk verification; this
 * costs about 70 ns and is stricter (no 24:00, no 31 February, which
 * Date.parse rolls over into the next day or month).
 */

/** Whether a char code is an ASCII digit; NaN (past the end) is not. */
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The number written by `count` ASCII digits from `at`, or NaN if any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return Number.NaN;
    value = value * 10 + (code - 48);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * An RFC 3339 §5.6 date-time (Zendesk sends `2021-03-25T05:09:27Z`) as epoch
 * milliseconds, or NaN. Upper-case `T` and `Z`, a fraction of 1 to 9 digits
 * (kept to the millisecond, as Date.parse does), `Z` or `±hh:mm`; the date
 * must exist, hours are 00-23, and leap seconds (:60) are refused.
 * https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
export function parseRfc3339(text: string): number {
  if (
    text.length < 20 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 /* - */ ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 /* : */
  ) {
    return Number.NaN;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // NaN fails every comparison, so a non-digit anywhere lands here too.
  if (
    !(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) ||
    !(hour <= 23 && minute <= 59 && second <= 59)
  ) {
    return Number.NaN;
  }
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46 /* . */) {
    const start = ++at;
    while (isDigit(text.charCodeAt(at))) at++;
    const count = at - start;
    if (count < 1 || count > 9) return Number.NaN;
    millis = digitsAt(text, start, Math.min(count, 3)) * 10 ** (3 - Math.min(count, 3));
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90 /* Z */) {
    if (at + 1 !== text.length) return Number.NaN;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    if (at + 6 !== text.length || text.charCodeAt(at + 3) !== 58 /* : */) return Number.NaN;
    const offsetHours = digitsAt(text, at + 1, 2);
    const offsetMinutesPart = digitsAt(text, at + 4, 2);
    if (!(offsetHours <= 23 && offsetMinutesPart <= 59)) return Number.NaN;
    offsetMinutes = (offsetHours * 60 + offsetMinutesPart) * (zone === 43 ? 1 : -1);
  } else {
    return Number.NaN;
  }
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  return (seconds - offsetMinutes * 60) * 1000 + millis;
}

/**
 * The number 1 to 16 ASCII digits write (unix seconds or milliseconds), or
 * NaN. Up to 15 digits the value is summed while the digits are checked:
 * exact below 2^53, and Number(text) on a header string takes V8's slow
 * string-to-number path.
 */
export function parseUnixDigits(text: string): number {
  const length = text.length;
  if (length === 0 || length > 16) return Number.NaN;
  const value = digitsAt(text, 0, length);
  return length < 16 || Number.isNaN(value) ? value : Number(text);
}

/** Parses a timestamp header to epoch seconds, or throws `malformed-header`. */
export function parseTimestamp(
  value: string,
  format: TimestampFormat,
  scheme: string,
  header: string,
): number {
  const seconds =
    format === 'iso8601'
      ? parseRfc3339(value) / 1000
      : format === 'unix'
        ? parseUnixDigits(value)
        : parseUnixDigits(value) / 1000;
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
