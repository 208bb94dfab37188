// Request pipeline throughput, side by side in one run against one loopback
// server (bench/server.mjs, a child process): raw fetch, undici.request,
// openapi-fetch alone and with bottleneck + p-retry, the @org/core transport,
// @org/twilio-client with its default policies and with telemetry on, and the
// official twilio, openai and @octokit/core (+ retry + throttling) SDKs.
// GET and POST, 1 and 32 requests in flight.
//
// Each round runs every variant once, in an order rotated between rounds, so
// drift on a loaded machine hits all alike. A ratio is the median over rounds
// of the variant's throughput over raw fetch's on the same vendor shape in
// the same round; req/s and CPU figures are medians over rounds. Besides wall throughput
// it records the client process's CPU time per request (process.cpuUsage),
// which other load on the machine disturbs far less.
//
//   BENCH_ROUNDS (default 9), BENCH_REQUESTS per sample (default 400),
//   BENCH_ONLY=<regex> to run only the matching variants beside the baselines.
// Writes bench/results/pipeline.json.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeResults } from './lib/results.mjs';
import { median, rotate, round } from './lib/stats.mjs';
import { createVariants } from './pipeline-variants.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const WARMUP = Math.min(300, REQUESTS);
const PACED_REQUESTS = 3;
const TARGET_RATIO = 0.9;
const TARGET_ADDED_US = 50;

const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' });
const { port } = await new Promise((resolve) => child.once('message', resolve));
const base = `http://127.0.0.1:${port}`;
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const built = await createVariants(base);
const events = built.events;
// BENCH_ONLY=<regex> keeps the matching variants (and the raw fetch baselines) for a focused run.
const variants = built.variants.filter((v) => v.baseline || !only || only.test(v.name));

/** `count` calls with `concurrency` in flight; wall req/s and client CPU µs per request. */
async function sample(call, concurrency, count) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { rps: count / seconds, cpuUs: (cpu.user + cpu.system) / count };
}

const results = [];
for (const method of ['GET', 'POST']) {
  for (const concurrency of [1, 32]) {
    const label = `${method} c=${concurrency}`;
    const samples = new Map(variants.map((v) => [v, []]));
    const paced = (v) => method === 'POST' && v.pacedPost;
    for (const v of variants) {
      const first = await v[method]();
      if (!v.expect(first))
        throw new Error(`${v.name} (${v.shape}) ${method}: unexpected response`);
      if (paced(v)) {
        // One sample of a few sequential calls: the figure is the pacing itself.
        if (concurrency === 1) samples.get(v).push(await sample(v[method], 1, PACED_REQUESTS));
        continue;
      }
      await sample(v[method], concurrency, WARMUP);
    }
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`pipeline ${label}: round ${r + 1}/${ROUNDS}\n`);
      for (const v of rotate(variants, r)) {
        if (!paced(v)) samples.get(v).push(await sample(v[method], concurrency, REQUESTS));
      }
    }
    const baselines = new Map(
      variants.filter((v) => v.baseline).map((v) => [v.shape, samples.get(v)]),
    );
    for (const v of variants) {
      const own = samples.get(v);
      if (own.length === 0) {
        results.push({
          method,
          concurrency,
          variant: v.name,
          shape: v.shape,
          skipped: 'paced at one write per second by design; see the c=1 row',
        });
        continue;
      }
      const raw = baselines.get(v.shape);
      const s = summarize(own);
      const r = summarize(raw);
      // Paired: each round's figure over the same round's raw fetch, then the
      // median, so a load burst that slows one round cancels out.
      const paired =
        own.length === raw.length ? own.map((x, i) => x.rps / raw[i].rps) : [s.rps / r.rps];
      results.push({
        method,
        concurrency,
        variant: v.name,
        shape: v.shape,
        ours: v.ours === true,
        fullPipeline: v.full === true,
        requestsPerSecond: Math.round(s.rps),
        ratioToRawFetch: round(median(paired), 3),
        // Time one request takes beyond raw fetch's, one at a time (wall clock).
        addedMicrosecondsPerRequest:
          concurrency === 1 ? Math.round(1e6 / s.rps - 1e6 / r.rps) : undefined,
        cpuMicrosecondsPerRequest: round(s.cpuUs, 1),
        addedCpuMicrosecondsPerRequest: round(s.cpuUs - r.cpuUs, 1),
        samples: own.map((x) => Math.round(x.rps)),
      });
    }
  }
}
child.disconnect();

function summarize(list) {
  return { rps: median(list.map((x) => x.rps)), cpuUs: median(list.map((x) => x.cpuUs)) };
}

const full = results.filter((r) => r.fullPipeline && r.requestsPerSecond !== undefined);
const targets = {
  ratioAtLeast: TARGET_RATIO,
  addedMicrosecondsBelow: TARGET_ADDED_US,
  checks: full.map((r) => ({
    method: r.method,
    concurrency: r.concurrency,
    ratioToRawFetch: r.ratioToRawFetch,
    ratioMet: r.ratioToRawFetch >= TARGET_RATIO,
    addedMicrosecondsPerRequest: r.addedMicrosecondsPerRequest,
    addedCpuMicrosecondsPerRequest: r.addedCpuMicrosecondsPerRequest,
    addedMet:
      r.addedMicrosecondsPerRequest === undefined
        ? undefined
        : r.addedMicrosecondsPerRequest < TARGET_ADDED_US,
  })),
};

console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${ROUNDS} rounds x ${REQUESTS} requests, medians`,
);
console.log(
  'ratio: to raw fetch on the same vendor shape; +µs: wall time added per request at c=1; cpu: client CPU µs per request\n',
);
console.log('method  conc   req/s   ratio    +µs   cpu µs  shape   variant');
for (const r of results) {
  if (r.skipped) {
    console.log(
      `${r.method.padEnd(6)}  ${String(r.concurrency).padStart(4)}  ${'-'.padStart(6)}  ${'-'.padStart(6)}  ${''.padStart(5)}  ${''.padStart(7)}  ${r.shape.padEnd(6)}  ${r.variant} (${r.skipped})`,
    );
    continue;
  }
  console.log(
    `${r.method.padEnd(6)}  ${String(r.concurrency).padStart(4)}  ${String(r.requestsPerSecond).padStart(6)}  ${r.ratioToRawFetch.toFixed(2).padStart(5)}x  ${String(r.addedMicrosecondsPerRequest ?? '').padStart(5)}  ${r.cpuMicrosecondsPerRequest.toFixed(0).padStart(7)}  ${r.shape.padEnd(6)}  ${r.variant}`,
  );
}
console.log('\ntargets for the full pipeline (@org/twilio-client, defaults + telemetry):');
for (const c of targets.checks) {
  console.log(
    `  ${c.method} c=${c.concurrency}: ${c.ratioToRawFetch.toFixed(2)}x raw fetch (>= ${TARGET_RATIO}: ${c.ratioMet ? 'met' : 'MISSED'})` +
      (c.addedMet === undefined
        ? ''
        : `, +${c.addedMicrosecondsPerRequest} µs/request (< ${TARGET_ADDED_US}: ${c.addedMet ? 'met' : 'MISSED'})`) +
      `, +${c.addedCpuMicrosecondsPerRequest} CPU µs/request`,
  );
}
console.log(`telemetry events delivered to subscribers: ${JSON.stringify(events)}`);

writeResults('pipeline', {
  rounds: ROUNDS,
  requests: REQUESTS,
  statistic: 'median over rounds; ratio to raw fetch on the same vendor shape',
  targets,
  eventsDelivered: events,
  results,
});
