/**
 * Where the replay guard records delivery ids. Implement it over Redis
 * (`SET key 1 NX PX ttl`) or a database to share it between processes.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlMs` milliseconds, atomically. Answers true when the
   * key was new (or had expired), false when it is still recorded.
   */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forgets `key`, so the next delivery with it is accepted. */
  release?(key: string): void | Promise<void>;
}

export interface MemoryReplayStoreOptions {
  /** Most ids kept; the oldest go first beyond it. Default 10,000. */
  readonly maxEntries?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** Expired entries checked per claim: amortized cleanup without a timer that would hold the process open. */
const SWEEP_PER_CLAIM = 8;

/**
 * One process's memory: fine for a single instance, not shared between
 * replicas. Bounded, so a flood of unique ids cannot grow it without limit.
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is claim order, so the first entries are the oldest.
  const expiries = new Map<string, number>();
  return {
    claim(key, ttlMs) {
      const at = now();
      const expiresAt = expiries.get(key);
      if (expiresAt !== undefined && expiresAt > at) return false;
      expiries.delete(key);
      expiries.set(key, at + ttlMs);
      let swept = 0;
      for (const [oldKey, oldExpiry] of expiries) {
        if (swept++ >= SWEEP_PER_CLAIM) break;
        if (oldExpiry <= at) expiries.delete(oldKey);
      }
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next().value as string;
        expiries.delete(oldest);
      }
      return true;
    },
    release(key) {
      expiries.delete(key);
    },
  };
}
