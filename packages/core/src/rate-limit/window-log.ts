/** Above this many requests per window, entries stand for groups of requests (see WindowLog). */
export const MAX_SLOTS = 4096;

/**
 * A sliding-window log of request starts: at most `limit` starts in any
 * window of `windowMs`. A ring of start times; admitting a request checks
 * the one slot it is about to reuse, so the check is O(1) and allocates nothing.
 *
 * Why a log and not a token bucket or GCRA: a bucket of capacity N refilled
 * at N per window admits up to 2N - 1 requests in one window (a full burst,
 * then the refill), and vendors count fixed or sliding windows (Zendesk,
 * HubSpot, GitHub), so the second half of that burst comes back as 429s.
 * The log admits a full burst of N and never an (N+1)th within a window.
 *
 * Memory is bounded: above MAX_SLOTS requests per window each slot stands for
 * `group` consecutive requests and keeps the start time of the last of them,
 * and the limit rounds down to a multiple of `group`. That only ever waits
 * longer than the exact log, never admits more; it is exact up to MAX_SLOTS.
 */
export class WindowLog {
  readonly limit: number;
  readonly windowMs: number;
  readonly group: number;
  readonly #stamps: Float64Array;
  readonly #slots: number;
  /** Slot taking new requests; its stamp is the latest start in it. */
  #cur: number;
  /** Requests in the current slot, 1..group. */
  #fill: number;

  constructor(limit: number, windowMs: number) {
    this.group = Math.max(1, Math.ceil(limit / MAX_SLOTS));
    this.#slots = Math.floor(limit / this.group);
    this.limit = this.#slots * this.group;
    this.windowMs = windowMs;
    this.#stamps = new Float64Array(this.#slots).fill(Number.NEGATIVE_INFINITY);
    // "Current slot full" so that the first request moves to slot 0 and checks it.
    this.#cur = this.#slots - 1;
    this.#fill = this.group;
  }

  /**
   * Ms until `cost` more starts fit in the window; 0 when they fit now. A cost
   * above `limit` (possible only where `limit` was rounded down) counts as
   * `limit`: it waits for an empty window.
   */
  waitMs(cost: number, now: number): number {
    if (cost > this.limit) cost = this.limit;
    if (cost <= this.group - this.#fill) return 0;
    // The slots that would be reused, oldest first; the last of them is the
    // newest, so it decides the wait.
    const needed = Math.ceil(cost / this.group);
    const stamp = this.#stamps[(this.#cur + needed) % this.#slots] as number;
    const wait = stamp + this.windowMs - now;
    return Math.max(wait, 0);
  }

  /** Records `cost` starts at `now`. Does not check: call after `waitMs` returned 0. */
  record(cost: number, now: number): void {
    if (cost > this.limit) cost = this.limit;
    if (cost <= this.group - this.#fill) {
      this.#fill += cost;
      this.#stamps[this.#cur] = now;
      return;
    }
    // A partly filled slot is abandoned rather than split across a larger
    // cost: simpler, and it errs on the side of waiting.
    const needed = Math.ceil(cost / this.group);
    for (let i = 0; i < needed; i++) {
      this.#cur = (this.#cur + 1) % this.#slots;
      this.#stamps[this.#cur] = now;
    }
    this.#fill = cost - (needed - 1) * this.group;
  }

  /** Start times still inside the window at `now`, oldest first, one per slot (a slot's count is `group`). */
  recentStarts(now: number): number[] {
    const out: number[] = [];
    for (let i = 1; i <= this.#slots; i++) {
      const stamp = this.#stamps[(this.#cur + i) % this.#slots] as number;
      if (stamp + this.windowMs > now) out.push(stamp);
    }
    return out;
  }

  /** A log for another limit or window that keeps the starts this one still counts. */
  resized(limit: number, windowMs: number, now: number): WindowLog {
    const next = new WindowLog(limit, windowMs);
    const cost = Math.min(this.group, next.limit);
    // Replayed oldest first; when the new limit is smaller the ring overwrites
    // the oldest slots and keeps the newest starts, which is what must count.
    for (const stamp of this.recentStarts(now)) {
      if (stamp + windowMs > now) next.record(cost, stamp);
    }
    return next;
  }
}
