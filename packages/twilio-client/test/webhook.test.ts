import { createHash, createHmac } from 'node:crypto';
import { isWebhookVerificationError } from '@org/core/webhooks';
import { describe, expect, it } from 'vitest';
import { createTwilioStatusCallbackVerifier } from '../src/index.js';

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
