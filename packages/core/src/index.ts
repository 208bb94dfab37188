// The root entry: what every client needs on its import path, including
// what a generated client wires (the header credential policies, the
// rate-limit policy, the form serializer) and `paginate`, so a pack's one
// import of core is this; token and signing policies stay in @org/core/auth.
// Heavier parts (webhooks, streaming, telemetry's OpenTelemetry bridge) are
// subpaths; in the build this file only re-exports from
// dist/runtime.js (tsup.config.ts).
// From their modules, not auth/index.ts: the build emits these in
// dist/runtime.js and the rest of auth in dist/auth.js, which the root must
// not load.
export { type ApiKeyAuthOptions, apiKeyAuth } from './auth/api-key-auth.js';
export { type BasicCredentials, basicAuth } from './auth/basic-auth.js';
export { type BearerAuthOptions, bearerAuth } from './auth/bearer-auth.js';
export type { CredentialProvider } from './auth/credential-provider.js';
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
export { paginate } from './pagination/paginate.js';
export type { PaginateOptions, PaginationStyle, Paginator } from './pagination/types.js';
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
  type Engine,
  type EventSink,
  type FetchFn,
  type Handler,
  type OperationInfo,
  type Policy,
  type Transport,
  type TransportOptions,
} from './transport/index.js';
// What a generated client's webhook verifiers use to check options at once
// and load @org/core/webhooks on first use (copied into the root's build, so
// importing them does not load the webhook module).
export { deferWebhookVerifier } from './webhooks/defer-verifier.js';
export { checkWebhookVerifierOptions } from './webhooks/option-checks.js';
