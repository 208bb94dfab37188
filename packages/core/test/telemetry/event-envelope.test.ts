import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetriesExhaustedError } from '../../src/errors/index.js';
import { EventBus, REDACTED, type TelemetryEvent } from '../../src/telemetry/index.js';
import { LISTENS_TO, listensTo } from '../../src/telemetry/sink-listens.js';
import type { EventSink } from '../../src/transport/types.js';

/** Every object reachable from `value`, `value` included. */
function objectsIn(value: unknown, found: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value);
  for (const item of Object.values(value)) objectsIn(item, found);
  return found;
}

function capture(bus: EventBus): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  bus.onAny((event) => {
    events.push(event);
  });
  return events;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EventBus envelopes', () => {
  it('freezes every object and array of an event, however deep, and never the emitter’s data', () => {
    const bus = new EventBus();
    const events = capture(bus);
    const cause = Object.assign(new Error('connect ECONNREFUSED https://u:p@h/x?sig=1'), {
      code: 'ECONNREFUSED',
    });
    const data = {
      vendor: 'twilio',
      operationId: 'createMessage',
      errorType: 'retries-exhausted',
      error: new RetriesExhaustedError('Gave up after 3 attempts.', {
        attempts: 3,
        cause,
        details: { attempts: 3, lastStatus: 503 },
      }),
      requestHeaders: { accept: 'application/json', authorization: REDACTED },
      issues: [{ path: ['body', 0, 'sid'], kinds: ['missing', 'type'] }, [1, [2, [3]]]],
      usage: { segments: 2 },
      when: new Date(0),
    };
    bus.emit('ApiCallFailed', data as never);
    const event = events[0] as TelemetryEvent;
    const objects = objectsIn(event);
    // The envelope, data, error and its cause and details, headers, the nested arrays, usage.
    expect(objects.length).toBeGreaterThan(12);
    for (const object of objects) expect(Object.isFrozen(object)).toBe(true);
    const error = (event.data as { error: { cause: { message: string } } }).error;
    expect(error.cause.message).toBe(
      'connect ECONNREFUSED https://REDACTED:REDACTED@h/x?sig=REDACTED',
    );
    expect(() => {
      (error.cause as { message: string }).message = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      ((event.data as unknown as { issues: unknown[][] }).issues[1] as unknown[]).push(4);
    }).toThrow(TypeError);
    // The event is a copy: what the emitter passed stays its own and mutable.
    const { error: _error, ...plain } = data;
    for (const object of objectsIn(plain)) expect(Object.isFrozen(object)).toBe(false);
    expect(Object.isFrozen(data.error)).toBe(false);
  });

  it('stamps each event with the current millisecond, and events of one millisecond alike', () => {
    vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00.000Z'), toFake: ['Date'] });
    const bus = new EventBus();
    const events = capture(bus);
    const data = { vendor: 'twilio', method: 'GET', status: 200, attempt: 1, durationMs: 1 };
    bus.emit('ApiCallSucceeded', data);
    bus.emit('ApiCallSucceeded', data);
    vi.setSystemTime(new Date('2025-03-01T10:00:00.001Z'));
    bus.emit('ApiCallSucceeded', data);
    vi.setSystemTime(new Date('2024-12-31T23:59:59.999Z'));
    bus.emit('ApiCallSucceeded', data);
    expect(events.map((event) => event.time)).toEqual([
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:00:00.001Z',
      '2024-12-31T23:59:59.999Z',
    ]);
  });

  it('names the source per vendor, encoded, and omits the subject without an operation id', () => {
    const bus = new EventBus({ source: '/acme/' });
    const events = capture(bus);
    for (const vendor of ['twilio', 'acs sms/eu', 'twilio', '']) {
      bus.emit('WebhookVerified', { vendor, scheme: 'hmac' });
    }
    expect(events.map((event) => event.source)).toEqual([
      '/acme/twilio',
      '/acme/acs%20sms%2Feu',
      '/acme/twilio',
      '/acme',
    ]);
    expect(Object.keys(events[0] as object)).toEqual([
      'specversion',
      'id',
      'source',
      'type',
      'time',
      'datacontenttype',
      'data',
    ]);
  });
});

describe('listensTo', () => {
  it('says whether an emit of that type would reach a subscriber right now', () => {
    const bus = new EventBus();
    expect(listensTo(bus, 'ApiCallSucceeded')).toBe(false);
    const offTyped = bus.on('RateLimitHit', () => {});
    expect(listensTo(bus, 'RateLimitHit')).toBe(true);
    expect(listensTo(bus, 'ApiCallSucceeded')).toBe(false);
    const offAny = bus.onAny(() => {});
    expect(listensTo(bus, 'ApiCallSucceeded')).toBe(true);
    expect(listensTo(bus, 'NotAnEventType')).toBe(false);
    offAny();
    offTyped();
    expect(listensTo(bus, 'RateLimitHit')).toBe(false);
  });

  it('assumes any other sink listens, so it gets every event as before', () => {
    const sink: EventSink = { active: true, emit() {} };
    expect(listensTo(sink, 'ApiCallSucceeded')).toBe(true);
    expect(LISTENS_TO in sink).toBe(false);
  });
});
