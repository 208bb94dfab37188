import type { ErrorCode } from '@org/core/errors';

/**
 * Why a capability call failed, in vendor-neutral terms. Stable strings,
 * part of the public API: a reason is never renamed or reused within a major
 * version. Each vendor's codes map onto these (see `./sms` vendor tables).
 */
export const CAPABILITY_ERROR_REASONS = [
  /** The destination is not a valid, reachable-in-principle number (bad format, unassigned, landline). */
  'invalid-number',
  /** The recipient opted out, or the vendor or carrier blocks this destination. */
  'blocked',
  /** A valid number that could not be reached now (handset off, out of coverage). */
  'unreachable',
  /** The carrier or vendor filtered the content (spam, illegal content). */
  'content-rejected',
  /** The account may not do this: region not enabled, unverified sender, suspended account. */
  'not-permitted',
  /** The account's balance or credit does not cover the message. */
  'insufficient-funds',
  /** The vendor throttled the call; the same call may succeed later or elsewhere. */
  'rate-limited',
  /** The vendor could not be reached or failed (network, timeout, 5xx, breaker open). */
  'provider-unavailable',
  /** The credentials were missing or rejected. */
  'auth-failed',
  /** The request was malformed for the vendor (missing field, bad sender, body too long). */
  'invalid-request',
  /** The vendor reported an error this package has no mapping for. */
  'unknown',
] as const;

export type CapabilityErrorReason = (typeof CAPABILITY_ERROR_REASONS)[number];

/**
 * The core code each reason travels under, so code that only knows
 * `isCoreError(error, 'rate-limited')` still handles capability errors.
 * Reasons with no closer core code are `api-error`: the vendor answered
 * with an error.
 */
export const REASON_CORE_CODES: Readonly<Record<CapabilityErrorReason, ErrorCode>> = {
  'invalid-number': 'invalid-request',
  blocked: 'api-error',
  unreachable: 'api-error',
  'content-rejected': 'api-error',
  'not-permitted': 'api-error',
  'insufficient-funds': 'api-error',
  'rate-limited': 'rate-limited',
  'provider-unavailable': 'api-error',
  'auth-failed': 'auth-failed',
  'invalid-request': 'invalid-request',
  unknown: 'api-error',
};

/** Reasons where the same call may succeed later or through another provider. */
export const RETRYABLE_REASONS: ReadonlySet<CapabilityErrorReason> = new Set([
  'rate-limited',
  'provider-unavailable',
  'unreachable',
]);
