// One process of a multi-process quota run (see run-quota.ts): a transport
// built with createTransport and the core rate-limit policy over a
// RedisRateLimitStore, calling the simulator from `loops` concurrent callers
// until the run ends, counting how each call ended.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isCoreError } from '@org/core/errors';
import { RateLimiter, type RateLimitProfile, rateLimitPolicy } from '@org/core/rate-limit';
import { EventBus } from '@org/core/telemetry';
import { createTransport, defaultPolicies } from '@org/core/transport';
import { Redis } from 'ioredis';
import type { RedisRateLimitStoreOptions } from '../../src/index.js';

export interface WorkerConfig {
  readonly id: string;
  readonly redisPort: number;
  readonly simulatorUrl: string;
  readonly profile: RateLimitProfile;
  readonly loops: number;
  readonly store: Omit<RedisRateLimitStoreOptions, 'client' | 'events'>;
  /** Module exporting RedisRateLimitStore: the sources by default, or the build. */
  readonly storeModule?: string;
}

export interface WorkerReport {
  readonly id: string;
  readonly ok: number;
  readonly statuses: Record<string, number>;
  /** Calls that failed with a CoreError, by code. */
  readonly failed: Record<string, number>;
  /** Calls that failed with anything else: must stay 0. */
  readonly untyped: number;
  readonly untypedSample?: string;
  readonly events: { type: string; at: number; data: Record<string, unknown> }[];
  readonly modeAtEnd: string;
  /** Longest event-loop stall during the run, in ms: a granted request waits that long to go out. */
  readonly maxLoopDelayMs: number;
}

export type ToWorker = { type: 'start'; at: number; durationMs: number };
export type FromWorker =
  | { type: 'ready'; mode: string }
  | { type: 'done'; report: WorkerReport }
  | { type: 'crash'; error: string };

const config = JSON.parse(process.env.WORKER_CONFIG ?? '{}') as WorkerConfig;
const send = (message: FromWorker) => process.send?.(message);

process.on('uncaughtException', (error) => {
  send({ type: 'crash', error: String(error?.stack ?? error) });
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  send({ type: 'crash', error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});

const { RedisRateLimitStore } = (await import(
  config.storeModule ?? '../../src/index.js'
)) as typeof import('../../src/index.js');

// Reconnect attempts at most 500 ms apart (ioredis' default backs off to 2 s): the
// processes come back to Redis within the store's 1 s rebuild hold of each other.
const client = new Redis({
  host: '127.0.0.1',
  port: config.redisPort,
  retryStrategy: (times) => Math.min(times * 50, 500),
});
// Connection errors are expected while Redis is down; the store reports them as events.
client.on('error', () => {});
const bus = new EventBus();
const events: WorkerReport['events'] = [];
bus.on('RateLimitStoreUnavailable', (event) => {
  events.push({ type: event.type, at: Date.now(), data: { ...event.data } });
});
bus.on('RateLimitStoreRecovered', (event) => {
  events.push({ type: event.type, at: Date.now(), data: { ...event.data } });
});
const store = new RedisRateLimitStore({ ...config.store, client, events: bus });
const limiter = new RateLimiter({ store });
const transport = createTransport({
  vendor: 'sim',
  tenant: 'account-1',
  events: bus,
  policies: defaultPolicies({ rateLimit: rateLimitPolicy(config.profile, { limiter }) }),
});

// Ready once the store knows where its state lives (Redis, or the fallback).
const settleAt = Date.now() + (config.store.connectTimeoutMs ?? 2000) + 500;
while (store.mode === 'connecting' && client.status !== 'ready' && Date.now() < settleAt) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
// Warm up as a long-running service would be: the first fetch loads Node's
// HTTP client (a stall of 100+ ms on a busy machine), and a granted request
// held back by a stall reaches the vendor later than its slot says.
const warmup = transport.with({ tenant: `warmup-${config.id}` });
await Promise.all(
  Array.from({ length: config.loops }, async () => {
    const response = await warmup(`${config.simulatorUrl}/warmup`);
    await response.arrayBuffer();
  }),
);
send({ type: 'ready', mode: client.status === 'ready' ? 'redis' : store.mode });

process.on('message', async (message: ToWorker) => {
  if (message.type !== 'start') return;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, message.at - Date.now())));
  const endAt = message.at + message.durationMs;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let ok = 0;
  let untyped = 0;
  let untypedSample: string | undefined;
  const statuses: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const loop = async () => {
    while (Date.now() < endAt) {
      try {
        const response = await transport(`${config.simulatorUrl}/items`, {
          headers: { 'x-worker': config.id },
        });
        await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        ok++;
      } catch (error) {
        if (isCoreError(error)) failed[error.code] = (failed[error.code] ?? 0) + 1;
        else {
          untyped++;
          untypedSample ??= String((error as Error)?.stack ?? error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: config.loops }, loop));
  loopDelay.disable();
  const report: WorkerReport = {
    id: config.id,
    ok,
    statuses,
    failed,
    untyped,
    ...(untypedSample === undefined ? {} : { untypedSample }),
    events,
    modeAtEnd: store.mode,
    maxLoopDelayMs: Math.round(loopDelay.max / 1e6),
  };
  send({ type: 'done', report });
  store.close();
  client.disconnect();
  process.disconnect?.();
});
