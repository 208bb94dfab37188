export type { RedisConnection } from './connection.js';
export type { RedisStoreMode, UnavailableReason } from './internal/availability.js';
export {
  DEFAULT_STORE_OPTIONS,
  type RedisRateLimitStoreOptions,
  type ResolvedStoreOptions,
} from './options.js';
export { RedisRateLimitStore } from './redis-store.js';
