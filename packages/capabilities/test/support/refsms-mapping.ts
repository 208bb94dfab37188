import { code, type SmsVendorMapping } from '../../src/sms/vendors/mapping.js';

/**
 * RefSMS: a made-up vendor with a small JSON API, spoken to over real HTTP
 * by the reference adapter. It exists to prove the contract suite end to
 * end; its words differ from the normalized ones on purpose.
 */
export const REFSMS_MAPPING: SmsVendorMapping = {
  provider: 'refsms',
  sources: [],
  statuses: {
    ACCEPTED: 'queued',
    ROUTED: 'sent',
    DELIVERED: 'delivered',
    UNDELIVERABLE: 'undelivered',
    EXPIRED: 'undelivered',
    REJECTED: 'failed',
    ON_HOLD: 'unknown',
  },
  errors: {
    NUMBER_INVALID: code('invalid-number', 'The destination is not a valid number'),
    THROTTLED: code('rate-limited', 'Too many requests'),
    UNAVAILABLE: code('provider-unavailable', 'Service unavailable'),
    AUTH: code('auth-failed', 'Bad API key'),
    NOT_FOUND: code('invalid-request', 'No such message'),
  },
  deliveryErrors: {
    HANDSET_OFF: code('unreachable', 'Handset off'),
  },
};
