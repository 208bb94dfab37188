import { type Money, mapVendorStatus, TWILIO_SMS_MAPPING } from '@org/capabilities/sms';
import type { TwilioMessage } from '../types.js';

/** `num_segments` is a decimal string ("1"); undefined when absent or not a positive integer. */
export function segmentsOf(message: TwilioMessage): number | undefined {
  const segments = Number(message.num_segments);
  return Number.isInteger(segments) && segments > 0 ? segments : undefined;
}

/**
 * `price` is a negative decimal string ("-0.00750": money leaving the
 * account) in `price_unit` (ISO 4217), and null until the carrier has billed
 * (https://www.twilio.com/docs/messaging/api/message-resource). Reported as a
 * positive amount.
 */
export function costOf(message: TwilioMessage): Money | undefined {
  if (message.price == null || !message.price_unit) return undefined;
  const amount = Math.abs(Number(message.price));
  if (!Number.isFinite(amount)) return undefined;
  return { amount, currency: message.price_unit.toUpperCase() };
}

export function statusOf(providerStatus: string) {
  return mapVendorStatus(TWILIO_SMS_MAPPING, providerStatus);
}
