import { ConfigurationError } from '@org/core/errors';
import type { EventSink } from '@org/core/transport';
import type { RedisConnection } from './connection.js';

export interface RedisRateLimitStoreOptions {
  /**
   * A connected Redis client, e.g. `new Redis(process.env.REDIS_URL)` from
   * ioredis 5 or 6. The store never closes it: the caller owns the connection.
   */
  readonly client: RedisConnection;
  /** Prepended to every Redis key the store writes. Default `orgrl:`. */
  readonly prefix?: string;
  /**
   * How many processes share the quota. While Redis is unreachable each
   * process limits itself to 1/N of every rule (see README, "When Redis is
   * down"); the store uses the larger of this and the processes it last saw
   * in Redis. Default 1: set it, or a Redis outage at start lets every process
   * use the whole quota.
   */
  readonly expectedProcesses?: number;
  /** Receives `RateLimitStoreUnavailable` and `RateLimitStoreRecovered`. Default: none. */
  readonly events?: EventSink;
  /** Longest wait for one Redis command before the store falls back to its local limiter, in ms. Default 500. */
  readonly commandTimeoutMs?: number;
  /** Longest the first request waits for the client to connect before the store falls back, in ms. Default 2000. */
  readonly connectTimeoutMs?: number;
  /**
   * Lifetime of a concurrency slot in Redis, in ms. The store renews the
   * slots its process holds every `leaseMs / 3`; a slot of a crashed process
   * is free after at most this long. Default 15 000.
   */
  readonly leaseMs?: number;
  /**
   * How often a request held back by another process's concurrency slots
   * asks again, in ms: a release in another process wakes no waiter here.
   * Default 5 (one small script per waiting queue per poll).
   */
  readonly pollMs?: number;
  /**
   * Added to every window, in ms. A start is recorded when Redis grants it,
   * the vendor counts it when it arrives; the delay between the two varies
   * (event-loop lag, the network), and without a margin a start granted at
   * the very end of a window can land in the next one as its (N+1)th.
   * Costs at most margin / window of the throughput. Default 25 (2.5% of a
   * 1 s window, 0.04% of a 1 min one); see the README for the measurements.
   */
  readonly windowMarginMs?: number;
}

export interface ResolvedStoreOptions {
  readonly prefix: string;
  readonly expectedProcesses: number;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly windowMarginMs: number;
}

export const DEFAULT_STORE_OPTIONS: ResolvedStoreOptions = Object.freeze({
  prefix: 'orgrl:',
  expectedProcesses: 1,
  commandTimeoutMs: 500,
  connectTimeoutMs: 2000,
  leaseMs: 15_000,
  pollMs: 5,
  windowMarginMs: 25,
});

export function resolveStoreOptions(options: RedisRateLimitStoreOptions): ResolvedStoreOptions {
  if (options?.client === undefined || typeof options.client.evalsha !== 'function') {
    throw new ConfigurationError(
      'RedisRateLimitStore needs `client`, a Redis client such as `new Redis(url)` from ioredis.',
      { details: { option: 'client' } },
    );
  }
  const d = DEFAULT_STORE_OPTIONS;
  const resolved: ResolvedStoreOptions = {
    prefix: options.prefix ?? d.prefix,
    expectedProcesses: options.expectedProcesses ?? d.expectedProcesses,
    commandTimeoutMs: options.commandTimeoutMs ?? d.commandTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    leaseMs: options.leaseMs ?? d.leaseMs,
    pollMs: options.pollMs ?? d.pollMs,
    windowMarginMs: options.windowMarginMs ?? d.windowMarginMs,
  };
  if (typeof resolved.prefix !== 'string') invalid('prefix', 'a string', resolved.prefix);
  if (!(Number.isInteger(resolved.expectedProcesses) && resolved.expectedProcesses >= 1)) {
    invalid('expectedProcesses', 'a whole number >= 1', resolved.expectedProcesses);
  }
  for (const name of ['commandTimeoutMs', 'leaseMs', 'pollMs'] as const) {
    if (!(resolved[name] > 0 && Number.isFinite(resolved[name]))) {
      invalid(name, 'a positive, finite number of milliseconds', resolved[name]);
    }
  }
  for (const name of ['connectTimeoutMs', 'windowMarginMs'] as const) {
    if (!(resolved[name] >= 0 && Number.isFinite(resolved[name]))) {
      invalid(name, 'a finite number of milliseconds >= 0', resolved[name]);
    }
  }
  return Object.freeze(resolved);
}

function invalid(name: string, expected: string, got: unknown): never {
  throw new ConfigurationError(
    `RedisRateLimitStore's \`${name}\` must be ${expected}; got ${String(got)}.`,
    { details: { option: name } },
  );
}
