export { classifyNetworkError, type NetworkFailure } from './classify.js';
export {
  parseDuration,
  parseResetHeader,
  parseRetryAfter,
  parseRetryAfterMs,
  parseShouldRetry,
  retryHintFromHeaders,
} from './hints.js';
export { carriesIdempotencyKey, isIdempotentMethod, isRetrySafe } from './idempotency.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions, resolveRetryOptions } from './options.js';
export { type RetryPolicyHooks, retryPolicy } from './policy.js';
export { type RetryDecision, retryDelay, type TimingInput } from './timing.js';
