export type {
  InferPayload,
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1Result,
} from '../internal/standard-schema.js';
export {
  createWebhookVerifier,
  type SecretOptions,
  type WebhookSchemeName,
  type WebhookSchemeOptions,
} from './create-verifier.js';
export {
  type CustomSchemeValidation,
  type CustomWebhookScheme,
  validateCustomScheme,
} from './custom-scheme.js';
export {
  isWebhookVerificationError,
  WEBHOOK_REJECTION_REASONS,
  type WebhookRejectionReason,
  WebhookVerificationError,
  type WebhookVerificationErrorOptions,
} from './errors.js';
export type { CryptoPreference } from './internal/crypto-engine.js';
export {
  createMemoryReplayStore,
  type MemoryReplayStoreOptions,
  type ReplayStore,
} from './replay-store.js';
export type { JsonWebKeySet, JwtSchemeOptions } from './schemes/jwt.js';
export type { StandardWebhooksKeys } from './schemes/standard-webhooks.js';
export type { TwilioUrlOptions } from './schemes/twilio-url.js';
export type {
  CommonVerifierOptions,
  HeadersInput,
  RawBody,
  ReplayOptions,
  VerifiedWebhook,
  WebhookRequest,
  WebhookSecret,
  WebhookSecretSource,
  WebhookVerifier,
} from './types.js';
