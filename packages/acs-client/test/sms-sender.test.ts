import { isCapabilityError } from '@org/capabilities';
import { isWebhookVerificationError } from '@org/core/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifest } from '../src/index.js';
import { type AcsSmsSenderOptions, createAcsSmsSender } from '../src/sms.js';
import { type AcsSimulator, startAcsSimulator } from './support/acs-simulator.js';
import { createEntraStandIn } from './support/entra.js';

const entra = createEntraStandIn();
const input = { to: '+14255550123', from: '+18005550100', body: 'Your code is 123456' };
let simulator: AcsSimulator;

beforeEach(async () => {
  simulator = await startAcsSimulator({ entra });
});
afterEach(() => simulator.close());

function sender(overrides: Partial<AcsSmsSenderOptions> = {}) {
  return createAcsSmsSender({
    endpoint: simulator.url,
    accessKey: simulator.accessKey,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    rateLimit: { ...manifest.defaults.rateLimit, defaultPauseMs: 5 },
    eventGrid: { entra: { tenantId: entra.tenantId, audience: entra.audience, jwks: entra.jwks } },
    ...overrides,
  });
}

function sentBodies(): Array<Record<string, any>> {
  return simulator.requests.map((request) => JSON.parse(request.body));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createAcsSmsSender: send', () => {
  it('sends one recipient with a repeatability pair and the reference as tag', async () => {
    const before = Date.now();
    const result = await sender().send({ ...input, clientReference: 'order-42' });
    expect(result).toEqual({
      provider: 'azure-communication-services',
      providerMessageId: simulator.sent[0]?.messageId,
      status: 'queued',
      providerStatus: '202',
      clientReference: 'order-42',
    });
    const [body] = sentBodies();
    expect(body).toEqual({
      from: '+18005550100',
      smsRecipients: [
        {
          to: '+14255550123',
          repeatabilityRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          repeatabilityFirstSent: expect.stringMatching(/ GMT$/),
        },
      ],
      message: 'Your code is 123456',
      smsSendOptions: { enableDeliveryReport: true, tag: 'order-42' },
    });
    const firstSent = Date.parse(body?.smsRecipients[0].repeatabilityFirstSent);
    expect(firstSent).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(simulator.signatureFailures).toEqual([]);
  });

  it('repeats the same repeatability pair on every attempt of one call, each signed afresh', async () => {
    simulator.failNextSend('rate-limited');
    const error = await rejection(sender().send(input));
    expect(isCapabilityError(error, 'rate-limited')).toBe(true);
    expect(simulator.requests).toHaveLength(3); // the pack's maxAttempts; a 429 is safe to re-send
    const pairs = sentBodies().map((body) => JSON.stringify(body.smsRecipients[0]));
    expect(new Set(pairs).size).toBe(1);
    expect(simulator.signatureFailures).toEqual([]);
    // The next call is a new message with a new pair.
    await sender().send(input);
    expect(sentBodies()[3]?.smsRecipients[0].repeatabilityRequestId).not.toBe(
      sentBodies()[0]?.smsRecipients[0].repeatabilityRequestId,
    );
  });

  it('does not re-send after a 503: ACS may have acted, and core cannot see the body key yet', async () => {
    simulator.failNextSend('provider-unavailable');
    const error = await rejection(sender().send(input));
    expect(isCapabilityError(error, 'provider-unavailable')).toBe(true);
    expect(error).toMatchObject({ providerCode: 'ServiceUnavailable', retryable: true });
    expect(simulator.requests).toHaveLength(1);
  });

  it('sends from the configured number whatever the input names (router inputs)', async () => {
    await sender({ from: '+18005550199' }).send(input);
    await sender().send({ to: input.to, senderId: 'MyShop', body: 'hi' });
    expect(sentBodies().map((body) => body.from)).toEqual(['+18005550199', 'MyShop']);
  });

  it('passes enableDeliveryReport: false and never sends statusCallback', async () => {
    await sender({ enableDeliveryReport: false }).send({
      ...input,
      statusCallback: 'https://app.example.com/status',
    });
    const [body] = sentBodies();
    expect(body?.smsSendOptions).toEqual({ enableDeliveryReport: false });
    expect(JSON.stringify(body)).not.toContain('app.example.com');
  });

  it('maps a recipient-level 400 to invalid-number, not retryable', async () => {
    simulator.failNextSend('invalid-number');
    const error = await rejection(sender().send(input));
    expect(isCapabilityError(error, 'invalid-number')).toBe(true);
    expect(error).toMatchObject({ providerCode: '400', retryable: false });
    expect((error as Error).message).not.toContain(input.to);
  });

  it('maps a rejected repeatability pair to invalid-request', async () => {
    const error = await rejection(sender({ now: () => Number.NaN }).send(input));
    expect(isCapabilityError(error, 'invalid-request')).toBe(true);
  });

  it('maps a request signed with another key to auth-failed, without the key in the error', async () => {
    const wrongKey = Buffer.alloc(32, 9).toString('base64');
    const error = await rejection(sender({ accessKey: wrongKey }).send(input));
    expect(isCapabilityError(error, 'auth-failed')).toBe(true);
    expect(error).toMatchObject({ providerCode: 'Unauthorized', retryable: false });
    expect(JSON.stringify(error) + String(error)).not.toContain(wrongKey);
    expect(simulator.sent).toEqual([]);
  });

  it('treats a 202 without the recipient result as an invalid response, not a success', async () => {
    const empty = createAcsSmsSender({
      endpoint: 'https://contoso.communication.azure.com',
      accessKey: simulator.accessKey,
      retry: false,
      fetch: async () =>
        new Response('{"value":[]}', {
          status: 202,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const error = await rejection(empty.send(input));
    expect(isCapabilityError(error, 'provider-unavailable')).toBe(true);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('invalid-response');
  });

  it('refuses a blank `from` at construction', () => {
    expect(() => sender({ from: ' ' })).toThrow(/`from` must be/);
  });
});

describe('createAcsSmsSender: delivery reports', () => {
  it('normalizes Delivered and Failed, with the tag, segments and the error code', async () => {
    const acs = sender();
    const sent = await acs.send({ ...input, clientReference: 'order-42' });
    const delivered = await acs.parseDeliveryReport?.(
      simulator.deliveryReport(sent.providerMessageId, 'Delivered', 'valid'),
    );
    expect(delivered?.reply).toBeUndefined();
    expect(delivered?.reports).toEqual([
      {
        provider: 'azure-communication-services',
        providerMessageId: sent.providerMessageId,
        status: 'delivered',
        providerStatus: 'Delivered',
        segments: 1,
        occurredAt: expect.any(Date),
        clientReference: 'order-42',
      },
    ]);
    const failed = await acs.parseDeliveryReport?.(
      simulator.deliveryReport(sent.providerMessageId, 'Failed', 'valid'),
    );
    expect(failed?.reports[0]).toMatchObject({
      status: 'undelivered',
      providerStatus: 'Failed',
      error: { reason: 'unknown', providerCode: '5002' },
    });
  });

  it('answers the validation handshake once the token is checked', async () => {
    const acs = sender();
    const handshake = {
      method: 'POST',
      url: 'https://app.example.com/acs/events',
      rawBody: JSON.stringify([
        {
          id: 'v-1',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          data: { validationCode: 'code-123' },
          eventTime: '2026-03-01T08:30:00Z',
        },
      ]),
    };
    const batch = await acs.parseDeliveryReport?.({
      ...handshake,
      headers: { authorization: `Bearer ${entra.token()}` },
    });
    expect(batch).toEqual({
      reports: [],
      reply: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"validationResponse":"code-123"}',
      },
    });
    const unsigned = await rejection(
      acs.parseDeliveryReport?.({ ...handshake, headers: {} }) ?? Promise.resolve(),
    );
    expect(isWebhookVerificationError(unsigned, 'missing-header')).toBe(true);
  });

  it('answers the CloudEvents OPTIONS handshake, which carries nothing to authenticate', async () => {
    const batch = await sender().parseDeliveryReport?.({
      method: 'OPTIONS',
      url: 'https://app.example.com/acs/events',
      headers: { 'webhook-request-origin': 'eventgrid.azure.net' },
      rawBody: '',
    });
    expect(batch).toEqual({
      reports: [],
      reply: {
        status: 200,
        headers: { 'webhook-allowed-origin': 'eventgrid.azure.net', 'webhook-allowed-rate': '*' },
        body: '',
      },
    });
  });

  it('has no parseDeliveryReport without Event Grid authentication', () => {
    expect(sender({ eventGrid: undefined }).parseDeliveryReport).toBeUndefined();
    expect(sender().getStatus).toBeUndefined();
  });
});
