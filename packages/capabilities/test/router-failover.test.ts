import { AuthError, ConfigurationError, isCoreError } from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import { CapabilityError, isCapabilityError } from '../src/errors/capability-error.js';
import { createRouter } from '../src/router/create-router.js';
import { defineSmsSender } from '../src/sms/define.js';
import { callCounts, IL, memoryAdapters, recordingSink, US } from './support/router-fixtures.js';

const noBreaker = { circuitBreaker: false } as const;

describe('failover', () => {
  it('moves on when a provider is unavailable, and says so', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'israel019', 'acs');
    controls.twilio.failNextSend('provider-unavailable');
    const events = recordingSink();
    const router = createRouter(adapters, { ...noBreaker, events });
    const result = await router.send(US);
    expect(result.provider).toBe('israel019');
    expect(callCounts(controls)).toEqual({ twilio: 1, israel019: 1, acs: 0 });
    expect(events.events).toEqual([
      {
        type: 'RouteSelected',
        data: { strategy: 'priority', candidates: ['twilio', 'israel019', 'acs'] },
      },
      {
        type: 'ProviderFailedOver',
        data: { from: 'twilio', to: 'israel019', reason: 'provider-unavailable', attempt: 2 },
      },
    ]);
  });

  it('moves on when a provider is rate-limited, with the vendor code when there is one', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    controls.twilio.failNextSend('rate-limited');
    const events = recordingSink();
    expect((await createRouter(adapters, { ...noBreaker, events }).send(US)).provider).toBe('acs');
    expect(events.types()).toEqual(['RouteSelected', 'ProviderFailedOver']);
    expect(events.events[1]?.data.reason).toBe('rate-limited');
  });

  it.each(['invalid-number'] as const)(
    'never moves on for %s: the error is the provider’s own',
    async (failure) => {
      const { adapters, controls } = memoryAdapters('twilio', 'acs');
      controls.twilio.failNextSend(failure);
      const events = recordingSink();
      const error = await createRouter(adapters, { ...noBreaker, events })
        .send(US)
        .catch((thrown: unknown) => thrown);
      expect(isCapabilityError(error, 'invalid-number')).toBe(true);
      expect((error as CapabilityError).provider).toBe('twilio');
      expect(callCounts(controls)).toEqual({ twilio: 1, acs: 0 });
      expect(events.types()).toEqual(['RouteSelected']);
    },
  );

  it('never moves on for blocked (an opt-out must not be routed around)', async () => {
    let backup = 0;
    const blocked = defineSmsSender({
      provider: 'twilio',
      send: async () => {
        throw new CapabilityError('blocked', 'twilio: the recipient replied STOP (21610).', {
          provider: 'twilio',
          providerCode: '21610',
        });
      },
    });
    const other = defineSmsSender({
      provider: 'acs',
      send: async () => {
        backup += 1;
        return { providerMessageId: 'x', status: 'queued' };
      },
    });
    const error = await createRouter({ twilio: blocked, acs: other })
      .send(US)
      .catch((e: unknown) => e);
    expect(isCapabilityError(error, 'blocked')).toBe(true);
    expect(backup).toBe(0);
  });

  it('rejects invalid input once, before asking any provider', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    const events = recordingSink();
    const error = await createRouter(adapters, { events })
      .send({ ...US, to: '4155550100' })
      .catch((thrown: unknown) => thrown);
    expect(isCoreError(error, 'invalid-request')).toBe(true);
    expect((error as CoreErrorLike).details.field).toBe('to');
    expect(callCounts(controls)).toEqual({ twilio: 0, acs: 0 });
    expect(events.events).toEqual([]);
  });

  it('fails with every attempt listed when every provider fails', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'israel019', 'acs');
    controls.twilio.failNextSend('provider-unavailable');
    controls.israel019.failNextSend('rate-limited');
    controls.acs.failNextSend('provider-unavailable');
    const events = recordingSink();
    const error = await createRouter(adapters, { ...noBreaker, events })
      .send(US)
      .catch((thrown: unknown) => thrown);
    expect(isCapabilityError(error, 'provider-unavailable')).toBe(true);
    expect((error as CapabilityError).message).toBe(
      'Every provider tried failed (twilio: provider-unavailable, israel019: rate-limited, acs: provider-unavailable); retry later.',
    );
    expect((error as CapabilityError).details.attempts).toEqual([
      { provider: 'twilio', reason: 'provider-unavailable' },
      { provider: 'israel019', reason: 'rate-limited' },
      { provider: 'acs', reason: 'provider-unavailable' },
    ]);
    expect(isCapabilityError((error as CapabilityError).cause, 'provider-unavailable')).toBe(true);
    expect(events.types()).toEqual([
      'RouteSelected',
      'ProviderFailedOver',
      'ProviderFailedOver',
      'RouteFailed',
    ]);
    expect(events.events.at(-1)?.data).toEqual({
      reason: 'provider-unavailable',
      attempts: [
        { provider: 'twilio', reason: 'provider-unavailable' },
        { provider: 'israel019', reason: 'rate-limited' },
        { provider: 'acs', reason: 'provider-unavailable' },
      ],
      skipped: [],
    });
  });

  it('stops after maxAttempts, and tries once with failover off', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'israel019', 'acs');
    for (const name of ['twilio', 'israel019', 'acs'] as const)
      controls[name].failSends('provider-unavailable');
    await expect(
      createRouter(adapters, { ...noBreaker, failover: { maxAttempts: 2 } }).send(US),
    ).rejects.toMatchObject({ reason: 'provider-unavailable' });
    expect(callCounts(controls)).toEqual({ twilio: 1, israel019: 1, acs: 0 });
    const single = await createRouter(adapters, { ...noBreaker, failover: false })
      .send(US)
      .catch((thrown: unknown) => thrown);
    // One attempt: the provider's own error, not a summary.
    expect((single as CapabilityError).provider).toBe('twilio');
    expect((single as CapabilityError).message).toMatch(
      /^twilio failed: provider-unavailable \(network\)/,
    );
    expect(callCounts(controls)).toEqual({ twilio: 2, israel019: 1, acs: 0 });
  });

  it('moves on for per-account reasons only when told to', async () => {
    const auth = defineSmsSender({
      provider: 'twilio',
      send: async () => {
        throw new AuthError('twilio rejected the credentials.');
      },
    });
    const { adapters } = memoryAdapters('acs');
    const routed = { twilio: auth, acs: adapters.acs };
    await expect(createRouter(routed, noBreaker).send(US)).rejects.toMatchObject({
      reason: 'auth-failed',
    });
    const result = await createRouter(routed, {
      ...noBreaker,
      failover: { on: ['provider-unavailable', 'rate-limited', 'auth-failed'] },
    }).send(US);
    expect(result.provider).toBe('acs');
  });

  it('does not fail over once the caller aborts', async () => {
    const controller = new AbortController();
    const slow = defineSmsSender({
      provider: 'twilio',
      send: async () => {
        controller.abort(); // the caller gives up while the first provider is failing
        throw new CapabilityError('provider-unavailable', 'twilio timed out.', {
          provider: 'twilio',
        });
      },
    });
    const { adapters, controls } = memoryAdapters('acs');
    const error = await createRouter({ twilio: slow, acs: adapters.acs }, noBreaker)
      .send(US, { signal: controller.signal })
      .catch((thrown: unknown) => thrown);
    expect(isCapabilityError(error, 'provider-unavailable')).toBe(true);
    expect(controls.acs.requestCount()).toBe(0);
  });

  it('keeps sending when the event sink throws', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    controls.twilio.failNextSend('provider-unavailable');
    const events = {
      active: true,
      emit() {
        throw new Error('sink down');
      },
    };
    await expect(createRouter(adapters, { events }).send(IL)).resolves.toMatchObject({
      provider: 'acs',
    });
  });
});

describe('getStatus and parseDeliveryReport through the router', () => {
  it('asks the named provider, by route name or provider name', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    const router = createRouter(adapters);
    const sent = await router.send(US);
    controls.twilio.setStatus(sent.providerMessageId, 'handset');
    await expect(
      router.getStatus!(sent.providerMessageId, { provider: 'twilio' }),
    ).resolves.toMatchObject({
      provider: 'twilio',
      status: 'delivered',
    });
    const request = await controls.twilio.deliveryReport(
      sent.providerMessageId,
      'bounced',
      'valid',
    );
    const batch = await router.parseDeliveryReport!(request, { provider: 'twilio' });
    expect(batch.reports[0]).toMatchObject({ provider: 'twilio', status: 'undelivered' });
  });

  it('refuses to guess between several providers', async () => {
    const { adapters } = memoryAdapters('twilio', 'acs');
    const error = await createRouter(adapters).getStatus!('mem-000001').catch(
      (thrown: unknown) => thrown,
    );
    expect(isCoreError(error, 'invalid-request')).toBe(true);
    expect((error as Error).message).toBe(
      'Invalid getStatus input: `provider` must name one of the adapters that support getStatus (twilio, acs).',
    );
  });

  it('uses the only adapter that supports the operation', async () => {
    const { adapters, controls } = memoryAdapters('twilio');
    const noStatus = defineSmsSender({
      provider: 'acs',
      send: async () => ({ providerMessageId: 'a', status: 'queued' }),
    });
    const router = createRouter({ acs: noStatus, twilio: adapters.twilio });
    const sent = await adapters.twilio.send(US);
    controls.twilio.setStatus(sent.providerMessageId, 'dispatched');
    await expect(router.getStatus!(sent.providerMessageId)).resolves.toMatchObject({
      status: 'sent',
    });
  });
});

describe('configuration', () => {
  const { adapters } = memoryAdapters('twilio', 'acs');
  it.each([
    [{}, 'createRouter: needs at least one adapter, as { name: smsSender }.', true],
    [
      { rules: [{ providers: ['vonage'] }] },
      'createRouter: policy.rules[0].providers names "vonage", which is not an adapter; the adapters are twilio, acs.',
      false,
    ],
    [
      { rules: [{ countryPrefix: '972' }] },
      'createRouter: policy.rules[0].countryPrefix "972" must look like "+972".',
      false,
    ],
    [
      { rules: [{ providers: [] }] },
      'createRouter: policy.rules[0].providers is empty; omit it for every adapter.',
      false,
    ],
    [
      { strategy: 'fastest' },
      'createRouter: policy.strategy must be one of priority, weighted, cheapest, got fastest.',
      false,
    ],
    [
      { weights: { twilio: -1 } },
      'createRouter: policy.weights.twilio must be a finite number >= 0, got -1.',
      false,
    ],
    [
      { prices: { acs: { '44': 0.1 } } },
      'createRouter: policy.prices.acs has the prefix "44"; use "+<digits>" or "*".',
      false,
    ],
    [
      { failover: { maxAttempts: 0 } },
      'createRouter: policy.failover.maxAttempts must be a whole number >= 1, got 0.',
      false,
    ],
    [
      { failover: { on: ['invalid-number'] } },
      'createRouter: policy.failover.on has "invalid-number": it fails the same way at every provider, so failover cannot help.',
      false,
    ],
    [
      { circuitBreaker: { failureRate: 2 } },
      'circuitBreaker.failureRate must be above 0 and at most 1, got 2.',
      false,
    ],
    [
      { circuitBreaker: { coolDownMs: 0 } },
      'circuitBreaker.coolDownMs must be a positive number of milliseconds, got 0.',
      false,
    ],
  ])('%j is refused', (policy, message, noAdapters) => {
    const build = () => createRouter(noAdapters ? {} : adapters, policy as never);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(message);
  });
});

interface CoreErrorLike {
  details: Record<string, unknown>;
}
