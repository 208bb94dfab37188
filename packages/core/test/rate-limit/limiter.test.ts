import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  ConfigurationError,
  DeadlineExceededError,
  isCoreError,
  RateLimitedError,
} from '../../src/errors/index.js';
import {
  MemoryRateLimitStore,
  type RateLimitBucket,
  RateLimiter,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitWait,
  resolveRule,
} from '../../src/rate-limit/index.js';
import { callContext, T0, track } from './helpers.js';

function bucket(key: string, rule: RateLimitRule): RateLimitBucket {
  return { key, rule: resolveRule(rule) };
}

describe('RateLimiter waits exactly as long as the profile says', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes a slot synchronously under quota: no promise, no timer', () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { requestsPerInterval: 3 })];
    expect(limiter.acquire(buckets)).toBeUndefined();
    expect(limiter.acquire(buckets)).toBeUndefined();
    expect(limiter.acquire(buckets)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('minSpacingMs: each start waits for the previous one plus the spacing', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 100 })];
    expect(limiter.acquire(buckets)).toBeUndefined();
    const starts: number[] = [];
    const waits = [1, 2, 3].map(() =>
      limiter.acquire(buckets)?.then(() => starts.push(Date.now() - T0)),
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([100]);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all(waits);
    expect(starts).toEqual([100, 200, 300]);
  });

  it('requestsPerInterval is a sliding window: never more than N starts in any interval', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { requestsPerInterval: 2, intervalMs: 1000 })];
    expect(limiter.acquire(buckets)).toBeUndefined(); // t=0
    await vi.advanceTimersByTimeAsync(400);
    expect(limiter.acquire(buckets)).toBeUndefined(); // t=400
    await vi.advanceTimersByTimeAsync(100);
    const starts: number[] = [];
    const third = limiter.acquire(buckets)?.then(() => starts.push(Date.now() - T0)); // asked at t=500
    const fourth = limiter.acquire(buckets)?.then(() => starts.push(Date.now() - T0));
    await vi.advanceTimersByTimeAsync(499);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([1000]); // the t=0 start left the window
    await vi.advanceTimersByTimeAsync(399);
    expect(starts).toEqual([1000]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([1000, 1400]); // the t=400 start left the window
    await Promise.all([third, fourth]);
  });

  it('concurrency: a waiter starts when a slot is released, in FIFO order', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { concurrency: 2 })];
    expect(limiter.acquire(buckets)).toBeUndefined();
    expect(limiter.acquire(buckets)).toBeUndefined();
    const order: string[] = [];
    const c = limiter.acquire(buckets)?.then(() => order.push('c'));
    const d = limiter.acquire(buckets)?.then(() => order.push('d'));
    expect(limiter.waiting).toBe(2);
    expect(vi.getTimerCount()).toBe(1 + 1); // no queue timer: only the two give-up timers (maxWaitMs)
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual([]);
    limiter.release(buckets);
    await Promise.resolve();
    await c;
    expect(order).toEqual(['c']);
    limiter.release(buckets);
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(limiter.waiting).toBe(0);
  });

  it('newcomers line up behind waiters even when the clock says a slot is free (timers run late)', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 100 })];
    limiter.acquire(buckets);
    const order: string[] = [];
    const waiter = limiter.acquire(buckets)?.then(() => order.push('waiter'));
    vi.setSystemTime(T0 + 150); // the clock moves, the queue's timer has not run yet
    const newcomer = limiter.acquire(buckets);
    expect(newcomer).toBeInstanceOf(Promise);
    const late = newcomer?.then(() => order.push('newcomer'));
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all([waiter, late]);
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('a request passes only when every bucket admits it, and takes nothing from the others otherwise', async () => {
    const store = new MemoryRateLimitStore();
    const limiter = new RateLimiter({ store });
    const shared = bucket('acme:default:*', { requestsPerInterval: 10, intervalMs: 1000 });
    const write = bucket('acme:default:write', { requestsPerInterval: 1, intervalMs: 1000 });
    expect(limiter.acquire([shared, write])).toBeUndefined();
    const second = track(limiter.acquire([shared, write]));
    // Reads (shared only) still flow: the blocked write took no shared slot.
    for (let i = 0; i < 9; i++) expect(limiter.acquire([shared])).toBeUndefined();
    expect(store.inFlight('acme:default:*')).toBe(10);
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.done).toBe(true);
    expect(second.error).toBeUndefined();
  });

  it('cost counts as that many requests of the window', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { requestsPerInterval: 5, intervalMs: 1000 })];
    expect(limiter.acquire(buckets, 3)).toBeUndefined();
    const next = track(limiter.acquire(buckets, 3));
    await vi.advanceTimersByTimeAsync(999);
    expect(next.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.done).toBe(true);
    expect(() => limiter.acquire(buckets, 6)).toThrow(ConfigurationError);
    expect(() => limiter.acquire(buckets, 0)).toThrow(ConfigurationError);
  });

  it('reports why a request waits, once, before it waits', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 250 })];
    const seen: RateLimitWait[] = [];
    const options = { onWait: (wait: RateLimitWait) => seen.push(wait) };
    limiter.acquire(buckets, 1, {}, options);
    const first = limiter.acquire(buckets, 1, {}, options);
    const second = limiter.acquire(buckets, 1, {}, options);
    expect(seen).toEqual([
      { key: 'acme:default:*', reason: 'spacing', waitMs: 250 },
      { key: 'acme:default:*', reason: 'queued', waitMs: 250 },
    ]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([first, second]);
  });

  it('a throwing onWait does not strand the request', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 10 })];
    limiter.acquire(buckets);
    const waiting = track(
      limiter.acquire(
        buckets,
        1,
        {},
        {
          onWait() {
            throw new Error('observer bug');
          },
        },
      ),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(waiting.done).toBe(true);
    expect(waiting.error).toBeUndefined();
  });
});

describe('RateLimiter: abort, deadline, maxWaitMs, maxQueue while queued', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the caller aborting while queued rejects with AbortedError and frees the place in line', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 100 })];
    limiter.acquire(buckets);
    const controller = new AbortController();
    const ctx = callContext({ signal: controller.signal });
    const aborted = track(limiter.acquire(buckets, 1, ctx));
    const after = track(limiter.acquire(buckets));
    await vi.advanceTimersByTimeAsync(30);
    controller.abort(new Error('user left'));
    await aborted.settled;
    expect(aborted.error).toBeInstanceOf(AbortedError);
    expect((aborted.error as AbortedError).cause).toEqual(new Error('user left'));
    // The one behind it now starts at t=100 rather than t=200.
    await vi.advanceTimersByTimeAsync(69);
    expect(after.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(after.done).toBe(true);
    expect(limiter.waiting).toBe(0);
  });

  it('the deadline passing while queued rejects with DeadlineExceededError', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { concurrency: 1 })];
    limiter.acquire(buckets);
    const ctx = callContext({ deadlineMs: 500 });
    const waiting = track(limiter.acquire(buckets, 1, ctx));
    await vi.advanceTimersByTimeAsync(499);
    expect(waiting.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.error).toBeInstanceOf(DeadlineExceededError);
    expect(limiter.waiting).toBe(0);
    ctx.dispose();
  });

  it('a known wait past the deadline fails at once, carrying the requested wait', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { requestsPerInterval: 1, intervalMs: 10_000 })];
    limiter.acquire(buckets);
    await vi.advanceTimersByTimeAsync(2_000);
    const ctx = callContext({ deadlineMs: 5_000 });
    const waiting = track(limiter.acquire(buckets, 1, ctx));
    await waiting.settled; // no timer advanced
    expect(Date.now() - T0).toBe(2_000);
    expect(waiting.error).toBeInstanceOf(DeadlineExceededError);
    expect((waiting.error as DeadlineExceededError).requestedWaitMs).toBe(8_000);
    expect((waiting.error as DeadlineExceededError).details).toMatchObject({
      limiterKey: 'acme:default:*',
      reason: 'interval',
    });
  });

  it('a known wait longer than maxWaitMs fails at once with RateLimitedError(retryAfterMs)', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { minSpacingMs: 1_000 })];
    limiter.acquire(buckets);
    const waiting = track(limiter.acquire(buckets, 1, {}, { maxWaitMs: 999 }));
    await waiting.settled;
    expect(waiting.error).toBeInstanceOf(RateLimitedError);
    expect((waiting.error as RateLimitedError).retryAfterMs).toBe(1_000);
    expect(isCoreError(waiting.error, 'rate-limited')).toBe(true);
  });

  it('an open-ended wait (concurrency) gives up after maxWaitMs', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { concurrency: 1 })];
    limiter.acquire(buckets);
    const waiting = track(limiter.acquire(buckets, 1, {}, { maxWaitMs: 300 }));
    await vi.advanceTimersByTimeAsync(299);
    expect(waiting.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.error).toBeInstanceOf(RateLimitedError);
    expect(limiter.waiting).toBe(0);
  });

  it('a full queue refuses at once', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { concurrency: 1 })];
    limiter.acquire(buckets);
    const first = track(limiter.acquire(buckets, 1, {}, { maxQueue: 1 }));
    const second = track(limiter.acquire(buckets, 1, {}, { maxQueue: 1 }));
    await second.settled;
    expect(second.error).toBeInstanceOf(RateLimitedError);
    expect((second.error as RateLimitedError).message).toContain('maxQueue 1');
    limiter.release(buckets);
    await first.settled;
    expect(first.error).toBeUndefined();
  });

  it('an already aborted signal fails before queueing', async () => {
    const limiter = new RateLimiter();
    const buckets = [bucket('acme:default:*', { concurrency: 1 })];
    limiter.acquire(buckets);
    const waiting = track(limiter.acquire(buckets, 1, { signal: AbortSignal.abort() }));
    await waiting.settled;
    expect(waiting.error).toBeInstanceOf(AbortedError);
    expect(limiter.waiting).toBe(0);
  });
});

/** The memory store behind promises, as a network store (Redis) answers. */
function asyncStore(inner: MemoryRateLimitStore): RateLimitStore & { calls: number } {
  const store = {
    calls: 0,
    async acquire(buckets: readonly RateLimitBucket[], cost: number, now: number) {
      store.calls++;
      return inner.acquire(buckets, cost, now);
    },
    async release(buckets: readonly RateLimitBucket[], now: number) {
      inner.release(buckets, now);
    },
    async pause(key: string, until: number, now: number) {
      inner.pause(key, until, now);
    },
    async pausedUntil(key: string, now: number) {
      return inner.pausedUntil(key, now);
    },
    async setRemaining(key: string, remaining: number, resetAt: number, now: number) {
      inner.setRemaining(key, remaining, resetAt, now);
    },
  };
  return store;
}

describe('RateLimiter over an asynchronous store', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('awaits the store and keeps the same timing and wake-ups', async () => {
    const inner = new MemoryRateLimitStore();
    const store = asyncStore(inner);
    const limiter = new RateLimiter({ store });
    const buckets = [
      bucket('acme:default:*', { requestsPerInterval: 1, intervalMs: 1000, concurrency: 1 }),
    ];
    await limiter.acquire(buckets);
    const second = track(limiter.acquire(buckets));
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.done).toBe(false); // the window allows it, the concurrency slot does not
    limiter.release(buckets);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.done).toBe(true);
    expect(second.error).toBeUndefined();
    expect(inner.inFlight('acme:default:*')).toBe(1);
  });

  it('pause through the limiter reaches the store', async () => {
    const inner = new MemoryRateLimitStore();
    const limiter = new RateLimiter({ store: asyncStore(inner) });
    await limiter.pause('acme:default:*', T0 + 5_000);
    expect(await limiter.pausedUntil('acme:default:*')).toBe(T0 + 5_000);
  });

  it('a store failure on release goes to onStoreError, not to the caller', async () => {
    const failures: unknown[] = [];
    const broken = asyncStore(new MemoryRateLimitStore());
    broken.release = async () => {
      throw new Error('connection lost');
    };
    const limiter = new RateLimiter({ store: broken, onStoreError: (e) => failures.push(e) });
    const buckets = [bucket('acme:default:*', {})];
    await limiter.acquire(buckets);
    limiter.release(buckets);
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([new Error('connection lost')]);
  });
});
