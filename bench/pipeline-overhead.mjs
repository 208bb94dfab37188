import { cpus } from 'node:os';
import { createApiClient } from '@org/core/client';
import { createOperationResolver, createTransport, defaultPolicies } from '@org/core/transport';
import { createTwilioClient, operationTable } from '@org/twilio-client';
import OpenAI from 'openai';
import createClient from 'openapi-fetch';
import { writeResults } from './lib/results.mjs';
import { median, rotate, round } from './lib/stats.mjs';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
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

const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 9);
const CALLS = Number(process.env.BENCH_OVERHEAD_CALLS ?? 5000);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const BASE = 'https://api.twilio.test';
const body = JSON.stringify({
  sid: MESSAGE_SID,
  status: 'queued',
  num_segments: '1',
  body: SMS.Body,
});
const headers = { 'content-type': 'application/json' };

/** The in-memory network: a new Response per call, as a real fetch gives. */
const memoryFetch = async (input, init) => {
  const method =
    init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
  // Reading the request body is part of what a real fetch does with it.
  if (method === 'POST')
    await (typeof input === 'object' && 'arrayBuffer' in input ? input.arrayBuffer() : null);
  return new Response(body, { status: method === 'POST' ? 201 : 200, headers });
};

const path = { params: { path: { AccountSid: ACCOUNT_SID, Sid: MESSAGE_SID } } };
const create = {
  params: { path: { AccountSid: ACCOUNT_SID } },
  body: SMS,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
};
const dataOf = (result) => {
  if (result.error !== undefined) throw new Error(`unexpected error ${result.response.status}`);
  return result.data;
};

const plain = createClient({
  baseUrl: BASE,
  fetch: memoryFetch,
  headers: { authorization: BASIC },
  bodySerializer: form,
});
const transportPolicies = corePolicies();
const transportBus = subscribedBus();
const transport = createTransport({
  vendor: 'twilio',
  tenant: ACCOUNT_SID,
  fetch: memoryFetch,
  events: transportBus.bus,
  resolveOperation: createOperationResolver(operationTable),
  policies: defaultPolicies(transportPolicies),
});
const bareTransport = createTransport({ vendor: 'twilio', fetch: memoryFetch, policies: [] });
const unbufferedTransport = createTransport({
  vendor: 'twilio',
  fetch: memoryFetch,
  policies: [],
  bufferResponses: false,
});
/** A transport with one policy of the full set, to price each policy on its own. */
function transportWith(pick) {
  const bus = subscribedBus();
  const policies = corePolicies();
  return {
    ready: policiesReady(policies),
    transport: createTransport({
      vendor: 'twilio',
      tenant: ACCOUNT_SID,
      fetch: memoryFetch,
      events: bus.bus,
      resolveOperation: createOperationResolver(operationTable),
      policies: defaultPolicies({ retry: false, ...pick(policies) }),
    }),
  };
}
const single = {
  retry: transportWith((p) => ({ retry: p.retry })),
  'rate limit': transportWith((p) => ({ rateLimit: p.rateLimit })),
  auth: transportWith((p) => ({ auth: p.auth })),
  'telemetry (call + attempt, bus subscribed)': transportWith((p) => ({ telemetry: p.telemetry })),
};
await Promise.all(Object.values(single).map((s) => s.ready));
const twilioBus = subscribedBus();
const ours = createTwilioClient({
  credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  baseUrl: BASE,
  fetch: memoryFetch,
  events: twilioBus.bus,
});
const fullBus = subscribedBus();
const fullOptions = { ...twilioApiClientOptions(BASE, fullBus.bus), fetch: memoryFetch };
const full = createApiClient(fullOptions);
const noTelemetry = createApiClient({
  ...twilioApiClientOptions(BASE, undefined),
  fetch: memoryFetch,
  telemetry: undefined,
});
await Promise.all([policiesReady(fullOptions), policiesReady(transportPolicies)]);
const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: `${BASE}/v1`, fetch: memoryFetch });

const url = `${BASE}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`;
const postUrl = `${BASE}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const variants = [
  {
    name: 'memory fetch + json (the floor)',
    floor: true,
    GET: async () => (await memoryFetch(url, { headers: { authorization: BASIC } })).json(),
    POST: async () =>
      (
        await memoryFetch(postUrl, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        })
      ).json(),
  },
  {
    name: 'openapi-fetch alone',
    GET: async () => dataOf(await plain.GET(MESSAGE, path)),
    POST: async () => dataOf(await plain.POST(MESSAGES, create)),
  },
  {
    name: '@org/core transport, no policies',
    GET: async () => (await bareTransport(url, { headers: { authorization: BASIC } })).json(),
    POST: async () =>
      (
        await bareTransport(postUrl, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        })
      ).json(),
  },
  {
    name: '@org/core transport, no policies, bufferResponses: false',
    GET: async () => (await unbufferedTransport(url, { headers: { authorization: BASIC } })).json(),
    POST: async () =>
      (
        await unbufferedTransport(postUrl, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        })
      ).json(),
  },
  ...Object.entries(single).map(([policy, { transport: t }]) => ({
    name: `@org/core transport, ${policy} only`,
    GET: async () => (await t(url, { headers: { authorization: BASIC } })).json(),
    POST: async () =>
      (
        await t(postUrl, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        })
      ).json(),
  })),
  {
    name: '@org/core transport, all policies',
    GET: async () => (await transport(url)).json(),
    POST: async () =>
      (
        await transport(postUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        })
      ).json(),
  },
  {
    name: '@org/twilio-client (createTwilioClient defaults)',
    GET: async () => dataOf(await ours.GET(MESSAGE, path)),
    POST: async () => dataOf(await ours.POST(MESSAGES, { params: create.params, body: SMS })),
  },
  {
    name: '@org/twilio-client defaults, no event subscriber, no telemetry',
    GET: async () => dataOf(await noTelemetry.GET(MESSAGE, path)),
    POST: async () => dataOf(await noTelemetry.POST(MESSAGES, create)),
  },
  {
    name: '@org/twilio-client full pipeline (defaults + telemetry)',
    full: true,
    GET: async () => dataOf(await full.GET(MESSAGE, path)),
    POST: async () => dataOf(await full.POST(MESSAGES, create)),
  },
  {
    name: 'openai (official SDK), same memory fetch',
    GET: () => openai.models.retrieve('gpt-4o-mini'),
    POST: () =>
      openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      }),
  },
].filter((v) => v.floor || !ONLY || ONLY.test(v.name));

/** CPU µs of this process per call: time-sharing with other load on the machine does not count. */
async function sample(call, count) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const results = [];
for (const method of ['GET', 'POST']) {
  const samples = new Map(variants.map((v) => [v, []]));
  for (const v of variants) await sample(v[method], Math.min(CALLS, 2000)); // warm-up: JIT, limiter state
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of rotate(variants, r)) samples.get(v).push(await sample(v[method], CALLS));
  }
  const floor = median(samples.get(variants[0]));
  for (const v of variants) {
    const us = median(samples.get(v));
    results.push({
      method,
      variant: v.name,
      fullPipeline: v.full === true,
      microsecondsPerCall: round(us, 2),
      addedMicrosecondsPerCall: round(us - floor, 2),
      samples: samples.get(v).map((x) => round(x, 2)),
    });
  }
}

console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${ROUNDS} rounds x ${CALLS} calls, medians`,
);
console.log(
  'CPU µs per call with an in-memory fetch; added = beyond calling that fetch and parsing the JSON directly\n',
);
console.log('method    µs/call   added µs  variant');
for (const r of results) {
  console.log(
    `${r.method.padEnd(6)}  ${r.microsecondsPerCall.toFixed(1).padStart(8)}  ${r.addedMicrosecondsPerCall.toFixed(1).padStart(8)}  ${r.variant}`,
  );
}
writeResults('pipeline-overhead', {
  rounds: ROUNDS,
  calls: CALLS,
  statistic: 'median over rounds of process CPU µs per call',
  results,
});
