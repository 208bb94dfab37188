/** The lease of a slot the local fallback granted (it lives in the memory store, not in Redis). */
export const LOCAL_LEASE = '';

/**
 * The concurrency slots this process holds, per bucket key: a Redis lease
 * token, or LOCAL_LEASE. Slots are fungible within a process (the store
 * contract), so a release gives back whichever slot of the key was taken last.
 */
export class Leases {
  readonly #held = new Map<string, string[]>();

  add(key: string, token: string): void {
    const list = this.#held.get(key);
    if (list === undefined) this.#held.set(key, [token]);
    else list.push(token);
  }

  /** Takes one slot of `key`; undefined when none is held. */
  take(key: string): string | undefined {
    const list = this.#held.get(key);
    if (list === undefined) return undefined;
    const token = list.pop();
    if (list.length === 0) this.#held.delete(key);
    return token;
  }

  /** The Redis tokens held, per key (for renewal). */
  redisTokens(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [key, list] of this.#held) {
      const tokens = list.filter((token) => token !== LOCAL_LEASE);
      if (tokens.length > 0) out.set(key, tokens);
    }
    return out;
  }

  get size(): number {
    let count = 0;
    for (const list of this.#held.values()) count += list.length;
    return count;
  }
}
