// Engine decision for @org/rate-limit-redis, by measurement: this package's
// Lua store, rate-limiter-flexible, and bottleneck's clustering (as is, and
// with its recovery shimmed back on), each on its own ioredis connections to
// one local redis-server:
//   1. latency of one acquire (+ release) under quota;
//   2. accuracy: 4 limiters sharing 50 req/s against a loopback vendor that
//      answers 429 over 50 per fixed second, then over 50 in any trailing second;
//   3. recovery: the first, with FLUSHALL, then a Redis kill + restart, mid-run
//      (twice each).
// Four limiters in one process stand for four processes here (each has its
// own connection and state); test/multi-process.test.ts forks real ones.
//
// Run: pnpm --filter @org/rate-limit-redis build && node bench/engines.mjs
// Writes bench/results/engines.json.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import './../test/scenario/ts-resolve.mjs';
import { ENGINES } from './lib/engines.mjs';

const { redisServerBinary, startRedisServer } = await import('../test/scenario/redis-server.ts');
const { startSimulator } = await import('../test/scenario/simulator.ts');

const QUOTA = 50;
const PROCESSES = 4;
const LOOPS = 8;
const only = process.argv.slice(2);
const engines =
  only.length > 0 ? ENGINES.filter((e) => only.some((o) => e.name.startsWith(o))) : ENGINES;

const binary = redisServerBinary();
if (binary === undefined) throw new Error('NO_REDIS=1: nothing to measure');
const redis = await startRedisServer(binary);
const { Redis } = await import('ioredis');
const admin = new Redis({ host: '127.0.0.1', port: redis.port });
admin.on('error', () => {});
const serverVersion = (await admin.info('server')).match(/redis_version:(\S+)/)?.[1];
let run = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const withTimeout = (promise, ms) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error('no answer in 5 s')))]);
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

async function latency(engine) {
  const handle = await engine.open(redis.port, {
    perSecond: 1_000_000,
    processes: 1,
    id: `lat${++run}`,
  });
  const times = [];
  for (let i = 0; i < 3200; i++) {
    const start = performance.now();
    await handle.run(() => null);
    if (i >= 200) times.push((performance.now() - start) * 1000);
  }
  await withTimeout(Promise.resolve(handle.close()), 5000).catch(() => {});
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    engine: engine.name,
    samples: times.length,
    p50Us: Math.round(quantile(times, 0.5)),
    p99Us: Math.round(quantile(times, 0.99)),
    meanUs: Math.round(mean),
  };
}

/** 4 limiters × 8 callers for `durationMs` against the simulator; `chaos` runs at `chaosAtMs`. */
async function shared(engine, { durationMs, chaos, chaosAtMs = 2500, sliding = false }) {
  await admin.flushall().catch(() => {});
  const simulator = await startSimulator({ perSecond: QUOTA, sliding });
  const id = `run${++run}`;
  const handles = [];
  for (let i = 0; i < PROCESSES; i++) {
    handles.push(await engine.open(redis.port, { perSecond: QUOTA, processes: PROCESSES, id }));
  }
  const errors = new Map();
  let completed = 0;
  let failed = 0;
  const startedAt = Date.now() + 100;
  const endAt = startedAt + durationMs;
  await sleep(100);
  const loop = async (handle) => {
    while (Date.now() < endAt) {
      try {
        await withTimeout(
          handle.run(async () => {
            const response = await fetch(`${simulator.url}/items`);
            await response.arrayBuffer();
          }),
          5000,
        );
        completed++;
      } catch (error) {
        failed++;
        const message = String(error?.message ?? error).slice(0, 80);
        errors.set(message, (errors.get(message) ?? 0) + 1);
        await sleep(50);
      }
    }
  };
  const chaosRun = (async () => {
    if (chaos === undefined) return;
    await sleep(startedAt + chaosAtMs - Date.now());
    if (chaos === 'flushall') await admin.flushall();
    if (chaos === 'restart') {
      await redis.kill();
      await sleep(1000);
      await redis.start();
    }
  })();
  await Promise.all([
    chaosRun,
    ...handles.flatMap((h) => Array.from({ length: LOOPS }, () => loop(h))),
  ]);
  for (const handle of handles)
    await withTimeout(Promise.resolve(handle.close()), 5000).catch(() => {});
  await simulator.close();
  const arrivals = simulator.arrivals.filter((a) => a.at >= startedAt && a.at < endAt);
  const accepted = (from, to) =>
    arrivals.filter((a) => a.status !== 429 && a.at >= from && a.at < to).length /
    ((to - from) / 1000);
  const windows = new Map();
  for (const a of arrivals)
    windows.set(Math.floor(a.at / 1000), (windows.get(Math.floor(a.at / 1000)) ?? 0) + 1);
  return {
    engine: engine.name,
    vendorWindow: sliding ? 'sliding 1 s' : 'fixed 1 s',
    chaos: chaos ?? 'none',
    durationMs,
    acceptedPerSecond: accepted(startedAt, endAt),
    utilization: accepted(startedAt, endAt) / QUOTA,
    tooMany: simulator.tooMany(),
    maxPerSecondWindow: Math.max(0, ...windows.values()),
    ...(chaos === undefined
      ? {}
      : { acceptedPerSecondAfter: accepted(startedAt + chaosAtMs + 2500, endAt) }),
    completed,
    failed,
    errors: Object.fromEntries(errors),
  };
}

const results = {
  measuredAt: new Date().toISOString(),
  environment: {
    node: process.version,
    redis: serverVersion,
    cpus: cpus().length,
    loadAverage1m: loadavg()[0],
  },
  latency: [],
  accuracy: [],
  recovery: [],
};
try {
  for (const engine of engines) {
    const row = await latency(engine);
    results.latency.push(row);
    console.log('latency', JSON.stringify(row));
  }
  for (const sliding of [false, true]) {
    for (const engine of engines) {
      const row = await shared(engine, { durationMs: 10_000, sliding });
      results.accuracy.push(row);
      console.log('accuracy', JSON.stringify(row));
    }
  }
  for (const chaos of ['flushall', 'restart']) {
    for (let repeat = 0; repeat < 2; repeat++) {
      for (const engine of engines) {
        const row = await shared(engine, { durationMs: 8000, chaos });
        results.recovery.push(row);
        console.log('recovery', JSON.stringify(row));
      }
    }
  }
} finally {
  admin.disconnect();
  await redis.stop();
}
results.environment.loadAverage1mAfter = loadavg()[0];
writeFileSync(
  new URL('./results/engines.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
// bottleneck's connections that never recovered keep their timers alive.
process.exit(0);
