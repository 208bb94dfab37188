import type { RateLimitBucket, ResolvedRateLimitRule } from '@org/core/rate-limit';

/**
 * One process's share of a rule while Redis is away: `split` processes each
 * get 1/split of the window and of the concurrency (rounded down, at least 1)
 * and `split` times the spacing, so together they stay within the rule.
 * `marginMs` widens the window as it does in Redis.
 */
export function shareOf(
  rule: ResolvedRateLimitRule,
  split: number,
  marginMs: number,
): ResolvedRateLimitRule {
  if (split <= 1 && marginMs === 0) return rule;
  return Object.freeze({
    requestsPerInterval: divide(rule.requestsPerInterval, split),
    intervalMs: rule.intervalMs + marginMs,
    concurrency: divide(rule.concurrency, split),
    minSpacingMs: rule.minSpacingMs * Math.max(1, split),
  });
}

function divide(limit: number, split: number): number {
  if (limit === Number.POSITIVE_INFINITY || split <= 1) return limit;
  return Math.max(1, Math.floor(limit / split));
}

interface Cached<T> {
  readonly split: number;
  readonly value: T;
}

/**
 * Rules and bucket lists with their shares, cached: the memory store notices
 * a rule change by identity, so one rule must keep giving the same share
 * object, and the fallback path should not allocate per request.
 */
export class LocalShares {
  readonly #marginMs: number;
  readonly #rules = new WeakMap<ResolvedRateLimitRule, Cached<ResolvedRateLimitRule>>();
  readonly #lists = new WeakMap<
    readonly RateLimitBucket[],
    Cached<{ rules: ResolvedRateLimitRule[]; buckets: readonly RateLimitBucket[] }>
  >();

  constructor(marginMs: number) {
    this.#marginMs = marginMs;
  }

  rule(rule: ResolvedRateLimitRule, split: number): ResolvedRateLimitRule {
    const cached = this.#rules.get(rule);
    if (cached !== undefined && cached.split === split) return cached.value;
    const share = shareOf(rule, split, this.#marginMs);
    this.#rules.set(rule, { split, value: share });
    return share;
  }

  of(buckets: readonly RateLimitBucket[], split: number): readonly RateLimitBucket[] {
    const cached = this.#lists.get(buckets);
    if (cached !== undefined && cached.split === split && sameRules(cached.value.rules, buckets)) {
      return cached.value.buckets;
    }
    const shared = buckets.map((bucket) =>
      Object.freeze({ key: bucket.key, rule: this.rule(bucket.rule, split) }),
    );
    this.#lists.set(buckets, {
      split,
      value: { rules: buckets.map((bucket) => bucket.rule), buckets: shared },
    });
    return shared;
  }
}

function sameRules(rules: readonly ResolvedRateLimitRule[], buckets: readonly RateLimitBucket[]) {
  if (rules.length !== buckets.length) return false;
  for (let i = 0; i < rules.length; i++) {
    if (rules[i] !== (buckets[i] as RateLimitBucket).rule) return false;
  }
  return true;
}
