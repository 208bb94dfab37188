import * as otel from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  attemptTelemetryPolicy,
  callTelemetryPolicy,
  EventBus,
  METRIC_NAMES,
  REDACTED,
  type TelemetryEvent,
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
} from './helpers.js';

let server: TestServer;
let flaky = 0;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/ok') {
      res.writeHead(201, {
        'content-type': 'application/json',
        'x-request-id': 'req-123',
        'x-segments': '3',
      });
      res.end('{"sid":"SM1"}');
    } else if (path === '/unavailable') {
      res.writeHead(503, {
        'retry-after': '7',
        'set-cookie': 'session=abc',
        'twilio-request-id': 'RQ9',
      });
      res.end('{"message":"down"}');
    } else if (path === '/flaky') {
      flaky++;
      res.writeHead(flaky % 3 === 0 ? 200 : 503);
      res.end();
    } else if (path === '/reset') {
      res.socket?.destroy();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});
afterAll(() => server.close());

let harness: OtelHarness;
afterEach(async () => {
  await harness?.shutdown();
});

function request(
  path: string,
  init: RequestInit = { method: 'POST', body: 'To=%2B1555' },
): Request {
  return new Request(`${server.url}${path}?PageSize=20&AccessKey=k-1`, init);
}

function subscribe(bus: EventBus): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  bus.onAny((event) => {
    events.push(event);
  });
  return events;
}

describe('callTelemetryPolicy with the OpenTelemetry SDK', () => {
  it('records one CLIENT span per call with the HTTP client semantic conventions', async () => {
    harness = otelHarness();
    const policy = callTelemetryPolicy({
      otel,
      tracerProvider: harness.tracerProvider,
      packVersion: '1.2.3',
    });
    const handler = compose([policy], fetchHandler);
    const response = await handler(request('/ok'), makeContext());
    expect(await response.json()).toEqual({ sid: 'SM1' });
    const [span, ...rest] = harness.spans();
    expect(rest).toHaveLength(0);
    expect(span?.name).toBe('POST /2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(span?.kind).toBe(otel.SpanKind.CLIENT);
    expect(span?.instrumentationScope.name).toBe('@org/core');
    expect(span?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'url.template': OPERATION.path,
      'url.full': `${server.url}/ok?PageSize=20&AccessKey=${REDACTED}`,
      'http.response.status_code': 201,
      'org.vendor': 'acme',
      'org.operation.id': 'createMessage',
      'org.tenant': 'tenant-a',
      'org.pack.version': '1.2.3',
    });
    expect(span?.status).toEqual({ code: otel.SpanStatusCode.UNSET });
    expect(span?.events).toEqual([]);
  });

  it('marks 4xx/5xx answers as errors with error.type set to the status', async () => {
    harness = otelHarness();
    const handler = compose(
      [callTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })],
      fetchHandler,
    );
    const response = await handler(request('/unavailable'), makeContext());
    expect(response.status).toBe(503);
    const [span] = harness.spans();
    expect(span?.attributes['error.type']).toBe('503');
    expect(span?.attributes['http.response.status_code']).toBe(503);
    expect(span?.status).toEqual({ code: otel.SpanStatusCode.ERROR });
  });

  it('records a thrown error as a sanitized exception event and rethrows the very same error', async () => {
    harness = otelHarness();
    const original = new TypeError('fetch failed for https://h/x?api_key=k-777');
    const failing: Handler = () => Promise.reject(original);
    const handler = compose(
      [callTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })],
      failing,
    );
    await expect(handler(request('/ok'), makeContext())).rejects.toBe(original);
    const [span] = harness.spans();
    expect(span?.attributes['error.type']).toBe('TypeError');
    expect(span?.status).toEqual({
      code: otel.SpanStatusCode.ERROR,
      message: 'fetch failed for https://h/x?api_key=REDACTED',
    });
    expect(span?.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'exception',
        {
          'exception.type': 'TypeError',
          'exception.message': 'fetch failed for https://h/x?api_key=REDACTED',
        },
      ],
    ]);
  });

  it('uses the system error code for a connection reset (undici wraps it in "fetch failed")', async () => {
    harness = otelHarness();
    const handler = compose(
      [callTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })],
      fetchHandler,
    );
    const error = await handler(request('/reset'), makeContext()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    const [span] = harness.spans();
    expect(span?.attributes['error.type']).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(span?.attributes['http.response.status_code']).toBeUndefined();
  });

  it('names spans of unknown methods `HTTP` and keeps the original method aside', async () => {
    harness = otelHarness();
    const handler = compose(
      [callTelemetryPolicy({ otel, tracerProvider: harness.tracerProvider })],
      fetchHandler,
    );
    await handler(
      new Request(`${server.url}/ok`, { method: 'PURGE' }),
      makeContext({ operation: undefined }),
    );
    const [span] = harness.spans();
    expect(span?.name).toBe('HTTP');
    expect(span?.attributes['http.request.method']).toBe('_OTHER');
    expect(span?.attributes['http.request.method_original']).toBe('PURGE');
  });

  it('records the call duration histogram and per-tenant call and usage counters', async () => {
    harness = otelHarness();
    const costUnits = vi.fn((_operation, _request, response: Response) => ({
      segments: Number(response.headers.get('x-segments') ?? 0),
      ignored: Number.NaN,
    }));
    const handler = compose(
      [callTelemetryPolicy({ otel, meterProvider: harness.meterProvider, costUnits })],
      fetchHandler,
    );
    await handler(request('/ok'), makeContext());
    await handler(request('/ok'), makeContext({ tenant: 'tenant-b' }));
    await handler(request('/unavailable'), makeContext());
    const metrics = await harness.metrics();
    const duration = metric(metrics, METRIC_NAMES.callDuration);
    expect(duration.descriptor.unit).toBe('s');
    const points = duration.dataPoints as {
      attributes: Record<string, unknown>;
      value: { count: number; sum: number };
    }[];
    expect(
      points.map((point) => [point.attributes['http.response.status_code'], point.value.count]),
    ).toEqual([
      [201, 2],
      [503, 1],
    ]);
    expect(points[1]?.attributes).toMatchObject({
      'error.type': '503',
      'org.vendor': 'acme',
      'url.template': OPERATION.path,
    });
    expect(points[0]?.attributes['org.tenant']).toBeUndefined();
    expect(points[0]?.value.sum).toBeGreaterThan(0);
    expect(points[0]?.value.sum).toBeLessThan(5);
    const calls = metric(metrics, METRIC_NAMES.calls).dataPoints.map((point) => [
      point.attributes,
      point.value,
    ]);
    expect(calls).toEqual([
      [
        {
          'org.vendor': 'acme',
          'org.tenant': 'tenant-a',
          'org.operation.id': 'createMessage',
          'org.call.outcome': 'success',
        },
        1,
      ],
      [
        {
          'org.vendor': 'acme',
          'org.tenant': 'tenant-b',
          'org.operation.id': 'createMessage',
          'org.call.outcome': 'success',
        },
        1,
      ],
      [
        {
          'org.vendor': 'acme',
          'org.tenant': 'tenant-a',
          'org.operation.id': 'createMessage',
          'org.call.outcome': 'failure',
        },
        1,
      ],
    ]);
    const usage = metric(metrics, METRIC_NAMES.usage).dataPoints.map((point) => [
      point.attributes['org.tenant'],
      point.attributes['org.usage.unit'],
      point.value,
    ]);
    expect(usage).toEqual([
      ['tenant-a', 'segments', 3],
      ['tenant-b', 'segments', 3],
    ]);
    expect(costUnits).toHaveBeenCalledTimes(3);
  });
});

describe('callTelemetryPolicy events', () => {
  it('emits ApiCallSucceeded with vendor, pack, operation, tenant, attempt, duration, request id and usage', async () => {
    const bus = new EventBus();
    const events = subscribe(bus);
    const handler = compose(
      [
        callTelemetryPolicy({
          otel: false,
          packVersion: '1.2.3',
          costUnits: () => ({ segments: 3 }),
        }),
      ],
      fetchHandler,
    );
    await handler(request('/ok'), makeContext({ events: bus }));
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ApiCallSucceeded');
    expect(events[0]?.subject).toBe('createMessage');
    expect(events[0]?.data).toEqual({
      vendor: 'acme',
      packVersion: '1.2.3',
      operationId: 'createMessage',
      tenant: 'tenant-a',
      method: 'POST',
      urlTemplate: OPERATION.path,
      attempt: 1,
      durationMs: expect.any(Number),
      requestId: 'req-123',
      usage: { segments: 3 },
      status: 201,
    });
  });

  it('emits ApiCallFailed with redacted request and response headers', async () => {
    const bus = new EventBus();
    const events = subscribe(bus);
    const handler = compose([callTelemetryPolicy({ otel: false })], fetchHandler);
    await handler(
      request('/unavailable', {
        method: 'GET',
        headers: { authorization: 'Basic dXNlcjpwYXNz', accept: 'application/json' },
      }),
      makeContext({ events: bus }),
    );
    expect(events[0]?.type).toBe('ApiCallFailed');
    expect(events[0]?.data).toMatchObject({
      status: 503,
      errorType: '503',
      requestId: 'RQ9',
      requestHeaders: { authorization: REDACTED, accept: 'application/json' },
      responseHeaders: { 'retry-after': '7', 'set-cookie': REDACTED, 'twilio-request-id': 'RQ9' },
    });
    expect(events[0]?.data).not.toHaveProperty('error');
  });

  it('emits ApiCallFailed with the sanitized error for a thrown failure', async () => {
    const bus = new EventBus();
    const events = subscribe(bus);
    const failing: Handler = () =>
      Promise.reject(new Error('socket hang up; Authorization: Bearer abcdef123456'));
    await expect(
      compose([callTelemetryPolicy({ otel: false })], failing)(
        request('/ok'),
        makeContext({ events: bus }),
      ),
    ).rejects.toThrow('socket hang up');
    expect(events[0]?.data).toMatchObject({
      errorType: 'Error',
      error: { name: 'Error', message: `socket hang up; Authorization: ${REDACTED}` },
    });
    expect(events[0]?.data).not.toHaveProperty('status');
  });

  it('emits DeprecatedOperationCalled once per operation per bus', async () => {
    const bus = new EventBus();
    const events = subscribe(bus);
    const handler = compose([callTelemetryPolicy({ otel: false })], fetchHandler);
    const deprecated = { ...OPERATION, id: 'listMessagesV1', deprecated: true };
    for (let i = 0; i < 3; i++)
      await handler(request('/ok'), makeContext({ events: bus, operation: deprecated }));
    expect(events.map((event) => event.type)).toEqual([
      'DeprecatedOperationCalled',
      'ApiCallSucceeded',
      'ApiCallSucceeded',
      'ApiCallSucceeded',
    ]);
    expect(events[0]?.data).toEqual({
      vendor: 'acme',
      operationId: 'listMessagesV1',
      tenant: 'tenant-a',
      method: 'POST',
      urlTemplate: OPERATION.path,
    });
  });
});

describe('telemetry never breaks a request', () => {
  it('survives a throwing tracer, meter, cost hook and subscriber, and reports them', async () => {
    const reported: string[] = [];
    const throwing = (what: string) => () => {
      throw new Error(what);
    };
    const tracerProvider = {
      getTracer: () => ({
        startSpan: throwing('startSpan'),
        startActiveSpan: throwing('startActiveSpan'),
      }),
    } as unknown as otel.TracerProvider;
    const meterProvider = {
      getMeter: () => ({ createHistogram: throwing('createHistogram') }),
    } as unknown as otel.MeterProvider;
    const bus = new EventBus({
      onSubscriberError: (error) => reported.push(`subscriber: ${(error as Error).message}`),
    });
    bus.on('ApiCallSucceeded', throwing('subscriber'));
    const call = callTelemetryPolicy({
      otel,
      tracerProvider,
      meterProvider,
      costUnits: throwing('costUnits'),
      onTelemetryError: (error) => {
        reported.push((error as Error).message);
        throw new Error('the reporter throws too');
      },
    });
    const attempt = attemptTelemetryPolicy({
      otel,
      tracerProvider,
      meterProvider,
      attempts: 'spans',
    });
    const handler = compose([call, attempt], fetchHandler);
    const response = await handler(request('/ok'), makeContext({ events: bus }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ sid: 'SM1' });
    expect(reported).toEqual([
      'createHistogram',
      'startSpan',
      'costUnits',
      'subscriber: subscriber',
    ]);
  });

  it('survives spans whose methods throw', async () => {
    const span = new Proxy(
      {},
      {
        get: (_target, key) =>
          key === 'then'
            ? undefined
            : () => {
                throw new Error(`span.${String(key)}`);
              },
      },
    ) as otel.Span;
    const tracerProvider = {
      getTracer: () => ({ startSpan: () => span }),
    } as unknown as otel.TracerProvider;
    const errors: string[] = [];
    const handler = compose(
      [
        callTelemetryPolicy({
          otel,
          tracerProvider,
          onTelemetryError: (error) => errors.push((error as Error).message),
        }),
      ],
      fetchHandler,
    );
    expect((await handler(request('/unavailable'), makeContext())).status).toBe(503);
    expect(errors).toEqual(['span.isRecording', 'span.end']);
  });

  it('is a pass-through when nothing subscribes and OpenTelemetry is off', async () => {
    const next = vi.fn<Handler>(() => Promise.resolve(new Response('ok')));
    const wrapped = callTelemetryPolicy({ otel: false }).wrap(next);
    const req = request('/ok');
    const ctx = makeContext();
    const returned = wrapped(req, ctx);
    expect(returned).toBe(next.mock.results[0]?.value);
    expect(next).toHaveBeenCalledWith(req, ctx);
    expect(ctx.state.size).toBe(0);
    const attemptNext = vi.fn<Handler>(() => Promise.resolve(new Response('ok')));
    const attemptReturned = attemptTelemetryPolicy({ otel: false }).wrap(attemptNext)(req, ctx);
    expect(attemptReturned).toBe(attemptNext.mock.results[0]?.value);
    await returned;
  });
});

describe('lazy @opentelemetry/api', () => {
  afterEach(() => {
    otel.trace.disable();
    otel.metrics.disable();
  });

  it('imports the api once at creation and follows providers registered later', async () => {
    harness = otelHarness();
    const call = callTelemetryPolicy();
    const handler = compose([call], fetchHandler);
    await call.ready;
    await handler(request('/ok'), makeContext());
    expect(harness.spans()).toHaveLength(0);
    otel.trace.setGlobalTracerProvider(harness.tracerProvider);
    otel.metrics.setGlobalMeterProvider(harness.meterProvider);
    await handler(request('/ok'), makeContext());
    expect(harness.spans().map((span) => span.name)).toEqual([`POST ${OPERATION.path}`]);
    expect(metric(await harness.metrics(), METRIC_NAMES.calls).dataPoints[0]?.value).toBe(1);
  });
});
