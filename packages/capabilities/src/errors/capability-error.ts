import { CoreError, type CoreErrorOptions } from '@org/core/errors';
import {
  CAPABILITY_ERROR_REASONS,
  type CapabilityErrorReason,
  REASON_CORE_CODES,
  RETRYABLE_REASONS,
} from './reasons.js';

/**
 * A second registered brand next to core's: `instanceof` fails across realms
 * and duplicated package copies, a `Symbol.for` brand does not.
 */
const BRAND = Symbol.for('@org/capabilities/error');

export interface CapabilityErrorOptions extends CoreErrorOptions {
  /** The provider (adapter) that failed, e.g. `twilio`. */
  provider?: string;
  /** The vendor's own error or status code, e.g. `21211`, kept for support and logs. */
  providerCode?: string;
  /** How long the vendor asked to wait, when it said. */
  retryAfterMs?: number;
}

/**
 * A capability call failed for a vendor-neutral `reason`. It is a CoreError:
 * `code` follows the reason (REASON_CORE_CODES), `retryable` defaults from the
 * reason, `cause` keeps the vendor's error. Messages and details never hold
 * a credential, a phone number or a message body.
 */
export class CapabilityError extends CoreError {
  declare readonly [BRAND]: true;
  readonly reason: CapabilityErrorReason;
  readonly provider: string | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    reason: CapabilityErrorReason,
    message: string,
    options: CapabilityErrorOptions = {},
  ) {
    const { provider, providerCode, retryAfterMs, details, ...rest } = options;
    super(REASON_CORE_CODES[reason], message, {
      retryable: RETRYABLE_REASONS.has(reason),
      ...rest,
      details: {
        reason,
        ...(provider === undefined ? {} : { provider }),
        ...(providerCode === undefined ? {} : { providerCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...details,
      },
    });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'CapabilityError';
    this.reason = reason;
    this.provider = provider;
    this.providerCode = providerCode;
    this.retryAfterMs = retryAfterMs;
  }
}

/** True for a CapabilityError from any copy or realm of this package, optionally of one reason. */
export function isCapabilityError(
  value: unknown,
  reason?: CapabilityErrorReason,
): value is CapabilityError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return reason === undefined || (value as CapabilityError).reason === reason;
}

/** True when `value` is one of CAPABILITY_ERROR_REASONS. */
export function isCapabilityErrorReason(value: unknown): value is CapabilityErrorReason {
  return (CAPABILITY_ERROR_REASONS as readonly unknown[]).includes(value);
}
