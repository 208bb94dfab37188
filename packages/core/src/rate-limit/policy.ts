import type { CallContext, Handler, Policy } from '../transport/types.js';
import { type BucketSet, BucketSets, type MutableBucket } from './bucket-sets.js';
import { requestClassOf } from './key.js';
import { type OnLimit, type RateLimitInfo, reportLimit } from './limit-info.js';
import { type QueueOptions, RateLimiter, type RateLimitWait } from './limiter.js';
import { parseRateLimitHeaders, type RateLimitHints } from './parse-headers.js';
import {
  type RateLimitProfile,
  type ResolvedProfileSettings,
  type ResolvedRateLimitRule,
  resolveRule,
  resolveSettings,
} from './profile.js';
import type { WaitContext } from './wait-queue.js';

/** What is not data: the limiter to share and the hook. */
export interface RateLimitPolicyOptions {
  /**
   * The limiter holding the state. Default: a new one for this policy (so for
   * this transport). Pass one limiter to every client that spends the same
   * vendor quota, or one built over a shared store for several processes.
   */
  readonly limiter?: RateLimiter;
  /**
   * Called when a limit is hit: when a request has to wait (source
   * `proactive`) and when the server says stop (source `server`: a 429, a
   * Retry-After, or 0 remaining). Errors it throws or rejects with are ignored.
   */
  readonly onLimit?: OnLimit;
}

/**
 * The rate-limit policy: takes a limiter slot before calling `next`, gives it
 * back when the response headers arrive (or the attempt fails), and learns
 * from the response: a 429 or a Retry-After pauses the whole key, remaining
 * and reset figures bound what may start before the reset, and an advertised
 * quota policy tightens the window. It never retries: the retry policy
 * around it does, and its next attempt waits in this limiter like any request.
 *
 * Request class: `ctx.operation.requestClass`, else `read` for GET, HEAD and
 * OPTIONS and `write` for anything else.
 *
 * @param profile The vendor's limits, as data (a pack's `rateLimit`). Default
 *   `{}`: no proactive limit; the policy still learns from responses.
 */
export function rateLimitPolicy(
  profile: RateLimitProfile = {},
  options: RateLimitPolicyOptions = {},
): Policy {
  const settings = resolveSettings(profile);
  const classes = new Map<string, ResolvedRateLimitRule>();
  for (const [name, rule] of Object.entries(profile.classes ?? {})) {
    classes.set(name, resolveRule(rule, `rateLimit.classes.${name}`));
  }
  const sets = new BucketSets(resolveRule(profile), classes, settings.pauseScope);
  const limiter = options.limiter ?? new RateLimiter();
  const onLimit = options.onLimit;

  return {
    name: 'rateLimit',
    wrap(next: Handler): Handler {
      return async (request, ctx) => {
        const requestClass = ctx.operation?.requestClass ?? requestClassOf(request.method);
        const set = sets.get(ctx.vendor, ctx.tenant, requestClass);
        const queue = queueOptionsOf(set, settings, onLimit);
        const pending = limiter.acquire(set.buckets, 1, ctx, queue);
        if (pending !== undefined) await pending;
        let response: Response;
        try {
          response = await next(request, ctx);
        } finally {
          // The slot is held until the response headers arrive, or the attempt fails.
          limiter.release(set.buckets);
        }
        if (settings.adaptive) learn(response, ctx, set, settings, limiter, onLimit);
        return response;
      };
    },
  };
}

/**
 * The queue options of one bucket set, built on first use and kept on the
 * set: the fast path passes them along and allocates nothing for them.
 */
function queueOptionsOf(
  set: BucketSet,
  settings: ResolvedProfileSettings,
  onLimit: OnLimit | undefined,
): QueueOptions {
  if (set.queueOptions !== undefined) return set.queueOptions;
  const options: QueueOptions = {
    maxQueue: settings.maxQueue,
    maxWaitMs: settings.maxWaitMs,
    onWait(wait: RateLimitWait, waitCtx: WaitContext): void {
      const ctx = waitCtx as CallContext;
      if (!ctx.events?.active && onLimit === undefined) return;
      reportLimit(ctx, onLimit, {
        ...base(ctx, set),
        key: wait.key,
        source: 'proactive',
        reason: wait.reason,
        waitMs: wait.waitMs,
      });
    },
  };
  set.queueOptions = options;
  return options;
}

function base(ctx: CallContext, set: BucketSet) {
  return {
    vendor: ctx.vendor,
    tenant: ctx.tenant,
    requestClass: set.requestClass,
    operationId: ctx.operation?.id,
  };
}

/** Reads the response's hints and updates the key: pause, remaining budget, learned quota. */
function learn(
  response: Response,
  ctx: CallContext,
  set: BucketSet,
  settings: ResolvedProfileSettings,
  limiter: RateLimiter,
  onLimit: OnLimit | undefined,
): void {
  const status = response.status;
  const now = Date.now();
  const hints = parseRateLimitHeaders(response.headers, status, now);
  if (hints === undefined && status !== 429) return;
  const bucket = set.pauseBucket;
  const report = (reason: RateLimitInfo['reason'], waitMs: number) =>
    reportLimit(ctx, onLimit, {
      ...base(ctx, set),
      key: bucket.key,
      source: 'server',
      reason,
      waitMs,
      status,
      limit: hints?.limit,
      remaining: hints?.remaining,
      resetAt: hints?.resetAt,
    });

  if (status === 429 || hints?.retryAfterMs !== undefined) {
    // Retry-After takes precedence over the RateLimit reset (draft-ietf-httpapi-ratelimit-headers-07 §5).
    const waitMs = clamp(stopWait(hints, now) ?? settings.defaultPauseMs, settings.maxPauseMs);
    limiter.pause(bucket.key, now + waitMs);
    report(status === 429 ? 'too-many-requests' : 'retry-after', waitMs);
  } else if (hints?.remaining !== undefined && hints.resetAt !== undefined) {
    const resetAt = now + clamp(hints.resetAt - now, settings.maxPauseMs);
    limiter.setRemaining(bucket.key, hints.remaining, resetAt);
    if (hints.remaining === 0) report('quota-exhausted', resetAt - now);
  }
  if (hints !== undefined) adjust(hints, ctx, bucket);
}

/** The wait a stop signal names: Retry-After, else the reset when nothing remains (or remaining is unknown). */
function stopWait(hints: RateLimitHints | undefined, now: number): number | undefined {
  if (hints === undefined) return undefined;
  if (hints.retryAfterMs !== undefined) return hints.retryAfterMs;
  if (hints.resetAt !== undefined && (hints.remaining ?? 0) === 0) return hints.resetAt - now;
  return undefined;
}

/**
 * Adopts the server's advertised quota when it is stricter than the profile
 * (or the profile sets no count limit), never looser than the profile; and
 * emits `RateLimitProfileAdjusted` when the server's figures change.
 */
function adjust(hints: RateLimitHints, ctx: CallContext, bucket: MutableBucket): void {
  let changed = false;
  const quota = hints.quota;
  if (quota !== undefined) {
    const configured = bucket.configured;
    const adopt =
      configured.requestsPerInterval === Number.POSITIVE_INFINITY ||
      (configured.intervalMs === quota.windowMs && quota.limit < configured.requestsPerInterval);
    const target = adopt
      ? quota
      : { limit: configured.requestsPerInterval, windowMs: configured.intervalMs };
    if (
      bucket.rule.requestsPerInterval !== target.limit ||
      bucket.rule.intervalMs !== target.windowMs
    ) {
      bucket.rule = Object.freeze({
        ...configured,
        requestsPerInterval: target.limit,
        intervalMs: target.windowMs,
      });
      changed = true;
    }
  }
  const limit = quota?.limit ?? hints.limit;
  if (limit !== undefined && limit !== bucket.serverLimit) {
    bucket.serverLimit = limit;
    changed = true;
  }
  if (changed && ctx.events.active) {
    try {
      ctx.events.emit('RateLimitProfileAdjusted', {
        vendor: ctx.vendor,
        operationId: ctx.operation?.id,
        tenant: ctx.tenant,
        limiterKey: bucket.key,
        limit,
        remaining: hints.remaining,
        resetAt: hints.resetAt,
        header: hints.header,
      });
    } catch {
      // Telemetry observes; it never breaks a request.
    }
  }
}

function clamp(ms: number, max: number): number {
  return Math.min(Math.max(ms, 0), max);
}
