import { rateLimitKey, SHARED_CLASS } from './key.js';
import type { QueueOptions } from './limiter.js';
import type { PauseScope, ResolvedRateLimitRule } from './profile.js';
import type { RateLimitBucket } from './store.js';

/** A bucket whose rule adaptive limiting may replace; the store notices the new rule object. */
export class MutableBucket implements RateLimitBucket {
  /** The server's last reported limit for this key, to report changes once. */
  serverLimit: number | undefined;
  constructor(
    readonly key: string,
    public rule: ResolvedRateLimitRule,
    /** The rule from the profile; adaptive limits never go above it. */
    readonly configured: ResolvedRateLimitRule,
  ) {}
}

/** The buckets one request of a vendor + tenant + class takes, built once and reused. */
export interface BucketSet {
  readonly requestClass: string;
  /** The tenant-wide bucket, then the class bucket when the profile lists the class. */
  readonly buckets: readonly MutableBucket[];
  /** The bucket a server signal pauses (see `pauseScope`). */
  readonly pauseBucket: MutableBucket;
  /** The policy's queue options for this set, made on first use. */
  queueOptions?: QueueOptions;
}

/** Entries kept before the cache starts over (state lives in the store; this only saves rebuilding). */
const MAX_ENTRIES = 10_000;

/**
 * Per-policy cache of bucket sets, three Map lookups deep so the fast path
 * builds no key string. Owned by one policy instance, never by the module.
 */
export class BucketSets {
  readonly #sets = new Map<string, Map<string, Map<string, BucketSet>>>();
  readonly #buckets = new Map<string, MutableBucket>();
  #entries = 0;

  constructor(
    readonly shared: ResolvedRateLimitRule,
    readonly classes: ReadonlyMap<string, ResolvedRateLimitRule>,
    readonly pauseScope: PauseScope,
  ) {}

  get(vendor: string, tenant: string | undefined, requestClass: string): BucketSet {
    const tenantKey = tenant ?? '';
    let byTenant = this.#sets.get(vendor);
    let byClass = byTenant?.get(tenantKey);
    const found = byClass?.get(requestClass);
    if (found !== undefined) return found;
    if (this.#entries >= MAX_ENTRIES) {
      this.#sets.clear();
      this.#buckets.clear();
      this.#entries = 0;
      byTenant = undefined;
      byClass = undefined;
    }
    if (byTenant === undefined) {
      byTenant = new Map();
      this.#sets.set(vendor, byTenant);
    }
    if (byClass === undefined) {
      byClass = new Map();
      byTenant.set(tenantKey, byClass);
    }
    const set = this.#build(vendor, tenant, requestClass);
    byClass.set(requestClass, set);
    this.#entries++;
    return set;
  }

  #build(vendor: string, tenant: string | undefined, requestClass: string): BucketSet {
    const shared = this.#bucket(rateLimitKey(vendor, tenant, SHARED_CLASS), this.shared);
    const classRule = this.classes.get(requestClass);
    if (classRule === undefined) return { requestClass, buckets: [shared], pauseBucket: shared };
    const own = this.#bucket(rateLimitKey(vendor, tenant, requestClass), classRule);
    return {
      requestClass,
      buckets: [shared, own],
      pauseBucket: this.pauseScope === 'class' ? own : shared,
    };
  }

  #bucket(key: string, rule: ResolvedRateLimitRule): MutableBucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = new MutableBucket(key, rule, rule);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
