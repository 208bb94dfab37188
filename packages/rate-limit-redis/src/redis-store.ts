import { randomUUID } from 'node:crypto';
import {
  GRANTED,
  type LimitReason,
  MemoryRateLimitStore,
  type RateLimitBucket,
  type RateLimitDecision,
  type RateLimitStore,
} from '@org/core/rate-limit';
import type { RedisConnection } from './connection.js';
import { Availability, type RedisStoreMode } from './internal/availability.js';
import { Leases, LOCAL_LEASE } from './internal/leases.js';
import { LocalShares } from './internal/local-share.js';
import { RecentStarts } from './internal/recent-starts.js';
import { runScript, Script } from './internal/script-runner.js';
import {
  ACQUIRE,
  HEARTBEAT,
  KEY_SUFFIXES,
  PAUSE,
  PAUSED_FOR,
  REASONS,
  RELEASE,
  RESTAMP,
  SEED,
  SET_REMAINING,
} from './internal/scripts.js';
import {
  type RedisRateLimitStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
} from './options.js';

const acquireScript = new Script(ACQUIRE);
const releaseScript = new Script(RELEASE);
const pauseScript = new Script(PAUSE);
const pausedForScript = new Script(PAUSED_FOR);
const setRemainingScript = new Script(SET_REMAINING);
const heartbeatScript = new Script(HEARTBEAT);
const seedScript = new Script(SEED);
const restampScript = new Script(RESTAMP);

/** Generation changes tolerated in one acquire before it asks the limiter to try again shortly. */
const MAX_RESEEDS = 2;
/**
 * A grant whose reply took longer than this (ms) is restamped: on a local
 * Redis a round trip takes well under 1 ms, so a longer one means the reply
 * waited for a stalled event loop (see RESTAMP).
 */
const LATE_GRANT_MS = 5;
const MAX_RESTAMPS = 3;
/** Longest hold of a key whose recent starts are unknown (after a switch to the fallback); the Lua scripts use the same. */
const REBUILD_HOLD_MS = 1000;
/** Bucket keys whose Redis key names are cached; past this the cache starts over. */
const MAX_CACHED_KEYS = 10_000;

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
  readonly #client: RedisConnection;
  readonly #options: ResolvedStoreOptions;
  readonly #availability: Availability;
  readonly #memory = new MemoryRateLimitStore();
  readonly #shares: LocalShares;
  readonly #recent = new RecentStarts();
  readonly #leases = new Leases();
  /** The generation last seen per bucket key (see scripts.ts). */
  readonly #generations = new Map<string, string>();
  /** Keys whose recent starts must be written to Redis before their next acquire: all of them, or the local ones. */
  readonly #toSeed = new Map<string, 'all' | 'local'>();
  readonly #redisKeys = new Map<string, readonly string[]>();
  readonly #id = randomUUID().slice(0, 13);
  #sequence = 0;
  #processesSeen = 1;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(options: RedisRateLimitStoreOptions) {
    this.#options = resolveStoreOptions(options);
    this.#client = options.client;
    this.#shares = new LocalShares(this.#options.windowMarginMs);
    this.#availability = new Availability(this.#client, this.#options, options.events, {
      onLocal: (now) => this.#replayIntoMemory(now),
      onRecovering: (now) => {
        for (const key of this.#recent.keysWithLocal(now)) {
          if (!this.#toSeed.has(key)) this.#toSeed.set(key, 'local');
        }
      },
      onRedis: () => void this.#beat(),
      split: () => this.split,
    });
    this.#heartbeat = setInterval(() => void this.#beat(), this.#options.leaseMs / 3);
    this.#heartbeat.unref?.();
  }

  /** `redis` while Redis answers, `local` on the fallback, `connecting` before the first answer. */
  get mode(): RedisStoreMode {
    return this.#availability.mode;
  }

  /** How many processes the quota is split between on the local fallback. */
  get split(): number {
    return Math.max(this.#options.expectedProcesses, this.#processesSeen);
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
    // A pause this process saw holds its requests even if Redis lost it.
    for (let i = 0; i < buckets.length; i++) {
      const key = (buckets[i] as RateLimitBucket).key;
      const until = this.#memory.pausedUntil(key, now);
      if (until > 0) return { ok: false, waitMs: until - now, key, reason: 'paused' };
    }
    return this.#acquireRedis(buckets, cost).catch((error: unknown) => {
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
        keys.push(this.#keysOf(bucket.key)[1] as string);
        tokens.push(token);
      }
    }
    if (local !== undefined) this.#memory.release(local, now);
    if (keys.length === 0 || this.#availability.route() !== 'redis') return;
    // A lease that could not be removed expires on its own after leaseMs.
    return runScript(
      this.#client,
      releaseScript,
      keys,
      tokens,
      this.#options.commandTimeoutMs,
    ).then(
      () => {},
      (error: unknown) => this.#availability.failed(error),
    );
  }

  pause(key: string, untilEpochMs: number, now: number): void | Promise<void> {
    // Kept here too: it holds this process through a Redis outage or a lost key.
    this.#memory.pause(key, untilEpochMs, now);
    const ms = untilEpochMs - now;
    if (ms <= 0 || this.#availability.route() !== 'redis') return;
    return runScript(
      this.#client,
      pauseScript,
      [this.#keysOf(key)[3] as string],
      [ms],
      this.#options.commandTimeoutMs,
    ).then(
      () => {},
      (error: unknown) => this.#availability.failed(error),
    );
  }

  pausedUntil(key: string, now: number): number | Promise<number> {
    const local = this.#memory.pausedUntil(key, now);
    if (this.#availability.route() !== 'redis') return local;
    return runScript(
      this.#client,
      pausedForScript,
      [this.#keysOf(key)[3] as string],
      [],
      this.#options.commandTimeoutMs,
    ).then(
      (ms) => {
        const shared = Number(ms) > 0 ? now + Number(ms) : 0;
        return Math.max(local, shared);
      },
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
    if (this.#availability.route() !== 'redis') {
      // The server's figure is the whole account's; this process may spend its share.
      this.#memory.setRemaining(key, Math.floor(remaining / this.split), resetAtEpochMs, now);
      return;
    }
    const keys = this.#keysOf(key);
    return runScript(
      this.#client,
      setRemainingScript,
      [keys[4] as string, keys[1] as string],
      [remaining, Math.max(0, resetAtEpochMs - now)],
      this.#options.commandTimeoutMs,
    ).then(
      () => {},
      (error: unknown) => {
        this.#availability.failed(error);
        this.#memory.setRemaining(key, Math.floor(remaining / this.split), resetAtEpochMs, now);
      },
    );
  }

  /** Stops the lease renewal timer. The Redis client stays open: it is the caller's. */
  close(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#availability.close();
  }

  async #acquireRedis(
    buckets: readonly RateLimitBucket[],
    cost: number,
  ): Promise<RateLimitDecision> {
    this.#availability.recovering(Date.now());
    for (let attempt = 0; attempt <= MAX_RESEEDS; attempt++) {
      await this.#seed(buckets);
      const token = this.#token();
      const n = buckets.length;
      const keys: string[] = [];
      const args: (string | number)[] = [cost, this.#options.leaseMs, token, n];
      for (let i = 0; i < n; i++) {
        const bucket = buckets[i] as RateLimitBucket;
        const rule = bucket.rule;
        for (const name of this.#keysOf(bucket.key)) keys.push(name);
        args.push(
          finiteOr(rule.requestsPerInterval),
          rule.intervalMs + this.#options.windowMarginMs,
          finiteOr(rule.concurrency),
          rule.minSpacingMs,
          this.#generations.get(bucket.key) ?? '',
        );
      }
      const sentAt = performance.now();
      const reply = (await runScript(
        this.#client,
        acquireScript,
        keys,
        args,
        this.#options.commandTimeoutMs,
      )) as (number | string)[];
      const roundTripMs = performance.now() - sentAt;
      this.#availability.answered();
      const kind = Number(reply[0]);
      const first = kind === 0 ? 4 : 1;
      for (let i = 0; i < n; i++) {
        const key = (buckets[i] as RateLimitBucket).key;
        const generation = String(reply[first + i]);
        const known = this.#generations.get(key);
        if (known === generation) continue;
        // Redis lost this bucket: write back every start of this process still in the window.
        if (known !== undefined) this.#toSeed.set(key, 'all');
        this.#generations.set(key, generation);
      }
      if (kind === 2) continue;
      if (kind === 1) {
        if (roundTripMs > LATE_GRANT_MS) await this.#restamp(buckets, cost, token);
        const now = Date.now();
        for (let i = 0; i < n; i++) {
          const bucket = buckets[i] as RateLimitBucket;
          this.#leases.add(bucket.key, token);
          this.#remember(bucket, cost, now, false);
        }
        return GRANTED;
      }
      const reason = REASONS[Number(reply[3])] as LimitReason;
      const waitMs = Number(reply[1]);
      return {
        ok: false,
        // A release in another process wakes no waiter here: ask again shortly.
        waitMs: reason === 'concurrency' ? Math.max(waitMs, this.#options.pollMs) : waitMs,
        key: (buckets[Number(reply[2]) - 1] as RateLimitBucket).key,
        reason,
      };
    }
    const key = (buckets[buckets.length - 1] as RateLimitBucket).key;
    return { ok: false, waitMs: this.#options.pollMs, key, reason: 'interval' };
  }

  /** Moves a late grant's starts to now (see RESTAMP); if that fails, the grant stands as recorded. */
  async #restamp(buckets: readonly RateLimitBucket[], cost: number, token: string): Promise<void> {
    const keys: string[] = [];
    const args: (string | number)[] = [token, cost];
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as RateLimitBucket;
      const names = this.#keysOf(bucket.key);
      keys.push(names[0] as string, names[2] as string);
      const limited = bucket.rule.requestsPerInterval !== Number.POSITIVE_INFINITY;
      args.push(
        limited ? bucket.rule.intervalMs + this.#options.windowMarginMs : 0,
        bucket.rule.minSpacingMs,
      );
    }
    try {
      // A restamp whose own reply came late left the start early again: move it once more.
      for (let round = 0; round < MAX_RESTAMPS; round++) {
        const sentAt = performance.now();
        await runScript(this.#client, restampScript, keys, args, this.#options.commandTimeoutMs);
        if (performance.now() - sentAt <= LATE_GRANT_MS) break;
      }
    } catch {
      // The grant is already taken; a failed restamp only leaves its start recorded early.
    }
  }

  #acquireLocal(buckets: readonly RateLimitBucket[], cost: number, now: number): RateLimitDecision {
    const decision = this.#memory.acquire(this.#shares.of(buckets, this.split), cost, now);
    if (decision.ok) {
      for (let i = 0; i < buckets.length; i++) {
        const bucket = buckets[i] as RateLimitBucket;
        this.#leases.add(bucket.key, LOCAL_LEASE);
        this.#remember(bucket, cost, now, true);
      }
    }
    return decision;
  }

  /** Keeps the start for a later switch between Redis and the fallback (only rules it matters for). */
  #remember(bucket: RateLimitBucket, cost: number, now: number, local: boolean): void {
    const rule = bucket.rule;
    if (rule.requestsPerInterval === Number.POSITIVE_INFINITY && rule.minSpacingMs === 0) return;
    const intervalMs = rule.intervalMs + this.#options.windowMarginMs;
    this.#recent.record(bucket.key, rule, intervalMs, cost, now, local);
  }

  /** Writes the recent starts (and pause) of the buckets that need it back into Redis. */
  async #seed(buckets: readonly RateLimitBucket[]): Promise<void> {
    if (this.#toSeed.size === 0) return;
    for (let i = 0; i < buckets.length; i++) {
      const key = (buckets[i] as RateLimitBucket).key;
      const which = this.#toSeed.get(key);
      if (which === undefined) continue;
      const now = Date.now();
      const starts = this.#recent.within(key, now, which === 'local');
      const intervalMs = this.#recent.intervalOf(key) ?? 0;
      const pausedUntil = this.#memory.pausedUntil(key, now);
      // Back from the fallback: the other processes may still be on theirs, their
      // starts unknown to Redis. Hold the key as after a lost log (see scripts.ts).
      const holdMs = which === 'local' ? Math.min(intervalMs, REBUILD_HOLD_MS) : 0;
      const pauseMs = Math.max(pausedUntil > 0 ? pausedUntil - now : 0, holdMs);
      if (starts.length > 0 || pauseMs > 0) {
        const keys = this.#keysOf(key);
        const ages = starts.map((at) => Math.max(0, now - at));
        await runScript(
          this.#client,
          seedScript,
          [keys[0] as string, keys[3] as string],
          [intervalMs, this.#token(), pauseMs, ...ages],
          this.#options.commandTimeoutMs,
        );
      }
      this.#recent.markWritten(key);
      this.#toSeed.delete(key);
    }
  }

  /**
   * Prepares the fallback for the keys this process used in their last
   * window: replays its own starts into the memory store, and holds each key
   * for its window, at most 1 s (REBUILD_HOLD_MS), because the other
   * processes' starts in that window are unknown here. For windows up to 1 s
   * that is exact: once every earlier start has expired, the shares together
   * stay within the rule.
   */
  #replayIntoMemory(now: number): void {
    const split = this.split;
    for (const [key, rule, starts] of this.#recent.entries(now)) {
      const bucket = [{ key, rule: this.#shares.rule(rule, split) }];
      for (const at of starts) {
        if (this.#memory.acquire(bucket, 1, at).ok) this.#memory.release(bucket, at);
      }
      if (split > 1) this.#memory.pause(key, now + Math.min(rule.intervalMs, REBUILD_HOLD_MS), now);
    }
  }

  /** Renews this process's leases and presence; learns how many processes share the quota. */
  async #beat(): Promise<void> {
    if (this.#availability.route() !== 'redis') return;
    const held = this.#leases.redisTokens();
    const keys = [`${this.#options.prefix}processes`];
    const args: (string | number)[] = [this.#id, this.#options.leaseMs, this.#options.leaseMs];
    for (const [key, tokens] of held) {
      keys.push(this.#keysOf(key)[1] as string);
      args.push(tokens.length, ...tokens);
    }
    try {
      const seen = await runScript(
        this.#client,
        heartbeatScript,
        keys,
        args,
        this.#options.commandTimeoutMs,
      );
      this.#processesSeen = Math.max(1, Number(seen) || 1);
    } catch {
      // The next acquire finds out whether Redis is gone; renewal just tries again.
    }
  }

  #token(): string {
    return `${this.#id}.${++this.#sequence}`;
  }

  #keysOf(key: string): readonly string[] {
    let names = this.#redisKeys.get(key);
    if (names === undefined) {
      if (this.#redisKeys.size >= MAX_CACHED_KEYS) this.#redisKeys.clear();
      const base = `${this.#options.prefix}${key}`;
      names = KEY_SUFFIXES.map((suffix) => base + suffix);
      this.#redisKeys.set(key, names);
    }
    return names;
  }
}

function finiteOr(limit: number): number {
  return limit === Number.POSITIVE_INFINITY ? -1 : limit;
}
