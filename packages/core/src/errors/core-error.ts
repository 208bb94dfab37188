import type { ErrorCode } from './codes.js';

/**
 * A registered symbol brands every error this package throws. `instanceof`
 * fails across realms and across duplicated copies of the package (two
 * versions in one node_modules, CJS and ESM side by side); the brand does not.
 */
const BRAND = Symbol.for('@org/core/error');

export interface CoreErrorOptions {
  cause?: unknown;
  /** Whether trying the same call again may succeed. */
  retryable?: boolean;
  /** Safe, non-secret facts for logs: status, attempts, waits. Never bodies or credentials. */
  details?: Record<string, unknown>;
}

export class CoreError extends Error {
  declare readonly [BRAND]: true;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'CoreError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = Object.freeze({ ...options.details });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      details: this.details,
    };
  }
}

/** True for any error thrown by @org/core, whichever copy or realm made it. */
export function isCoreError(value: unknown, code?: ErrorCode): value is CoreError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as CoreError).code === code;
}
