import { isCoreError } from '../errors/core-error.js';
import { ConfigurationError, DeadlineExceededError, RateLimitedError } from '../errors/kinds.js';
import { abortReason } from '../internal/abort.js';
import { MemoryRateLimitStore } from './memory-store.js';
import { DEFAULT_PROFILE_SETTINGS } from './profile.js';
import type {
  LimitReason,
  RateLimitBucket,
  RateLimitDecision,
  RateLimitDenied,
  RateLimitStore,
} from './store.js';
import { type WaitContext, Waiter, WaitQueue } from './wait-queue.js';

/** How a request that cannot start at once is held. */
export interface QueueOptions {
  /** Live waiters allowed in one queue; one more fails with `rate-limited`. Default 10 000. */
  readonly maxQueue?: number;
  /** Longest wait in ms; a longer one fails with `rate-limited` (at once when known). Default 60 000. */
  readonly maxWaitMs?: number;
  /** Called once when a request has to wait, before it waits, with the context given to `acquire`. */
  readonly onWait?: (wait: RateLimitWait, ctx: WaitContext) => void;
}

/** Why and for how long a request waits. */
export interface RateLimitWait {
  /** The bucket holding it back. */
  readonly key: string;
  /** `queued`: other requests of its queue are ahead of it. */
  readonly reason: LimitReason | 'queued';
  /** Expected wait in ms; Infinity when a release (a concurrency slot) must come first. */
  readonly waitMs: number;
}

export interface RateLimiterOptions {
  /** Where the state lives. Default: a new MemoryRateLimitStore (this limiter's own). */
  readonly store?: RateLimitStore;
  /** Called when an async store fails to release or record; the request itself goes on. */
  readonly onStoreError?: (error: unknown) => void;
}

/** setTimeout's largest delay (2^31 - 1 ms); Node turns a larger one into 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;
const NO_WAIT: WaitContext = Object.freeze({});
const NO_OPTIONS: QueueOptions = Object.freeze({});

/**
 * Paces requests over a RateLimitStore: a sliding window per bucket, minimum
 * spacing, a concurrency semaphore and a FIFO queue per queue key (the last
 * bucket's key), waiting with setTimeout so fake timers drive it in tests.
 *
 * Why not bottleneck: its in-process datastore awaits a setTimeout(0) on
 * every step of a job (LocalDatastore `yieldLoop`: register, submit, free),
 * and Node makes each at least 1 ms. bench/rate-limit.mjs measures a
 * permissive bottleneck limiter at about 5 ms added per job and about 400
 * jobs/s, against well under 1 µs per acquire + release here. A request under
 * quota takes one synchronous store call (a few Map lookups and array
 * writes): no timer, no promise, no allocation.
 *
 * The limiter holds no module-level state: each one owns its queues and its
 * store. Share one limiter (or one store) between clients that spend the
 * same vendor quota.
 */
export class RateLimiter {
  readonly store: RateLimitStore;
  readonly #queues = new Map<string, WaitQueue>();
  readonly #onStoreError: ((error: unknown) => void) | undefined;
  /** Live waiters across all queues; 0 keeps acquire and release on the fast path. */
  #waiting = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.store = options.store ?? new MemoryRateLimitStore();
    this.#onStoreError = options.onStoreError;
  }

  /**
   * Takes a slot in every bucket. Returns `undefined` when the slot was taken
   * at once (the fast path: nothing to await), else a promise that settles
   * when the slot is taken or the wait fails with AbortedError,
   * DeadlineExceededError (the wait would pass, or passed, the deadline) or
   * RateLimitedError (queue full, or the wait exceeds `maxWaitMs`).
   * `await limiter.acquire(...)` works for both. Every successful acquire
   * needs one `release` with the same buckets.
   */
  acquire(
    buckets: readonly RateLimitBucket[],
    cost = 1,
    ctx: WaitContext = NO_WAIT,
    options: QueueOptions = NO_OPTIONS,
  ): Promise<void> | undefined {
    if (cost !== 1) checkCost(buckets, cost);
    const last = buckets[buckets.length - 1];
    if (last === undefined) return undefined;
    // FIFO: while anyone waits in this queue, newcomers line up behind them.
    const queue = this.#waiting === 0 ? undefined : this.#queues.get(last.key);
    if (queue !== undefined) return this.#enqueue(last.key, buckets, cost, ctx, options, undefined);
    const decision = this.store.acquire(buckets, cost, Date.now());
    if (isPromise(decision)) {
      return decision.then((d) =>
        d.ok ? undefined : this.#enqueue(last.key, buckets, cost, ctx, options, d),
      );
    }
    if (decision.ok) return undefined;
    return this.#enqueue(last.key, buckets, cost, ctx, options, decision);
  }

  /** Gives back the concurrency slot of a successful `acquire` and wakes waiters of those buckets. */
  release(buckets: readonly RateLimitBucket[]): void {
    const done = this.store.release(buckets, Date.now());
    if (isPromise(done)) {
      done.then(
        () => this.#wake(buckets),
        (error: unknown) => this.#storeError(error),
      );
    } else if (this.#waiting > 0) {
      this.#wake(buckets);
    }
  }

  /** Holds every request of `key` until `untilEpochMs` (the server said stop). */
  pause(key: string, untilEpochMs: number): void | Promise<void> {
    return this.#guard(this.store.pause(key, untilEpochMs, Date.now()));
  }

  /** Epoch ms until which `key` is paused; 0 when it is not. */
  pausedUntil(key: string): number | Promise<number> {
    return this.store.pausedUntil(key, Date.now());
  }

  /** Lets at most `remaining` more requests of `key` start before `resetAtEpochMs`. */
  setRemaining(key: string, remaining: number, resetAtEpochMs: number): void | Promise<void> {
    return this.#guard(this.store.setRemaining(key, remaining, resetAtEpochMs, Date.now()));
  }

  /** Requests waiting in all queues. */
  get waiting(): number {
    return this.#waiting;
  }

  #enqueue(
    queueKey: string,
    buckets: readonly RateLimitBucket[],
    cost: number,
    ctx: WaitContext,
    options: QueueOptions,
    denied: RateLimitDenied | undefined,
  ): Promise<void> {
    const signal = ctx.signal;
    if (signal?.aborted) return Promise.reject(waitAbortReason(ctx));
    const now = Date.now();
    const maxWaitMs = options.maxWaitMs ?? DEFAULT_PROFILE_SETTINGS.maxWaitMs;
    const maxQueue = options.maxQueue ?? DEFAULT_PROFILE_SETTINGS.maxQueue;
    let queue = this.#queues.get(queueKey);
    if ((queue?.size ?? 0) >= maxQueue) {
      return Promise.reject(
        new RateLimitedError(
          `The rate limiter's queue is full (maxQueue ${maxQueue}): requests arrive faster than the vendor's limit lets them out. Slow down, or raise maxQueue in the rate-limit profile.`,
          { details: { limiterKey: queueKey, maxQueue } },
        ),
      );
    }
    const giveUpAt = now + maxWaitMs;
    if (denied !== undefined) {
      const error = tooLong(denied, ctx, giveUpAt, now, maxWaitMs);
      if (error !== undefined) return Promise.reject(error);
    }
    const waiter = new Waiter(buckets, cost, ctx, giveUpAt);
    const isNew = queue === undefined;
    if (queue === undefined) {
      queue = new WaitQueue(
        queueKey,
        buckets.map((b) => b.key),
      );
      this.#queues.set(queueKey, queue);
    }
    if (options.onWait !== undefined) {
      try {
        options.onWait(describeWait(queue, denied, now), ctx);
      } catch {
        // A throwing observer must not strand the request; the policy guards its own.
      }
    }
    queue.push(waiter);
    this.#waiting++;
    const q = queue;
    if (signal !== undefined) {
      waiter.onAbort = () => this.#finish(q, waiter, waitAbortReason(ctx));
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    if (maxWaitMs <= MAX_TIMER_MS) {
      waiter.giveUpTimer = setTimeout(() => {
        this.#finish(
          q,
          waiter,
          new RateLimitedError(
            `Waited ${maxWaitMs} ms (maxWaitMs) for a rate-limit slot without getting one. Slow down, or raise maxWaitMs in the rate-limit profile.`,
            { retryAfterMs: undefined, details: { limiterKey: q.key, maxWaitMs } },
          ),
        );
      }, maxWaitMs);
    }
    if (isNew) {
      q.denied = denied;
      this.#schedule(q, denied?.waitMs ?? 0);
    }
    return waiter.promise;
  }

  /** Settles a waiter and, when it was the queue's last, forgets the queue. */
  #finish(queue: WaitQueue, waiter: Waiter, error?: unknown): void {
    if (waiter.done) return;
    waiter.settle(error);
    queue.size--;
    this.#waiting--;
    if (queue.size === 0) this.#drop(queue);
    else if (error !== undefined) this.#schedule(queue, 0); // the head may have left; let the next try
  }

  #drop(queue: WaitQueue): void {
    if (queue.timer !== undefined) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (this.#queues.get(queue.key) === queue) this.#queues.delete(queue.key);
  }

  #schedule(queue: WaitQueue, waitMs: number): void {
    if (queue.timer !== undefined) clearTimeout(queue.timer);
    queue.timer = undefined;
    queue.wakeAt = Date.now() + waitMs;
    if (waitMs === Number.POSITIVE_INFINITY) return; // a release wakes it
    // Longer waits wake early and schedule again (Node clamps larger delays to 1 ms).
    queue.timer = setTimeout(
      () => {
        queue.timer = undefined;
        void this.#drain(queue);
      },
      Math.min(Math.ceil(waitMs), MAX_TIMER_MS),
    );
  }

  #wake(buckets: readonly RateLimitBucket[]): void {
    for (const queue of this.#queues.values()) {
      if (shares(queue, buckets)) void this.#drain(queue);
    }
  }

  /** Grants waiters from the head while the store admits them; then sleeps until the head's wait ends. */
  async #drain(queue: WaitQueue): Promise<void> {
    if (queue.draining) {
      queue.drainAgain = true;
      return;
    }
    queue.draining = true;
    try {
      for (;;) {
        const waiter = queue.peek();
        if (waiter === undefined) break;
        const now = Date.now();
        let decision: RateLimitDecision | Promise<RateLimitDecision> = this.store.acquire(
          waiter.buckets,
          waiter.cost,
          now,
        );
        if (isPromise(decision)) decision = await decision;
        if (decision.ok) {
          if (waiter.done) {
            // Aborted while an async store answered: hand the slot straight back.
            this.release(waiter.buckets);
            continue;
          }
          queue.shift();
          this.#finish(queue, waiter);
          continue;
        }
        if (waiter.done) continue;
        const error = tooLong(decision, waiter.ctx, waiter.giveUpAt, now, undefined);
        if (error !== undefined) {
          queue.shift();
          this.#finish(queue, waiter, error);
          continue;
        }
        queue.denied = decision;
        this.#schedule(queue, decision.waitMs);
        break;
      }
    } catch (error) {
      // A failing store fails the waiter at the head rather than the whole queue.
      const head = queue.peek();
      if (head !== undefined) {
        queue.shift();
        this.#finish(queue, head, error);
      }
    } finally {
      queue.draining = false;
      if (queue.size === 0) this.#drop(queue);
      if (queue.drainAgain) {
        queue.drainAgain = false;
        if (queue.size > 0) void this.#drain(queue);
      }
    }
  }

  #guard<T>(result: T | Promise<T>): T | Promise<T> {
    if (isPromise(result)) {
      return result.catch((error: unknown) => {
        this.#storeError(error);
        return undefined as T;
      });
    }
    return result;
  }

  #storeError(error: unknown): void {
    try {
      this.#onStoreError?.(error);
    } catch {
      // An error handler that throws has nowhere left to report to.
    }
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function shares(queue: WaitQueue, buckets: readonly RateLimitBucket[]): boolean {
  for (const bucket of buckets) {
    if (queue.bucketKeys.includes(bucket.key)) return true;
  }
  return false;
}

/**
 * The wait a refusal asks for, as an error when it cannot be served: past the
 * deadline (DeadlineExceededError with the requested wait, so the caller
 * learns at once instead of at the deadline) or past maxWaitMs (RateLimitedError).
 */
function tooLong(
  denied: RateLimitDenied,
  ctx: WaitContext,
  giveUpAt: number,
  now: number,
  maxWaitMs: number | undefined,
): DeadlineExceededError | RateLimitedError | undefined {
  const waitMs = denied.waitMs;
  if (waitMs === Number.POSITIVE_INFINITY) return undefined;
  const details = { limiterKey: denied.key, reason: denied.reason, waitMs };
  const deadline = ctx.deadline ?? Number.POSITIVE_INFINITY;
  if (now + waitMs > deadline) {
    return new DeadlineExceededError(
      `The rate limit (${denied.reason}) holds this request ${waitMs} ms, past the call's deadline ${Math.max(0, deadline - now)} ms from now. Raise deadlineMs, send fewer requests, or try again later.`,
      { requestedWaitMs: waitMs, details },
    );
  }
  if (now + waitMs > giveUpAt) {
    const limit = maxWaitMs === undefined ? '' : ` (${maxWaitMs} ms)`;
    return new RateLimitedError(
      `The rate limit (${denied.reason}) holds this request ${waitMs} ms, more than maxWaitMs${limit} allows. Try again after retryAfterMs, or raise maxWaitMs in the rate-limit profile.`,
      { retryAfterMs: waitMs, details },
    );
  }
  return undefined;
}

/** Why an aborted wait ended: the caller's abort, or the deadline. */
function waitAbortReason(ctx: WaitContext): unknown {
  const caller = ctx.callerSignal;
  if (caller?.aborted) return abortReason({ callerSignal: caller });
  // The signal's own typed reason (e.g. from a deadline policy) says it best.
  const reason = ctx.signal?.reason;
  if (isCoreError(reason)) return reason;
  // Without a separate caller signal, an abort before the deadline is the caller's.
  if (caller === undefined && Date.now() < (ctx.deadline ?? Number.POSITIVE_INFINITY)) {
    return abortReason({ callerSignal: ctx.signal });
  }
  return abortReason({ callerSignal: undefined });
}

function describeWait(
  queue: WaitQueue,
  denied: RateLimitDenied | undefined,
  now: number,
): RateLimitWait {
  if (denied !== undefined)
    return { key: denied.key, reason: denied.reason, waitMs: denied.waitMs };
  return {
    key: queue.denied?.key ?? queue.key,
    reason: 'queued',
    waitMs: Math.max(0, queue.wakeAt - now),
  };
}

function checkCost(buckets: readonly RateLimitBucket[], cost: number): void {
  if (!(Number.isInteger(cost) && cost >= 1)) {
    throw new ConfigurationError(`A rate-limit cost must be a whole number >= 1; got ${cost}.`);
  }
  for (const bucket of buckets) {
    if (cost > bucket.rule.requestsPerInterval) {
      throw new ConfigurationError(
        `A request costing ${cost} units can never fit a window of ${bucket.rule.requestsPerInterval}; lower its cost or raise requestsPerInterval.`,
        { details: { limiterKey: bucket.key, cost } },
      );
    }
  }
}
