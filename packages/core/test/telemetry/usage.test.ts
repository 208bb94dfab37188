import * as otel from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callTelemetryPolicy,
  EventBus,
  METRIC_NAMES,
  recordEventMetrics,
  UsageMeter,
} from '../../src/telemetry/index.js';
import {
  compose,
  fetchHandler,
  makeContext,
  metric,
  otelHarness,
  startServer,
  type TestServer,
} from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const failed = req.url === '/fail';
    res.writeHead(failed ? 422 : 200, { 'x-twilio-segments': failed ? '0' : '2' });
    res.end();
  });
});
afterAll(() => server.close());

describe('UsageMeter', () => {
  it('totals calls, failures and cost units per vendor and tenant from the bus', async () => {
    const bus = new EventBus();
    const meter = new UsageMeter();
    const detach = meter.attach(bus);
    const handler = compose(
      [
        callTelemetryPolicy({
          otel: false,
          costUnits: (operation, _request, response) =>
            operation?.id === 'createMessage'
              ? { segments: Number(response.headers.get('x-twilio-segments')) }
              : undefined,
        }),
      ],
      fetchHandler,
    );
    const send = (path: string, overrides: Parameters<typeof makeContext>[0] = {}) =>
      handler(
        new Request(`${server.url}${path}`, { method: 'POST' }),
        makeContext({ events: bus, ...overrides }),
      );
    await send('/ok');
    await send('/ok');
    await send('/fail');
    await send('/ok', { tenant: 'tenant-b' });
    await send('/ok', { tenant: undefined, vendor: 'azure-acs' });
    await send('/ok', { operation: { id: 'getMessage', method: 'GET', path: '/m' } });
    expect(meter.snapshot()).toEqual([
      { vendor: 'acme', tenant: 'tenant-a', calls: 4, failedCalls: 1, units: { segments: 4 } },
      { vendor: 'acme', tenant: 'tenant-b', calls: 1, failedCalls: 0, units: { segments: 2 } },
      { vendor: 'azure-acs', tenant: undefined, calls: 1, failedCalls: 0, units: { segments: 2 } },
    ]);
    const snapshot = meter.snapshot();
    (snapshot[0]?.units as Record<string, number>).segments = 1000;
    expect(meter.snapshot()[0]?.units.segments).toBe(4);
    detach();
    expect(bus.active).toBe(false);
    await send('/ok');
    expect(meter.snapshot()[0]?.calls).toBe(4);
    meter.reset();
    expect(meter.snapshot()).toEqual([]);
  });
});

describe('recordEventMetrics', () => {
  it('records rate-limit waits from RateLimitHit events as a histogram in seconds', async () => {
    const harness = otelHarness();
    const bus = new EventBus();
    const recorder = recordEventMetrics(bus, { otel, meterProvider: harness.meterProvider });
    await recorder.ready;
    expect(bus.active).toBe(true);
    bus.emit('RateLimitHit', {
      vendor: 'twilio',
      operationId: 'createMessage',
      waitMs: 1500,
      source: 'server',
      status: 429,
    });
    bus.emit('RateLimitHit', {
      vendor: 'twilio',
      operationId: 'createMessage',
      waitMs: 500,
      source: 'server',
    });
    bus.emit('RateLimitHit', { vendor: 'twilio', waitMs: 20, source: 'proactive' });
    bus.emit('RateLimitHit', { vendor: 'twilio', waitMs: Number.NaN });
    const points = metric(await harness.metrics(), METRIC_NAMES.rateLimitWait).dataPoints as {
      attributes: Record<string, unknown>;
      value: { count: number; sum: number };
    }[];
    expect(points.map((point) => [point.attributes, point.value.count, point.value.sum])).toEqual([
      [
        {
          'org.vendor': 'twilio',
          'org.operation.id': 'createMessage',
          'org.rate_limit.source': 'server',
        },
        2,
        2,
      ],
      [{ 'org.vendor': 'twilio', 'org.rate_limit.source': 'proactive' }, 1, 0.02],
    ]);
    recorder.stop();
    expect(bus.active).toBe(false);
    await harness.shutdown();
  });
});
