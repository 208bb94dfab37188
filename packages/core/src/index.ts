// The root entry: what every client needs on its import path, including
// everything a generated client wires (credential and signing policies, the
// rate-limit policy, the form serializer), so its one import of core is this.
// Heavier parts (webhooks, streaming, telemetry's OpenTelemetry bridge) are
// subpaths; in the build this file only re-exports from
// dist/runtime.js (tsup.config.ts).
export {
  type AcsConnectionString,
  type ApiKeyAuthOptions,
  apiKeyAuth,
  type BasicCredentials,
  type BearerAuthOptions,
  basicAuth,
  bearerAuth,
  type CredentialProvider,
  type HmacSha256SignerOptions,
  hmacSha256Signer,
  parseAcsConnectionString,
  type RequestSigner,
  signingPolicy,
} from './auth/index.js';
export { type ApiClient, type ApiClientOptions, createApiClient } from './client/index.js';
export {
  AbortedError,
  AuthError,
  ConfigurationError,
  CoreError,
  type CoreErrorOptions,
  DeadlineExceededError,
  ERROR_CODES,
  type ErrorCode,
  InvalidRequestError,
  InvalidResponseError,
  isCoreError,
  NetworkError,
  RateLimitedError,
  RetriesExhaustedError,
  TimeoutError,
} from './errors/index.js';
export {
  type OnLimit,
  RateLimiter,
  type RateLimitPolicyOptions,
  type RateLimitProfile,
  rateLimitPolicy,
} from './rate-limit/index.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions, retryPolicy } from './retry/index.js';
export { formBodySerializer } from './serialization/index.js';
export {
  type CallContext,
  type CallOverrides,
  createOperationResolver,
  createTransport,
  type DefaultPolicyOptions,
  defaultPolicies,
  type EventSink,
  type FetchFn,
  type Handler,
  type OperationInfo,
  type Policy,
  type Transport,
  type TransportOptions,
} from './transport/index.js';
