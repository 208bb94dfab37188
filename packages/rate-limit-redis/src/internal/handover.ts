import type { MemoryRateLimitStore, RateLimitBucket } from '@org/core/rate-limit';
import type { LocalShares } from './local-share.js';
import { RecentStarts } from './recent-starts.js';
import type { RedisContext } from './redis-context.js';
import { Script } from './script-runner.js';
import { SEED } from './scripts.js';

const seedScript = new Script(SEED);

/** Longest hold of a key whose recent starts are unknown; the Lua scripts use the same. */
export const REBUILD_HOLD_MS = 1000;
/** Pauses remembered before the ended ones are swept. */
const MAX_PAUSES = 4096;

/**
 * Carries limiter state across a switch between Redis and the local
 * fallback: remembers this process's recent starts, replays them into the
 * memory store when Redis goes away, and writes them back into Redis when it
 * returns or when Redis turns out to have lost a bucket.
 */
export class Handover {
  readonly #recent = new RecentStarts();
  /** Keys whose starts must reach Redis before their next acquire: all of them, or the local ones. */
  readonly #toSeed = new Map<string, 'all' | 'local'>();
  /** Server pauses this process learned, by key, until they end: they go back to Redis too. */
  readonly #pauses = new Map<string, number>();
  readonly #context: RedisContext;
  readonly #memory: MemoryRateLimitStore;
  readonly #shares: LocalShares;

  constructor(context: RedisContext, memory: MemoryRateLimitStore, shares: LocalShares) {
    this.#context = context;
    this.#memory = memory;
    this.#shares = shares;
  }

  /** Keeps a start (only for rules where it matters: a window or spacing). */
  remember(bucket: RateLimitBucket, cost: number, now: number, local: boolean): void {
    const rule = bucket.rule;
    if (rule.requestsPerInterval === Number.POSITIVE_INFINITY && rule.minSpacingMs === 0) return;
    const intervalMs = rule.intervalMs + this.#context.options.windowMarginMs;
    this.#recent.record(bucket.key, rule, intervalMs, cost, now, local);
  }

  /** Redis lost the bucket: every start of this process still in its window goes back. */
  lost(key: string): void {
    this.#toSeed.set(key, 'all');
  }

  /** A server paused `key` until `until`. */
  paused(key: string, until: number, now: number): void {
    if (this.#pauses.size >= MAX_PAUSES) this.#forgetPauses(now);
    if (until > (this.#pauses.get(key) ?? 0)) this.#pauses.set(key, until);
  }

  /** About to try Redis after the fallback: the starts made locally (and pauses) go to Redis first. */
  recovering(now: number): void {
    for (const key of this.#recent.keysWithLocal(now)) {
      if (!this.#toSeed.has(key)) this.#toSeed.set(key, 'local');
    }
    this.#forgetPauses(now);
    for (const key of this.#pauses.keys()) {
      if (!this.#toSeed.has(key)) this.#toSeed.set(key, 'local');
    }
  }

  #forgetPauses(now: number): void {
    for (const [key, until] of this.#pauses) if (until <= now) this.#pauses.delete(key);
  }

  /** Writes the recent starts (and pause) of the buckets that need it into Redis. */
  async seed(buckets: readonly RateLimitBucket[]): Promise<void> {
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
        const ages = starts.map((at) => Math.max(0, now - at));
        await this.#context.run(
          seedScript,
          [this.#context.window(key), this.#context.pause(key)],
          [intervalMs, this.#context.token(), pauseMs, ...ages],
        );
      }
      this.#recent.markWritten(key);
      this.#toSeed.delete(key);
    }
  }

  /**
   * Prepares the fallback for the keys this process used in their last
   * window: replays its own starts into the memory store, and holds each key
   * for its window, at most 1 s, because the other processes' starts in that
   * window are unknown here. For windows up to 1 s that is exact: once every
   * earlier start has expired, the shares together stay within the rule.
   */
  replayIntoMemory(now: number, split: number): void {
    for (const [key, rule, starts] of this.#recent.entries(now)) {
      const bucket = [{ key, rule: this.#shares.rule(rule, split) }];
      for (const at of starts) {
        if (this.#memory.acquire(bucket, 1, at).ok) this.#memory.release(bucket, at);
      }
      if (split > 1) {
        this.#memory.pause(key, now + Math.min(rule.intervalMs, REBUILD_HOLD_MS), now);
      }
    }
  }
}
