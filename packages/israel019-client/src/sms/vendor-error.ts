import {
  adviceFor,
  CapabilityError,
  ISRAEL019_SMS_MAPPING,
  mapVendorError,
  reasonForStatus,
  toCapabilityError,
} from '@org/capabilities/sms';
import { Israel019CommandError } from '../command-status.js';

const PROVIDER = ISRAEL019_SMS_MAPPING.provider;

/**
 * An Israel019CommandError (a non-zero body `status`) as a CapabilityError:
 * the reason comes from the status through ISRAEL019_SMS_MAPPING (4 is
 * insufficient-funds, 8 blocked, 9 invalid-number, …); a status the table
 * lacks keeps the core error's own classification.
 */
export function commandError(error: Israel019CommandError): CapabilityError {
  const providerCode = String(error.commandStatus);
  const mapped = mapVendorError(ISRAEL019_SMS_MAPPING, providerCode);
  if (mapped === 'unknown') {
    const fallback = toCapabilityError(error, PROVIDER);
    return new CapabilityError(fallback.reason, fallback.message, {
      provider: PROVIDER,
      providerCode,
      cause: error,
    });
  }
  return new CapabilityError(
    mapped,
    `019 refused the \`${error.command}\` command with status ${providerCode}: ${mapped}; ${adviceFor(mapped)}.`,
    { provider: PROVIDER, providerCode, cause: error },
  );
}

/** Retry-After in whole seconds (RFC 9110 §10.2.3), in ms; undefined otherwise. */
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/**
 * A non-2xx answer. 019 answers its own errors with HTTP 200, so these come
 * from what stands in front of the API (a gateway, a throttle): classified by
 * the HTTP status alone.
 */
export function httpError(response: Response): CapabilityError {
  const reason = reasonForStatus(response.status);
  const wait = retryAfterMs(response);
  return new CapabilityError(
    reason,
    `019 answered HTTP ${response.status}: ${reason}; ${adviceFor(reason)}.`,
    {
      provider: PROVIDER,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      details: { status: response.status },
    },
  );
}

/** Command errors through the mapping table; anything else is left to defineSmsSender. */
export function vendorError(error: unknown): unknown {
  return error instanceof Israel019CommandError ? commandError(error) : error;
}
