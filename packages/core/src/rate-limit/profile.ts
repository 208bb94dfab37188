import { ConfigurationError } from '../errors/kinds.js';

/**
 * One set of limits. Every field is optional; a missing field does not limit.
 * Plain data, so a pack's `pack.yaml` can carry it as is.
 */
export interface RateLimitRule {
  /**
   * Requests allowed to start in any window of `intervalMs` (a sliding window:
   * never more than this many starts in any `intervalMs`, wherever the window
   * is placed). Default: no count limit.
   */
  readonly requestsPerInterval?: number;
  /** The window of `requestsPerInterval`, in ms. Default 1000. */
  readonly intervalMs?: number;
  /** Requests in flight at once (from start until the response headers arrive). Default: no limit. */
  readonly concurrency?: number;
  /** Least time between two request starts, in ms. Default 0. */
  readonly minSpacingMs?: number;
}

/** What `pauseScope` pauses when the server says stop (429, Retry-After, remaining 0). */
export type PauseScope = 'tenant' | 'class';

/**
 * A vendor's rate-limit profile. The top-level rule limits all requests of one
 * vendor + tenant together; each entry of `classes` adds its own limits for
 * requests of that class (read, write, search, …). A request passes both.
 *
 * @example 100 requests per 10 s in all, of which at most 10 writes per second, 4 at once:
 * { requestsPerInterval: 100, intervalMs: 10_000,
 *   classes: { write: { requestsPerInterval: 10, intervalMs: 1_000, concurrency: 4 } } }
 */
export interface RateLimitProfile extends RateLimitRule {
  /** Extra limits per request class. A class not listed here is limited by the top-level rule only. */
  readonly classes?: Readonly<Record<string, RateLimitRule>>;
  /** Requests allowed to wait in one class's queue; one more fails at once with `rate-limited`. Default 10 000. */
  readonly maxQueue?: number;
  /**
   * Longest a request may wait in the limiter, in ms. A longer wait fails at
   * once with `rate-limited` carrying `retryAfterMs`. Default 60 000 (the
   * retry policy's `maxServerDelayMs` default, so both give up at the same point).
   */
  readonly maxWaitMs?: number;
  /** Learn from response headers and pause on 429. Default true. */
  readonly adaptive?: boolean;
  /**
   * What a server signal pauses: `tenant` (every class of the vendor + tenant)
   * or `class` (only the request's class, when the profile lists that class).
   * Default `tenant`: most vendors count one budget per account, and a 429 on
   * writes followed by reads that also fail is worse than a short idle.
   */
  readonly pauseScope?: PauseScope;
  /** Pause after a 429 that names no wait (no Retry-After, no reset), in ms. Default 1000. */
  readonly defaultPauseMs?: number;
  /**
   * Longest pause a server hint may impose, in ms. Default 3 600 000 (1 h).
   * Hints are untrusted input; after this the client probes again, as
   * draft-ietf-httpapi-ratelimit-headers-07 §5 allows ("A client MAY still
   * probe the server if the reset keyword is considered too high").
   */
  readonly maxPauseMs?: number;
}

/** A rule with every default filled in; `Infinity` means "no limit". */
export interface ResolvedRateLimitRule {
  readonly requestsPerInterval: number;
  readonly intervalMs: number;
  readonly concurrency: number;
  readonly minSpacingMs: number;
}

/** Profile settings other than the rules, with defaults filled in. */
export interface ResolvedProfileSettings {
  readonly maxQueue: number;
  readonly maxWaitMs: number;
  readonly adaptive: boolean;
  readonly pauseScope: PauseScope;
  readonly defaultPauseMs: number;
  readonly maxPauseMs: number;
}

export const DEFAULT_INTERVAL_MS = 1000;

export const DEFAULT_PROFILE_SETTINGS: ResolvedProfileSettings = Object.freeze({
  maxQueue: 10_000,
  maxWaitMs: 60_000,
  adaptive: true,
  pauseScope: 'tenant',
  defaultPauseMs: 1000,
  maxPauseMs: 3_600_000,
});

/** Fills a rule's defaults. Throws ConfigurationError naming the field at `path` when a value is invalid. */
export function resolveRule(
  rule: RateLimitRule | undefined,
  path = 'rateLimit',
): ResolvedRateLimitRule {
  const r = rule ?? {};
  const resolved: ResolvedRateLimitRule = {
    requestsPerInterval: r.requestsPerInterval ?? Infinity,
    intervalMs: r.intervalMs ?? DEFAULT_INTERVAL_MS,
    concurrency: r.concurrency ?? Infinity,
    minSpacingMs: r.minSpacingMs ?? 0,
  };
  countOrInfinity(`${path}.requestsPerInterval`, resolved.requestsPerInterval);
  countOrInfinity(`${path}.concurrency`, resolved.concurrency);
  if (!(resolved.intervalMs > 0 && Number.isFinite(resolved.intervalMs))) {
    invalid(`${path}.intervalMs`, 'a positive, finite number of milliseconds', resolved.intervalMs);
  }
  if (!(resolved.minSpacingMs >= 0 && Number.isFinite(resolved.minSpacingMs))) {
    invalid(`${path}.minSpacingMs`, 'a finite number of milliseconds >= 0', resolved.minSpacingMs);
  }
  return Object.freeze(resolved);
}

/** Fills the profile-wide settings' defaults, validating each. */
export function resolveSettings(
  profile: RateLimitProfile | undefined,
  path = 'rateLimit',
): ResolvedProfileSettings {
  const d = DEFAULT_PROFILE_SETTINGS;
  const p = profile ?? {};
  const settings: ResolvedProfileSettings = {
    maxQueue: p.maxQueue ?? d.maxQueue,
    maxWaitMs: p.maxWaitMs ?? d.maxWaitMs,
    adaptive: p.adaptive ?? d.adaptive,
    pauseScope: p.pauseScope ?? d.pauseScope,
    defaultPauseMs: p.defaultPauseMs ?? d.defaultPauseMs,
    maxPauseMs: p.maxPauseMs ?? d.maxPauseMs,
  };
  if (!(Number.isInteger(settings.maxQueue) && settings.maxQueue >= 0)) {
    invalid(`${path}.maxQueue`, 'a whole number >= 0', settings.maxQueue);
  }
  for (const name of ['maxWaitMs', 'defaultPauseMs', 'maxPauseMs'] as const) {
    if (!(settings[name] >= 0))
      invalid(`${path}.${name}`, 'a number of milliseconds >= 0', settings[name]);
  }
  if (settings.pauseScope !== 'tenant' && settings.pauseScope !== 'class') {
    invalid(`${path}.pauseScope`, '"tenant" or "class"', settings.pauseScope);
  }
  return Object.freeze(settings);
}

/** True when the rule limits nothing, so it needs no bucket of its own. */
export function isUnlimited(rule: ResolvedRateLimitRule): boolean {
  return (
    rule.requestsPerInterval === Infinity &&
    rule.concurrency === Infinity &&
    rule.minSpacingMs === 0
  );
}

function countOrInfinity(path: string, value: number): void {
  if (value === Infinity) return;
  if (!(Number.isInteger(value) && value >= 1)) invalid(path, 'a whole number >= 1', value);
}

function invalid(path: string, expected: string, got: unknown): never {
  throw new ConfigurationError(
    `The rate-limit profile's \`${path}\` must be ${expected}; got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}. Fix it in the profile (pack.yaml or the client options).`,
    { details: { option: path } },
  );
}
