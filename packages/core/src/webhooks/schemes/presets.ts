import { compileTemplate, type HmacHeaderSpec } from './hmac-header.js';

const BODY_ONLY = compileTemplate('{body}');

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`;
 * `X-GitHub-Delivery` is the delivery GUID, kept on redelivery.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export const GITHUB: HmacHeaderSpec = {
  name: 'github',
  header: 'x-hub-signature-256',
  hash: 'sha256',
  encoding: 'hex',
  prefix: 'sha256=',
  template: BODY_ONLY,
  timestampFormat: 'unix',
  idHeaders: ['x-github-delivery'],
  secretEncoding: 'utf8',
  payload: 'auto',
};

/**
 * Meta (Graph API, WhatsApp, Instagram): the same header and construction as
 * GitHub, keyed with the app secret; no delivery id header.
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */
export const META: HmacHeaderSpec = { ...GITHUB, name: 'meta', idHeaders: [], payload: 'json' };

/**
 * Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(client secret, body)>`.
 * `X-Shopify-Event-Id` is the same across retries of one event, so it is the
 * id Shopify says to deduplicate by; older deliveries only have the per-delivery
 * `X-Shopify-Webhook-Id`.
 * https://shopify.dev/docs/apps/build/webhooks/verify-deliveries
 * https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates
 */
export const SHOPIFY: HmacHeaderSpec = {
  name: 'shopify',
  header: 'x-shopify-hmac-sha256',
  hash: 'sha256',
  encoding: 'base64',
  prefix: '',
  template: BODY_ONLY,
  timestampFormat: 'unix',
  idHeaders: ['x-shopify-event-id', 'x-shopify-webhook-id'],
  secretEncoding: 'utf8',
  payload: 'json',
};

/**
 * Zendesk: base64 HMAC-SHA256 over timestamp + body, no separator, keyed with
 * the signing secret's text as-is (it looks like base64 but is not decoded).
 * The timestamp is RFC 3339. `X-Zendesk-Webhook-Id` names the webhook, not
 * the delivery, so the id is `X-Zendesk-Webhook-Invocation-Id`.
 * https://developer.zendesk.com/documentation/webhooks/verifying/
 * https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request
 */
export const ZENDESK: HmacHeaderSpec = {
  name: 'zendesk',
  header: 'x-zendesk-webhook-signature',
  hash: 'sha256',
  encoding: 'base64',
  prefix: '',
  template: compileTemplate('{timestamp}{body}'),
  timestampHeader: 'x-zendesk-webhook-signature-timestamp',
  timestampFormat: 'iso8601',
  idHeaders: ['x-zendesk-webhook-invocation-id'],
  secretEncoding: 'utf8',
  payload: 'auto',
};

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" ts ":" body)>`
 * with `X-Slack-Request-Timestamp` in unix seconds; Slack asks for a 5 minute
 * window. No delivery id: the replay guard keys on the signature.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export const SLACK: HmacHeaderSpec = {
  name: 'slack',
  header: 'x-slack-signature',
  hash: 'sha256',
  encoding: 'hex',
  prefix: 'v0=',
  template: compileTemplate('v0:{timestamp}:{body}'),
  timestampHeader: 'x-slack-request-timestamp',
  timestampFormat: 'unix',
  idHeaders: [],
  secretEncoding: 'utf8',
  payload: 'auto',
};
