// The CPU the telemetry layer (call and attempt telemetry policies and a
// subscribed EventBus) adds per call, in memory and on loopback.
//
//   node bench/telemetry-overhead.mjs
//   BENCH_TELEMETRY_BASELINE=<dir>/telemetry.js node bench/telemetry-overhead.mjs
//
// BENCH_TELEMETRY_BASELINE is the `telemetry.js` of another build of
// @org/core: copy `packages/core/dist/` aside before a change, rebuild, and
// pass the copy's `telemetry.js`. That module's policies and EventBus then run
// interleaved with the current ones on the same transport, and each scenario
// reports both and their ratio.
//
// In memory: a 200 (ApiCallSucceeded), a 404 (ApiCallFailed, with redacted
// request and response headers), both with the OpenTelemetry api bound but no
// SDK, and a 200 with the OpenTelemetry SDK's tracer and meter providers as
// well (when `@opentelemetry/sdk-trace-base` and `sdk-metrics` resolve from
// @org/core, whose dev dependencies they are). Figure: process CPU µs per
// call minus the bare transport's, over interleaved rounds.
//
// On loopback (bench/server.mjs), 32 calls in flight: the full Twilio
// pipeline of pipeline-policies.mjs (retry, rate limit, Basic auth, call and
// attempt telemetry, a subscribed EventBus) minus the same client without
// telemetry and bus, for a GET answered 200 and a GET answered 404 (the list
// route the server does not serve, which is what bench/profile-pipeline.mjs
// sends). BENCH_TELEMETRY_WIRE=0 skips it.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as otel from '@opentelemetry/api';
import { createApiClient } from '@org/core/client';
import * as current from '@org/core/telemetry';
import { createOperationResolver, createTransport } from '@org/core/transport';
import { manifest, operationTable } from '@org/twilio-client';
import { median, rotate, round } from './lib/stats.mjs';
import {
  ACCOUNT_SID,
  BASIC,
  MESSAGE,
  MESSAGE_SID,
  MESSAGES,
  twilioApiClientOptions,
} from './pipeline-policies.mjs';

const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 15);
const CALLS = Number(process.env.BENCH_OVERHEAD_CALLS ?? 6000);
const WIRE = process.env.BENCH_TELEMETRY_WIRE !== '0';
const WIRE_ROUNDS = Number(process.env.BENCH_WIRE_ROUNDS ?? 21);
const WIRE_REQUESTS = Number(process.env.BENCH_WIRE_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const BASE = 'https://api.twilio.com';
const url = `${BASE}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`;

// What Twilio answers with (headers as its API sends them), so header
// redaction and text scrubbing see realistic values.
const responseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  date: 'Sat, 21 Nov 2026 10:59:35 GMT',
  'twilio-request-id': 'RQ0123456789abcdef0123456789abcdef',
  'twilio-concurrent-requests': '1',
  'x-powered-by': 'AT-5000',
  'x-shenanigans': 'none',
  'x-home-region': 'us1',
  'x-api-domain': 'api.twilio.com',
  'strict-transport-security': 'max-age=31536000',
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Idempotency-Key',
  connection: 'keep-alive',
};
const okBody = JSON.stringify({ sid: MESSAGE_SID, status: 'delivered', num_segments: '1' });
const notFoundBody = JSON.stringify({
  code: 20404,
  message: `The requested resource /2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json was not found`,
  more_info: 'https://www.twilio.com/docs/errors/20404',
  status: 404,
});
const memoryFetch = (status, body) => async () =>
  new Response(body, { status, headers: responseHeaders });
const requestInit = {
  headers: {
    authorization: BASIC,
    accept: 'application/json',
    'user-agent': `@org/twilio-client/${manifest.version} node/${process.versions.node}`,
  },
};

function loadSdk() {
  try {
    const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
    const trace = require('@opentelemetry/sdk-trace-base');
    const metrics = require('@opentelemetry/sdk-metrics');
    return { trace, metrics };
  } catch {
    return undefined;
  }
}
const sdk = loadSdk();
/** Real SDK providers whose exporters drop what they get: the SDK's recording cost stays in. */
function sdkProviders() {
  const exporter = {
    export: (_items, done) => done({ code: 0 }),
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const tracerProvider = new sdk.trace.BasicTracerProvider({
    spanProcessors: [new sdk.trace.SimpleSpanProcessor(exporter)],
  });
  const meterProvider = new sdk.metrics.MeterProvider({
    readers: [
      new sdk.metrics.PeriodicExportingMetricReader({
        exporter: {
          ...exporter,
          selectAggregationTemporality: () => sdk.metrics.AggregationTemporality.CUMULATIVE,
        },
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
  return { tracerProvider, meterProvider };
}

const modules = [{ name: 'current', module: current }];
if (process.env.BENCH_TELEMETRY_BASELINE) {
  const module = await import(pathToFileURL(process.env.BENCH_TELEMETRY_BASELINE).href);
  modules.unshift({ name: 'baseline', module });
}

function transportFor(fetch, policies, events) {
  return createTransport({
    vendor: manifest.id,
    tenant: ACCOUNT_SID,
    fetch,
    events,
    resolveOperation: createOperationResolver(operationTable),
    policies,
  });
}

/** One pipeline per telemetry module: its policies and its EventBus, with one subscriber. */
function telemetryTransport(module, fetch, otelOptions) {
  const bus = new module.EventBus();
  let received = 0;
  bus.onAny(() => {
    received++;
  });
  const policies = [
    module.callTelemetryPolicy({ otel, packVersion: manifest.version, ...otelOptions }),
    module.attemptTelemetryPolicy({ otel, ...otelOptions }),
  ];
  return { transport: transportFor(fetch, policies, bus), received: () => received };
}

const scenarios = [
  { name: 'GET 200, ApiCallSucceeded, no OTel SDK', fetch: memoryFetch(200, okBody) },
  { name: 'GET 404, ApiCallFailed, no OTel SDK', fetch: memoryFetch(404, notFoundBody) },
];
if (sdk !== undefined) {
  scenarios.push({
    name: 'GET 200, ApiCallSucceeded, OTel SDK tracer + meter',
    fetch: memoryFetch(200, okBody),
    otel: true,
  });
}

/** CPU µs of this process per call: time-sharing with other load on the machine does not count. */
async function sample(transport, count) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await (await transport(url, requestInit)).arrayBuffer();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const quartile = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 4)];

/**
 * Interleaved rounds of `sampleOf` over the floor and each variant. Prints,
 * per variant, the µs it adds to the floor (each round's sample minus that
 * round's floor): median and lower quartile over rounds (the quartile is the
 * least disturbed by other load). With a baseline, also baseline / current
 * of those medians and the median over rounds of baseline minus current.
 */
async function compare(label, floor, variants, sampleOf, rounds, warmup) {
  const all = [floor, ...variants];
  const samples = new Map(all.map((v) => [v, []]));
  for (const v of all) await sampleOf(v, warmup); // warm-up: JIT, connections, limiter state
  for (let r = 0; r < rounds; r++) {
    for (const v of rotate(all, r)) samples.get(v).push(await sampleOf(v));
  }
  for (const v of variants) {
    if (v.received() === 0) throw new Error(`${v.name}: the subscriber received no event`);
  }
  const added = (v) => samples.get(v).map((us, i) => us - (samples.get(floor)[i] ?? 0));
  console.log(`${label} (floor ${round(median(samples.get(floor)), 1)} µs/call)`);
  for (const v of variants) {
    const own = added(v);
    console.log(
      `  ${v.name.padEnd(9)} added ${round(median(own), 2)} µs (lower quartile ${round(quartile(own), 2)})`,
    );
  }
  if (variants.length === 2) {
    const [before, after] = variants.map(added);
    const saved = before.map((b, i) => b - (after[i] ?? 0));
    console.log(
      `  baseline / current ${round(median(before) / median(after), 2)}x (lower quartiles ${round(quartile(before) / quartile(after), 2)}x); saved ${round(median(saved), 2)} µs per call`,
    );
  }
}

console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}; medians over interleaved rounds`,
);
console.log(
  `\nIn memory, ${ROUNDS} rounds x ${CALLS} calls: CPU µs per call the call + attempt telemetry policies add to the bare transport`,
);
for (const scenario of scenarios) {
  const floor = { name: 'floor', transport: transportFor(scenario.fetch, [], undefined) };
  const variants = modules.map(({ name, module }) => {
    const built = telemetryTransport(
      module,
      scenario.fetch,
      scenario.otel ? sdkProviders() : undefined,
    );
    return { name, ...built };
  });
  await compare(
    scenario.name,
    floor,
    variants,
    (v, count = CALLS) => sample(v.transport, count),
    ROUNDS,
    Math.min(CALLS, 2000),
  );
}

if (WIRE) {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), {
    stdio: 'inherit',
  });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const base = `http://127.0.0.1:${port}`;
  const wireClient = (module) => {
    if (module === undefined) {
      return createApiClient({ ...twilioApiClientOptions(base, undefined), telemetry: undefined });
    }
    const bus = new module.EventBus();
    let received = 0;
    bus.onAny(() => {
      received++;
    });
    const client = createApiClient({
      ...twilioApiClientOptions(base, bus),
      telemetry: {
        call: module.callTelemetryPolicy({ otel, packVersion: manifest.version }),
        attempt: module.attemptTelemetryPolicy({ otel }),
      },
    });
    return { client, received: () => received };
  };
  /** Client CPU µs per request, CONCURRENCY in flight; the server is another process. */
  async function wireSample(client, call, count) {
    let sent = 0;
    const before = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent++ < count) await call(client);
      }),
    );
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  }
  const calls = [
    {
      name: 'GET 200 (message), ApiCallSucceeded',
      call: async (client) => {
        const result = await client.GET(MESSAGE, {
          params: { path: { AccountSid: ACCOUNT_SID, Sid: MESSAGE_SID } },
        });
        if (result.response.status !== 200) throw new Error(`status ${result.response.status}`);
      },
    },
    {
      name: 'GET 404 (list), ApiCallFailed',
      call: async (client) => {
        const result = await client.GET(MESSAGES, {
          params: { path: { AccountSid: ACCOUNT_SID } },
        });
        if (result.response.status !== 404) throw new Error(`status ${result.response.status}`);
      },
    },
  ];
  console.log(
    `\nLoopback, ${CONCURRENCY} in flight, ${WIRE_ROUNDS} rounds x ${WIRE_REQUESTS} requests: client CPU µs per request the telemetry (policies + subscribed bus) adds to the full Twilio pipeline`,
  );
  try {
    for (const { name, call } of calls) {
      const floor = { name: 'no telemetry', client: wireClient(undefined) };
      const variants = modules.map(({ name, module }) => ({ name, ...wireClient(module) }));
      await compare(
        name,
        floor,
        variants,
        (v, count = WIRE_REQUESTS) => wireSample(v.client, call, count),
        WIRE_ROUNDS,
        500,
      );
    }
  } finally {
    child.disconnect();
  }
}
