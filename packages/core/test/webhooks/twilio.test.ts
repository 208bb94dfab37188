import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookVerifier,
  isWebhookVerificationError,
  type WebhookRejectionReason,
} from '../../src/webhooks/index.js';
import { twilioSignedParams } from '../../src/webhooks/schemes/twilio.js';
import { twilioSign } from './sign.js';

const TOKEN = '12345';
// Twilio's documented example (twilio-node spec/validation.spec.js).
const FORM =
  'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function reason(promise: Promise<unknown>): Promise<WebhookRejectionReason | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
}

describe('twilio public URL', () => {
  const twilio = createWebhookVerifier('twilio', { secret: TOKEN, replay: false });

  it('rebuilds https://Host + path from a Node-style request', async () => {
    const event = await twilio.verify({
      headers: { ...form, host: 'mycompany.com', 'x-twilio-signature': SIGNATURE },
      body: FORM,
      url: '/myapp.php?foo=1&bar=2',
    });
    expect(event.payload).toEqual({
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    });
  });

  it('trusts X-Forwarded-Proto/Host only when told to', async () => {
    const request = {
      headers: {
        ...form,
        host: '10.0.0.5:3000',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'mycompany.com, edge.internal',
        'x-twilio-signature': SIGNATURE,
      },
      body: FORM,
      url: 'http://10.0.0.5:3000/myapp.php?foo=1&bar=2',
    };
    expect(await reason(twilio.verify(request))).toBe('bad-signature');
    const proxied = createWebhookVerifier('twilio', {
      secret: TOKEN,
      trustProxy: true,
      replay: false,
    });
    expect(await reason(proxied.verify(request))).toBe('accepted');
  });

  it('uses publicUrl verbatim, or a function of the request', async () => {
    const headers = { ...form, host: 'internal', 'x-twilio-signature': SIGNATURE };
    const fixed = createWebhookVerifier('twilio', {
      secret: TOKEN,
      publicUrl: 'https://mycompany.com/myapp.php?foo=1&bar=2',
      replay: false,
    });
    expect(await reason(fixed.verify({ headers, body: FORM, url: '/anything' }))).toBe('accepted');
    const computed = createWebhookVerifier('twilio', {
      secret: TOKEN,
      publicUrl: (request) => `https://mycompany.com${request.url}`,
      replay: false,
    });
    expect(
      await reason(computed.verify({ headers, body: FORM, url: '/myapp.php?foo=1&bar=2' })),
    ).toBe('accepted');
    expect(await reason(computed.verify({ headers, body: FORM, url: '/myapp.php?foo=1' }))).toBe(
      'bad-signature',
    );
  });

  it('says what is missing to rebuild the URL', async () => {
    const headers = { ...form, 'x-twilio-signature': SIGNATURE };
    expect(await reason(twilio.verify({ headers, body: FORM }))).toBe('missing-header');
    expect(await reason(twilio.verify({ headers, body: FORM, url: '/myapp.php' }))).toBe(
      'missing-header',
    );
  });

  it('checks an absolute request URL as rebuilt: no credentials, fragment or bare ?', async () => {
    const headers = { ...form, 'x-twilio-signature': SIGNATURE };
    for (const url of [
      'https://mycompany.com/myapp.php?foo=1&bar=2',
      'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2',
      'https://mycompany.com/myapp.php?foo=1&bar=2#top',
      'HTTPS://MyCompany.com/myapp.php?foo=1&bar=2',
    ]) {
      expect(await reason(twilio.verify({ headers, body: FORM, url })), url).toBe('accepted');
    }
    const bare = twilioSign(TOKEN, `https://mycompany.com/myapp.php${twilioSignedParams(FORM)}`);
    expect(
      await reason(
        twilio.verify({
          headers: { ...form, 'x-twilio-signature': bare },
          body: FORM,
          url: 'https://mycompany.com/myapp.php?',
        }),
      ),
    ).toBe('accepted');
  });

  it('accepts a signature over the URL with the default port added or removed', async () => {
    const params = twilioSignedParams(FORM);
    const verdict = (signedUrl: string, url: string) =>
      reason(
        twilio.verify({
          headers: { ...form, 'x-twilio-signature': twilioSign(TOKEN, signedUrl + params) },
          body: FORM,
          url,
        }),
      );
    const plain = 'https://mycompany.com/myapp.php?foo=1';
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1';
    expect(await verdict(withPort, plain)).toBe('accepted');
    expect(await verdict(plain, withPort)).toBe('accepted');
    expect(await verdict('https://mycompany.com:8443/myapp.php?foo=1', plain)).toBe(
      'bad-signature',
    );
  });

  it('accepts any of several auth tokens while one rotates, on both URL variants', async () => {
    const rotating = createWebhookVerifier('twilio', {
      secret: ['old-token', TOKEN],
      replay: false,
    });
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const headers = { ...form, 'x-twilio-signature': SIGNATURE };
    expect(await reason(rotating.verify({ headers, body: FORM, url }))).toBe('accepted');
    const ported = twilioSign(
      TOKEN,
      `https://mycompany.com:443/myapp.php?foo=1&bar=2${twilioSignedParams(FORM)}`,
    );
    expect(
      await reason(
        rotating.verify({ headers: { ...form, 'x-twilio-signature': ported }, body: FORM, url }),
      ),
    ).toBe('accepted');
  });

  it('signs repeated parameters once per distinct value, sorted', () => {
    expect(twilioSignedParams('b=2&MediaUrl=z&a=1&MediaUrl=y&MediaUrl=z')).toBe(
      'MediaUrlyMediaUrlza1b2',
    );
    expect(twilioSignedParams('Body=hello+world%21')).toBe('Bodyhello world!');
  });

  it('checks a JSON delivery by its bodySHA256 and refuses a changed body', async () => {
    const body = '{"property": "value", "boolean": true}';
    const url =
      '/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    const headers = {
      host: 'mycompany.com',
      'content-type': 'application/json',
      'x-twilio-signature': 'a9nBmqA0ju/hNViExpshrM61xv4=',
    };
    const event = await twilio.verify({ headers, body, url });
    expect(event.payload).toEqual({ property: 'value', boolean: true });
    expect(await reason(twilio.verify({ headers, body: body.replace('true', 'false'), url }))).toBe(
      'bad-signature',
    );
    // The hash must be the lower-case hex Twilio sends; the URL is signed as it is.
    const upper = url.replace(/[0-9a-f]{64}$/, (hex) => hex.toUpperCase());
    const signedUpper = {
      ...headers,
      'x-twilio-signature': twilioSign(TOKEN, `https://mycompany.com${upper}`),
    };
    expect(await reason(twilio.verify({ headers: signedUpper, body, url: upper }))).toBe(
      'bad-signature',
    );
    const noHash = url.replace(/&bodySHA256=.*/, '');
    const signedNoHash = {
      ...headers,
      'x-twilio-signature': twilioSign(TOKEN, `https://mycompany.com${noHash}`),
    };
    // Without bodySHA256 the body is read as form fields, so a JSON body cannot ride along unsigned.
    expect(await reason(twilio.verify({ headers: signedNoHash, body, url: noHash }))).toBe(
      'bad-signature',
    );
  });
});

describe('twilio over a real HTTP server', () => {
  const verifier = createWebhookVerifier('twilio', {
    secret: TOKEN,
    protocol: 'http',
    replay: false,
  });
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const event = await verifier.verify({
        headers: req.headers,
        body: Buffer.concat(chunks),
        url: req.url!,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(event.payload));
    } catch (error) {
      res
        .writeHead(isWebhookVerificationError(error) ? 403 : 500)
        .end((error as { reason?: string }).reason);
    }
  });
  let base = '';

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies what Twilio would send: the URL with its port, params from the raw form body', async () => {
    const url = `${base}/sms/status?tenant=acme`;
    const body = new URLSearchParams({
      MessageSid: 'SM1',
      MessageStatus: 'delivered',
      To: '+15550001111',
    });
    const signature = twilioSign(TOKEN, url + twilioSignedParams(body.toString()));
    const ok = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-twilio-signature': signature },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      MessageSid: 'SM1',
      MessageStatus: 'delivered',
      To: '+15550001111',
    });
    body.set('MessageStatus', 'failed');
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-twilio-signature': signature },
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toBe('bad-signature');
  });
});
