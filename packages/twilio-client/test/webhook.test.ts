import { createHash, createHmac } from 'node:crypto';
import { ConfigurationError } from '@org/core/errors';
import { isWebhookVerificationError } from '@org/core/webhooks';
import { describe, expect, it } from 'vitest';
import {
  createTwilioStatusCallbackVerifier,
  type TwilioStatusCallbackVerifierOptions,
} from '../src/index.js';

const AUTH_TOKEN = '12345';
const CALLBACK = 'https://example.com/twilio/status?tenant=42';

/**
 * Twilio's algorithm, written out independently of core
 * (https://www.twilio.com/docs/usage/security#validating-requests):
 * base64(HMAC-SHA1(auth token, URL + each POST param name+value, sorted by name)).
 */
function twilioSignature(url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', AUTH_TOKEN).update(data).digest('base64');
}

const statusParams = {
  MessageSid: 'SM00000000000000000000000000000001',
  MessageStatus: 'delivered',
  AccountSid: `AC${'a1'.repeat(16)}`,
  To: '+15558675310',
  From: '+15017122661',
  ErrorCode: '',
};

describe('status callback verification (X-Twilio-Signature)', () => {
  it('accepts a form-encoded status callback signed with the auth token', async () => {
    const verifier = createTwilioStatusCallbackVerifier({ authToken: AUTH_TOKEN, replay: false });
    const body = new URLSearchParams(statusParams).toString();
    const delivery = await verifier.verify({
      url: CALLBACK,
      headers: {
        'x-twilio-signature': twilioSignature(CALLBACK, statusParams),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    expect(delivery.scheme).toBe('twilio');
  });

  it('rejects a tampered status and a wrong auth token', async () => {
    const verifier = createTwilioStatusCallbackVerifier({ authToken: AUTH_TOKEN, replay: false });
    const signature = twilioSignature(CALLBACK, statusParams);
    const tampered = new URLSearchParams({ ...statusParams, MessageStatus: 'failed' }).toString();
    const rejection = await verifier
      .verify({ url: CALLBACK, headers: { 'x-twilio-signature': signature }, body: tampered })
      .catch((error: unknown) => error);
    expect(isWebhookVerificationError(rejection)).toBe(true);

    const other = createTwilioStatusCallbackVerifier({ authToken: 'another-token', replay: false });
    const body = new URLSearchParams(statusParams).toString();
    await expect(
      other.verify({ url: CALLBACK, headers: { 'x-twilio-signature': signature }, body }),
    ).rejects.toSatisfy(isWebhookVerificationError);
  });

  it('accepts a JSON body signed through the bodySHA256 query parameter', async () => {
    const verifier = createTwilioStatusCallbackVerifier({ authToken: AUTH_TOKEN, replay: false });
    const body = JSON.stringify({ message_sid: statusParams.MessageSid, status: 'delivered' });
    const hash = createHash('sha256').update(body).digest('hex');
    const url = `${CALLBACK}&bodySHA256=${hash}`;
    const headers = {
      'x-twilio-signature': twilioSignature(url, {}),
      'content-type': 'application/json',
    };
    await expect(verifier.verify({ url, headers, body })).resolves.toMatchObject({
      scheme: 'twilio',
    });
    // The signature covers the hash, the hash covers the body: a changed body fails.
    await expect(
      verifier.verify({ url, headers, body: body.replace('delivered', 'failed') }),
    ).rejects.toSatisfy(isWebhookVerificationError);
  });
});

describe('the verifier loads its scheme code on first use', () => {
  it.each([
    ['no auth token', { authToken: undefined }],
    ['an empty auth token', { authToken: '' }],
    ['an empty rotation list', { authToken: [] }],
    ['an empty token in the rotation list', { authToken: [AUTH_TOKEN, ''] }],
    ['a negative tolerance', { authToken: AUTH_TOKEN, toleranceSeconds: -1 }],
    ['a replay TTL of 0', { authToken: AUTH_TOKEN, replay: { ttlSeconds: 0 } }],
    ['a schema that is not a Standard Schema', { authToken: AUTH_TOKEN, schema: {} }],
  ])('still refuses %s when it is made', (_, options) => {
    expect(() =>
      createTwilioStatusCallbackVerifier(options as unknown as TwilioStatusCallbackVerifierOptions),
    ).toThrow(ConfigurationError);
  });

  it('accepts a function choosing the token per delivery', async () => {
    const verifier = createTwilioStatusCallbackVerifier({
      authToken: () => AUTH_TOKEN,
      replay: false,
    });
    expect(verifier.scheme).toBe('twilio');
    const body = new URLSearchParams(statusParams).toString();
    const headers = { 'x-twilio-signature': twilioSignature(CALLBACK, statusParams) };
    await expect(verifier.verify({ url: CALLBACK, headers, body })).resolves.toMatchObject({
      scheme: 'twilio',
    });
  });

  it('makes one core verifier for concurrent first deliveries (one replay store)', async () => {
    const verifier = createTwilioStatusCallbackVerifier({
      authToken: AUTH_TOKEN,
      replay: { key: (event) => String(event.body) },
    });
    const body = new URLSearchParams(statusParams).toString();
    const delivery = {
      url: CALLBACK,
      headers: { 'x-twilio-signature': twilioSignature(CALLBACK, statusParams) },
      body,
    };
    // Both start before the scheme code has loaded; a second core verifier
    // would have its own replay store and accept the copy.
    const outcomes = await Promise.allSettled([
      verifier.verify(delivery),
      verifier.verify(delivery),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(isWebhookVerificationError(rejected?.reason, 'replayed')).toBe(true);

    // release() reaches the same verifier: the delivery is accepted again.
    const accepted = outcomes.find((outcome) => outcome.status === 'fulfilled');
    await verifier.release(accepted!.value);
    await expect(verifier.verify(delivery)).resolves.toMatchObject({ scheme: 'twilio' });
  });
});
