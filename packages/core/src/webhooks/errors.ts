import { CoreError, type CoreErrorOptions, isCoreError } from '../errors/index.js';

/** Why a delivery was rejected; stable strings, part of the public API. */
export const WEBHOOK_REJECTION_REASONS = [
  'missing-header',
  'malformed-header',
  'bad-signature',
  'timestamp-too-old',
  'timestamp-in-future',
  'replayed',
  'body-not-raw',
  'schema-mismatch',
  'no-secret',
] as const;

export type WebhookRejectionReason = (typeof WEBHOOK_REJECTION_REASONS)[number];

export interface WebhookVerificationErrorOptions extends CoreErrorOptions {
  /** The scheme that rejected the delivery, e.g. `github`. */
  scheme?: string;
  /** The header the reason is about, when there is one (lowercase). */
  header?: string;
}

/**
 * A delivery that must not be trusted. Answer 4xx (or 2xx for `replayed`,
 * so the vendor stops redelivering what was already accepted). The message
 * and details never hold a secret, a signature or the body.
 */
export class WebhookVerificationError extends CoreError {
  readonly reason: WebhookRejectionReason;

  constructor(
    reason: WebhookRejectionReason,
    message: string,
    options: WebhookVerificationErrorOptions = {},
  ) {
    const { scheme, header, details, ...rest } = options;
    super('webhook-verification', message, {
      ...rest,
      details: {
        reason,
        ...(scheme === undefined ? {} : { scheme }),
        ...(header === undefined ? {} : { header }),
        ...details,
      },
    });
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

/** Cross-realm guard: true for a WebhookVerificationError from any copy of this package. */
export function isWebhookVerificationError(
  value: unknown,
  reason?: WebhookRejectionReason,
): value is WebhookVerificationError {
  if (!isCoreError(value, 'webhook-verification')) return false;
  return reason === undefined || (value as WebhookVerificationError).reason === reason;
}
