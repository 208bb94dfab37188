/** Retry policy as data. Every field has a default; see DEFAULT_RETRY_OPTIONS. */
export interface RetryOptions {
  /** Attempts in all, the first included. 1 turns retrying off. */
  maxAttempts: number;
  /** Backoff base: attempt n waits a uniformly random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] ("full jitter"). */
  baseDelayMs: number;
  /** Cap on the computed (not server-requested) backoff. */
  maxDelayMs: number;
  /**
   * Longest server-requested wait (Retry-After and kin) the client will honor.
   * A longer request stops the call with a `rate-limited` error carrying the wait,
   * rather than sleeping for minutes inside one call.
   */
  maxServerDelayMs: number;
  /** Statuses that may be retried (subject to the idempotency rules). */
  retryStatuses: readonly number[];
  /** Retry network failures (refused, reset, DNS, socket timeout) and per-attempt timeouts. */
  retryNetworkErrors: boolean;
  /**
   * Header carrying a retry-safe idempotency key the vendor honors (e.g. Stripe's
   * `Idempotency-Key`). When set, POST and PATCH calls carrying it are retried;
   * with `generateIdempotencyKey`, one key is made before the first attempt and
   * reused by every attempt.
   */
  idempotencyHeader: string | undefined;
  generateIdempotencyKey: boolean;
}

/**
 * Defaults, in numbers: 3 attempts; backoff 0-500 ms, 0-1 s (full jitter, capped
 * at 8 s); server hints honored up to 60 s; statuses 408, 425, 429, 500, 502,
 * 503, 504 retried; network failures retried; no idempotency header.
 *
 * 60 s follows openai-node's ceiling for `retry-after`; 409 is not retried by
 * default (it signals a conflict the caller must resolve, not a transient lock,
 * for most vendors).
 */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxServerDelayMs: 60_000,
  retryStatuses: Object.freeze([408, 425, 429, 500, 502, 503, 504]),
  retryNetworkErrors: true,
  idempotencyHeader: undefined,
  generateIdempotencyKey: false,
});

export function resolveRetryOptions(partial: Partial<RetryOptions> = {}): RetryOptions {
  const options = { ...DEFAULT_RETRY_OPTIONS, ...stripUndefined(partial) };
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new RangeError(
      `retry.maxAttempts must be a whole number >= 1, got ${options.maxAttempts}`,
    );
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxServerDelayMs'] as const) {
    if (!(options[key] >= 0))
      throw new RangeError(`retry.${key} must be >= 0, got ${options[key]}`);
  }
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}
