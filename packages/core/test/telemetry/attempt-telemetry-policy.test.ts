import * as otel from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  attemptTelemetryPolicy,
  callTelemetryPolicy,
  METRIC_NAMES,
  REDACTED,
} from '../../src/telemetry/index.js';
import type { Handler } from '../../src/transport/types.js';
import {
  compose,
  fetchHandler,
  makeContext,
  metric,
  OPERATION,
  type OtelHarness,
  otelHarness,
  startServer,
  type TestServer,
  testRetryPolicy,
} from './helpers.js';

/** W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header), inject side only. */
const traceContextPropagator: otel.TextMapPropagator = {
  inject(context, carrier, setter) {
    const span = otel.trace.getSpanContext(context);
    if (span === undefined || !otel.isSpanContextValid(span)) return;
    const flags = (span.traceFlags & otel.TraceFlags.SAMPLED).toString(16).padStart(2, '0');
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-${flags}`);
  },
  extract: (context) => context,
  fields: () => ['traceparent'],
};

let server: TestServer;
let failuresLeft = 0;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => server.close());

let harness: OtelHarness;
beforeEach(() => {
  harness = otelHarness();
  server.requests.length = 0;
});
afterEach(async () => {
  otel.propagation.disable();
  await harness.shutdown();
});

function chain(
  attempts: 'events' | 'spans',
  retries = 2,
  terminal: Handler = fetchHandler,
): Handler {
  const options = {
    otel,
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
  };
  return compose(
    [
      callTelemetryPolicy(options),
      testRetryPolicy(retries),
      attemptTelemetryPolicy({ ...options, attempts }),
    ],
    terminal,
  );
}

function post(): Request {
  return new Request(`${server.url}/messages?api_key=k-9&page=1`, {
    method: 'POST',
    body: '{"to":"+1"}',
  });
}

describe('attemptTelemetryPolicy', () => {
  it('records each attempt as an event on the call span by default', async () => {
    failuresLeft = 2;
    const response = await chain('events')(post(), makeContext());
    expect(await response.json()).toEqual({ ok: true });
    const spans = harness.spans();
    expect(spans).toHaveLength(1);
    const [call] = spans;
    expect(call?.attributes['http.request.resend_count']).toBe(2);
    expect(call?.attributes['http.response.status_code']).toBe(200);
    expect(call?.status.code).toBe(otel.SpanStatusCode.UNSET);
    const attempts = call?.events.filter((event) => event.name === 'org.http.attempt') ?? [];
    expect(attempts.map((event) => event.attributes)).toEqual([
      {
        'http.request.resend_count': 0,
        'org.attempt.duration': expect.any(Number),
        'http.response.status_code': 503,
        'error.type': '503',
      },
      {
        'http.request.resend_count': 1,
        'org.attempt.duration': expect.any(Number),
        'http.response.status_code': 503,
        'error.type': '503',
      },
      {
        'http.request.resend_count': 2,
        'org.attempt.duration': expect.any(Number),
        'http.response.status_code': 200,
      },
    ]);
  });

  it('records each attempt as a CLIENT child span when asked', async () => {
    failuresLeft = 1;
    await chain('spans')(post(), makeContext());
    const spans = harness.spans();
    expect(spans).toHaveLength(3);
    const call = spans.find((span) => span.attributes['org.tenant'] === 'tenant-a');
    const attempts = spans.filter((span) => span !== call);
    for (const attempt of attempts) {
      expect(attempt.name).toBe(`POST ${OPERATION.path}`);
      expect(attempt.kind).toBe(otel.SpanKind.CLIENT);
      expect(attempt.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
      expect(attempt.spanContext().traceId).toBe(call?.spanContext().traceId);
      expect(attempt.attributes['url.full']).toBe(
        `${server.url}/messages?api_key=${REDACTED}&page=1`,
      );
    }
    expect(
      attempts.map((span) => [
        span.attributes['http.request.resend_count'],
        span.attributes['http.response.status_code'],
        span.status.code,
      ]),
    ).toEqual([
      [undefined, 503, otel.SpanStatusCode.ERROR],
      [1, 200, otel.SpanStatusCode.UNSET],
    ]);
  });

  it('records http.client.request.duration per attempt and counts retries', async () => {
    failuresLeft = 2;
    await chain('events')(post(), makeContext());
    const metrics = await harness.metrics();
    const duration = metric(metrics, METRIC_NAMES.requestDuration);
    expect(duration.descriptor.unit).toBe('s');
    const points = duration.dataPoints as {
      attributes: Record<string, unknown>;
      value: { count: number };
    }[];
    expect(
      points.map((point) => [
        point.attributes['http.response.status_code'],
        point.attributes['error.type'],
        point.value.count,
      ]),
    ).toEqual([
      [503, '503', 2],
      [200, undefined, 1],
    ]);
    expect(points[0]?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'url.template': OPERATION.path,
      'org.vendor': 'acme',
      'org.operation.id': 'createMessage',
    });
    expect(metric(metrics, METRIC_NAMES.retries).dataPoints.map((point) => point.value)).toEqual([
      2,
    ]);
  });

  it('injects traceparent of the span the attempt belongs to into the request on the wire', async () => {
    otel.propagation.setGlobalPropagator(traceContextPropagator);
    failuresLeft = 1;
    await chain('spans')(post(), makeContext());
    const attemptSpans = harness.spans().filter((span) => span.parentSpanContext !== undefined);
    expect(server.requests.map((request) => request.headers.traceparent)).toEqual(
      attemptSpans.map(
        (span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      ),
    );
    expect(server.requests.map((request) => request.body)).toEqual(['{"to":"+1"}', '{"to":"+1"}']);

    server.requests.length = 0;
    await chain('events')(post(), makeContext());
    const call = harness.spans().at(-1);
    expect(server.requests[0]?.headers.traceparent).toBe(
      `00-${call?.spanContext().traceId}-${call?.spanContext().spanId}-01`,
    );
  });

  it('keeps the very same Request when no propagator is registered, and copies it when one is', async () => {
    const seen: Request[] = [];
    const recording: Handler = (request, ctx) => {
      seen.push(request);
      return fetchHandler(request, ctx);
    };
    const attemptOnly = (terminal: Handler) =>
      compose([attemptTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })], terminal);
    const first = post();
    await attemptOnly(recording)(first, makeContext());
    expect(seen[0]).toBe(first);

    otel.propagation.setGlobalPropagator(traceContextPropagator);
    const second = new Request(`${server.url}/x`, {
      method: 'POST',
      headers: { 'x-keep': '1' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await attemptOnly(recording)(second, makeContext());
    expect(seen[1]).not.toBe(second);
    expect(seen[1]?.headers.get('x-keep')).toBe('1');
    expect(second.headers.get('traceparent')).toBeNull();
    expect(server.requests.at(-1)?.body).toBe('streamed');
    expect(server.requests.at(-1)?.headers.traceparent).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/,
    );
  });

  it('makes an attempt span of its own when no call span is around', async () => {
    await compose(
      [attemptTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })],
      fetchHandler,
    )(post(), makeContext());
    const [span] = harness.spans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.attributes['http.response.status_code']).toBe(200);
  });

  it('rethrows a failed attempt unchanged and marks it', async () => {
    const original = new Error('boom');
    const failing: Handler = () => Promise.reject(original);
    await expect(chain('spans', 0, failing)(post(), makeContext())).rejects.toBe(original);
    const attempt = harness.spans().find((span) => span.parentSpanContext !== undefined);
    expect(attempt?.attributes['error.type']).toBe('Error');
    expect(attempt?.status).toEqual({ code: otel.SpanStatusCode.ERROR, message: 'boom' });
  });
});
