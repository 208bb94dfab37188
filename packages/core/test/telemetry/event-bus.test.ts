import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { EVENT_TYPES, EventBus, REDACTED, type TelemetryEvent } from '../../src/telemetry/index.js';
import type { EventSink } from '../../src/transport/types.js';

const succeeded = {
  vendor: 'twilio',
  packVersion: '1.4.0',
  operationId: 'createMessage',
  tenant: 'tenant-a',
  method: 'POST',
  status: 201,
  attempt: 1,
  durationMs: 12.5,
};

describe('EventBus', () => {
  it('implements the transport EventSink and is active only while someone subscribes', () => {
    const bus = new EventBus();
    expectTypeOf(bus).toMatchTypeOf<EventSink>();
    expect(bus.active).toBe(false);
    const off = bus.on('ApiCallSucceeded', () => {});
    const offAny = bus.onAny(() => {});
    expect(bus.active).toBe(true);
    off();
    expect(bus.active).toBe(true);
    offAny();
    expect(bus.active).toBe(false);
    offAny();
    off();
    expect(bus.active).toBe(false);
  });

  it('wraps data in a CloudEvents 1.0 envelope', () => {
    const bus = new EventBus();
    const seen: TelemetryEvent<'ApiCallSucceeded'>[] = [];
    bus.on('ApiCallSucceeded', (event) => {
      seen.push(event);
    });
    vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00.000Z'), toFake: ['Date'] });
    try {
      bus.emit('ApiCallSucceeded', succeeded);
    } finally {
      vi.useRealTimers();
    }
    expect(seen).toHaveLength(1);
    const [event] = seen;
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-1$/,
      ),
      source: '/org/core/twilio',
      type: 'ApiCallSucceeded',
      time: '2025-03-01T10:00:00.000Z',
      subject: 'createMessage',
      datacontenttype: 'application/json',
      data: succeeded,
    });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event?.data)).toBe(true);
  });

  it('gives every event its own id and copies data so the emitter cannot change it afterwards', () => {
    const bus = new EventBus({ source: 'https://example.com/clients/' });
    const seen: TelemetryEvent[] = [];
    bus.onAny((event) => {
      seen.push(event);
    });
    const data = { ...succeeded, usage: { segments: 1 } };
    bus.emit('ApiCallSucceeded', data);
    data.usage.segments = 99;
    bus.emit('ApiCallSucceeded', data);
    expect(seen[0]?.id).not.toBe(seen[1]?.id);
    expect(seen[0]?.source).toBe('https://example.com/clients/twilio');
    expect(seen[0]?.data).toMatchObject({ usage: { segments: 1 } });
  });

  it('types subscribers by event type', () => {
    const bus = new EventBus();
    bus.on('RateLimitHit', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'RateLimitHit'>();
      expectTypeOf(event.data.waitMs).toEqualTypeOf<number>();
    });
    bus.onAny((event) => {
      if (event.type === 'ApiCallFailed')
        expectTypeOf(event.data.errorType).toEqualTypeOf<string>();
    });
    // @ts-expect-error: not an event type
    bus.on('ApiCallSucceded', () => {});
  });

  it('delivers to typed subscribers first, then catch-all ones, in subscription order', () => {
    const bus = new EventBus();
    const order: string[] = [];
    bus.onAny(() => {
      order.push('any');
    });
    bus.on('ApiCallSucceeded', () => {
      order.push('typed-1');
    });
    bus.on('ApiCallSucceeded', () => {
      order.push('typed-2');
    });
    bus.on('ApiCallFailed', () => {
      order.push('failed');
    });
    bus.emit('ApiCallSucceeded', succeeded);
    expect(order).toEqual(['typed-1', 'typed-2', 'any']);
  });

  it('keeps delivering when a subscriber throws or rejects, and reports both', async () => {
    const reported: unknown[] = [];
    const bus = new EventBus({
      onSubscriberError: (error, event) => {
        reported.push([(error as Error).message, event.type]);
        throw new Error('the reporter fails too');
      },
    });
    const received: string[] = [];
    bus.on('ApiCallSucceeded', () => {
      throw new Error('sync boom');
    });
    bus.on('ApiCallSucceeded', async () => {
      throw new Error('async boom');
    });
    bus.onAny((event) => {
      received.push(event.type);
    });
    expect(() => bus.emit('ApiCallSucceeded', succeeded)).not.toThrow();
    expect(received).toEqual(['ApiCallSucceeded']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported).toEqual([
      ['sync boom', 'ApiCallSucceeded'],
      ['async boom', 'ApiCallSucceeded'],
    ]);
  });

  it('lets a subscriber unsubscribe itself or another during delivery without skipping anyone', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    const offA = bus.on('ApiCallSucceeded', () => {
      calls.push('a');
      offA();
      offB();
    });
    const offB = bus.on('ApiCallSucceeded', () => {
      calls.push('b');
    });
    bus.emit('ApiCallSucceeded', succeeded);
    bus.emit('ApiCallSucceeded', succeeded);
    expect(calls).toEqual(['a', 'b']);
    expect(bus.active).toBe(false);
  });

  it('drops types outside the public set', () => {
    const bus = new EventBus();
    const seen = vi.fn();
    bus.onAny(seen);
    bus.emit('ApiCallSucceded', { vendor: 'x' });
    bus.emit('SomethingHappened', { vendor: 'x' });
    expect(seen).not.toHaveBeenCalled();
    expect(EVENT_TYPES).toHaveLength(13);
  });

  it('delivers DeprecatedOperationCalled once per operation id per bus', () => {
    const first = new EventBus();
    const second = new EventBus();
    const seenFirst = vi.fn();
    const seenSecond = vi.fn();
    first.on('DeprecatedOperationCalled', seenFirst);
    second.on('DeprecatedOperationCalled', seenSecond);
    for (const bus of [first, second, first]) {
      bus.emit('DeprecatedOperationCalled', { vendor: 'x', operationId: 'oldList', method: 'GET' });
      bus.emit('DeprecatedOperationCalled', { vendor: 'x', operationId: 'oldGet', method: 'GET' });
    }
    expect(seenFirst.mock.calls.map(([event]) => event.data.operationId)).toEqual([
      'oldList',
      'oldGet',
    ]);
    expect(seenSecond).toHaveBeenCalledTimes(2);
  });

  it('redacts the per-operation sensitive fields and sensitive keys at any depth', () => {
    const bus = new EventBus({
      sensitiveFields: { createUser: ['body.profile.pin', 'body.devices[].pushKey'] },
    });
    let data: unknown;
    bus.onAny((event) => {
      data = event.data;
    });
    bus.emit('WebhookVerified', { vendor: 'x', scheme: 'hmac', deliveryId: 'd1' });
    expect(data).toEqual({ vendor: 'x', scheme: 'hmac', deliveryId: 'd1' });
    bus.emit('ApiCallFailed', {
      ...succeeded,
      operationId: 'createUser',
      errorType: '400',
      body: {
        profile: { pin: '4321', name: 'Ada' },
        devices: [{ pushKey: 'pk-1', os: 'ios' }],
        nested: {
          client_secret: 's3',
          Authorization: 'Bearer abcdefghijkl',
          note: 'see https://h/x?sig=abc&page=2',
        },
      },
    } as Record<string, unknown>);
    expect(data).toMatchObject({
      body: {
        profile: { pin: REDACTED, name: 'Ada' },
        devices: [{ pushKey: REDACTED, os: 'ios' }],
        nested: {
          client_secret: REDACTED,
          Authorization: REDACTED,
          note: 'see https://h/x?sig=REDACTED&page=2',
        },
      },
    });
  });

  it('turns data into JSON-safe values', () => {
    const bus = new EventBus();
    let data: Record<string, unknown> = {};
    bus.onAny((event) => {
      data = event.data as Record<string, unknown>;
    });
    bus.emit('CredentialExpiring', {
      vendor: 'x',
      expiresAt: '2025-01-01T00:00:00.000Z',
      expiresInMs: Number.POSITIVE_INFINITY,
      when: new Date(0),
      big: 10n,
      fn: () => 1,
      failure: new Error('GET https://api.example.com/v1?api_key=k-123 failed'),
    } as Record<string, unknown>);
    expect(data).toEqual({
      vendor: 'x',
      expiresAt: '2025-01-01T00:00:00.000Z',
      expiresInMs: 'Infinity',
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
      failure: { name: 'Error', message: 'GET https://api.example.com/v1?api_key=REDACTED failed' },
    });
    expect(() => JSON.stringify(data)).not.toThrow();
  });

  it('never throws from emit, even for data that cannot be copied', () => {
    const bus = new EventBus();
    const seen = vi.fn();
    bus.onAny(seen);
    const hostile = { vendor: 'x', scheme: 'y' };
    Object.defineProperty(hostile, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(() => bus.emit('WebhookVerified', hostile)).not.toThrow();
    expect(seen).not.toHaveBeenCalled();
  });
});
