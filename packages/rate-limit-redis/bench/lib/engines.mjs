// The three candidate engines behind one shape, for bench/engines.mjs:
// `open(port)` returns a handle for one process's worth of limiter (its own
// Redis connection) whose `run(task)` waits for a slot of the shared quota,
// runs the task and gives the slot back.
import { RateLimiter, resolveRule } from '@org/core/rate-limit';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterQueue, RateLimiterRedis } from 'rate-limiter-flexible';
import { RedisRateLimitStore } from '../../dist/index.js';

const quiet = (client) => {
  client.on('error', () => {});
  return client;
};
/** Every engine starts measuring on an open connection (rate-limiter-flexible answers from its insurance limiter until then). */
const ready = (client) =>
  client.status === 'ready' ? undefined : new Promise((resolve) => client.once('ready', resolve));

/** This package's store under the core limiter. */
export const lua = {
  name: 'lua (this package)',
  async open(port, { perSecond, processes, id, windowMarginMs }) {
    const client = quiet(new Redis({ host: '127.0.0.1', port }));
    await ready(client);
    const store = new RedisRateLimitStore({
      client,
      expectedProcesses: processes,
      windowMarginMs,
      prefix: `${id}:`,
    });
    const limiter = new RateLimiter({ store });
    const buckets = [
      {
        key: 'bench:acct:*',
        rule: resolveRule({ requestsPerInterval: perSecond, intervalMs: 1000 }),
      },
    ];
    return {
      async run(task) {
        await limiter.acquire(buckets, 1, {}, { maxWaitMs: 600_000, maxQueue: 1e6 });
        try {
          return await task();
        } finally {
          limiter.release(buckets);
        }
      },
      close() {
        store.close();
        client.disconnect();
      },
    };
  },
};

/**
 * rate-limiter-flexible: RateLimiterRedis (a fixed window of `duration` that
 * starts at a key's first consume) behind RateLimiterQueue, with a memory
 * insurance limiter holding 1/processes of the quota while Redis is away.
 */
export const flexible = {
  name: 'rate-limiter-flexible 11.4',
  async open(port, { perSecond, processes, id }) {
    const client = quiet(new Redis({ host: '127.0.0.1', port }));
    await ready(client);
    const redisLimiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: id,
      points: perSecond,
      duration: 1,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({
        points: Math.floor(perSecond / processes),
        duration: 1,
      }),
    });
    const queue = new RateLimiterQueue(redisLimiter, { maxQueueSize: 1e6 });
    return {
      async run(task) {
        await queue.removeTokens(1, 'bench:acct');
        return task();
      },
      close() {
        client.disconnect();
      },
    };
  },
};

/** bottleneck 2.19.5 clustering on ioredis: a reservoir of `perSecond` refilled every second. */
export const bottleneck = {
  name: 'bottleneck 2.19.5',
  open: (port, options) => openBottleneck(port, options, false),
};

/** The same, paced by `minTime` (1000 / perSecond ms between starts) instead of a reservoir. */
export const bottleneckMinTime = {
  name: 'bottleneck 2.19.5 minTime',
  open: (port, options) => openBottleneck(port, options, false, true),
};

/**
 * bottleneck (minTime) with its own recovery switched back on: on Redis 7 its
 * Lua errors arrive as `ERR SETTINGS_KEY_NOT_FOUND`, which its `===` check
 * never matches (SGrondin/bottleneck#219, PR #215); this strips the prefix.
 */
export const bottleneckPatched = {
  name: 'bottleneck 2.19.5 minTime + error-prefix shim',
  open: (port, options) => openBottleneck(port, options, true, true),
};

async function openBottleneck(port, { perSecond, id }, patched, paced = false) {
  const connection = new Bottleneck.IORedisConnection({
    Redis,
    clientOptions: { host: '127.0.0.1', port },
  });
  connection.on('error', () => {});
  if (patched) {
    const scriptFn = connection.__scriptFn__.bind(connection);
    connection.__scriptFn__ = (name) => {
      const fn = scriptFn(name);
      return (...args) => {
        const callback = args[args.length - 1];
        args[args.length - 1] = (error, reply) => {
          if (error && /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/.test(error.message)) {
            error.message = error.message.slice(4);
          }
          callback(error, reply);
        };
        return fn(...args);
      };
    };
  }
  const limiter = new Bottleneck({
    id,
    datastore: 'ioredis',
    connection,
    ...(paced
      ? { minTime: 1000 / perSecond }
      : {
          reservoir: perSecond,
          reservoirRefreshAmount: perSecond,
          reservoirRefreshInterval: 1000,
        }),
  });
  limiter.on('error', () => {});
  await limiter.ready();
  return {
    run: (task) => limiter.schedule(task),
    close() {
      return limiter.disconnect(false);
    },
  };
}

export const ENGINES = [lua, flexible, bottleneck, bottleneckMinTime, bottleneckPatched];
