import {
  MemoryRateLimitStore,
  type RateLimitBucket,
  type RateLimitDecision,
  type RateLimitStore,
} from '@org/core/rate-limit';
import { Availability, type RedisStoreMode } from './internal/availability.js';
import { Handover } from './internal/handover.js';
import { Heartbeat } from './internal/heartbeat.js';
import { Leases, LOCAL_LEASE } from './internal/leases.js';
import { LocalShares } from './internal/local-share.js';
import { RedisContext } from './internal/redis-context.js';
import { Script } from './internal/script-runner.js';
import { PAUSE, PAUSED_FOR, RELEASE, SET_REMAINING } from './internal/scripts.js';
import { SharedAcquire } from './internal/shared-acquire.js';
import { type RedisRateLimitStoreOptions, resolveStoreOptions } from './options.js';

const releaseScript = new Script(RELEASE);
const pauseScript = new Script(PAUSE);
const pausedForScript = new Script(PAUSED_FOR);
const setRemainingScript = new Script(SET_REMAINING);

/**
 * A RateLimitStore on Redis: every process whose limiter uses a store on the
 * same Redis (and prefix) shares each bucket's window, spacing, concurrency
 * slots, server pauses and remaining budget. One Lua script per acquire takes
 * a slot in every bucket or in none.
 *
 * When Redis cannot be reached (at start, or later) the store answers from a
 * memory store holding 1/N of every rule, N being `expectedProcesses` or the
 * processes it last saw, and emits `RateLimitStoreUnavailable`; it goes back
 * to Redis as soon as the client is ready again and emits
 * `RateLimitStoreRecovered`. Its methods never reject: a request is never
 * failed because Redis is down.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #context: RedisContext;
  readonly #availability: Availability;
  readonly #memory = new MemoryRateLimitStore();
  readonly #shares: LocalShares;
  readonly #leases = new Leases();
  readonly #handover: Handover;
  readonly #shared: SharedAcquire;
  readonly #heartbeat: Heartbeat;

  constructor(options: RedisRateLimitStoreOptions) {
    const resolved = resolveStoreOptions(options);
    this.#context = new RedisContext(options.client, resolved);
    this.#shares = new LocalShares(resolved.windowMarginMs);
    this.#handover = new Handover(this.#context, this.#memory, this.#shares);
    this.#heartbeat = new Heartbeat(
      this.#context,
      this.#leases,
      () => this.#availability.route() === 'redis',
    );
    this.#availability = new Availability(options.client, resolved, options.events, {
      onLocal: (now) => this.#handover.replayIntoMemory(now, this.split),
      onRecovering: (now) => this.#handover.recovering(now),
      onRedis: () => void this.#heartbeat.beat(),
      split: () => this.split,
    });
    this.#shared = new SharedAcquire(this.#context, this.#handover, () =>
      this.#availability.answered(),
    );
  }

  /** `redis` while Redis answers, `local` on the fallback, `connecting` before the first answer. */
  get mode(): RedisStoreMode {
    return this.#availability.mode;
  }

  /** How many processes the quota is split between on the local fallback. */
  get split(): number {
    return Math.max(this.#context.options.expectedProcesses, this.#heartbeat.processes);
  }

  acquire(
    buckets: readonly RateLimitBucket[],
    cost: number,
    now: number,
  ): RateLimitDecision | Promise<RateLimitDecision> {
    const route = this.#availability.route();
    if (route === 'local') return this.#acquireLocal(buckets, cost, now);
    if (route === 'wait') {
      return this.#availability.whenSettled().then(() => this.acquire(buckets, cost, Date.now()));
    }
    // A pause this process saw holds its requests even if Redis lost it. (Coming
    // back from the fallback, the request goes on: it carries the pause to Redis.)
    if (this.#availability.mode === 'redis') {
      for (let i = 0; i < buckets.length; i++) {
        const key = (buckets[i] as RateLimitBucket).key;
        const until = this.#memory.pausedUntil(key, now);
        if (until > 0) return { ok: false, waitMs: until - now, key, reason: 'paused' };
      }
    }
    return this.#acquireShared(buckets, cost).catch((error: unknown) => {
      this.#availability.failed(error);
      return this.#acquireLocal(buckets, cost, Date.now());
    });
  }

  release(buckets: readonly RateLimitBucket[], now: number): void | Promise<void> {
    let local: RateLimitBucket[] | undefined;
    const keys: string[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as RateLimitBucket;
      const token = this.#leases.take(bucket.key);
      if (token === undefined) continue;
      if (token === LOCAL_LEASE) {
        local = local === undefined ? [bucket] : [...local, bucket];
      } else {
        keys.push(this.#context.leases(bucket.key));
        tokens.push(token);
      }
    }
    if (local !== undefined) this.#memory.release(local, now);
    if (keys.length === 0 || this.#availability.route() !== 'redis') return;
    // A lease that could not be removed expires on its own after leaseMs.
    return this.#context.run(releaseScript, keys, tokens).then(
      () => {},
      (error: unknown) => this.#availability.failed(error),
    );
  }

  pause(key: string, untilEpochMs: number, now: number): void | Promise<void> {
    // Kept here too: it holds this process through a Redis outage or a lost key.
    this.#memory.pause(key, untilEpochMs, now);
    this.#handover.paused(key, untilEpochMs, now);
    const ms = untilEpochMs - now;
    if (ms <= 0 || this.#availability.route() !== 'redis') return;
    return this.#context.run(pauseScript, [this.#context.pause(key)], [ms]).then(
      () => {},
      (error: unknown) => this.#availability.failed(error),
    );
  }

  pausedUntil(key: string, now: number): number | Promise<number> {
    const local = this.#memory.pausedUntil(key, now);
    if (this.#availability.route() !== 'redis') return local;
    return this.#context.run(pausedForScript, [this.#context.pause(key)], []).then(
      (ms) => Math.max(local, Number(ms) > 0 ? now + Number(ms) : 0),
      (error: unknown) => {
        this.#availability.failed(error);
        return local;
      },
    );
  }

  setRemaining(
    key: string,
    remaining: number,
    resetAtEpochMs: number,
    now: number,
  ): void | Promise<void> {
    // On the fallback: the server's figure is the whole account's; this process spends its share.
    const locally = () =>
      this.#memory.setRemaining(key, Math.floor(remaining / this.split), resetAtEpochMs, now);
    if (this.#availability.route() !== 'redis') return locally();
    return this.#context
      .run(
        setRemainingScript,
        [this.#context.budget(key), this.#context.leases(key)],
        [remaining, Math.max(0, resetAtEpochMs - now)],
      )
      .then(
        () => {},
        (error: unknown) => {
          this.#availability.failed(error);
          locally();
        },
      );
  }

  /** Stops the lease renewal timer. The Redis client stays open: it is the caller's. */
  close(): void {
    this.#heartbeat.stop();
    this.#availability.close();
  }

  async #acquireShared(
    buckets: readonly RateLimitBucket[],
    cost: number,
  ): Promise<RateLimitDecision> {
    this.#availability.recovering(Date.now());
    const { decision, token } = await this.#shared.run(buckets, cost);
    if (decision.ok) {
      const now = Date.now();
      for (let i = 0; i < buckets.length; i++) {
        const bucket = buckets[i] as RateLimitBucket;
        this.#leases.add(bucket.key, token);
        this.#handover.remember(bucket, cost, now, false);
      }
    }
    return decision;
  }

  #acquireLocal(buckets: readonly RateLimitBucket[], cost: number, now: number): RateLimitDecision {
    const decision = this.#memory.acquire(this.#shares.of(buckets, this.split), cost, now);
    if (decision.ok) {
      for (let i = 0; i < buckets.length; i++) {
        const bucket = buckets[i] as RateLimitBucket;
        this.#leases.add(bucket.key, LOCAL_LEASE);
        this.#handover.remember(bucket, cost, now, true);
      }
    }
    return decision;
  }
}
