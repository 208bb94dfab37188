import {
  GRANTED,
  type LimitReason,
  type RateLimitBucket,
  type RateLimitDecision,
} from '@org/core/rate-limit';
import type { Handover } from './handover.js';
import type { RedisContext } from './redis-context.js';
import { Script } from './script-runner.js';
import { ACQUIRE, REASONS, RESTAMP } from './scripts.js';

const acquireScript = new Script(ACQUIRE);
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
/** Generations kept; past this the map starts over (a forgotten key is a first contact, never a loss). */
const MAX_GENERATIONS = 10_000;

/** The outcome of one acquire on Redis; `token` names the leases a grant took. */
export interface SharedDecision {
  readonly decision: RateLimitDecision;
  readonly token: string;
}

/** Acquires on Redis: one ACQUIRE script over all buckets, with the generation checks around it. */
export class SharedAcquire {
  /** The generation last seen per bucket key (see scripts.ts). */
  readonly #generations = new Map<string, string>();
  readonly #context: RedisContext;
  readonly #handover: Handover;
  readonly #answered: () => void;

  constructor(context: RedisContext, handover: Handover, answered: () => void) {
    this.#context = context;
    this.#handover = handover;
    this.#answered = answered;
  }

  async run(buckets: readonly RateLimitBucket[], cost: number): Promise<SharedDecision> {
    const { options } = this.#context;
    let token = '';
    for (let attempt = 0; attempt <= MAX_RESEEDS; attempt++) {
      await this.#handover.seed(buckets);
      token = this.#context.token();
      const n = buckets.length;
      const keys: string[] = [];
      const args: (string | number)[] = [cost, options.leaseMs, token, n];
      for (let i = 0; i < n; i++) {
        const bucket = buckets[i] as RateLimitBucket;
        const rule = bucket.rule;
        for (const name of this.#context.keysOf(bucket.key)) keys.push(name);
        args.push(
          finiteOr(rule.requestsPerInterval),
          rule.intervalMs + options.windowMarginMs,
          finiteOr(rule.concurrency),
          rule.minSpacingMs,
          this.#generations.get(bucket.key) ?? '',
        );
      }
      const sentAt = performance.now();
      const reply = (await this.#context.run(acquireScript, keys, args)) as (number | string)[];
      const roundTripMs = performance.now() - sentAt;
      this.#answered();
      const kind = Number(reply[0]);
      const first = kind === 0 ? 4 : 1;
      for (let i = 0; i < n; i++) {
        const key = (buckets[i] as RateLimitBucket).key;
        const generation = String(reply[first + i]);
        const known = this.#generations.get(key);
        if (known === generation) continue;
        if (known !== undefined) this.#handover.lost(key);
        else if (this.#generations.size >= MAX_GENERATIONS) this.#generations.clear();
        this.#generations.set(key, generation);
      }
      if (kind === 2) continue;
      if (kind === 1) {
        if (roundTripMs > LATE_GRANT_MS) await this.#restamp(buckets, cost, token);
        return { decision: GRANTED, token };
      }
      const reason = REASONS[Number(reply[3])] as LimitReason;
      const waitMs = Number(reply[1]);
      const decision: RateLimitDecision = {
        ok: false,
        // A release in another process wakes no waiter here: ask again shortly.
        waitMs: reason === 'concurrency' ? Math.max(waitMs, options.pollMs) : waitMs,
        key: (buckets[Number(reply[2]) - 1] as RateLimitBucket).key,
        reason,
      };
      return { decision, token };
    }
    const key = (buckets[buckets.length - 1] as RateLimitBucket).key;
    return { decision: { ok: false, waitMs: options.pollMs, key, reason: 'interval' }, token };
  }

  /** Moves a late grant's starts to now (see RESTAMP); if that fails, the grant stands as recorded. */
  async #restamp(buckets: readonly RateLimitBucket[], cost: number, token: string): Promise<void> {
    const keys: string[] = [];
    const args: (string | number)[] = [token, cost];
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as RateLimitBucket;
      keys.push(this.#context.window(bucket.key), this.#context.spacing(bucket.key));
      const limited = bucket.rule.requestsPerInterval !== Number.POSITIVE_INFINITY;
      args.push(
        limited ? bucket.rule.intervalMs + this.#context.options.windowMarginMs : 0,
        bucket.rule.minSpacingMs,
      );
    }
    try {
      // A restamp whose own reply came late left the start early again: move it once more.
      for (let round = 0; round < MAX_RESTAMPS; round++) {
        const sentAt = performance.now();
        await this.#context.run(restampScript, keys, args);
        if (performance.now() - sentAt <= LATE_GRANT_MS) break;
      }
    } catch {
      // The grant is already taken; a failed restamp only leaves its start recorded early.
    }
  }
}

function finiteOr(limit: number): number {
  return limit === Number.POSITIVE_INFINITY ? -1 : limit;
}
