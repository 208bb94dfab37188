/**
 * The normalized lifecycle of one outbound message. Stable strings, part of
 * the public API.
 *
 * - `queued`: accepted by the provider, not yet handed to a carrier.
 * - `sent`: handed to the carrier; no delivery receipt yet.
 * - `delivered`: the carrier confirmed delivery to the handset.
 * - `undelivered`: the carrier could not deliver it (final).
 * - `failed`: the provider could not send it at all (final).
 * - `unknown`: the provider reported a status this package cannot place.
 */
export const SMS_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'unknown',
] as const;

export type SmsStatus = (typeof SMS_STATUSES)[number];

/** Statuses after which the message never changes again. */
export const FINAL_SMS_STATUSES: ReadonlySet<SmsStatus> = new Set([
  'delivered',
  'undelivered',
  'failed',
]);

export function isSmsStatus(value: unknown): value is SmsStatus {
  return (SMS_STATUSES as readonly unknown[]).includes(value);
}
