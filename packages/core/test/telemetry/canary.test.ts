import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import * as otel from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptTelemetryPolicy,
  callTelemetryPolicy,
  EventBus,
  type JsonSchema,
  recordEventMetrics,
  responseDriftPolicy,
  type TelemetryEvent,
} from '../../src/telemetry/index.js';
import type { Handler, Policy } from '../../src/transport/types.js';
import {
  compose,
  fetchHandler,
  makeContext,
  type OtelHarness,
  otelHarness,
  startServer,
  type TestServer,
  testRetryPolicy,
} from './helpers.js';

// Unique per run, so a match can only come from this test's own traffic.
const CANARY_AUTH = `canary-auth-${randomUUID()}`;
const CANARY_KEY = `canary-key-${randomUUID()}`;
const CANARY_PASSWORD = `canary-pw-${randomUUID()}`;
const CANARIES = [CANARY_AUTH, CANARY_KEY, CANARY_PASSWORD];

/** Stands in for the auth policy: credentials go on per attempt, inside the call span. */
const canaryAuthPolicy: Policy = {
  name: 'canaryAuth',
  wrap(next) {
    return (request, ctx) => {
      const url = new URL(request.url);
      url.searchParams.set('api_key', CANARY_KEY);
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${CANARY_AUTH}`);
      return next(new Request(url, new Request(request, { headers })), ctx);
    };
  },
};

const schema: JsonSchema = {
  type: 'object',
  required: ['sid'],
  properties: { sid: { type: 'string' } },
};

let server: TestServer;
let closedPort: string;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Every answer echoes the credentials back, in headers and body, as careless servers do.
    const echo = {
      'x-echo-auth': req.headers.authorization ?? '',
      'set-cookie': `session=${CANARY_AUTH}`,
      location: `https://files.example.com/f?X-Amz-Signature=${CANARY_KEY}`,
      'content-type': 'application/json',
      'x-request-id': 'req-1',
    };
    const body = JSON.stringify({ sid: 'SM1', password: CANARY_PASSWORD, key: CANARY_KEY });
    if (path === '/ok') res.writeHead(200, echo).end(body);
    else if (path === '/unauthorized')
      res
        .writeHead(401, { ...echo, 'www-authenticate': `Bearer error="${CANARY_AUTH}"` })
        .end(body);
    else if (path === '/error') res.writeHead(500, echo).end(body);
    else if (path === '/drift')
      res.writeHead(200, echo).end(JSON.stringify({ sid: 1, password: CANARY_PASSWORD }));
    else if (path === '/broken')
      res.writeHead(200, echo).end(`{"password":"${CANARY_PASSWORD}" oops`);
    else res.socket?.destroy();
  });
  const closed = await startServer(() => {});
  closedPort = new URL(closed.url).port;
  await closed.close();
});
afterAll(() => server.close());

interface Outcome {
  error?: unknown;
  status?: number;
}

async function runAll(
  harness: OtelHarness,
  bus: EventBus,
  attempts: 'events' | 'spans',
  telemetryErrors: unknown[],
) {
  const options = {
    otel,
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    onTelemetryError: (error: unknown) => telemetryErrors.push(error),
  };
  const handler: Handler = compose(
    [
      callTelemetryPolicy({ ...options, packVersion: '1.0.0', costUnits: () => ({ segments: 1 }) }),
      responseDriftPolicy({ schemas: { createUser: { '200': schema } }, mode: 'strict' }),
      testRetryPolicy(1),
      canaryAuthPolicy,
      attemptTelemetryPolicy({ ...options, attempts }),
    ],
    fetchHandler,
  );
  const outcomes: Outcome[] = [];
  const targets = ['/ok', '/unauthorized', '/error', '/drift', '/broken', '/reset'].map(
    (path) => `${server.url}${path}`,
  );
  targets.push(`http://127.0.0.1:${closedPort}/refused`);
  for (const target of targets) {
    const request = new Request(`${target}?page=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-password': CANARY_PASSWORD },
      body: JSON.stringify({ username: 'ada', password: CANARY_PASSWORD }),
    });
    const ctx = makeContext({
      events: bus,
      operation: { id: 'createUser', method: 'POST', path: '/users' },
    });
    try {
      const response = await handler(request, ctx);
      outcomes.push({ status: response.status });
      await response.arrayBuffer();
    } catch (error) {
      outcomes.push({ error });
    }
  }
  return outcomes;
}

function describeError(error: unknown): string {
  const parts: string[] = [
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error) ?? '',
  ];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 20; depth++) {
    const item = current as { message?: unknown; stack?: unknown; cause?: unknown };
    parts.push(String(item.message), String(item.stack), String(current));
    current = item.cause;
  }
  return parts.join('\n');
}

describe.each(['events', 'spans'] as const)('canary credentials (attempts as %s)', (attempts) => {
  it('appear nowhere in events, spans, metrics or errors, for successful and failing calls', async () => {
    otel.propagation.setGlobalPropagator({
      inject: (context, carrier, setter) => {
        const span = otel.trace.getSpanContext(context);
        if (span !== undefined)
          setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-01`);
      },
      extract: (context) => context,
      fields: () => ['traceparent'],
    });
    const harness = otelHarness();
    const subscriberErrors: unknown[] = [];
    const telemetryErrors: unknown[] = [];
    const bus = new EventBus({ onSubscriberError: (error) => subscriberErrors.push(error) });
    const events: TelemetryEvent[] = [];
    bus.onAny((event) => {
      events.push(event);
    });
    const recorder = recordEventMetrics(bus, { otel, meterProvider: harness.meterProvider });
    bus.emit('RateLimitHit', { vendor: 'acme', waitMs: 10, limiterKey: 'acme:tenant-a' });

    server.requests.length = 0;
    const outcomes = await runAll(harness, bus, attempts, telemetryErrors);

    // The canaries really travelled: on the wire and back in every response.
    expect(server.requests.length).toBeGreaterThanOrEqual(8);
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${CANARY_AUTH}`);
      expect(request.url).toContain(CANARY_KEY);
      expect(request.body).toContain(CANARY_PASSWORD);
      expect(request.headers.traceparent).toMatch(/^00-/);
    }
    expect(
      outcomes.map(
        (outcome) =>
          outcome.status ??
          (outcome.error as { code?: string; name: string }).code ??
          (outcome.error as Error).name,
      ),
    ).toEqual([200, 401, 500, 'invalid-response', 'invalid-response', 'TypeError', 'TypeError']);
    expect(events.map((event) => event.type)).toEqual([
      'RateLimitHit',
      'ApiCallSucceeded',
      'ApiCallFailed',
      'ApiCallFailed',
      'ResponseDriftDetected',
      'ApiCallFailed',
      'ResponseDriftDetected',
      'ApiCallFailed',
      'ApiCallFailed',
      'ApiCallFailed',
    ]);
    const spans = harness.spans();
    expect(spans.length).toBeGreaterThanOrEqual(attempts === 'spans' ? 16 : 7);
    const metrics = await harness.metrics();
    expect(metrics.length).toBeGreaterThanOrEqual(5);

    const haystacks: Record<string, string> = {
      events: JSON.stringify(events),
      spans: JSON.stringify(
        spans.map((span) => ({
          name: span.name,
          attributes: span.attributes,
          events: span.events,
          status: span.status,
          links: span.links,
          resource: span.resource.attributes,
        })),
      ),
      metrics: JSON.stringify(metrics),
      errors: outcomes.map((outcome) => describeError(outcome.error)).join('\n'),
      telemetryErrors: telemetryErrors.map(describeError).join('\n'),
      subscriberErrors: subscriberErrors.map(describeError).join('\n'),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const canary of CANARIES) {
        expect(text.includes(canary), `${canary.slice(0, 12)}… leaked into ${where}`).toBe(false);
      }
    }
    expect(haystacks.events).toContain('REDACTED');
    // The key is added inside the call span, so only attempt spans see (and redact) it.
    if (attempts === 'spans') expect(haystacks.spans).toContain('api_key=REDACTED');
    expect(telemetryErrors).toEqual([]);
    expect(subscriberErrors).toEqual([]);

    recorder.stop();
    otel.propagation.disable();
    await harness.shutdown();
  });
});
