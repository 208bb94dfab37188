export { ERROR_CODES, type ErrorCode } from './codes.js';
export { CoreError, type CoreErrorOptions, isCoreError } from './core-error.js';
export {
  AbortedError,
  ApiError,
  AuthError,
  ConfigurationError,
  DeadlineExceededError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  RateLimitedError,
  RetriesExhaustedError,
  TimeoutError,
} from './kinds.js';
