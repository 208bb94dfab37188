import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createWebhookVerifier,
  isWebhookVerificationError,
  WEBHOOK_REJECTION_REASONS,
  type WebhookRequest,
  type WebhookVerifier,
} from '../../src/webhooks/index.js';
import { twilioSignedParams } from '../../src/webhooks/schemes/twilio.js';
import { prng } from './helpers.js';
import {
  ed25519Pair,
  ed25519Sign,
  hmacBase64,
  hmacHex,
  twilioSign,
  WHSEC,
  WHSEC_KEY,
} from './sign.js';

/**
 * 100,000 deterministic random and malformed deliveries (seeded PRNG),
 * split across the schemes: every verify must resolve or reject with a
 * WebhookVerificationError, never throw anything else, and never stall.
 */
const NOW = 1_700_000_000;
const now = () => NOW * 1000;
const SECRET = 'fuzz-secret-0123456789';
const PIECES = [
  '',
  '=',
  ',',
  ' ',
  ':',
  '.',
  'v1,',
  'v1a,',
  'v0=',
  'sha256=',
  't=',
  'v1=',
  '%',
  '+',
  '/',
  '\u0000',
  '\uD800',
  '😀',
  'Bearer ',
  'JWT ',
  'ey',
  '==',
];

type Random = () => number;
type Mutable = { headers: Record<string, unknown>; body: unknown; url?: unknown; method?: string };

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

function randomText(random: Random): string {
  const lengths = [0, 1, 2, 3, 8, 20, 28, 44, 64, 71, 88, 200, 1_000];
  const length = random() < 0.002 ? 65_536 : pick(random, lengths);
  let text = '';
  while (text.length < length) {
    text +=
      random() < 0.3
        ? pick(random, PIECES)
        : String.fromCharCode(Math.floor(random() * (random() < 0.9 ? 128 : 0x10000)));
  }
  return text.slice(0, length);
}

function randomBody(random: Random): unknown {
  switch (Math.floor(random() * 10)) {
    case 0:
      return { parsed: true };
    case 1:
      return pick(random, [null, undefined, 42, true, [1, 2], new Map(), Symbol('x')]);
    case 2:
      return new Int16Array(4);
    case 3:
      return new ArrayBuffer(Math.floor(random() * 64));
    case 4:
    case 5:
      return Uint8Array.from({ length: Math.floor(random() * 256) }, () =>
        Math.floor(random() * 256),
      );
    default:
      return randomText(random);
  }
}

function mutate(request: Mutable, names: readonly string[], random: Random): void {
  const rounds = 1 + Math.floor(random() * 3);
  for (let round = 0; round < rounds; round++) {
    const name = random() < 0.8 ? pick(random, names) : randomText(random).slice(0, 20);
    const value = request.headers[name];
    switch (Math.floor(random() * 11)) {
      case 0:
        request.headers[name] = randomText(random);
        break;
      case 1:
        delete request.headers[name];
        break;
      case 2:
        if (typeof value === 'string' && value.length > 0) {
          const at = Math.floor(random() * value.length);
          request.headers[name] =
            value.slice(0, at) +
            String.fromCharCode(value.charCodeAt(at) ^ (1 << Math.floor(random() * 7))) +
            value.slice(at + 1);
        }
        break;
      case 3:
        request.headers[name] = pick(random, [
          [String(value), randomText(random)],
          7,
          { toString: () => 'x' },
          null,
          [1, 2],
        ]);
        break;
      case 4:
        request.body = randomBody(random);
        break;
      case 5:
        if (typeof request.body === 'string' && request.body.length > 0) {
          const at = Math.floor(random() * request.body.length);
          request.body =
            request.body.slice(0, at) + pick(random, PIECES) + request.body.slice(at + 1);
        }
        break;
      case 6:
        request.headers[name] = pick(random, [' ', ',', 'v1,x ', 't=1,']).repeat(
          1 + Math.floor(random() * 20_000),
        );
        break;
      case 7:
        if (typeof value === 'string')
          request.headers[name] = value.slice(0, Math.floor(random() * value.length));
        break;
      case 8:
        if (typeof value === 'string') request.headers[name] = `${value} ${value}`;
        break;
      case 9:
        request.url = pick(random, [
          randomText(random),
          '/',
          'http://[::1',
          'https://x.example:99999/',
          undefined,
        ]);
        break;
      default:
        // Left valid: accepted, or replayed when its id came up before.
        break;
    }
  }
}

interface Target {
  name: string;
  count: number;
  verifier: WebhookVerifier;
  names: readonly string[];
  valid: (random: Random) => Mutable;
}

const BODY = '{"id":"evt_1","data":{"object":"thing"}}';
const skew = (random: Random) =>
  NOW + pick(random, [0, 0, 0, -299, 300, -301, 301, -5_000, 86_400]);
const ids = (random: Random) => `id-${Math.floor(random() * 500)}`;

const pair = ed25519Pair();
const targets: Target[] = [
  {
    name: 'github',
    count: 14_000,
    verifier: createWebhookVerifier('github', { secret: SECRET, now }),
    names: ['x-hub-signature-256', 'x-github-delivery', 'content-type'],
    valid: (random) => ({
      headers: {
        'x-hub-signature-256': `sha256=${hmacHex(SECRET, BODY)}`,
        'x-github-delivery': ids(random),
      },
      body: BODY,
    }),
  },
  {
    name: 'shopify (secret per tenant, with a schema)',
    count: 8_000,
    verifier: createWebhookVerifier('shopify', {
      secret: (request) => (request.url === '/unknown-shop' ? undefined : SECRET),
      schema: {
        '~standard': {
          version: 1,
          vendor: 'fuzz',
          validate: (value: unknown) =>
            typeof value === 'object' && value !== null && 'id' in value
              ? { value }
              : { issues: [{ message: 'no id' }] },
        },
      },
      now,
    }),
    names: ['x-shopify-hmac-sha256', 'x-shopify-event-id', 'content-type'],
    valid: (random) => {
      const body = random() < 0.2 ? '[]' : BODY;
      return {
        headers: {
          'x-shopify-hmac-sha256': hmacBase64(SECRET, body),
          'x-shopify-event-id': ids(random),
        },
        body,
        url: random() < 0.1 ? '/unknown-shop' : '/shop',
      };
    },
  },
  {
    name: 'zendesk',
    count: 8_000,
    verifier: createWebhookVerifier('zendesk', { secret: SECRET, now }),
    names: [
      'x-zendesk-webhook-signature',
      'x-zendesk-webhook-signature-timestamp',
      'x-zendesk-webhook-invocation-id',
    ],
    valid: (random) => {
      const stamp = new Date(skew(random) * 1000).toISOString().replace('.000Z', 'Z');
      return {
        headers: {
          'x-zendesk-webhook-signature': hmacBase64(SECRET, stamp + BODY),
          'x-zendesk-webhook-signature-timestamp': stamp,
          'x-zendesk-webhook-invocation-id': ids(random),
        },
        body: BODY,
      };
    },
  },
  {
    name: 'slack',
    count: 12_000,
    verifier: createWebhookVerifier('slack', { secret: SECRET, now }),
    names: ['x-slack-signature', 'x-slack-request-timestamp', 'content-type'],
    valid: (random) => {
      const ts = skew(random);
      const body = `token=x&team_id=T1&text=${Math.floor(random() * 1e6)}`;
      return {
        headers: {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': `v0=${hmacHex(SECRET, `v0:${ts}:${body}`)}`,
        },
        body,
      };
    },
  },
  {
    name: 'stripe',
    count: 12_000,
    verifier: createWebhookVerifier('stripe', { secret: SECRET, now }),
    names: ['stripe-signature'],
    valid: (random) => {
      const ts = skew(random);
      return {
        headers: {
          'stripe-signature': `t=${ts},v1=${hmacHex('other', 'x')},v1=${hmacHex(SECRET, `${ts}.${BODY}`)}`,
        },
        body: BODY,
      };
    },
  },
  {
    name: 'standard-webhooks v1 and v1a',
    count: 14_000,
    verifier: createWebhookVerifier('standard-webhooks', {
      secret: WHSEC,
      publicKey: pair.whpk,
      now,
    }),
    names: ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'svix-signature', 'svix-id'],
    valid: (random) => {
      const ts = skew(random);
      const id = ids(random);
      const content = `${id}.${ts}.${BODY}`;
      const signature =
        random() < 0.8
          ? `v1,${hmacBase64(WHSEC_KEY, content)}`
          : `v1a,${ed25519Sign(pair, content)}`;
      return {
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(ts),
          'webhook-signature': signature,
        },
        body: BODY,
      };
    },
  },
  {
    name: 'twilio',
    count: 12_000,
    verifier: createWebhookVerifier('twilio', { secret: SECRET, trustProxy: true, now }),
    names: ['x-twilio-signature', 'host', 'x-forwarded-proto', 'x-forwarded-host', 'content-type'],
    valid: (random) => {
      const form = `MessageSid=SM${Math.floor(random() * 1e6)}&MessageStatus=delivered&To=%2B15550001111`;
      const json = random() < 0.3;
      const body = json ? BODY : form;
      const path = json
        ? `/hook?bodySHA256=${createHash('sha256').update(body).digest('hex')}`
        : '/hook?x=1';
      const url = `https://example.com${path}`;
      return {
        headers: {
          host: 'example.com',
          'x-twilio-signature': twilioSign(SECRET, json ? url : url + twilioSignedParams(form)),
        },
        body,
        url: path,
      };
    },
  },
  {
    name: 'custom',
    count: 14_000,
    verifier: createWebhookVerifier(
      {
        header: 'X-Sig',
        algorithm: 'sha512',
        encoding: 'base64',
        prefix: 's=',
        signedContent: '{id}|{timestamp}|{body}',
        timestampHeader: 'X-Ts',
        timestampFormat: 'unix-ms',
        idHeader: 'X-Id',
        separator: ',',
      },
      { secret: SECRET, now },
    ),
    names: ['x-sig', 'x-ts', 'x-id'],
    valid: (random) => {
      const ms = String(skew(random) * 1000);
      const id = ids(random);
      const signature = createHmac('sha512', SECRET).update(`${id}|${ms}|${BODY}`).digest('base64');
      return { headers: { 'x-sig': `s=${signature}`, 'x-ts': ms, 'x-id': id }, body: BODY };
    },
  },
  {
    name: 'jwt',
    count: 6_000,
    verifier: createWebhookVerifier('jwt', { secret: SECRET, algorithms: ['HS256'], now }),
    names: ['authorization'],
    valid: (random) => {
      const claims = { exp: skew(random) + 60, jti: ids(random) };
      const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const token = `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
      return { headers: { authorization: `Bearer ${token}` }, body: BODY };
    },
  },
];

describe('fuzz: 100,000 random and malformed deliveries', () => {
  it('splits 100,000 inputs across the schemes', () => {
    expect(targets.reduce((sum, target) => sum + target.count, 0)).toBe(100_000);
  });

  const seen = new Map<string, number>();

  for (const [index, target] of targets.entries()) {
    it(`${target.name}: ${target.count.toLocaleString('en')} inputs, only WebhookVerificationError`, async () => {
      const random = prng(0x5eed + index);
      let slowest = 0;
      for (let n = 0; n < target.count; n++) {
        const request = target.valid(random);
        if (random() < 0.85) mutate(request, target.names, random);
        const started = performance.now();
        let outcome: string;
        try {
          await target.verifier.verify(request as unknown as WebhookRequest);
          outcome = 'accepted';
        } catch (error) {
          if (!isWebhookVerificationError(error)) {
            throw new Error(`input #${n} of ${target.name} threw ${String(error)}`, {
              cause: error,
            });
          }
          outcome = error.reason;
        }
        slowest = Math.max(slowest, performance.now() - started);
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }
      // No input may stall the verifier: the slowest one (a 64 KB header) stays far below a second.
      expect(slowest).toBeLessThan(1_000);
    });
  }

  it('reached every rejection reason and accepted the untouched deliveries', () => {
    for (const reason of WEBHOOK_REJECTION_REASONS)
      expect(seen.get(reason) ?? 0).toBeGreaterThan(0);
    expect(seen.get('accepted') ?? 0).toBeGreaterThan(1_000);
  });
});
