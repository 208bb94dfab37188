export { DEFAULT_TENANT, rateLimitKey, requestClassOf, SHARED_CLASS } from './key.js';
export type { LimitHitReason, OnLimit, RateLimitInfo } from './limit-info.js';
export {
  type QueueOptions,
  RateLimiter,
  type RateLimiterOptions,
  type RateLimitWait,
} from './limiter.js';
export { MemoryRateLimitStore } from './memory-store.js';
export {
  type HeaderSource,
  parseRateLimitHeaders,
  type RateLimitHeaderFormat,
  type RateLimitHints,
  type RateLimitQuota,
} from './parse-headers.js';
export { type RateLimitPolicyOptions, rateLimitPolicy } from './policy.js';
export {
  DEFAULT_INTERVAL_MS,
  DEFAULT_PROFILE_SETTINGS,
  type PauseScope,
  type RateLimitProfile,
  type RateLimitRule,
  type ResolvedProfileSettings,
  type ResolvedRateLimitRule,
  resolveRule,
  resolveSettings,
} from './profile.js';
export {
  GRANTED,
  type LimitReason,
  type RateLimitBucket,
  type RateLimitDecision,
  type RateLimitDenied,
  type RateLimitGranted,
  type RateLimitStore,
} from './store.js';
export type { WaitContext } from './wait-queue.js';
