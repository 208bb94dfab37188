import { KeyState } from './key-state.js';
import {
  GRANTED,
  type RateLimitBucket,
  type RateLimitDecision,
  type RateLimitStore,
} from './store.js';

/** Keys kept before the first sweep for idle ones. */
const SWEEP_FLOOR = 4096;

/**
 * The default store: limiter state for one process, in a Map owned by this
 * object (never by the module). Every method answers synchronously, which
 * keeps the limiter's fast path free of awaits and timers.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #states = new Map<string, KeyState>();
  #sweepAt = SWEEP_FLOOR;

  acquire(buckets: readonly RateLimitBucket[], cost: number, now: number): RateLimitDecision {
    if (this.#states.size >= this.#sweepAt) this.#sweep(now);
    let wait = 0;
    let worst: KeyState | undefined;
    let worstKey = '';
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as RateLimitBucket;
      const state = this.#state(bucket.key, now);
      if (state.rule !== bucket.rule) state.setRule(bucket.rule, now);
      const w = state.waitMs(cost, now);
      if (w > wait) {
        wait = w;
        worst = state;
        worstKey = bucket.key;
      }
    }
    if (worst !== undefined) {
      return { ok: false, waitMs: wait, key: worstKey, reason: worst.reason };
    }
    for (let i = 0; i < buckets.length; i++) {
      (this.#states.get((buckets[i] as RateLimitBucket).key) as KeyState).commit(cost, now);
    }
    return GRANTED;
  }

  release(buckets: readonly RateLimitBucket[], now: number): void {
    for (let i = 0; i < buckets.length; i++) {
      this.#states.get((buckets[i] as RateLimitBucket).key)?.release(now);
    }
  }

  pause(key: string, untilEpochMs: number, now: number): void {
    if (this.#states.size >= this.#sweepAt) this.#sweep(now);
    this.#state(key, now).pause(untilEpochMs);
  }

  pausedUntil(key: string, now: number): number {
    const until = this.#states.get(key)?.pausedUntil ?? 0;
    return until > now ? until : 0;
  }

  setRemaining(key: string, remaining: number, resetAtEpochMs: number, now: number): void {
    if (this.#states.size >= this.#sweepAt) this.#sweep(now);
    this.#state(key, now).setRemaining(remaining, resetAtEpochMs, now);
  }

  /** Requests holding a concurrency slot of `key` (for tests and diagnostics). */
  inFlight(key: string): number {
    return this.#states.get(key)?.inFlight ?? 0;
  }

  /** Keys with state. Idle keys are forgotten as the map grows, so this stays bounded by active tenants. */
  get size(): number {
    return this.#states.size;
  }

  #state(key: string, now: number): KeyState {
    let state = this.#states.get(key);
    if (state === undefined) {
      state = new KeyState();
      state.touchedAt = now;
      this.#states.set(key, state);
    }
    return state;
  }

  /** Forgets idle keys, so a process serving many tenants does not grow without bound. */
  #sweep(now: number): void {
    for (const [key, state] of this.#states) {
      if (state.idle(now)) this.#states.delete(key);
    }
    this.#sweepAt = Math.max(SWEEP_FLOOR, this.#states.size * 2);
  }
}
