import { ConfigurationError } from '../errors/index.js';
import type { InferPayload, StandardSchemaV1 } from '../internal/standard-schema.js';
import type { CustomWebhookScheme } from './custom-scheme.js';
import { compileCustomScheme } from './custom-scheme.js';
import { selectCryptoEngine } from './internal/crypto-engine.js';
import type { Scheme } from './internal/scheme.js';
import { hmacHeaderScheme } from './schemes/hmac-header.js';
import { type JwtSchemeOptions, jwtScheme } from './schemes/jwt.js';
import { GITHUB, META, SHOPIFY, SLACK, ZENDESK } from './schemes/presets.js';
import { type StandardWebhooksKeys, standardWebhooksScheme } from './schemes/standard-webhooks.js';
import { stripeScheme } from './schemes/stripe.js';
import { twilioScheme } from './schemes/twilio.js';
import type { TwilioUrlOptions } from './schemes/twilio-url.js';
import type { CommonVerifierOptions, WebhookSecretSource, WebhookVerifier } from './types.js';

export interface SecretOptions {
  /** The signing secret(s): one, several during rotation, or a function choosing per delivery. */
  readonly secret: WebhookSecretSource;
}

/** The options of each named scheme, on top of CommonVerifierOptions. */
export interface WebhookSchemeOptions {
  github: SecretOptions;
  meta: SecretOptions;
  shopify: SecretOptions;
  zendesk: SecretOptions;
  slack: SecretOptions;
  stripe: SecretOptions;
  twilio: SecretOptions & TwilioUrlOptions;
  'standard-webhooks': StandardWebhooksKeys;
  jwt: JwtSchemeOptions;
}

export type WebhookSchemeName = keyof WebhookSchemeOptions;

const DEFAULT_TOLERANCE_SECONDS = 300;

import { checkToleranceOption } from './option-checks.js';
import { Verifier } from './verifier.js';
/**
 * Makes a verifier once (keys are imported here, not per delivery) for a
 * named scheme or a declared custom one.
 */
export function createWebhookVerifier<
  Name extends WebhookSchemeName,
  Schema extends StandardSchemaV1 | undefined = undefined,
>(
  scheme: Name,
  options: WebhookSchemeOptions[Name] & CommonVerifierOptions<Schema>,
): WebhookVerifier<InferPayload<Schema>>;
export function createWebhookVerifier<Schema extends StandardSchemaV1 | undefined = undefined>(
  scheme: CustomWebhookScheme,
  options: SecretOptions & CommonVerifierOptions<Schema>,
): WebhookVerifier<InferPayload<Schema>>;
export function createWebhookVerifier(
  scheme: WebhookSchemeName | CustomWebhookScheme,
  options: CommonVerifierOptions<StandardSchemaV1 | undefined> & { readonly secret?: unknown },
): WebhookVerifier<unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'createWebhookVerifier(scheme, options): options are required (at least the secret).',
    );
  }
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  checkToleranceOption(toleranceSeconds);
  const now = options.now ?? Date.now;
  const engine = selectCryptoEngine(options.crypto);
  const secret = options.secret as WebhookSecretSource | undefined;
  let impl: Scheme;
  if (typeof scheme === 'object' && scheme !== null) {
    impl = hmacHeaderScheme(compileCustomScheme(scheme), secret, engine);
  } else {
    switch (scheme) {
      case 'github':
        impl = hmacHeaderScheme(GITHUB, secret, engine);
        break;
      case 'meta':
        impl = hmacHeaderScheme(META, secret, engine);
        break;
      case 'shopify':
        impl = hmacHeaderScheme(SHOPIFY, secret, engine);
        break;
      case 'zendesk':
        impl = hmacHeaderScheme(ZENDESK, secret, engine);
        break;
      case 'slack':
        impl = hmacHeaderScheme(SLACK, secret, engine);
        break;
      case 'stripe':
        impl = stripeScheme(secret, engine);
        break;
      case 'twilio':
        impl = twilioScheme(options as unknown as SecretOptions & TwilioUrlOptions, engine);
        break;
      case 'standard-webhooks':
        impl = standardWebhooksScheme(options as unknown as StandardWebhooksKeys, engine);
        break;
      case 'jwt':
        impl = jwtScheme(options as unknown as JwtSchemeOptions, engine, { now, toleranceSeconds });
        break;
      default:
        throw new ConfigurationError(
          `Unknown webhook scheme '${String(scheme)}'. Use one of github, meta, shopify, zendesk, slack, stripe, twilio, standard-webhooks, jwt, or a custom scheme declaration.`,
        );
    }
  }
  return new Verifier(impl, options, toleranceSeconds, now);
}
