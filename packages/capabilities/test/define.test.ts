import {
  AbortedError,
  ApiError,
  ConfigurationError,
  isCoreError,
  NetworkError,
} from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import { CapabilityError, isCapabilityError } from '../src/errors/capability-error.js';
import { defineSmsSender, type SmsSenderImplementation } from '../src/sms/define.js';
import type { SendSmsInput } from '../src/sms/types.js';

const input: SendSmsInput = { to: '+14155550100', from: '+14155550199', body: 'hi' };

function implementation(overrides: Partial<SmsSenderImplementation> = {}) {
  const calls: unknown[] = [];
  const impl: SmsSenderImplementation = {
    provider: 'acme',
    async send(valid) {
      calls.push(valid);
      return { providerMessageId: 'm-1', status: 'queued' };
    },
    ...overrides,
  };
  return { impl, calls };
}

describe('defineSmsSender', () => {
  it('fills in the provider and passes only validated input to the adapter', async () => {
    const { impl, calls } = implementation();
    const sender = defineSmsSender(impl);
    await expect(sender.send(input)).resolves.toEqual({
      provider: 'acme',
      providerMessageId: 'm-1',
      status: 'queued',
    });
    expect(calls).toEqual([input]);
    expect(Object.isFrozen(sender)).toBe(true);
    expect('getStatus' in sender).toBe(false);
    expect('parseDeliveryReport' in sender).toBe(false);
  });

  it('rejects invalid input without calling the adapter', async () => {
    const { impl, calls } = implementation();
    const error = await defineSmsSender(impl)
      .send({ ...input, to: '12' })
      .catch((thrown: unknown) => thrown);
    expect(isCoreError(error, 'invalid-request')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('refuses an adapter result that breaks the schema as an adapter bug', async () => {
    const { impl } = implementation({
      send: async () => ({ providerMessageId: 'm-1', status: 'sent-ish' as never }),
    });
    const error = await defineSmsSender(impl)
      .send(input)
      .catch((thrown: unknown) => thrown);
    expect(isCoreError(error, 'invalid-response')).toBe(true);
    expect((error as Error).message).toMatch(
      /^The acme SMS adapter returned an invalid send result: `status` .*This is a bug in the adapter/,
    );
  });

  it('turns core transport errors into CapabilityErrors and lets request errors through', async () => {
    const failing = (error: unknown) =>
      defineSmsSender(implementation({ send: async () => Promise.reject(error) }).impl)
        .send(input)
        .catch((thrown: unknown) => thrown);
    const network = await failing(new NetworkError('refused', { beforeSend: true }));
    expect(isCapabilityError(network, 'provider-unavailable')).toBe(true);
    expect((network as CapabilityError).provider).toBe('acme');
    const api = await failing(new ApiError('x', { status: 429 }));
    expect(isCapabilityError(api, 'rate-limited')).toBe(true);
    const own = new CapabilityError('blocked', 'opted out');
    expect(await failing(own)).toBe(own);
    const aborted = new AbortedError();
    expect(await failing(aborted)).toBe(aborted);
    const bug = new TypeError('x is undefined');
    expect(await failing(bug)).toBe(bug);
  });

  it('does not call the adapter when the signal is already aborted', async () => {
    const { impl, calls } = implementation();
    const controller = new AbortController();
    controller.abort();
    const error = await defineSmsSender(impl)
      .send(input, { signal: controller.signal })
      .catch((thrown: unknown) => thrown);
    expect(isCoreError(error, 'aborted')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('validates getStatus ids and reports, and fills in the provider', async () => {
    const seen: string[] = [];
    const sender = defineSmsSender(
      implementation({
        async getStatus(id) {
          seen.push(id);
          return { providerMessageId: id, status: 'delivered', providerStatus: 'DLVRD' };
        },
        async parseDeliveryReport() {
          return {
            reports: [
              {
                providerMessageId: 'm-1',
                status: 'undelivered',
                providerStatus: '30003',
                error: { reason: 'unreachable', providerCode: '30003' },
              },
            ],
            reply: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
          };
        },
      }).impl,
    );
    await expect(sender.getStatus!('m-1')).resolves.toMatchObject({
      provider: 'acme',
      status: 'delivered',
    });
    await expect(sender.getStatus!('')).rejects.toMatchObject({ code: 'invalid-request' });
    expect(seen).toEqual(['m-1']);
    const batch = await sender.parseDeliveryReport!({
      headers: {},
      rawBody: '',
      url: 'https://app.example/h',
    });
    expect(batch.reports[0]).toMatchObject({ provider: 'acme', error: { reason: 'unreachable' } });
    expect(batch.reply?.body).toBe('ok');
  });

  it('needs a provider name', () => {
    expect(() => defineSmsSender({ provider: '', send: async () => ({}) as never })).toThrow(
      ConfigurationError,
    );
  });
});
