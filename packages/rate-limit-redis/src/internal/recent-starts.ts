/** Stamps kept per key at most; a window of more starts keeps its newest. */
const MAX_STAMPS = 10_000;
/** Keys kept before the first sweep for idle ones. */
const SWEEP_FLOOR = 4096;

import type { ResolvedRateLimitRule } from '@org/core/rate-limit';

interface Log {
  rule: ResolvedRateLimitRule;
  intervalMs: number;
  /** Start times (this process's clock), oldest first, one per quota unit. */
  readonly at: number[];
  /** True for starts granted by the local fallback, not yet written to Redis. */
  readonly local: boolean[];
}

/**
 * The starts this process made in the last window of each key. Redis forgets
 * (restart, FLUSHALL) and the local fallback starts empty; replaying these
 * lets whichever side takes over count the starts the other one saw, so a
 * switch does not open a second full window.
 */
export class RecentStarts {
  readonly #logs = new Map<string, Log>();
  #sweepAt = SWEEP_FLOOR;

  /** Records `cost` starts of `key` at `now`; `intervalMs` is the window they count in. */
  record(
    key: string,
    rule: ResolvedRateLimitRule,
    intervalMs: number,
    cost: number,
    now: number,
    local: boolean,
  ): void {
    let log = this.#logs.get(key);
    if (log === undefined) {
      if (this.#logs.size >= this.#sweepAt) this.#sweep(now);
      log = { rule, intervalMs, at: [], local: [] };
      this.#logs.set(key, log);
    }
    log.rule = rule;
    log.intervalMs = intervalMs;
    trim(log, now);
    for (let i = 0; i < cost; i++) {
      log.at.push(now);
      log.local.push(local);
    }
    if (log.at.length > MAX_STAMPS) {
      log.at.splice(0, log.at.length - MAX_STAMPS);
      log.local.splice(0, log.local.length - MAX_STAMPS);
    }
  }

  /** Starts still inside the key's window, oldest first; only the local ones when `localOnly`. */
  within(key: string, now: number, localOnly: boolean): number[] {
    const log = this.#logs.get(key);
    if (log === undefined) return [];
    trim(log, now);
    if (!localOnly) return log.at.slice();
    return log.at.filter((_, i) => log.local[i]);
  }

  /** Marks the key's local starts as written to Redis. */
  markWritten(key: string): void {
    const log = this.#logs.get(key);
    if (log !== undefined) log.local.fill(false);
  }

  /** Keys with local starts not yet written to Redis. */
  keysWithLocal(now: number): string[] {
    const keys: string[] = [];
    for (const [key, log] of this.#logs) {
      trim(log, now);
      if (log.local.includes(true)) keys.push(key);
    }
    return keys;
  }
  intervalOf(key: string): number | undefined {
    return this.#logs.get(key)?.intervalMs;
  }

  /** Every key with starts in its window: its last rule and the starts, oldest first. */
  *entries(now: number): Generator<[string, ResolvedRateLimitRule, readonly number[]]> {
    for (const [key, log] of this.#logs) {
      trim(log, now);
      if (log.at.length > 0) yield [key, log.rule, log.at];
    }
  }

  #sweep(now: number): void {
    for (const [key, log] of this.#logs) {
      trim(log, now);
      if (log.at.length === 0) this.#logs.delete(key);
    }
    this.#sweepAt = Math.max(SWEEP_FLOOR, this.#logs.size * 2);
  }
}

function trim(log: Log, now: number): void {
  const from = now - log.intervalMs;
  let drop = 0;
  while (drop < log.at.length && (log.at[drop] as number) <= from) drop++;
  if (drop > 0) {
    log.at.splice(0, drop);
    log.local.splice(0, drop);
  }
}
