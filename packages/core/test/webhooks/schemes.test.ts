import { describe, expect, it } from 'vitest';
import { ConfigurationError, isCoreError } from '../../src/errors/index.js';
import {
  createWebhookVerifier,
  isWebhookVerificationError,
  type WebhookRejectionReason,
  WebhookVerificationError,
} from '../../src/webhooks/index.js';
import {
  ed25519Pair,
  ed25519Sign,
  hmacBase64,
  hmacHex,
  standardHeaders,
  WHSEC,
  WHSEC_KEY,
} from './sign.js';

const NOW = 1_700_000_000;
const clock = { now: () => NOW * 1000, replay: false } as const;
const SECRET = 'It is a secret to everybody';
const BODY = '{"action":"opened","number":1}';

async function reason(promise: Promise<unknown>): Promise<WebhookRejectionReason | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
}

describe('github', () => {
  const github = createWebhookVerifier('github', { secret: SECRET, ...clock });
  const headers = {
    'x-hub-signature-256': `sha256=${hmacHex(SECRET, BODY)}`,
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
  };

  it('accepts the raw body as a string, Buffer, Uint8Array or ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(BODY);
    for (const body of [BODY, Buffer.from(BODY), bytes, bytes.buffer.slice(0)]) {
      const event = await github.verify({ headers, body });
      expect(event.scheme).toBe('github');
      expect(event.id).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
      expect(event.timestamp).toBeUndefined();
      expect(event.payload).toEqual({ action: 'opened', number: 1 });
    }
  });

  it('reads Fetch Headers and header names in any case', async () => {
    await expect(
      github.verify({ headers: new Headers(headers), body: BODY }),
    ).resolves.toBeDefined();
    const mixed = { 'X-Hub-Signature-256': headers['x-hub-signature-256'] };
    await expect(github.verify({ headers: mixed, body: BODY })).resolves.toBeDefined();
  });

  it('names what is wrong with the header', async () => {
    const signature = headers['x-hub-signature-256'];
    const cases: [Record<string, string>, WebhookRejectionReason][] = [
      [{}, 'missing-header'],
      [{ 'x-hub-signature-256': signature.slice(7) }, 'malformed-header'],
      [{ 'x-hub-signature-256': `sha1=${signature.slice(7)}` }, 'malformed-header'],
      [{ 'x-hub-signature-256': signature.slice(0, -2) }, 'malformed-header'],
      [
        { 'x-hub-signature-256': signature.toUpperCase().replace('SHA256=', 'sha256=') },
        'malformed-header',
      ],
      [{ 'x-hub-signature-256': `sha256=${hmacHex('another secret', BODY)}` }, 'bad-signature'],
    ];
    for (const [given, expected] of cases) {
      expect(await reason(github.verify({ headers: given, body: BODY }))).toBe(expected);
    }
  });

  it('verifies a Fetch Request, reading its body as bytes', async () => {
    const request = new Request('https://hooks.example/github', {
      method: 'POST',
      headers,
      body: BODY,
    });
    const event = await github.verifyRequest(request);
    expect(event.body).toBeInstanceOf(Uint8Array);
    expect(event.payload).toEqual({ action: 'opened', number: 1 });
  });

  it('refuses a request that is not { headers, body, url?, method? } as a programming error', async () => {
    await expect(github.verify({ headers, body: BODY, url: 42 as never })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(github.verify({ body: BODY } as never)).rejects.toThrow(ConfigurationError);
  });

  it('accepts any of several secrets while one rotates', async () => {
    const rotating = createWebhookVerifier('github', { secret: ['new secret', SECRET], ...clock });
    await expect(rotating.verify({ headers, body: BODY })).resolves.toBeDefined();
    const newHeaders = { 'x-hub-signature-256': `sha256=${hmacHex('new secret', BODY)}` };
    await expect(rotating.verify({ headers: newHeaders, body: BODY })).resolves.toBeDefined();
    const oldOnly = createWebhookVerifier('github', { secret: 'retired', ...clock });
    expect(await reason(oldOnly.verify({ headers, body: BODY }))).toBe('bad-signature');
  });

  it('refuses a parsed body with advice instead of a bad-signature', async () => {
    for (const body of [JSON.parse(BODY), null, undefined, 42, [1, 2], new Map()]) {
      const error = await github.verify({ headers, body: body as never }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).reason).toBe('body-not-raw');
      expect((error as Error).message).toMatch(/raw body/);
    }
  });

  it('keeps secrets, signatures and bodies out of errors', async () => {
    const wrong = createWebhookVerifier('github', { secret: 'super-secret-value-9f3a', ...clock });
    const error = (await wrong
      .verify({ headers, body: BODY })
      .catch((e: unknown) => e)) as WebhookVerificationError;
    const text = `${error.message} ${JSON.stringify(error)} ${error.stack}`;
    expect(text).not.toContain('super-secret-value-9f3a');
    expect(text).not.toContain(headers['x-hub-signature-256'].slice(7));
    expect(text).not.toContain('opened');
    expect(isCoreError(error, 'webhook-verification')).toBe(true);
    expect(error.details).toEqual({
      reason: 'bad-signature',
      scheme: 'github',
      header: 'x-hub-signature-256',
    });
  });
});

describe('meta and shopify', () => {
  it('meta signs like GitHub with the app secret and has no delivery id', async () => {
    const meta = createWebhookVerifier('meta', { secret: 'app-secret', ...clock });
    const event = await meta.verify({
      headers: { 'x-hub-signature-256': `sha256=${hmacHex('app-secret', BODY)}` },
      body: BODY,
    });
    expect(event.id).toBeUndefined();
  });

  it('shopify: base64 over the body; Event-Id is the id, Webhook-Id the fallback', async () => {
    const shopify = createWebhookVerifier('shopify', { secret: 'hush', ...clock });
    const signature = hmacBase64('hush', BODY);
    const both = {
      'x-shopify-hmac-sha256': signature,
      'x-shopify-event-id': 'evt-1',
      'x-shopify-webhook-id': 'wh-1',
    };
    expect((await shopify.verify({ headers: both, body: BODY })).id).toBe('evt-1');
    const older = { 'x-shopify-hmac-sha256': signature, 'x-shopify-webhook-id': 'wh-1' };
    expect((await shopify.verify({ headers: older, body: BODY })).id).toBe('wh-1');
    const hex = { 'x-shopify-hmac-sha256': hmacHex('hush', BODY) };
    expect(await reason(shopify.verify({ headers: hex, body: BODY }))).toBe('malformed-header');
  });
});

describe('timestamped schemes', () => {
  const slackSecret = '8f742231b10e8888abcd99yyyzzz85a5';
  const slackHeaders = (ts: number | string, body = BODY) => ({
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${hmacHex(slackSecret, `v0:${ts}:${body}`)}`,
  });

  it('accepts exactly the tolerance, past and future, and names each side', async () => {
    const slack = createWebhookVerifier('slack', { secret: slackSecret, ...clock });
    const at = (ts: number) => reason(slack.verify({ headers: slackHeaders(ts), body: BODY }));
    expect(await at(NOW)).toBe('accepted');
    expect(await at(NOW - 300)).toBe('accepted');
    expect(await at(NOW + 300)).toBe('accepted');
    expect(await at(NOW - 301)).toBe('timestamp-too-old');
    expect(await at(NOW + 301)).toBe('timestamp-in-future');
  });

  it('takes the tolerance and the clock as options', async () => {
    let now = NOW * 1000;
    const slack = createWebhookVerifier('slack', {
      secret: slackSecret,
      toleranceSeconds: 60,
      now: () => now,
      replay: false,
    });
    const headers = slackHeaders(NOW);
    expect(await reason(slack.verify({ headers, body: BODY }))).toBe('accepted');
    now += 60_000;
    expect(await reason(slack.verify({ headers, body: BODY }))).toBe('accepted');
    now += 1;
    expect(await reason(slack.verify({ headers, body: BODY }))).toBe('timestamp-too-old');
  });

  it('reports a delivery timestamp and a bad or missing timestamp header', async () => {
    const slack = createWebhookVerifier('slack', { secret: slackSecret, ...clock });
    const event = await slack.verify({ headers: slackHeaders(NOW - 5), body: BODY });
    expect(event.timestamp).toEqual(new Date((NOW - 5) * 1000));
    expect(await reason(slack.verify({ headers: slackHeaders('17e8'), body: BODY }))).toBe(
      'malformed-header',
    );
    const { 'x-slack-signature': signature } = slackHeaders(NOW);
    expect(
      await reason(slack.verify({ headers: { 'x-slack-signature': signature }, body: BODY })),
    ).toBe('missing-header');
  });

  it('zendesk: RFC 3339 timestamp + body, secret used as text, invocation id', async () => {
    const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
    const stamp = new Date(NOW * 1000).toISOString().replace('.000Z', 'Z');
    const zendesk = createWebhookVerifier('zendesk', { secret, ...clock });
    const headers = {
      'x-zendesk-webhook-signature': hmacBase64(secret, stamp + BODY),
      'x-zendesk-webhook-signature-timestamp': stamp,
      'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY',
      'x-zendesk-webhook-invocation-id': '8350205582',
    };
    const event = await zendesk.verify({ headers, body: BODY });
    expect(event.id).toBe('8350205582');
    expect(event.timestamp?.getTime()).toBe(NOW * 1000);
    const unix = { ...headers, 'x-zendesk-webhook-signature-timestamp': String(NOW) };
    expect(await reason(zendesk.verify({ headers: unix, body: BODY }))).toBe('malformed-header');
  });

  it('stripe: any v1 of several matches; v0 alone, no t, or two t are malformed', async () => {
    const secret = 'whsec_test_secret';
    const stripe = createWebhookVerifier('stripe', { secret, ...clock });
    const v1 = hmacHex(secret, `${NOW}.${BODY}`);
    const other = hmacHex('whsec_old', `${NOW}.${BODY}`);
    const verdict = (header: string) =>
      reason(stripe.verify({ headers: { 'stripe-signature': header }, body: BODY }));
    expect(await verdict(`t=${NOW},v1=${other},v1=${v1},v0=${v1}`)).toBe('accepted');
    expect(await verdict(`t=${NOW},v0=${v1}`)).toBe('malformed-header');
    expect(await verdict(`v1=${v1}`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW},t=${NOW},v1=${v1}`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW},v1=${other}`)).toBe('bad-signature');
    // v1 is 64 lower-case hex characters; anything else is not a candidate.
    expect(await verdict(`t=${NOW},v1=${'z'.repeat(64)}`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW},v1=${v1.toUpperCase()}`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW},v1=${v1}0`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW},v1=${'z'.repeat(64)},v1=${v1}`)).toBe('accepted');
    expect(await verdict(`t=,v1=${v1}`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW}x,v1=${v1}`)).toBe('malformed-header');
    expect(await verdict(`x=1,t=${NOW},v1=${v1},t`)).toBe('accepted');
    // At most 32 elements: more is not a header Stripe sends.
    const padding = Array.from({ length: 30 }, (_, i) => `x${i}=1`).join(',');
    expect(await verdict(`t=${NOW},v1=${v1},${padding}`)).toBe('accepted');
    expect(await verdict(`t=${NOW},v1=${v1},${padding},x=1`)).toBe('malformed-header');
    expect(await verdict(`t=${NOW - 400},v1=${hmacHex(secret, `${NOW - 400}.${BODY}`)}`)).toBe(
      'timestamp-too-old',
    );
    // Stripe keys the HMAC with the whole whsec_ text, not its base64-decoded tail.
    const decodedKey = Buffer.from(secret.slice(6), 'base64');
    expect(await verdict(`t=${NOW},v1=${hmacHex(decodedKey, `${NOW}.${BODY}`)}`)).toBe(
      'bad-signature',
    );
  });
});

describe('standard webhooks', () => {
  it('v1: whsec_ base64 secret, id and timestamp signed, several signatures', async () => {
    const verifier = createWebhookVerifier('standard-webhooks', { secret: WHSEC, ...clock });
    const headers = standardHeaders(BODY, NOW, 'msg_abc');
    const event = await verifier.verify({ headers, body: BODY });
    expect(event.id).toBe('msg_abc');
    expect(event.timestamp?.getTime()).toBe(NOW * 1000);
    const rotated = {
      ...headers,
      'webhook-signature': `v1,${hmacBase64('x', 'y')} ${headers['webhook-signature']}`,
    };
    await expect(verifier.verify({ headers: rotated, body: BODY })).resolves.toBeDefined();
    const otherId = { ...headers, 'webhook-id': 'msg_abd' };
    expect(await reason(verifier.verify({ headers: otherId, body: BODY }))).toBe('bad-signature');
    const v2 = {
      ...headers,
      'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,'),
    };
    expect(await reason(verifier.verify({ headers: v2, body: BODY }))).toBe('malformed-header');
  });

  it('reads svix-* headers when webhook-* are absent', async () => {
    const verifier = createWebhookVerifier('standard-webhooks', { secret: WHSEC, ...clock });
    const h = standardHeaders(BODY, NOW);
    const svix = {
      'svix-id': h['webhook-id'],
      'svix-timestamp': h['webhook-timestamp'],
      'svix-signature': h['webhook-signature'],
    };
    await expect(verifier.verify({ headers: svix, body: BODY })).resolves.toBeDefined();
    const { 'svix-id': _, ...noId } = svix;
    expect(await reason(verifier.verify({ headers: noId, body: BODY }))).toBe('missing-header');
  });

  it('v1a: Ed25519 under a whpk_ public key, next to v1', async () => {
    const pair = ed25519Pair();
    const content = `msg_1.${NOW}.${BODY}`;
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(NOW),
      'webhook-signature': `v1a,${ed25519Sign(pair, content)}`,
    };
    for (const crypto of ['node', 'web'] as const) {
      const asymmetric = createWebhookVerifier('standard-webhooks', {
        publicKey: pair.whpk,
        crypto,
        ...clock,
      });
      await expect(asymmetric.verify({ headers, body: BODY })).resolves.toBeDefined();
      expect(await reason(asymmetric.verify({ headers, body: `${BODY} ` }))).toBe('bad-signature');
      const both = createWebhookVerifier('standard-webhooks', {
        secret: WHSEC,
        publicKey: pair.whpk,
        crypto,
        ...clock,
      });
      const mixed = {
        ...headers,
        'webhook-signature': `v1,${hmacBase64(WHSEC_KEY, 'nope')} ${headers['webhook-signature']}`,
      };
      await expect(both.verify({ headers: mixed, body: BODY })).resolves.toBeDefined();
    }
    const symmetricOnly = createWebhookVerifier('standard-webhooks', { secret: WHSEC, ...clock });
    expect(await reason(symmetricOnly.verify({ headers, body: BODY }))).toBe('bad-signature');
    const otherKey = createWebhookVerifier('standard-webhooks', {
      publicKey: ed25519Pair().whpk,
      ...clock,
    });
    expect(await reason(otherKey.verify({ headers, body: BODY }))).toBe('bad-signature');
  });

  it('refuses a v1a signature in non-canonical base64 (a changed padding bit)', async () => {
    const pair = ed25519Pair();
    const signature = ed25519Sign(pair, `msg_1.${NOW}.${BODY}`);
    // 64 bytes end in 4 padding bits: the last data character can change without changing the bytes.
    const last = signature.at(-3)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const twin = `${signature.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`;
    expect(Buffer.from(twin, 'base64')).toEqual(Buffer.from(signature, 'base64'));
    const verifier = createWebhookVerifier('standard-webhooks', { publicKey: pair.whpk, ...clock });
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(NOW),
      'webhook-signature': `v1a,${twin}`,
    };
    expect(await reason(verifier.verify({ headers, body: BODY }))).toBe('malformed-header');
  });

  it('rejects bad key material when the verifier is made', () => {
    expect(() => createWebhookVerifier('standard-webhooks', { ...clock })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      createWebhookVerifier('standard-webhooks', { secret: 'whsec_not base64!', ...clock }),
    ).toThrow(/base64/);
    expect(() =>
      createWebhookVerifier('standard-webhooks', { publicKey: 'whpk_AAAA', ...clock }),
    ).toThrow(/32 raw/);
  });
});

describe('secrets chosen per delivery', () => {
  const secrets: Record<string, string> = { acme: 'acme-secret', globex: 'globex-secret' };
  const tenantOf = (request: { url?: string }) =>
    new URL(request.url ?? '', 'https://h').searchParams.get('tenant') ?? '';

  it('uses the secret the function answers, sync or async', async () => {
    for (const secret of [
      (request: { url?: string }) => secrets[tenantOf(request)],
      async (request: { url?: string }) => secrets[tenantOf(request)],
    ]) {
      const github = createWebhookVerifier('github', { secret, ...clock });
      const headers = { 'x-hub-signature-256': `sha256=${hmacHex('globex-secret', BODY)}` };
      await expect(
        github.verify({ headers, body: BODY, url: '/hook?tenant=globex' }),
      ).resolves.toBeDefined();
      expect(await reason(github.verify({ headers, body: BODY, url: '/hook?tenant=acme' }))).toBe(
        'bad-signature',
      );
      expect(
        await reason(github.verify({ headers, body: BODY, url: '/hook?tenant=initech' })),
      ).toBe('no-secret');
    }
  });

  it('needs a secret at creation and refuses empty ones', () => {
    expect(() => createWebhookVerifier('github', { ...clock } as never)).toThrow(/needs `secret`/);
    expect(() => createWebhookVerifier('github', { secret: [], ...clock })).toThrow(
      ConfigurationError,
    );
    expect(() => createWebhookVerifier('github', { secret: '', ...clock })).toThrow(
      ConfigurationError,
    );
    expect(() => createWebhookVerifier('nope' as 'github', { secret: 's' })).toThrow(
      /Unknown webhook scheme/,
    );
    expect(() => createWebhookVerifier('github', { secret: 's', toleranceSeconds: -1 })).toThrow(
      /toleranceSeconds/,
    );
  });
});
