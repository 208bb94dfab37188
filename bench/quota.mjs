// Quota utilization against a simulated vendor limit: one process, the
// in-process limiter, a loopback vendor (bench/quota-server.mjs) allowing
// QUOTA requests per one-second window and refusing the rest with 429 +
// Retry-After: 1. Each client sends "create message" calls from 32 loops at
// once for DURATION seconds, starting on a window boundary; utilization is
// what the server accepted inside those windows over QUOTA x seconds, and
// every 429 the server sent is counted.
//
//   BENCH_QUOTA (default 50 requests/s), BENCH_QUOTA_SECONDS (default 10)
// Writes bench/results/quota.json.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTwilioClient, manifest } from '@org/twilio-client';
import Bottleneck from 'bottleneck';
import createClient from 'openapi-fetch';
import pRetry from 'p-retry';
import { writeResults } from './lib/results.mjs';
import { round } from './lib/stats.mjs';
import { ACCOUNT_SID, AUTH_TOKEN, MESSAGES, SMS } from './pipeline-policies.mjs';

const QUOTA = Number(process.env.BENCH_QUOTA ?? 50);
const SECONDS = Number(process.env.BENCH_QUOTA_SECONDS ?? 10);
const LOOPS = 32;
const params = { path: { AccountSid: ACCOUNT_SID } };

const child = fork(fileURLToPath(new URL('./quota-server.mjs', import.meta.url)), {
  stdio: 'inherit',
  env: { ...process.env, QUOTA_LIMIT: String(QUOTA) },
});
const ask = (type) =>
  new Promise((resolve) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
const { port } = await new Promise((resolve) => child.once('message', resolve));
const base = `http://127.0.0.1:${port}`;
const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };

const clients = [
  {
    name: '@org/twilio-client, pack profile + the quota (50 requests per 1000 ms)',
    make() {
      const twilio = createTwilioClient({
        credentials,
        baseUrl: base,
        rateLimit: { ...manifest.defaults.rateLimit, requestsPerInterval: QUOTA, intervalMs: 1000 },
      });
      return { call: (signal) => twilio.POST(MESSAGES, { params, body: SMS, signal }), stop() {} };
    },
  },
  {
    name: '@org/twilio-client, pack defaults (no rate given: adaptive, learns from 429 + Retry-After)',
    make() {
      const twilio = createTwilioClient({ credentials, baseUrl: base });
      return { call: (signal) => twilio.POST(MESSAGES, { params, body: SMS, signal }), stop() {} };
    },
  },
  {
    name: 'openapi-fetch + bottleneck (reservoir 50 per 1000 ms) + p-retry (429 retried after 1 s)',
    make() {
      const limiter = new Bottleneck({
        maxConcurrent: 100,
        reservoir: QUOTA,
        reservoirRefreshAmount: QUOTA,
        reservoirRefreshInterval: 1000,
      });
      const client = createClient({
        baseUrl: base,
        headers: {
          authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        },
        bodySerializer: (body) => new URLSearchParams(body).toString(),
        fetch: (request) =>
          pRetry(
            () =>
              limiter.schedule(async () => {
                const response = await fetch(request.clone());
                if (response.status === 429) throw new Error('429');
                return response;
              }),
            { retries: 3, minTimeout: 1000, factor: 1, signal: request.signal },
          ),
      });
      return {
        call: (signal) =>
          client.POST(MESSAGES, {
            params,
            body: SMS,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            signal,
          }),
        stop: () => limiter.stop({ dropWaitingJobs: true }).catch(() => {}),
      };
    },
  },
];

async function runScenario(client) {
  await ask('reset');
  const { call, stop } = client.make();
  const controller = new AbortController();
  const outcomes = { succeeded: 0, failed: 0, cutAtEnd: 0, errors: {} };
  // Start on a window boundary, so the run covers SECONDS whole windows.
  const start = Math.ceil((Date.now() + 50) / 1000) * 1000;
  await new Promise((resolve) => setTimeout(resolve, start - Date.now()));
  const end = start + SECONDS * 1000;
  const loop = async () => {
    while (Date.now() < end) {
      try {
        const result = await call(controller.signal);
        if (result.error !== undefined) {
          outcomes.failed++;
          outcomes.errors[`status ${result.response.status}`] =
            (outcomes.errors[`status ${result.response.status}`] ?? 0) + 1;
        } else outcomes.succeeded++;
      } catch (error) {
        if (controller.signal.aborted) outcomes.cutAtEnd++;
        else {
          outcomes.failed++;
          const key = error?.code ?? error?.name ?? 'error';
          outcomes.errors[key] = (outcomes.errors[key] ?? 0) + 1;
        }
      }
    }
  };
  const timer = setTimeout(() => {
    controller.abort();
    stop();
  }, end - Date.now());
  await Promise.all(Array.from({ length: LOOPS }, loop));
  clearTimeout(timer);
  controller.abort();
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the last responses land
  const { windows } = await ask('stats');
  const inRun = windows.filter((w) => w.window >= start / 1000 && w.window < end / 1000);
  const accepted = inRun.reduce((sum, w) => sum + w.accepted, 0);
  return {
    client: client.name,
    quotaPerSecond: QUOTA,
    seconds: SECONDS,
    acceptedInRun: accepted,
    utilization: round(accepted / (QUOTA * SECONDS), 3),
    tooManyRequests: windows.reduce((sum, w) => sum + w.refused, 0),
    perWindow: inRun.map((w) => `${w.accepted}/${w.refused}`),
    ...outcomes,
  };
}

const results = [];
for (const client of clients) {
  process.stderr.write(`quota: ${client.name}\n`);
  results.push(await runScenario(client));
}
child.disconnect();

console.log(
  `Node ${process.version}; vendor quota ${QUOTA} requests per 1-second window, ${SECONDS} s, ${LOOPS} loops sending at once\n`,
);
console.log('utilization   429s  accepted  client');
for (const r of results) {
  console.log(
    `${`${(r.utilization * 100).toFixed(1)}%`.padStart(11)}  ${String(r.tooManyRequests).padStart(5)}  ${String(r.acceptedInRun).padStart(8)}  ${r.client}`,
  );
  console.log(`${''.padStart(27)}per window accepted/429: ${r.perWindow.join(' ')}`);
}
writeResults('quota', { loops: LOOPS, results });
