// Four forked processes share one vendor quota through @org/rate-limit-redis,
// each a transport from createTransport with the core rate-limit policy,
// against a loopback vendor that answers 429 over its limit (the same
// scenario as test/multi-process.test.ts, for 20 s instead of 5 s):
//   rate:        50 req/s per fixed second; the aggregate rate, utilization and 429s
//   concurrency: 8 in flight, 100 ms per request; the most in flight and mean utilization
// `--sweep` also runs the rate scenario at several windowMarginMs values, 3 times each.
//
// Run: pnpm --filter @org/rate-limit-redis build && node bench/redis-quota.mjs [--sweep]
// Uses the built package (dist). Writes bench/results/redis-quota.json.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import './../test/scenario/ts-resolve.mjs';

const { redisServerBinary, startRedisServer } = await import('../test/scenario/redis-server.ts');
const { runQuota } = await import('../test/scenario/run-quota.ts');

const DURATION_MS = 20_000;
const QUOTA = 50;
const CONCURRENCY = 8;
const storeModule = new URL('../dist/index.js', import.meta.url).href;
const binary = redisServerBinary();
if (binary === undefined) throw new Error('NO_REDIS=1: nothing to measure');

function summary(result, extra) {
  const seconds = result.durationMs / 1000;
  return {
    ...extra,
    durationMs: result.durationMs,
    accepted: result.accepted,
    acceptedPerSecond: result.accepted / seconds,
    tooMany: result.tooMany,
    maxPerSecondWindow: result.maxPerSecond,
    maxInFlight: result.maxInFlight,
    meanInFlight: Number(result.meanInFlight.toFixed(3)),
    callsOk: result.reports.reduce((n, r) => n + r.ok, 0),
    callsFailed: result.reports.reduce(
      (n, r) => n + Object.values(r.failed).reduce((a, b) => a + b, 0),
      0,
    ),
    untypedFailures: result.reports.reduce((n, r) => n + r.untyped, 0),
    maxEventLoopStallMs: Math.max(...result.reports.map((r) => r.maxLoopDelayMs)),
    exitCodes: result.exitCodes,
  };
}

const redis = await startRedisServer(binary);
const results = {
  measuredAt: new Date().toISOString(),
  environment: { node: process.version, cpus: cpus().length, loadAverage1m: loadavg()[0] },
  scenario: { processes: 4, callersPerProcess: 16, durationMs: DURATION_MS },
};
try {
  const rate = await runQuota({
    workers: 4,
    durationMs: DURATION_MS,
    redisPort: redis.port,
    simulator: { perSecond: QUOTA },
    profile: { requestsPerInterval: QUOTA, intervalMs: 1000 },
    store: { expectedProcesses: 4 },
    storeModule,
  });
  results.rate = summary(rate, { quotaPerSecond: QUOTA });
  results.rate.utilization = results.rate.acceptedPerSecond / QUOTA;
  console.log('rate', JSON.stringify(results.rate));

  const concurrency = await runQuota({
    workers: 4,
    durationMs: DURATION_MS,
    redisPort: redis.port,
    simulator: { concurrency: CONCURRENCY, delayMs: 100 },
    profile: { concurrency: CONCURRENCY },
    store: { expectedProcesses: 4 },
    storeModule,
  });
  results.concurrency = summary(concurrency, { limit: CONCURRENCY, delayMs: 100 });
  results.concurrency.utilization = concurrency.meanInFlight / CONCURRENCY;
  console.log('concurrency', JSON.stringify(results.concurrency));

  if (process.argv.includes('--sweep')) {
    results.marginSweep = [];
    for (const windowMarginMs of [0, 10, 25, 50]) {
      for (let i = 0; i < 3; i++) {
        const run = await runQuota({
          workers: 4,
          durationMs: DURATION_MS,
          redisPort: redis.port,
          simulator: { perSecond: QUOTA },
          profile: { requestsPerInterval: QUOTA, intervalMs: 1000 },
          store: { expectedProcesses: 4, windowMarginMs },
          storeModule,
        });
        const row = summary(run, { windowMarginMs, loadAverage1m: loadavg()[0] });
        results.marginSweep.push(row);
        console.log('sweep', JSON.stringify(row));
      }
    }
  }
} finally {
  await redis.stop();
}
writeFileSync(
  new URL('./results/redis-quota.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
