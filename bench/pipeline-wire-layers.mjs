// Where the pipeline's time goes on the wire: the core transport with no
// policy, with response buffering off, with each default policy alone and
// with all of them, openapi-fetch alone and the full @org/twilio-client
// pipeline, each sending GET and POST to the loopback server
// (bench/server.mjs). The in-memory fetch of pipeline-overhead.mjs skips
// what a real fetch does with the request's signal and body stream, so the
// same layers cost more here.
//
// The transport rows send with the default engine (undici's dispatcher on Node); two
// rows with engine: fetch show what the send path itself changes.
//
// Figure: client process CPU µs per request beyond raw fetch's, many short
// interleaved rounds; the median and the lower quartile (the least disturbed
// by other load on the machine) over rounds.
//   BENCH_WIRE_ROUNDS (default 25), BENCH_WIRE_REQUESTS per sample (default 150)
// Writes bench/results/pipeline-wire-layers.json.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@org/core/client';
import { createOperationResolver, createTransport, defaultPolicies } from '@org/core/transport';
import { operationTable } from '@org/twilio-client';
import createClient from 'openapi-fetch';
import { writeResults } from './lib/results.mjs';
import { median, rotate, round } from './lib/stats.mjs';
import {
  ACCOUNT_SID,
  BASIC,
  corePolicies,
  form,
  MESSAGE,
  MESSAGE_SID,
  MESSAGES,
  policiesReady,
  SMS,
  subscribedBus,
  twilioApiClientOptions,
} from './pipeline-policies.mjs';

const ROUNDS = Number(process.env.BENCH_WIRE_ROUNDS ?? 25);
const REQUESTS = Number(process.env.BENCH_WIRE_REQUESTS ?? 150);

const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' });
const { port } = await new Promise((resolve) => child.once('message', resolve));
const base = `http://127.0.0.1:${port}`;
const getUrl = `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`;
const postUrl = `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const postInit = (headers) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: form(SMS),
});

/** A transport with some of the full set's policies (retry off unless picked). */
function transportWith(pick, extra = {}) {
  const policies = corePolicies();
  return {
    ready: policiesReady(policies),
    transport: createTransport({
      vendor: 'twilio',
      tenant: ACCOUNT_SID,
      events: subscribedBus().bus,
      resolveOperation: createOperationResolver(operationTable),
      policies: defaultPolicies({ retry: false, ...pick(policies) }),
      ...extra,
    }),
  };
}
const transports = {
  'transport, no policies, engine: fetch': transportWith(() => ({}), { engine: 'fetch' }),
  'transport, all policies, engine: fetch': transportWith((p) => p, { engine: 'fetch' }),
  'transport, no policies': transportWith(() => ({})),
  'transport, no policies, bufferResponses: false': transportWith(() => ({}), {
    bufferResponses: false,
  }),
  'transport, retry only': transportWith((p) => ({ retry: p.retry })),
  'transport, rate limit only': transportWith((p) => ({ rateLimit: p.rateLimit })),
  'transport, auth only': transportWith((p) => ({ auth: p.auth })),
  'transport, telemetry only (bus subscribed)': transportWith((p) => ({ telemetry: p.telemetry })),
  'transport, all policies': transportWith((p) => p),
};
const fullOptions = twilioApiClientOptions(base, subscribedBus().bus);
const full = createApiClient(fullOptions);
await Promise.all([...Object.values(transports).map((t) => t.ready), policiesReady(fullOptions)]);
const plain = createClient({
  baseUrl: base,
  headers: { authorization: BASIC },
  bodySerializer: form,
});
const path = { params: { path: { AccountSid: ACCOUNT_SID, Sid: MESSAGE_SID } } };
const create = {
  params: { path: { AccountSid: ACCOUNT_SID } },
  body: SMS,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
};

const variants = [
  {
    name: 'raw fetch',
    GET: async () => (await fetch(getUrl, { headers: { authorization: BASIC } })).json(),
    POST: async () => (await fetch(postUrl, postInit({ authorization: BASIC }))).json(),
  },
  ...Object.entries(transports).map(([name, { transport }]) => ({
    name,
    GET: async () => (await transport(getUrl, { headers: { authorization: BASIC } })).json(),
    POST: async () => (await transport(postUrl, postInit({ authorization: BASIC }))).json(),
  })),
  {
    name: 'openapi-fetch alone',
    GET: async () => (await plain.GET(MESSAGE, path)).data,
    POST: async () => (await plain.POST(MESSAGES, create)).data,
  },
  {
    name: '@org/twilio-client full pipeline (defaults + telemetry)',
    full: true,
    GET: async () => (await full.GET(MESSAGE, path)).data,
    POST: async () => (await full.POST(MESSAGES, create)).data,
  },
];

async function sample(call, count) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}
const quartile = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 4)];

const results = [];
for (const method of ['GET', 'POST']) {
  const samples = new Map(variants.map((v) => [v, []]));
  for (const v of variants) await sample(v[method], 200);
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of rotate(variants, r)) samples.get(v).push(await sample(v[method], REQUESTS));
  }
  const raw = samples.get(variants[0]);
  for (const v of variants) {
    const own = samples.get(v);
    results.push({
      method,
      variant: v.name,
      fullPipeline: v.full === true,
      cpuMicrosecondsPerRequest: round(median(own), 1),
      addedCpuMicroseconds: round(median(own) - median(raw), 1),
      addedCpuMicrosecondsLowerQuartile: round(quartile(own) - quartile(raw), 1),
    });
  }
}
child.disconnect();

console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${ROUNDS} rounds x ${REQUESTS} requests`,
);
console.log(
  'client CPU µs per request on loopback, added beyond raw fetch: median over rounds, and lower quartile\n',
);
console.log('method   cpu µs   added   added q1  variant');
for (const r of results) {
  console.log(
    `${r.method.padEnd(6)}  ${r.cpuMicrosecondsPerRequest.toFixed(0).padStart(6)}  ${r.addedCpuMicroseconds.toFixed(0).padStart(6)}  ${r.addedCpuMicrosecondsLowerQuartile.toFixed(0).padStart(8)}  ${r.variant}`,
  );
}
writeResults('pipeline-wire-layers', {
  rounds: ROUNDS,
  requests: REQUESTS,
  statistic:
    'client process CPU µs per request over rounds, minus raw fetch (median; lower quartile)',
  results,
});
