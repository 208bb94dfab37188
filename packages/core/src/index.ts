// The root entry: what every client needs on its import path. Heavier parts
// (auth's JWT, webhooks, telemetry's OpenTelemetry bridge) are subpaths.
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
export { DEFAULT_RETRY_OPTIONS, type RetryOptions, retryPolicy } from './retry/index.js';
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
