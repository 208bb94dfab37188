import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  attemptTelemetryPolicy,
  callTelemetryPolicy,
  DEFAULT_REQUEST_ID_HEADERS,
  EventBus,
  redactHeaders,
  type TelemetryEvent,
} from '../../src/telemetry/index.js';
import { sanitizeText } from '../../src/telemetry/sanitize-text.js';
import type { Handler } from '../../src/transport/types.js';
import { compose, makeContext, OPERATION, type OtelHarness, otelHarness } from './helpers.js';

const request = () =>
  new Request('https://api.example.com:8443/v1/items?page=2&token=t-1', {
    method: 'GET',
    headers: { authorization: 'Basic dXNlcjpwYXNz', accept: 'application/json' },
  });

/** A terminal answering with `response()`; no fetch, so every header read is the policy's. */
const answering =
  (response: () => Response): Handler =>
  () =>
    Promise.resolve(response());

function capture(bus: EventBus): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  bus.onAny((event) => {
    events.push(event);
  });
  return events;
}

/** What the event held before the single pass: a `get` per request-id name, then `redactHeaders`. */
function expectedFailure(response: Response, requestIdHeaders: readonly string[]) {
  let requestId: string | undefined;
  for (const name of requestIdHeaders) {
    const value = response.headers.get(name);
    if (value !== null && value !== '') {
      requestId = value.slice(0, 200);
      break;
    }
  }
  // Entry pairs take redactHeaders' general path (lower-casing, no Headers shortcut).
  const responseHeaders = redactHeaders([...response.headers]);
  // The bus scrubs every string it delivers (a `session=...` cookie is a secret-named pair).
  for (const [name, value] of Object.entries(responseHeaders)) {
    responseHeaders[name] = sanitizeText(value);
  }
  return { requestId: requestId && sanitizeText(requestId), responseHeaders };
}

function failingResponse(): Response {
  const headers = new Headers();
  headers.append('X-Request-Id', '');
  headers.append('x-amzn-requestid', 'amzn-1');
  headers.append('Request-Id', 'r-2');
  headers.append('twilio-request-id', 'RQ1');
  headers.append('retry-after', '7');
  headers.append('vary', 'accept');
  headers.append('vary', 'origin');
  headers.append('set-cookie', 'session=abc');
  headers.append('set-cookie', 'theme=dark');
  headers.append('www-authenticate', 'Bearer realm="api"');
  return new Response('{"message":"down"}', { status: 503, headers });
}

let harness: OtelHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.shutdown();
  harness = undefined;
});

describe('ApiCallFailed headers and request id, read in one pass', () => {
  const cases: { name: string; requestIdHeaders?: string[]; response: () => Response }[] = [
    { name: 'default request-id names, priority order', response: failingResponse },
    {
      name: 'custom names, an absent one first, repeated fields',
      requestIdHeaders: ['X-Missing', 'VARY', 'request-id'],
      response: failingResponse,
    },
    {
      name: 'set-cookie among the names (its fields are joined by get, listed apart by iteration)',
      requestIdHeaders: ['set-cookie', 'request-id'],
      response: failingResponse,
    },
    {
      name: 'a Headers subclass on the response',
      response: () => {
        const response = failingResponse();
        class TracingHeaders extends Headers {}
        Object.defineProperty(response, 'headers', {
          value: new TracingHeaders(response.headers),
        });
        return response;
      },
    },
    {
      name: 'no request id at all',
      response: () =>
        new Response(null, { status: 404, headers: { 'content-type': 'text/plain' } }),
    },
  ];

  for (const { name, requestIdHeaders, response } of cases) {
    it(`matches a get per name and redactHeaders: ${name}`, async () => {
      const bus = new EventBus();
      const events = capture(bus);
      const handler = compose(
        [callTelemetryPolicy({ otel: false, requestIdHeaders })],
        answering(response),
      );
      await handler(request(), makeContext({ events: bus }));
      const expected = expectedFailure(
        response(),
        (requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((n) => n.toLowerCase()),
      );
      expect(events).toHaveLength(1);
      expect(events[0]?.type).toBe('ApiCallFailed');
      const data = events[0]?.data as Record<string, unknown>;
      expect(data.responseHeaders).toEqual(expected.responseHeaders);
      expect(Object.keys(data.responseHeaders as object)).toEqual(
        Object.keys(expected.responseHeaders),
      );
      if (expected.requestId === undefined) expect(data).not.toHaveProperty('requestId');
      else expect(data.requestId).toBe(expected.requestId);
      expect(data.requestHeaders).toEqual(redactHeaders([...request().headers]));
    });
  }

  it('reads r-2 by default: the first non-empty name in priority order wins', async () => {
    const bus = new EventBus();
    const events = capture(bus);
    await compose([callTelemetryPolicy({ otel: false })], answering(failingResponse))(
      request(),
      makeContext({ events: bus }),
    );
    expect(events[0]?.data).toMatchObject({ requestId: 'r-2' });
  });
});

describe('events nobody subscribed to', () => {
  it('are not built when the bus listens for other types only, and are when it does', async () => {
    const get = vi.spyOn(Headers.prototype, 'get');
    const costUnits = vi.fn(() => ({ segments: 1 }));
    const bus = new EventBus();
    bus.on('RateLimitHit', () => {});
    const handler = compose(
      [callTelemetryPolicy({ otel: false, costUnits })],
      answering(() => new Response('{}', { status: 200, headers: { 'x-request-id': 'req-1' } })),
    );
    await handler(request(), makeContext({ events: bus }));
    // The request id is read only for an event, so no header was looked up.
    expect(get).not.toHaveBeenCalled();
    // The cost hook still runs whenever the bus is active, as it always has.
    expect(costUnits).toHaveBeenCalledTimes(1);

    const succeeded: TelemetryEvent<'ApiCallSucceeded'>[] = [];
    bus.on('ApiCallSucceeded', (event) => {
      succeeded.push(event);
    });
    await handler(request(), makeContext({ events: bus }));
    expect(get).toHaveBeenCalled();
    expect(succeeded.map((event) => event.data)).toEqual([
      expect.objectContaining({ requestId: 'req-1', status: 200, usage: { segments: 1 } }),
    ]);
  });
});

describe('request attributes', () => {
  it('are complete on attempt spans when the call policy only serves events', async () => {
    harness = otelHarness();
    const bus = new EventBus();
    const events = capture(bus);
    const handler = compose(
      [
        callTelemetryPolicy({ otel: false }),
        attemptTelemetryPolicy({ tracerProvider: harness.tracerProvider }),
      ],
      answering(() => new Response('{}', { status: 200 })),
    );
    await handler(request(), makeContext({ events: bus }));
    await handler(
      new Request('http://h.example/x', { method: 'PURGE' }),
      makeContext({ events: bus }),
    );
    expect(events).toHaveLength(2);
    const [get, purge] = harness.spans();
    expect(get?.name).toBe(`GET ${OPERATION.path}`);
    expect(get?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'server.address': 'api.example.com',
      'server.port': 8443,
      'url.template': OPERATION.path,
      'url.full': 'https://api.example.com:8443/v1/items?page=2&token=REDACTED',
    });
    expect(purge?.name).toBe(`HTTP ${OPERATION.path}`);
    expect(purge?.attributes).toMatchObject({
      'http.request.method': '_OTHER',
      'http.request.method_original': 'PURGE',
      'server.address': 'h.example',
      'server.port': 80,
    });
  });
});
