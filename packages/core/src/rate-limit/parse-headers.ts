import { parseResetHeader, parseRetryAfter, parseRetryAfterMs } from '../retry/hints.js';
import { parseSfDictionary, parseSfList, type SfItem } from './structured-fields.js';

/** Anything with `get(name)`, e.g. a fetch `Headers`. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** Which header family the quota figures came from. */
export type RateLimitHeaderFormat =
  /** draft-ietf-httpapi-ratelimit-headers-08 and later: `RateLimit: "default";r=0;t=30`. */
  | 'ietf'
  /** draft-07: `RateLimit: limit=100, remaining=0, reset=30`. */
  | 'ietf-draft-07'
  /** Drafts up to 06: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`. */
  | 'ietf-legacy'
  /** The de-facto `X-RateLimit-Limit/-Remaining/-Reset` (GitHub, Twitter, Discord, OpenAI …). */
  | 'x-ratelimit';

/** A quota policy the server advertises: `limit` units per `windowMs`. */
export interface RateLimitQuota {
  readonly limit: number;
  readonly windowMs: number;
  /** The IETF policy name, e.g. `default`. */
  readonly name?: string;
}

/** What a response says about the client's rate limit. Times are epoch ms on the client's clock. */
export interface RateLimitHints {
  readonly format?: RateLimitHeaderFormat;
  /** The field the figures came from, e.g. `x-ratelimit-remaining`. */
  readonly header?: string;
  readonly limit?: number;
  readonly remaining?: number;
  /** When more quota becomes available. */
  readonly resetAt?: number;
  /** The advertised policy, when the server names one with a window. */
  readonly quota?: RateLimitQuota;
  /** The wait a 429, 503 or 403 asks for (`retry-after-ms`, then `Retry-After`), in ms. */
  readonly retryAfterMs?: number;
}

type Figures = Omit<RateLimitHints, 'retryAfterMs'>;

const X_FAMILIES = [
  // GitHub, GitLab, Discord, most of the web.
  ['x-ratelimit-remaining', 'x-ratelimit-limit', 'x-ratelimit-reset'],
  // Twitter/X.
  ['x-rate-limit-remaining', 'x-rate-limit-limit', 'x-rate-limit-reset'],
  // OpenAI: per-request figures with a Go duration reset (`6m0s`).
  ['x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests', 'x-ratelimit-reset-requests'],
] as const;

/**
 * Reads every rate-limit hint of a response. Pure: the clock is an argument.
 * Returns undefined when the response carries none (the common case, no allocation).
 *
 * Precedence: the IETF fields (current draft, then draft-07, then the legacy
 * trio), then the `X-RateLimit-*` families. A `Retry-After` is read on 429 and
 * 503 (RFC 9110 §10.2.3) and on 403, which GitHub answers with a Retry-After
 * for its secondary rate limits (docs.github.com, "Rate limits for the REST API").
 *
 * Reset values: the IETF `t`/`reset` are delta seconds, as the draft fixes.
 * The legacy and `X-` resets vary by vendor and are read by size: 1e12 or more
 * is epoch ms, 1e9 or more epoch seconds (GitHub), smaller a delta in seconds;
 * ISO 8601, HTTP-dates and Go durations (`6m0s`) are read too. Epoch values
 * and HTTP-dates are measured against the response's `Date` field when it has
 * one, so a skewed client clock does not shift the reset (RFC 9110 §6.6.1).
 *
 * Responses served from a cache (`Age` > 0) report a stale quota: their
 * figures are ignored, as draft-ietf-httpapi-ratelimit-headers-07 §5.2 advises.
 */
export function parseRateLimitHeaders(
  headers: HeaderSource,
  status: number,
  now: number,
): RateLimitHints | undefined {
  let retryAfterMs: number | undefined;
  if (status === 429 || status === 503 || status === 403) {
    retryAfterMs =
      parseRetryAfterMs(headers.get('retry-after-ms')) ??
      parseRetryAfter(headers.get('retry-after'), serverNow(headers, now));
  }
  const found = readFigures(headers, now);
  const figures = found === undefined || isCached(headers) ? undefined : found;
  if (figures === undefined) return retryAfterMs === undefined ? undefined : { retryAfterMs };
  return retryAfterMs === undefined ? figures : { ...figures, retryAfterMs };
}

function readFigures(headers: HeaderSource, now: number): Figures | undefined {
  const rateLimit = headers.get('ratelimit');
  const policy = headers.get('ratelimit-policy');
  if (rateLimit !== null || policy !== null) {
    const ietf = readIetf(rateLimit, policy, now);
    if (ietf !== undefined) return ietf;
  }
  const legacyLimit = headers.get('ratelimit-limit');
  if (legacyLimit !== null) {
    const legacy = readLegacy(headers, legacyLimit, now);
    if (legacy !== undefined) return legacy;
  }
  for (const [remainingName, limitName, resetName] of X_FAMILIES) {
    const remaining = headers.get(remainingName);
    if (remaining === null) continue;
    const figures = readX(headers, remaining, remainingName, limitName, resetName, now);
    if (figures !== undefined) return figures;
  }
  return undefined;
}

/** draft-08+ (`"name";r=;t=` items), falling back to the draft-07 dictionary form. */
function readIetf(
  rateLimit: string | null,
  policy: string | null,
  now: number,
): Figures | undefined {
  const policies = policy === null ? undefined : parseSfList(policy);
  if (rateLimit === null) {
    const quota = policies && pickQuota(policies, undefined);
    if (quota === undefined) return undefined;
    const format = typeof policies?.[0]?.value === 'string' ? 'ietf' : 'ietf-draft-07';
    return { format, header: 'ratelimit-policy', quota };
  }
  const list = parseSfList(rateLimit);
  if (list !== undefined && list.length > 0 && list.every(isServiceLimit)) {
    // Several policies: the one with the least left binds first; on a tie, the later reset.
    let bound = list[0] as SfItem;
    for (const item of list) {
      const r = item.params.get('r') as number;
      const br = bound.params.get('r') as number;
      const t = numberParam(item, 't') ?? 0;
      if (r < br || (r === br && t > (numberParam(bound, 't') ?? 0))) bound = item;
    }
    const name = bound.value as string;
    const t = numberParam(bound, 't');
    const quota = policies && pickQuota(policies, name);
    return {
      format: 'ietf',
      header: 'ratelimit',
      limit: quota?.limit,
      remaining: bound.params.get('r') as number,
      resetAt: t === undefined ? undefined : now + t * 1000,
      quota,
    };
  }
  const dict = parseSfDictionary(rateLimit);
  if (dict === undefined) return undefined;
  const limit = wholeItem(dict.get('limit'));
  const remaining = wholeItem(dict.get('remaining'));
  const reset = wholeItem(dict.get('reset'));
  if (limit === undefined && remaining === undefined) return undefined;
  return {
    format: 'ietf-draft-07',
    header: 'ratelimit',
    limit,
    remaining,
    resetAt: reset === undefined ? undefined : now + reset * 1000,
    quota: policies && pickQuota(policies, limit),
  };
}

/** Drafts up to 06: `RateLimit-Limit: 100` (draft-03 adds policies: `100, 100;w=60`), -Remaining, -Reset. */
function readLegacy(headers: HeaderSource, limitValue: string, now: number): Figures | undefined {
  const items = parseSfList(limitValue);
  const limit = items === undefined ? undefined : wholeItem(items[0]);
  if (limit === undefined) return undefined;
  const remaining = whole(headers.get('ratelimit-remaining'));
  const resetMs = parseResetHeader(headers.get('ratelimit-reset'), serverNow(headers, now));
  return {
    format: 'ietf-legacy',
    header: 'ratelimit-limit',
    limit,
    remaining,
    resetAt: resetMs === undefined ? undefined : now + resetMs,
    quota: items && items.length > 1 ? pickQuota(items.slice(1), limit) : undefined,
  };
}

function readX(
  headers: HeaderSource,
  remainingValue: string,
  remainingName: string,
  limitName: string,
  resetName: string,
  now: number,
): Figures | undefined {
  const remaining = whole(remainingValue);
  if (remaining === undefined) return undefined;
  // Discord sends the delta too, with ms precision; it beats an epoch in seconds.
  const after = headers.get('x-ratelimit-reset-after');
  const resetMs =
    after !== null && remainingName === 'x-ratelimit-remaining'
      ? seconds(after)
      : parseResetHeader(headers.get(resetName), serverNow(headers, now));
  return {
    format: 'x-ratelimit',
    header: remainingName,
    limit: whole(headers.get(limitName)),
    remaining,
    resetAt: resetMs === undefined ? undefined : now + resetMs,
  };
}

function isServiceLimit(item: SfItem): boolean {
  const r = item.params.get('r');
  return typeof item.value === 'string' && typeof r === 'number' && Number.isInteger(r) && r >= 0;
}

/**
 * The policy to learn from: the one named `match` (a string name, or for
 * draft-07 the integer quota equal to the limit), else the one with the
 * shortest window, which paces bursts. Only request-counting policies with a
 * window count: `content-bytes` and `concurrent-requests` quotas are not a
 * request rate.
 */
function pickQuota(
  items: readonly SfItem[],
  match: string | number | undefined,
): RateLimitQuota | undefined {
  let best: RateLimitQuota | undefined;
  for (const item of items) {
    const unit = item.params.get('qu');
    if (unit !== undefined && unit !== 'requests') continue;
    const limit = typeof item.value === 'number' ? item.value : numberParam(item, 'q');
    const w = numberParam(item, 'w');
    if (limit === undefined || !Number.isInteger(limit) || limit < 1 || w === undefined || w <= 0)
      continue;
    const quota: RateLimitQuota =
      typeof item.value === 'string'
        ? { limit, windowMs: w * 1000, name: item.value }
        : { limit, windowMs: w * 1000 };
    if (match !== undefined && item.value === match) return quota;
    if (best === undefined || quota.windowMs < best.windowMs) best = quota;
  }
  return best;
}

function numberParam(item: SfItem, name: string): number | undefined {
  const value = item.params.get(name);
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

function wholeItem(item: SfItem | undefined): number | undefined {
  const value = item?.value;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function whole(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function seconds(value: string): number | undefined {
  const text = value.trim();
  return /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : undefined;
}

/** The server's clock at response time (the `Date` field), else the client's. */
function serverNow(headers: HeaderSource, now: number): number {
  const date = headers.get('date');
  if (date === null) return now;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? now : ms;
}

function isCached(headers: HeaderSource): boolean {
  const age = headers.get('age');
  return age !== null && Number(age) > 0;
}
