/**
 * Server hints about when to try again, parsed into milliseconds from now.
 * Pure: the clock is an argument.
 */

/** `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** `retry-after-ms`: milliseconds, possibly fractional (openai-node, Azure). */
export function parseRetryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

const EPOCH_MS_FLOOR = 1e12; // 2001-09-09 in ms; smaller numbers are seconds
const EPOCH_S_FLOOR = 1e9; // 2001-09-09 in s; smaller numbers are a delta

/**
 * `X-RateLimit-Reset` and kin. Vendors disagree on the unit: GitHub sends epoch
 * seconds, some send epoch ms, some ISO 8601, some a delta in seconds. A number
 * of 1e12 or more is epoch ms, of 1e9 or more epoch seconds, anything smaller a
 * delta in seconds (no vendor resets a window 31 years out).
 */
export function parseResetHeader(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n >= EPOCH_MS_FLOOR) return Math.max(0, Math.round(n - now));
    if (n >= EPOCH_S_FLOOR) return Math.max(0, Math.round(n * 1000 - now));
    return Math.round(n * 1000);
  }
  const duration = parseDuration(text);
  if (duration !== undefined) return duration;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const DURATION_UNITS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const DURATION_PART_RE = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/** Go-style duration strings as OpenAI sends in `x-ratelimit-reset-requests`: `6m0s`, `1.5s`, `20ms`. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART_RE)) {
    ms += Number(amount) * (DURATION_UNITS[unit as string] as number);
  }
  return Math.round(ms);
}

/** `x-should-retry: true|false` (Stainless-generated APIs): the server's explicit verdict. */
export function parseShouldRetry(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

const RESET_HEADERS = ['x-ratelimit-reset', 'ratelimit-reset', 'x-rate-limit-reset'] as const;
const DURATION_RESET_HEADERS = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens'] as const;

/**
 * The wait a response asks for, in ms, or undefined when it names none.
 * Precedence: `retry-after-ms` (most precise), `Retry-After`, then reset headers
 * (only when the response says the limit is spent: a 429, a 503, or remaining 0),
 * taking the longest of the duration-style resets.
 */
export function retryHintFromHeaders(
  headers: Headers,
  status: number,
  now: number,
): number | undefined {
  const ms = parseRetryAfterMs(headers.get('retry-after-ms'));
  if (ms !== undefined) return ms;
  const after = parseRetryAfter(headers.get('retry-after'), now);
  if (after !== undefined) return after;
  const spent =
    status === 429 || status === 503 || headers.get('x-ratelimit-remaining')?.trim() === '0';
  if (!spent) return undefined;
  for (const name of RESET_HEADERS) {
    const reset = parseResetHeader(headers.get(name), now);
    if (reset !== undefined) return reset;
  }
  let longest: number | undefined;
  for (const name of DURATION_RESET_HEADERS) {
    const reset = parseResetHeader(headers.get(name), now);
    if (reset !== undefined && (longest === undefined || reset > longest)) longest = reset;
  }
  return longest;
}
