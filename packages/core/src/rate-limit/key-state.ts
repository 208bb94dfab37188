import type { ResolvedRateLimitRule } from './profile.js';
import type { LimitReason } from './store.js';
import { WindowLog } from './window-log.js';

/** Same-window tolerance when two responses report the reset of one window (reset values have 1 s resolution). */
const SAME_WINDOW_MS = 1000;

/** The in-memory state of one limiter key. Internal to MemoryRateLimitStore. */
export class KeyState {
  rule: ResolvedRateLimitRule | undefined;
  log: WindowLog | undefined;
  inFlight = 0;
  /** Earliest next start allowed by `minSpacingMs`. */
  nextStartAt = 0;
  pausedUntil = 0;
  /** Starts the server still allows until `budgetUntil` (from `setRemaining`). */
  budget = Number.POSITIVE_INFINITY;
  budgetUntil = 0;
  /** Last time anything used this key, for eviction. */
  touchedAt = 0;
  /** Why the last `waitMs` call held the request back. */
  reason: LimitReason = 'interval';

  /** Adopts `rule`, keeping the recent starts when the window limit changed. */
  setRule(rule: ResolvedRateLimitRule, now: number): void {
    const previous = this.rule;
    this.rule = rule;
    if (rule.requestsPerInterval === Number.POSITIVE_INFINITY) {
      this.log = undefined;
      return;
    }
    if (
      previous !== undefined &&
      this.log !== undefined &&
      previous.requestsPerInterval === rule.requestsPerInterval &&
      previous.intervalMs === rule.intervalMs
    ) {
      return;
    }
    this.log =
      this.log === undefined
        ? new WindowLog(rule.requestsPerInterval, rule.intervalMs)
        : this.log.resized(rule.requestsPerInterval, rule.intervalMs, now);
  }

  /** Ms until `cost` more starts may begin (0: now; Infinity: after a release). Sets `reason`. */
  waitMs(cost: number, now: number): number {
    let wait = 0;
    if (this.pausedUntil > now) {
      wait = this.pausedUntil - now;
      this.reason = 'paused';
    }
    if (this.budgetUntil > now && this.budget < cost && this.budgetUntil - now > wait) {
      wait = this.budgetUntil - now;
      this.reason = 'quota';
    }
    const rule = this.rule as ResolvedRateLimitRule;
    if (this.nextStartAt > now && this.nextStartAt - now > wait) {
      wait = this.nextStartAt - now;
      this.reason = 'spacing';
    }
    if (this.log !== undefined) {
      const w = this.log.waitMs(cost, now);
      if (w > wait) {
        wait = w;
        this.reason = 'interval';
      }
    }
    if (this.inFlight >= rule.concurrency) {
      // Whatever else is due, a start needs a slot; the release that frees it wakes the queue.
      wait = Number.POSITIVE_INFINITY;
      this.reason = 'concurrency';
    }
    return wait;
  }

  /** Records one start of `cost` units at `now`. */
  commit(cost: number, now: number): void {
    const rule = this.rule as ResolvedRateLimitRule;
    this.log?.record(cost, now);
    if (rule.minSpacingMs > 0) this.nextStartAt = now + rule.minSpacingMs;
    if (this.budgetUntil > now) this.budget -= cost;
    this.inFlight++;
    this.touchedAt = now;
  }

  release(now: number): void {
    if (this.inFlight > 0) this.inFlight--;
    this.touchedAt = now;
  }

  pause(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  setRemaining(remaining: number, resetAt: number, now: number): void {
    // Requests in flight may not be counted in the server's figure yet.
    const left = Math.max(0, remaining - this.inFlight);
    if (this.budgetUntil > now && Math.abs(resetAt - this.budgetUntil) <= SAME_WINDOW_MS) {
      // Same window: responses can arrive out of order; the lowest figure is the freshest.
      this.budget = Math.min(this.budget, left);
      this.budgetUntil = Math.max(this.budgetUntil, resetAt);
    } else {
      this.budget = left;
      this.budgetUntil = resetAt;
    }
    this.touchedAt = now;
  }

  /** True when forgetting this key changes nothing: no slot held, no pause, every window expired. */
  idle(now: number): boolean {
    if (this.inFlight > 0 || this.pausedUntil > now || this.budgetUntil > now) return false;
    if (this.nextStartAt > now) return false;
    const windowMs = this.rule?.intervalMs ?? 0;
    return this.touchedAt + windowMs <= now;
  }
}
