import { readFileSync } from 'node:fs';
import {
  type CryptoPreference,
  createWebhookVerifier,
  type WebhookSchemeName,
  type WebhookVerifier,
} from '../../src/webhooks/index.js';

export { prng } from '../helpers/prng.js';

export interface Vector {
  scheme: string;
  source: string;
  official: boolean;
  secret: string | null;
  headers: Record<string, string>;
  body: string;
  url?: string;
  now?: number;
  expected_valid: boolean;
  canonical_request?: string;
  expected_qsh?: string;
  notes?: string;
}

export const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('./fixtures/vectors.json', import.meta.url), 'utf8'),
).vectors;

/** The scheme of this package that verifies a vector's scheme label. */
export const SCHEME_OF: Record<string, WebhookSchemeName | undefined> = {
  'github-x-hub-signature-256': 'github',
  'slack-v0': 'slack',
  'twilio-x-twilio-signature': 'twilio',
  'twilio-x-twilio-signature-bodysha256': 'twilio',
  'standard-webhooks-v1': 'standard-webhooks',
  svix: 'standard-webhooks',
  'openai-standard-webhooks': 'standard-webhooks',
  zendesk: 'zendesk',
  'stripe-v1': 'stripe',
  'shopify-x-shopify-hmac-sha256': 'shopify',
  'atlassian-connect-qsh': undefined,
};

/** Header holding the signature, and the signed timestamp header, per scheme. */
export const SIGNED_HEADERS: Record<WebhookSchemeName, { signature: string; timestamp?: string }> =
  {
    github: { signature: 'X-Hub-Signature-256' },
    meta: { signature: 'X-Hub-Signature-256' },
    slack: { signature: 'X-Slack-Signature', timestamp: 'X-Slack-Request-Timestamp' },
    twilio: { signature: 'X-Twilio-Signature' },
    'standard-webhooks': { signature: 'webhook-signature', timestamp: 'webhook-timestamp' },
    zendesk: {
      signature: 'X-Zendesk-Webhook-Signature',
      timestamp: 'X-Zendesk-Webhook-Signature-Timestamp',
    },
    stripe: { signature: 'Stripe-Signature' },
    shopify: { signature: 'X-Shopify-Hmac-Sha256' },
    jwt: { signature: 'authorization' },
  };

/** The clock a vector is checked at: its `now`, else its own signed timestamp. */
export function vectorClockMs(vector: Vector): number {
  if (vector.now !== undefined) return vector.now * 1000;
  const stamp = vector.headers['X-Zendesk-Webhook-Signature-Timestamp'];
  return stamp === undefined ? Date.now() : Date.parse(stamp);
}

export function verifierForVector(
  vector: Vector,
  crypto: CryptoPreference = 'auto',
): WebhookVerifier {
  const scheme = SCHEME_OF[vector.scheme];
  if (scheme === undefined) throw new Error(`no scheme for ${vector.scheme}`);
  const now = vectorClockMs(vector);
  return createWebhookVerifier(scheme as 'github', {
    secret: vector.secret!,
    ...(scheme === 'standard-webhooks' ? { secret: vector.secret! } : {}),
    now: () => now,
    replay: false,
    crypto,
  });
}
