import type { ResolvedRateLimitRule } from './profile.js';

/** One limiter key with the rule that applies to it. A request takes a slot in each bucket it names. */
export interface RateLimitBucket {
  /** `${vendor}:${tenant}:${requestClass}`, see `rateLimitKey`. */
  readonly key: string;
  readonly rule: ResolvedRateLimitRule;
}

/** Why a bucket holds a request back. */
export type LimitReason =
  /** `requestsPerInterval` starts already happened in the last `intervalMs`. */
  | 'interval'
  /** The last start was less than `minSpacingMs` ago. */
  | 'spacing'
  /** `concurrency` requests are in flight. */
  | 'concurrency'
  /** The server asked to stop (429, Retry-After); see `pause`. */
  | 'paused'
  /** The server said the quota is spent until its reset; see `setRemaining`. */
  | 'quota';

export interface RateLimitGranted {
  readonly ok: true;
}

export interface RateLimitDenied {
  readonly ok: false;
  /**
   * Ms until the request may be able to start. `Infinity` when only a release
   * can free it (a concurrency slot held in this process). A multi-process
   * store returns a finite poll interval instead, because a release in another
   * process wakes no waiter here.
   */
  readonly waitMs: number;
  /** The bucket that holds the request back longest. */
  readonly key: string;
  readonly reason: LimitReason;
}

export type RateLimitDecision = RateLimitGranted | RateLimitDenied;

/** One shared, frozen "granted" answer, so the fast path allocates nothing. */
export const GRANTED: RateLimitGranted = Object.freeze({ ok: true });

/**
 * Where limiter state lives. The in-memory store (the default) answers
 * synchronously; a multi-process store (Redis) answers with promises. The
 * limiter takes whatever comes back: a plain value keeps the fast path free of
 * any await, a promise is awaited.
 *
 * Contract, for implementers:
 * - `acquire` is all-or-nothing over `buckets`: either every bucket records
 *   the start (one window entry per cost unit, the spacing mark, one
 *   concurrency slot) or none does. Redis: one Lua script over all bucket
 *   keys, so two processes cannot both take the last slot.
 * - Times are epoch ms. `now` is the caller's clock; a shared store may use its
 *   own (Redis `TIME`) so that processes with skewed clocks agree.
 * - Concurrency slots are fungible within one process: `release` frees one slot
 *   in each bucket, whichever acquire took it. A shared store should give slots
 *   a lease expiry (e.g. a sorted set scored by expiry) so a crashed process
 *   cannot hold them forever.
 * - `pause` and `setRemaining` come from server responses and apply to one key.
 *   Pauses only ever extend: a later, shorter pause never shortens an earlier one.
 */
export interface RateLimitStore {
  /** Takes a slot in every bucket, or says how long to wait. `cost` is in requests (quota units); >= 1. */
  acquire(
    buckets: readonly RateLimitBucket[],
    cost: number,
    now: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
  /** Gives back the concurrency slot `acquire` took in each bucket. */
  release(buckets: readonly RateLimitBucket[], now: number): void | Promise<void>;
  /** Holds every request of `key` until `untilEpochMs`. */
  pause(key: string, untilEpochMs: number, now: number): void | Promise<void>;
  /** Epoch ms until which `key` is paused; 0 when it is not. */
  pausedUntil(key: string, now: number): number | Promise<number>;
  /**
   * The server reported `remaining` quota units for `key` until `resetAtEpochMs`.
   * The store lets at most that many more requests start before the reset
   * (less the requests it has in flight, which the server may not have
   * counted yet). 0 works as a pause until the reset.
   */
  setRemaining(
    key: string,
    remaining: number,
    resetAtEpochMs: number,
    now: number,
  ): void | Promise<void>;
}
