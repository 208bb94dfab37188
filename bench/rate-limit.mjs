// Overhead of the core rate limiter under quota, against a permissive bottleneck limiter.
// Run after building core: `cd packages/core && pnpm run build`, then `node bench/rate-limit.mjs`.
// Prints medians of RUNS runs: µs per acquire+release, µs per job run one after another,
// jobs/s with JOBS jobs in flight at once, and the ratios.
import Bottleneck from 'bottleneck';
import { RateLimiter, rateLimitPolicy, resolveRule } from '../packages/core/dist/rate-limit.js';

const RUNS = 5;
const SYNC_OPS = 1_000_000;
// bottleneck takes milliseconds per job: fewer of its jobs keep a run to a few seconds.
const SEQ_JOBS = { core: 20_000, bottleneck: 200 };
const JOBS = { core: 20_000, bottleneck: 1_000 };

// Under quota by far: the limits exist (window, spacing check, semaphore) but are never reached.
const profile = { requestsPerInterval: 1_000_000_000, intervalMs: 1000, concurrency: 1_000_000 };
const buckets = [{ key: 'acme:default:*', rule: resolveRule(profile) }];

const job = () => Promise.resolve(1);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function syncCore() {
  const limiter = new RateLimiter();
  const start = process.hrtime.bigint();
  for (let i = 0; i < SYNC_OPS; i++) {
    if (limiter.acquire(buckets) !== undefined) throw new Error('expected the fast path');
    limiter.release(buckets);
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / SYNC_OPS;
}

async function runCore(limiter) {
  const pending = limiter.acquire(buckets);
  if (pending !== undefined) await pending;
  try {
    return await job();
  } finally {
    limiter.release(buckets);
  }
}

async function sequential(run, jobs) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < jobs; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1e3 / jobs;
}

async function concurrent(run, jobs) {
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: jobs }, run));
  return jobs / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** The policy as the transport runs it: acquire, call next, release, read the response's headers. */
async function policyPerRequest() {
  const response = new Response(null, {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
  const next = async () => response;
  const handler = rateLimitPolicy(profile).wrap(next);
  const request = new Request('https://api.example.test/items');
  const ctx = {
    vendor: 'acme',
    operation: undefined,
    tenant: undefined,
    signal: new AbortController().signal,
    callerSignal: undefined,
    deadline: Number.POSITIVE_INFINITY,
    attempt: 1,
    events: { active: false, emit() {} },
    state: new Map(),
  };
  const N = 200_000;
  const time = async (fn) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await fn(request, ctx);
    return Number(process.hrtime.bigint() - start) / 1e3 / N;
  };
  await time(handler); // warm up
  const withPolicy = await time(handler);
  const without = await time(next);
  return withPolicy - without;
}

const results = {
  sync: [],
  coreSeq: [],
  bottleSeq: [],
  bareSeq: [],
  coreRate: [],
  bottleRate: [],
  policy: [],
};
for (let run = 0; run < RUNS; run++) {
  results.sync.push(syncCore());
  const core = new RateLimiter();
  const bottleneck = new Bottleneck(); // permissive: no maxConcurrent, no minTime, no reservoir
  results.bareSeq.push(await sequential(job, SEQ_JOBS.core));
  results.coreSeq.push(await sequential(() => runCore(core), SEQ_JOBS.core));
  results.bottleSeq.push(await sequential(() => bottleneck.schedule(job), SEQ_JOBS.bottleneck));
  results.coreRate.push(await concurrent(() => runCore(core), JOBS.core));
  results.bottleRate.push(await concurrent(() => bottleneck.schedule(job), JOBS.bottleneck));
  results.policy.push(await policyPerRequest());
}

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const fmt = (n, digits = 2) => n.toFixed(digits);
console.log(`rate limiter overhead, medians of ${RUNS} runs (node ${process.version})`);
console.log(`  core acquire + release, fast path: ${fmt(m.sync, 3)} µs`);
console.log(
  `  core policy per request (acquire, release, response header scan): ${fmt(m.policy)} µs`,
);
console.log(
  `  one job after another: bare ${fmt(m.bareSeq)} µs, core ${fmt(m.coreSeq)} µs (+${fmt(m.coreSeq - m.bareSeq)}), bottleneck ${fmt(m.bottleSeq)} µs (+${fmt(m.bottleSeq - m.bareSeq)})`,
);
console.log(
  `  added per job: bottleneck / core = ${fmt((m.bottleSeq - m.bareSeq) / Math.max(m.coreSeq - m.bareSeq, 0.001), 0)}x`,
);
console.log(
  `  jobs all in flight at once (${JOBS.core} core, ${JOBS.bottleneck} bottleneck): core ${fmt(m.coreRate, 0)} jobs/s, bottleneck ${fmt(m.bottleRate, 0)} jobs/s, core / bottleneck = ${fmt(m.coreRate / m.bottleRate, 1)}x`,
);
