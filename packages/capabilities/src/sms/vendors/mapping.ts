import type { CapabilityErrorReason } from '../../errors/reasons.js';
import type { SmsStatus } from '../status.js';

/** One vendor code and what it means in vendor-neutral terms. */
export interface SmsVendorCode {
  readonly reason: CapabilityErrorReason;
  /** The vendor's wording, shortened; for logs and support, never shown as the error message. */
  readonly description: string;
  /** False when no vendor page confirmed the code (see the table's comments). */
  readonly verified: boolean;
}

/**
 * A vendor's codes as data: its status words and its error codes, each mapped
 * onto the normalized models. Adapters look codes up here instead of writing
 * `switch` statements, so every mapping is reviewable in one place.
 */
export interface SmsVendorMapping {
  /** The provider name adapters report, e.g. `twilio`. */
  readonly provider: string;
  /** The vendor pages the tables come from. */
  readonly sources: readonly string[];
  /** Vendor status word or code to normalized status. */
  readonly statuses: Readonly<Record<string, SmsStatus>>;
  /** Codes a send (or status) request fails with, synchronously. */
  readonly errors: Readonly<Record<string, SmsVendorCode>>;
  /** Codes a delivery report or status lookup carries for a message that failed later. */
  readonly deliveryErrors: Readonly<Record<string, SmsVendorCode>>;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: string | number): T | undefined {
  const name = String(key);
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The normalized status of a vendor status word; `unknown` when the table has none. */
export function mapVendorStatus(
  mapping: SmsVendorMapping,
  providerStatus: string | number,
): SmsStatus {
  return lookup(mapping.statuses, providerStatus) ?? 'unknown';
}

/** The reason of a send-time error code; `unknown` when the table has none. */
export function mapVendorError(
  mapping: SmsVendorMapping,
  code: string | number,
): CapabilityErrorReason {
  return lookup(mapping.errors, code)?.reason ?? 'unknown';
}

/** The reason of a delivery error code; `unknown` when the table has none. */
export function mapVendorDeliveryError(
  mapping: SmsVendorMapping,
  code: string | number,
): CapabilityErrorReason {
  return lookup(mapping.deliveryErrors, code)?.reason ?? 'unknown';
}

/** Shorthand for table rows: `code(reason, description)`. */
export function code(
  reason: CapabilityErrorReason,
  description: string,
  verified = true,
): SmsVendorCode {
  return { reason, description, verified };
}
