import {
  mapVendorDeliveryError,
  mapVendorError,
  type SmsFailure,
  TWILIO_SMS_MAPPING,
} from '@org/capabilities/sms';

/**
 * A failed message's error code (the resource's `error_code`, a callback's
 * `ErrorCode`) as an SmsFailure: delivery codes (30xxx) first, then the
 * send-time dictionary (a 21xxx code can also land on a message), else
 * `unknown`. Undefined when there is no code (Twilio sends none, or 0).
 */
export function failureOf(code: number | string | null | undefined): SmsFailure | undefined {
  if (code === null || code === undefined) return undefined;
  const providerCode = String(code).trim();
  if (providerCode === '' || providerCode === '0') return undefined;
  const delivery = mapVendorDeliveryError(TWILIO_SMS_MAPPING, providerCode);
  const reason =
    delivery === 'unknown' ? mapVendorError(TWILIO_SMS_MAPPING, providerCode) : delivery;
  return { reason, providerCode };
}
