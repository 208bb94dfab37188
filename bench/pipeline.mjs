// Request pipeline throughput: raw fetch, openapi-fetch alone, and the
// @org/core pipeline with its default policies, side by side in one run
// against one loopback server. Prints ratios to raw fetch and the time each
// pipeline adds per request; writes bench/results/pipeline.json.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@org/core/client';
import { createTransport, defaultPolicies } from '@org/core/transport';
import createClient from 'openapi-fetch';
import { corePolicies } from './pipeline-policies.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);

const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' });
const { port } = await new Promise((resolve) => child.once('message', resolve));
const base = `http://127.0.0.1:${port}`;
const postBody = JSON.stringify({ to: '+15550001111', body: 'hello from the benchmark' });

const operations = [
  { id: 'FetchMessage', method: 'GET', path: '/Messages/{Sid}.json' },
  { id: 'CreateMessage', method: 'POST', path: '/Messages.json' },
];
const plain = createClient({ baseUrl: base });
const full = createApiClient({ vendor: 'bench', baseUrl: base, operations, ...corePolicies() });
const transportOnly = createTransport({ vendor: 'bench', policies: defaultPolicies(corePolicies()) });

const variants = {
  'raw fetch': {
    GET: async () => (await fetch(`${base}/Messages/SM1.json`)).json(),
    POST: async () =>
      (await fetch(`${base}/Messages.json`, { method: 'POST', body: postBody, headers: { 'content-type': 'application/json' } })).json(),
  },
  'openapi-fetch alone': {
    GET: () => plain.GET('/Messages/{Sid}.json', { params: { path: { Sid: 'SM1' } } }),
    POST: () => plain.POST('/Messages.json', { body: JSON.parse(postBody) }),
  },
  '@org/core transport (fetch replacement)': {
    GET: async () => (await transportOnly(`${base}/Messages/SM1.json`)).json(),
    POST: async () =>
      (await transportOnly(`${base}/Messages.json`, { method: 'POST', body: postBody, headers: { 'content-type': 'application/json' } })).json(),
  },
  '@org/core client (openapi-fetch + full default policies)': {
    GET: () => full.GET('/Messages/{Sid}.json', { params: { path: { Sid: 'SM1' } } }),
    POST: () => full.POST('/Messages.json', { body: JSON.parse(postBody) }),
  },
};

async function run(call, concurrency, count) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (const method of ['GET', 'POST']) {
  for (const concurrency of [1, 32]) {
    const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    for (const [name, v] of Object.entries(variants)) await run(v[method], concurrency, 300); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Interleave variants each round so drift on a noisy machine hits all alike.
      for (const [name, v] of Object.entries(variants)) samples[name].push(await run(v[method], concurrency, REQUESTS));
    }
    const raw = median(samples['raw fetch']);
    for (const name of Object.keys(variants)) {
      const rps = median(samples[name]);
      results.push({
        method,
        concurrency,
        variant: name,
        requestsPerSecond: Math.round(rps),
        ratioToRawFetch: Number((rps / raw).toFixed(3)),
        addedMicrosecondsPerRequest: concurrency === 1 ? Math.round(1e6 / rps - 1e6 / raw) : undefined,
      });
    }
  }
}
child.disconnect();

console.log(`Node ${process.version}, ${ROUNDS} rounds x ${REQUESTS} requests, medians\n`);
console.log('method  conc  req/s   ratio  +µs/req  variant');
for (const r of results) {
  console.log(
    `${r.method.padEnd(6)}  ${String(r.concurrency).padStart(4)}  ${String(r.requestsPerSecond).padStart(6)}  ${r.ratioToRawFetch.toFixed(2).padStart(5)}x  ${String(r.addedMicrosecondsPerRequest ?? '').padStart(7)}  ${r.variant}`,
  );
}
writeFileSync(
  new URL('./results/pipeline.json', import.meta.url),
  `${JSON.stringify({ node: process.version, rounds: ROUNDS, requests: REQUESTS, results }, null, 2)}\n`,
);
