import { isCapabilityError } from '@org/capabilities';
import { isCoreError } from '@org/core/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioClient } from '../src/index.js';
import { failureOf } from '../src/sms/failure.js';
import { costOf, segmentsOf } from '../src/sms/message-fields.js';
import { twilioError } from '../src/sms/vendor-error.js';
import { createTwilioSmsSender } from '../src/sms.js';
import type { TwilioMessage } from '../src/types.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CALLBACK_URL,
  startTwilioSimulator,
  type TwilioSimulator,
  twilioSignature,
} from './support/twilio-simulator.js';

let simulator: TwilioSimulator;
beforeEach(async () => {
  simulator = await startTwilioSimulator();
});
afterEach(() => simulator.close());

function sender(extra: Partial<Parameters<typeof createTwilioSmsSender>[0]> = {}) {
  return createTwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    clientOptions: {
      baseUrl: simulator.server.url,
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      retry: false,
    },
    ...extra,
  });
}

function signedCallback(fields: Record<string, string>) {
  const params = new URLSearchParams(fields);
  return {
    url: CALLBACK_URL,
    rawBody: params.toString(),
    headers: { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, CALLBACK_URL, params) },
  };
}

describe('createTwilioSmsSender: the wire', () => {
  it('sends CreateMessage as a form with Basic auth and the default StatusCallback', async () => {
    const sms = sender({ statusCallbackUrl: 'https://app.example.com/status' });
    const sent = await sms.send({
      to: '+14155550100',
      senderId: 'Acme Shop',
      body: 'Hi there',
      clientReference: 'order-1042',
    });
    const [request] = simulator.server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      To: '+14155550100',
      From: 'Acme Shop',
      Body: 'Hi there',
      StatusCallback: 'https://app.example.com/status',
    });
    expect(sent).toMatchObject({
      provider: 'twilio',
      status: 'queued',
      providerStatus: 'queued',
      segments: 1,
      clientReference: 'order-1042',
    });
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.cost).toBeUndefined(); // Twilio prices a message after the carrier bills it
  });

  it("lets the message's own statusCallback win over the default", async () => {
    await sender({ statusCallbackUrl: 'https://app.example.com/default' }).send({
      to: '+14155550100',
      from: '+14155550199',
      body: 'x',
      statusCallback: 'https://app.example.com/this-one',
    });
    const form = new URLSearchParams(simulator.server.requests[0]!.body);
    expect(form.get('StatusCallback')).toBe('https://app.example.com/this-one');
    expect(form.get('From')).toBe('+14155550199');
  });

  it('reads price, error code and update time from FetchMessage', async () => {
    const sms = sender();
    const sent = await sms.send({ to: '+14155550100', from: '+14155550199', body: 'x' });
    simulator.controls.setStatus!(sent.providerMessageId, 'delivered');
    expect(await sms.getStatus!(sent.providerMessageId)).toMatchObject({
      status: 'delivered',
      cost: { amount: 0.0079, currency: 'USD' },
      segments: 1,
    });
    simulator.controls.setStatus!(sent.providerMessageId, 'undelivered');
    const failed = await sms.getStatus!(sent.providerMessageId);
    expect(failed.status).toBe('undelivered');
    expect(failed.error).toEqual({ reason: 'unreachable', providerCode: '30003' });
    expect(failed.occurredAt).toBeInstanceOf(Date);
    expect(simulator.server.requests.at(-1)!.url).toBe(
      `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sent.providerMessageId}.json`,
    );
  });

  it('sends through a shared client when given one', async () => {
    const client = createTwilioClient({
      baseUrl: simulator.server.url,
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    });
    const sms = createTwilioSmsSender({ accountSid: ACCOUNT_SID, client });
    await sms.send({ to: '+14155550100', from: '+14155550199', body: 'x' });
    expect(simulator.server.requests).toHaveLength(1);
  });

  it('rejects a wrong Auth Token as auth-failed (20003), naming no secret', async () => {
    const sms = createTwilioSmsSender({
      accountSid: ACCOUNT_SID,
      clientOptions: {
        baseUrl: simulator.server.url,
        credentials: { accountSid: ACCOUNT_SID, authToken: 'not-the-token-at-all' },
      },
    });
    const error = await sms.send({ to: '+14155550100', from: '+14155550199', body: 'x' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isCapabilityError(error, 'auth-failed')).toBe(true);
    expect((error as Error).message).toBe(
      'twilio answered HTTP 401 with error 20003: auth-failed; check the credentials configured for this provider (https://www.twilio.com/docs/api/errors/20003).',
    );
  });
});

describe('twilioError', () => {
  const response = (status: number, headers: Record<string, string> = {}) =>
    new Response(null, { status, headers });
  const NOW = Date.parse('2026-03-01T10:00:00Z');

  it.each([
    { status: 400, code: 21211, reason: 'invalid-number', retryable: false },
    { status: 400, code: 21610, reason: 'blocked', retryable: false },
    { status: 400, code: 21608, reason: 'not-permitted', retryable: false },
    { status: 401, code: 20003, reason: 'auth-failed', retryable: false },
    { status: 429, code: 20429, reason: 'rate-limited', retryable: true },
    { status: 503, code: 20503, reason: 'provider-unavailable', retryable: true },
    // Codes the table lacks fall back to the HTTP status (RFC 9110).
    { status: 400, code: 99999, reason: 'invalid-request', retryable: false },
    { status: 502, code: undefined, reason: 'provider-unavailable', retryable: true },
  ])('HTTP $status with code $code is $reason', ({ status, code, reason, retryable }) => {
    const error = twilioError(response(status), code === undefined ? {} : { code }, NOW);
    expect(error.reason).toBe(reason);
    expect(error.retryable).toBe(retryable);
    expect(error.provider).toBe('twilio');
    expect(error.providerCode).toBe(code === undefined ? undefined : String(code));
    expect(error.details).toMatchObject({ status });
  });

  it('keeps Retry-After in seconds and as an HTTP date', () => {
    expect(twilioError(response(429, { 'retry-after': '3' }), { code: 20429 }, NOW)).toMatchObject({
      retryAfterMs: 3000,
    });
    const date = new Date(NOW + 7000).toUTCString();
    expect(
      twilioError(response(429, { 'retry-after': date }), { code: 20429 }, NOW).retryAfterMs,
    ).toBe(7000);
  });

  it("never copies Twilio's message, which repeats the number", () => {
    const error = twilioError(response(400), {
      code: 21211,
      message: "The 'To' number +14155550100 is not a valid phone number.",
    });
    expect(JSON.stringify(error)).not.toContain('4155550100');
    expect(error.message).not.toContain('4155550100');
  });
});

describe('message fields', () => {
  it.each([
    { code: 30003, failure: { reason: 'unreachable', providerCode: '30003' } },
    { code: '30007', failure: { reason: 'content-rejected', providerCode: '30007' } },
    { code: 21610, failure: { reason: 'blocked', providerCode: '21610' } },
    { code: 30008, failure: { reason: 'unknown', providerCode: '30008' } },
    { code: 12345, failure: { reason: 'unknown', providerCode: '12345' } },
    { code: 0, failure: undefined },
    { code: '', failure: undefined },
    { code: null, failure: undefined },
  ])('error code $code is $failure.reason', ({ code, failure }) => {
    expect(failureOf(code)).toEqual(failure);
  });

  it.each([
    {
      message: { price: '-0.00750', price_unit: 'usd' },
      cost: { amount: 0.0075, currency: 'USD' },
    },
    { message: { price: null, price_unit: 'USD' }, cost: undefined },
    { message: { price: 'n/a', price_unit: 'USD' }, cost: undefined },
    { message: { price: '-0.05' }, cost: undefined },
  ])('price $message.price $message.price_unit', ({ message, cost }) => {
    expect(costOf(message as TwilioMessage)).toEqual(cost);
  });

  it.each([
    ['3', 3],
    ['0', undefined],
    [null, undefined],
    ['1.5', undefined],
  ])('num_segments %s is %s', (value, segments) => {
    expect(segmentsOf({ num_segments: value } as TwilioMessage)).toBe(segments);
  });
});

describe('parseDeliveryReport', () => {
  it('maps ErrorCode of a signed callback', async () => {
    const batch = await sender().parseDeliveryReport!(
      signedCallback({
        AccountSid: ACCOUNT_SID,
        MessageSid: `SM${'0'.repeat(32)}`,
        MessageStatus: 'undelivered',
        ErrorCode: '30007',
      }),
    );
    expect(batch.reports).toEqual([
      {
        provider: 'twilio',
        providerMessageId: `SM${'0'.repeat(32)}`,
        status: 'undelivered',
        providerStatus: 'undelivered',
        error: { reason: 'content-rejected', providerCode: '30007' },
      },
    ]);
  });

  it('refuses a signed callback that is not a message status (schema-mismatch)', async () => {
    const error = await sender().parseDeliveryReport!(
      signedCallback({ AccountSid: ACCOUNT_SID, CallSid: 'CA1' }),
    ).catch((thrown: unknown) => thrown);
    expect(isCoreError(error, 'webhook-verification')).toBe(true);
    expect((error as { reason?: string }).reason).toBe('schema-mismatch');
  });

  it('needs the Auth Token to verify', async () => {
    const client = createTwilioClient({
      baseUrl: simulator.server.url,
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    });
    const sms = createTwilioSmsSender({ accountSid: ACCOUNT_SID, client });
    await expect(sms.parseDeliveryReport!(signedCallback({}))).rejects.toMatchObject({
      code: 'configuration',
      message: expect.stringContaining('pass `authToken`'),
    });
  });
});

describe('configuration', () => {
  it('refuses a missing account or a way to authenticate', () => {
    expect(() => createTwilioSmsSender({ accountSid: '', authToken: AUTH_TOKEN })).toThrowError(
      expect.objectContaining({ code: 'configuration' }),
    );
    expect(() =>
      createTwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: () => AUTH_TOKEN }),
    ).toThrowError(/needs `client`, `clientOptions`, or `authToken` as one string/);
  });
});
