import { CoreError, type CoreErrorOptions } from './core-error.js';

/** The network failed: refused, reset, DNS, socket closed. */
export class NetworkError extends CoreError {
  /** Known to have failed before any byte reached the server (refused, DNS): safe to retry any method. */
  readonly beforeSend: boolean;
  constructor(message: string, options: CoreErrorOptions & { beforeSend?: boolean } = {}) {
    super('network', message, { retryable: true, ...options });
    this.name = 'NetworkError';
    this.beforeSend = options.beforeSend ?? false;
  }
}

/** One attempt took longer than the per-attempt timeout. */
export class TimeoutError extends CoreError {
  constructor(message: string, options: CoreErrorOptions = {}) {
    super('timeout', message, { retryable: true, ...options });
    this.name = 'TimeoutError';
  }
}

/** The call's overall deadline passed, or the server asked to wait past it. */
export class DeadlineExceededError extends CoreError {
  /** The wait the server asked for, in ms, when that is why the call stopped. */
  readonly requestedWaitMs: number | undefined;
  constructor(message: string, options: CoreErrorOptions & { requestedWaitMs?: number } = {}) {
    super('deadline-exceeded', message, options);
    this.name = 'DeadlineExceededError';
    this.requestedWaitMs = options.requestedWaitMs;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends CoreError {
  constructor(
    message = 'The call was aborted by its AbortSignal.',
    options: CoreErrorOptions = {},
  ) {
    super('aborted', message, options);
    this.name = 'AbortedError';
  }
}

/** Every allowed attempt failed; `cause` is the last failure. */
export class RetriesExhaustedError extends CoreError {
  readonly attempts: number;
  constructor(message: string, options: CoreErrorOptions & { attempts: number }) {
    super('retries-exhausted', message, options);
    this.name = 'RetriesExhaustedError';
    this.attempts = options.attempts;
  }
}

/** A rate limit stopped the call (queue full, or the wait exceeds what the caller allows). */
export class RateLimitedError extends CoreError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: CoreErrorOptions & { retryAfterMs?: number } = {}) {
    super('rate-limited', message, { retryable: true, ...options });
    this.name = 'RateLimitedError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Credentials were missing, rejected, or could not be obtained. */
export class AuthError extends CoreError {
  constructor(message: string, options: CoreErrorOptions = {}) {
    super('auth-failed', message, options);
    this.name = 'AuthError';
  }
}

/** The response could not be read as the spec says (malformed JSON, HTML error page, truncated body). */
export class InvalidResponseError extends CoreError {
  constructor(message: string, options: CoreErrorOptions = {}) {
    super('invalid-response', message, options);
    this.name = 'InvalidResponseError';
  }
}

/** The request could not be built from the given input (bad parameter, unserializable body). */
export class InvalidRequestError extends CoreError {
  constructor(message: string, options: CoreErrorOptions = {}) {
    super('invalid-request', message, options);
    this.name = 'InvalidRequestError';
  }
}

/** The client or a policy was configured wrongly; the message says which option to fix. */
export class ConfigurationError extends CoreError {
  constructor(message: string, options: CoreErrorOptions = {}) {
    super('configuration', message, options);
    this.name = 'ConfigurationError';
  }
}

/**
 * The server answered with an HTTP error status where a value, not a
 * `{ error }` result, must come back (a pagination iterator, a stream). The
 * parsed body is on `error`, typed by the spec where the caller knows it; it
 * is kept off the message, `details`, `toJSON()` and enumerable properties,
 * so logging the error never prints a body.
 */
export class ApiError<E = unknown> extends CoreError {
  readonly status: number;
  declare readonly error: E;
  /** The vendor's request id from the response headers, for support tickets. */
  readonly requestId: string | undefined;
  constructor(
    message: string,
    options: CoreErrorOptions & { status: number; error?: E; requestId?: string },
  ) {
    // 408, 429 and 5xx may succeed later (RFC 9110 §15.5.9, RFC 6585 §4, §15.6).
    const retryable = options.status === 408 || options.status === 429 || options.status >= 500;
    super('api-error', message, {
      retryable,
      ...options,
      details: { status: options.status, requestId: options.requestId, ...options.details },
    });
    this.name = 'ApiError';
    this.status = options.status;
    this.requestId = options.requestId;
    Object.defineProperty(this, 'error', { value: options.error, enumerable: false });
  }
}
