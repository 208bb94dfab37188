// @org/twilio-client against Twilio as simulated from its own pinned spec by
// @org/conformance: a real HTTP server on 127.0.0.1 that checks every request
// against the spec and the Basic auth scheme, and misbehaves on cue. Retries,
// rate limiting and telemetry (events and OpenTelemetry spans) are printed as
// they happen. No credentials, no network.
//
//   pnpm conformance   (builds everything once), then
//   node examples/twilio-simulated.mjs
import { fileURLToPath } from 'node:url';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { loadPackUnderTest, Simulator, simulatorOptions } from '@org/conformance';
import { isCoreError } from '@org/core/errors';
import { attemptTelemetryPolicy, callTelemetryPolicy, EventBus } from '@org/core/telemetry';
import { createTwilioClient, paginate } from '@org/twilio-client';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'example-auth-token';
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const MESSAGE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
const account = { AccountSid: ACCOUNT_SID };

const started = performance.now();
const log = (line) =>
  console.log(`${String(Math.round(performance.now() - started)).padStart(6)} ms  ${line}`);
const step = (title) => console.log(`\n== ${title}`);

// The simulated vendor, built from specs/twilio (spec + overlay + pack.yaml).
const root = fileURLToPath(new URL('..', import.meta.url));
const pack = await loadPackUnderTest(root, `${root}/specs/twilio`);
const twilio = await Simulator.start(
  simulatorOptions(pack, {
    type: 'basic',
    accept: [{ username: ACCOUNT_SID, password: AUTH_TOKEN }],
  }),
);
log(`Twilio simulated at ${twilio.url}: ${twilio.routes.length} operations from the pinned spec`);

// Telemetry: every core event, and each span as it ends (a real SDK, no exporter needed).
const events = new EventBus();
const FIELDS = [
  'operationId',
  'attempt',
  'status',
  'delayMs',
  'fromServer',
  'waitMs',
  'source',
  'errorType',
  'durationMs',
];
const show = (value) =>
  typeof value !== 'number'
    ? value
    : Number.isFinite(value)
      ? Math.round(value)
      : 'until-a-slot-frees';
events.onAny(({ type, data }) => {
  log(
    `event ${type} ${FIELDS.filter((f) => data[f] !== undefined)
      .map((f) => `${f}=${show(data[f])}`)
      .join(' ')}`,
  );
});
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [
    {
      onStart() {},
      onEnd(span) {
        if (span.parentSpanContext) return;
        const a = span.attributes;
        log(
          `span  ${span.name} status=${a['http.response.status_code'] ?? '-'} resends=${a['http.request.resend_count'] ?? 0}${a['error.type'] ? ` error=${a['error.type']}` : ''}`,
        );
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    },
  ],
});
const call = callTelemetryPolicy({ packVersion: pack.version, tracerProvider });
const attempt = attemptTelemetryPolicy({ tracerProvider });
await Promise.all([call.ready, attempt.ready]);

const client = (rateLimit) =>
  createTwilioClient({
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    baseUrl: twilio.url,
    events,
    telemetry: { call, attempt },
    retry: { baseDelayMs: 100 },
    ...(rateLimit ? { rateLimit } : {}),
  });
const sms = client();

step('Send an SMS: a form-encoded POST, checked against the spec by the simulator');
const sent = await sms.POST(MESSAGES, {
  params: { path: account },
  body: { To: '+15558675310', From: '+15017122661', Body: 'Hello from the simulator' },
});
log(`answer ${sent.response.status}: sid ${sent.data.sid}, status ${sent.data.status}`);

step('Fetch it while Twilio throttles (429 + Retry-After: 1) and then fails once (503)');
twilio.fault(
  'FetchMessage',
  { kind: 'rate-limited', waitMs: 1000, hints: ['retry-after'] },
  { kind: 'status', status: 503 },
);
const fetched = await sms.GET(MESSAGE, { params: { path: { ...account, Sid: sent.data.sid } } });
log(
  `answer ${fetched.response.status} after ${twilio.requests.filter((r) => r.operationId === 'FetchMessage').length} attempts`,
);

step('Rate limiting: Twilio allows 3 requests in flight; 9 calls at once through a client told so');
twilio.setQuota({ concurrency: 3 });
twilio.latencyMs = 150;
const limited = client({ concurrency: 3 });
const results = await Promise.all(
  Array.from({ length: 9 }, () =>
    limited.GET(MESSAGE, { params: { path: { ...account, Sid: sent.data.sid } } }),
  ),
);
log(
  `${results.filter((r) => r.response.ok).length}/9 succeeded; peak in flight at Twilio ${twilio.quota.stats.peakConcurrency}, refused ${twilio.quota.stats.rejected}`,
);
twilio.setQuota(undefined);
twilio.latencyMs = 0;

step('A send whose answer is lost after Twilio acted: no idempotency key, so no retry');
const before = twilio.sideEffects('CreateMessage');
twilio.fault('CreateMessage', { kind: 'after-effect', answer: { kind: 'reset' } });
try {
  await sms.POST(MESSAGES, {
    params: { path: account },
    body: { To: '+15558675310', Body: 'once' },
  });
} catch (error) {
  if (!isCoreError(error)) throw error;
  log(`${error.code}: ${error.message.split('. ')[0]}`);
}
log(`messages Twilio created for it: ${twilio.sideEffects('CreateMessage') - before}`);

step('Walk a list of 7 messages, 3 per page, following next_page_uri');
twilio.paging = { totalItems: 7, pageSize: 3 };
let count = 0;
for await (const message of paginate(
  sms.GET,
  MESSAGES,
  { params: { path: account } },
  {
    style: 'next-url',
    nextField: 'next_page_uri',
    itemsField: 'messages',
  },
)) {
  count++;
  if (count === 1) log(`first item ${message.sid}`);
}
log(`${count} messages`);

console.log(`\nSpec violations the simulator saw: ${twilio.violations.length}`);
await twilio.close();
