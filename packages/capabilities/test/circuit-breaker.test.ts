import { NetworkError } from '@org/core/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, type CircuitTransition } from '../src/router/circuit-breaker.js';
import { createRouter } from '../src/router/create-router.js';
import { defineSmsSender } from '../src/sms/define.js';
import { callCounts, memoryAdapters, recordingSink, US } from './support/router-fixtures.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the breaker in the router: closed -> open -> half-open -> closed', () => {
  it('runs the full cycle on fake time, with every transition as an event', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    const events = recordingSink();
    const router = createRouter(adapters, {
      events,
      circuitBreaker: { failureThreshold: 3, coolDownMs: 10_000 },
    });
    controls.twilio.failSends('provider-unavailable');

    // Closed: three consecutive failures, each failing over to acs.
    for (let i = 0; i < 3; i++) expect((await router.send(US)).provider).toBe('acs');
    expect(callCounts(controls)).toEqual({ twilio: 3, acs: 3 });
    expect(events.events.filter((event) => event.type === 'CircuitOpened')).toEqual([
      {
        type: 'CircuitOpened',
        data: {
          provider: 'twilio',
          trigger: 'consecutive-failures',
          consecutiveFailures: 3,
          windowCalls: 3,
          windowFailures: 3,
          coolDownMs: 10_000,
        },
      },
    ]);
    expect(router.circuitStates()).toEqual({ twilio: 'open', acs: 'closed' });

    // Open: twilio is skipped without a call for the whole cool-down.
    events.events.length = 0;
    await vi.advanceTimersByTimeAsync(9_999);
    expect((await router.send(US)).provider).toBe('acs');
    expect(controls.twilio.requestCount()).toBe(3);
    expect(events.events[1]).toEqual({
      type: 'ProviderSkipped',
      data: { provider: 'twilio', reason: 'circuit-open', retryAfterMs: 1 },
    });

    // Half-open after exactly 10 000 ms: one probe; twilio still fails, so it reopens.
    events.events.length = 0;
    await vi.advanceTimersByTimeAsync(1);
    expect(router.circuitStates().twilio).toBe('half-open');
    expect((await router.send(US)).provider).toBe('acs');
    expect(controls.twilio.requestCount()).toBe(4);
    expect(events.types()).toEqual([
      'CircuitHalfOpened',
      'RouteSelected',
      'CircuitOpened',
      'ProviderFailedOver',
    ]);
    expect(events.events[2]?.data).toMatchObject({ provider: 'twilio', trigger: 'probe-failed' });

    // A new cool-down from the failed probe; twilio recovers; the probe closes the circuit.
    controls.twilio.failSends(undefined);
    events.events.length = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await router.send(US)).provider).toBe('twilio');
    // Nothing read the state this time: the send itself observes the half-open circuit.
    expect(events.types()).toEqual(['RouteSelected', 'CircuitHalfOpened', 'CircuitClosed']);
    expect(router.circuitStates()).toEqual({ twilio: 'closed', acs: 'closed' });
    expect((await router.send(US)).provider).toBe('twilio');
    expect(callCounts(controls)).toEqual({ twilio: 6, acs: 5 });
  });

  it('lets exactly one probe through while half-open; concurrent sends skip the provider', async () => {
    let mode: 'down' | 'hold' = 'down';
    let release: (() => void) | undefined;
    let calls = 0;
    const primary = defineSmsSender({
      provider: 'twilio',
      async send() {
        calls += 1;
        if (mode === 'down')
          throw new NetworkError('twilio could not be reached.', { beforeSend: true });
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { providerMessageId: 'tw-1', status: 'queued' };
      },
    });
    const { adapters } = memoryAdapters('acs');
    const events = recordingSink();
    const router = createRouter(
      { twilio: primary, acs: adapters.acs },
      { events, circuitBreaker: { failureThreshold: 1, coolDownMs: 1_000 } },
    );
    expect((await router.send(US)).provider).toBe('acs');
    expect(router.circuitStates().twilio).toBe('open');
    await vi.advanceTimersByTimeAsync(1_000);
    mode = 'hold';
    const probe = router.send(US);
    for (let i = 0; i < 100 && release === undefined; i++) await Promise.resolve();
    expect(release).toBeDefined(); // the probe is in flight at twilio
    events.events.length = 0;
    expect((await router.send(US)).provider).toBe('acs');
    expect(events.events[1]).toEqual({
      type: 'ProviderSkipped',
      data: { provider: 'twilio', reason: 'circuit-open', retryAfterMs: 0 },
    });
    expect(calls).toBe(2);
    release!();
    await expect(probe).resolves.toMatchObject({ provider: 'twilio' });
    expect(router.circuitStates().twilio).toBe('closed');
  });

  it('counts a provider that answers "invalid number" as healthy', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    const router = createRouter(adapters, { circuitBreaker: { failureThreshold: 2 } });
    controls.twilio.failNextSend('provider-unavailable');
    controls.twilio.failNextSend('invalid-number');
    controls.twilio.failNextSend('provider-unavailable');
    await router.send(US);
    await expect(router.send(US)).rejects.toMatchObject({ reason: 'invalid-number' });
    await router.send(US);
    expect(router.circuitStates().twilio).toBe('closed');
  });

  it('fails fast, with the wait, when every candidate is open', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    controls.twilio.failSends('provider-unavailable');
    controls.acs.failSends('provider-unavailable');
    const events = recordingSink();
    const router = createRouter(adapters, {
      events,
      circuitBreaker: { failureThreshold: 1, coolDownMs: 20_000 },
    });
    await expect(router.send(US)).rejects.toMatchObject({ reason: 'provider-unavailable' });
    await vi.advanceTimersByTimeAsync(5_000);
    events.events.length = 0;
    const error = await router.send(US).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      reason: 'provider-unavailable',
      retryAfterMs: 15_000,
      message: 'No provider could be tried; circuit open for twilio, acs; retry later (in 15 s).',
    });
    expect(callCounts(controls)).toEqual({ twilio: 1, acs: 1 });
    expect(events.types()).toEqual([
      'RouteSelected',
      'ProviderSkipped',
      'ProviderSkipped',
      'RouteFailed',
    ]);
  });
});

describe('CircuitBreaker', () => {
  function breaker(options = {}) {
    const transitions: CircuitTransition[] = [];
    const instance = new CircuitBreaker(
      options,
      () => Date.now(),
      (change) => transitions.push(change),
    );
    return { instance, transitions };
  }

  it('opens on the failure rate within the window, not before minimumCalls', () => {
    const { instance, transitions } = breaker({
      failureThreshold: 100,
      failureRate: 0.5,
      minimumCalls: 4,
    });
    const call = (outcome: 'success' | 'failure') => instance.record(instance.acquire(), outcome);
    call('failure');
    call('success');
    call('success');
    expect(instance.state).toBe('closed'); // 1 of 3, and under minimumCalls
    call('failure'); // 2 of 4 = 50%
    expect(instance.state).toBe('open');
    expect(transitions).toEqual([
      {
        to: 'open',
        from: 'closed',
        trigger: 'failure-rate',
        consecutiveFailures: 1,
        windowCalls: 4,
        windowFailures: 2,
        coolDownMs: 30_000,
      },
    ]);
  });

  it('forgets outcomes once they are a window (plus one 6 s bucket) old', () => {
    const { instance } = breaker({
      failureThreshold: 100,
      failureRate: 0.5,
      minimumCalls: 4,
      windowMs: 60_000,
    });
    const call = (outcome: 'success' | 'failure') => instance.record(instance.acquire(), outcome);
    call('failure');
    call('failure');
    call('success');
    // Outcomes are kept in 10 buckets of 6 s: they leave between 60 s and 66 s.
    vi.advanceTimersByTime(66_000);
    call('success');
    call('failure'); // the window holds 1 of 2: under minimumCalls
    expect(instance.state).toBe('closed');
  });

  it('resets the consecutive count on a success, and ignores ignored outcomes', () => {
    const { instance } = breaker({ failureThreshold: 2, minimumCalls: 100 });
    const call = (outcome: 'success' | 'failure' | 'ignored') =>
      instance.record(instance.acquire(), outcome);
    call('failure');
    call('success');
    call('failure');
    call('ignored');
    expect(instance.state).toBe('closed');
    call('failure');
    expect(instance.state).toBe('open');
  });

  it('refuses while open with the time left, then allows one probe at a time', () => {
    const { instance, transitions } = breaker({ failureThreshold: 1, coolDownMs: 5_000 });
    instance.record(instance.acquire(), 'failure');
    vi.advanceTimersByTime(1_200);
    expect(instance.acquire()).toEqual({ allowed: false, retryAfterMs: 3_800 });
    vi.advanceTimersByTime(3_800);
    const probe = instance.acquire();
    expect(probe).toEqual({ allowed: true, probe: true });
    expect(instance.acquire()).toEqual({ allowed: false, retryAfterMs: 0 });
    instance.record(probe, 'ignored'); // the prober aborted: still half-open, next probe allowed
    const second = instance.acquire();
    expect(second).toEqual({ allowed: true, probe: true });
    instance.record(second, 'success');
    expect(instance.state).toBe('closed');
    expect(transitions.map((change) => `${change.from}->${change.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });
});
