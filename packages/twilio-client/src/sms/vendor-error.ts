import {
  adviceFor,
  CapabilityError,
  mapVendorError,
  reasonForStatus,
  TWILIO_SMS_MAPPING,
} from '@org/capabilities/sms';

const PROVIDER = TWILIO_SMS_MAPPING.provider;

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when absent. */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Twilio's 4xx/5xx answer as a CapabilityError. The reason comes from
 * Twilio's error code (the body's `code`, e.g. 21211) through
 * TWILIO_SMS_MAPPING, else from the HTTP status. The message names the
 * status and code only: Twilio's own `message` often repeats the phone
 * number ("The 'To' number +1415… is not a valid phone number"), so it is
 * never copied into the error.
 */
export function twilioError(
  response: Response,
  body: unknown,
  now: number = Date.now(),
): CapabilityError {
  const code = (body as { code?: unknown } | undefined)?.code;
  const providerCode =
    typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
  const mapped =
    providerCode === undefined ? 'unknown' : mapVendorError(TWILIO_SMS_MAPPING, providerCode);
  const reason = mapped === 'unknown' ? reasonForStatus(response.status) : mapped;
  const wait = retryAfterMs(response.headers, now);
  return new CapabilityError(
    reason,
    `${PROVIDER} answered HTTP ${response.status}${providerCode ? ` with error ${providerCode}` : ''}: ${reason}; ${adviceFor(reason)} (https://www.twilio.com/docs/api/errors${providerCode ? `/${providerCode}` : ''}).`,
    {
      provider: PROVIDER,
      ...(providerCode === undefined ? {} : { providerCode }),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      details: { status: response.status },
    },
  );
}
