import { code, type SmsVendorCode, type SmsVendorMapping } from './mapping.js';

/**
 * 019 (Israel019). One endpoint; every answer carries a body-level `status`
 * (0 = success, else an error code below), whatever the HTTP status. A send
 * that returns status 0 and a `shipment_id` is `queued`. Delivery status is
 * polled (`dlr` / `dlrbyDate`): each transaction's `status` is a DLR code,
 * mapped by `statuses` and, for failures, `deliveryErrors`.
 *
 * Codes were checked against the errors-and-status page of the same
 * platform's white-label docs (docs.textme.co.il, identical XML API), whose
 * table is cut off after 933; `verified: false` marks the 9xx codes taken
 * from a third-party transcription of docs.019sms.co.il's page.
 */
const UNDELIVERED_109_132: Record<string, 'undelivered'> = Object.fromEntries(
  Array.from({ length: 132 - 109 + 1 }, (_, i) => [String(109 + i), 'undelivered' as const]),
);
const UNDELIVERED_109_132_ERRORS: Record<string, SmsVendorCode> = Object.fromEntries(
  Array.from({ length: 132 - 109 + 1 }, (_, i) => [
    String(109 + i),
    code('unknown', 'Not delivered'),
  ]),
);

export const ISRAEL019_SMS_MAPPING: SmsVendorMapping = {
  provider: 'israel019',
  sources: [
    'https://docs.019sms.co.il/sms/errors-and-status.html',
    'https://docs.textme.co.il/sms/errors-and-status.html',
  ],
  statuses: {
    '-1': 'sent', // sent, the carrier gives no delivery confirmation
    '0': 'delivered',
    '1': 'undelivered',
    '2': 'undelivered', // timeout
    '3': 'undelivered',
    '4': 'undelivered', // cellular failure
    '5': 'undelivered',
    '6': 'undelivered',
    '7': 'failed', // no balance: never left 019
    '14': 'undelivered', // failed after store & forward
    '15': 'failed', // "kosher" number that cannot receive SMS
    '16': 'failed', // sending at this hour is not allowed
    '17': 'failed', // blocked for advertising messages
    '18': 'failed', // illegal message
    '101': 'undelivered',
    '102': 'delivered',
    '103': 'undelivered', // validity expired
    '104': 'failed', // deleted before sending
    '105': 'undelivered',
    '106': 'undelivered',
    '107': 'undelivered',
    '108': 'undelivered', // rejected
    ...UNDELIVERED_109_132,
    '201': 'failed', // blocked on request
    '747': 'undelivered', // subscriber outside local network coverage
    '998': 'failed', // no permission
    '999': 'failed', // unknown error
  },
  errors: {
    '1': code('invalid-request', 'The request document could not be parsed'),
    '2': code('invalid-request', 'A required field is missing'),
    '3': code('auth-failed', 'Username or password incorrect and API token invalid'),
    '4': code('insufficient-funds', 'Not enough credit'),
    '5': code('not-permitted', 'No permission to send SMS at this time'),
    '6': code('provider-unavailable', 'Process failure'),
    '7': code('invalid-request', 'This format must be sent as bulk'),
    '8': code('blocked', 'All numbers are on a blocked list'),
    '9': code('invalid-number', 'A destination is too short or too long'),
    '10': code('auth-failed', 'Expired API token'),
    '11': code('auth-failed', 'API token does not match the username, or a newer token exists'),
    '12': code('insufficient-funds', 'Not enough money'),
    '502': code('invalid-request', 'Action type not valid'),
    '503': code('auth-failed', 'Username does not exist in this account'),
    '504': code('auth-failed', 'Current token not found'),
    '511': code('not-permitted', 'No permission for this function'),
    '515': code('not-permitted', 'Unverified source (sender)'),
    '715': code('blocked', 'All numbers have been temporarily blocked'),
    '989': code('invalid-request', 'Message too long or too short', false),
    '992': code('invalid-request', 'Source (sender) too long or too short', false),
    '997': code('invalid-request', 'Invalid command', false),
    '998': code('unknown', 'Unknown error in the request', false),
    '999': code('unknown', 'Contact support', false),
  },
  deliveryErrors: {
    '1': code('unknown', 'Failed'),
    '2': code('unreachable', 'Timeout'),
    '3': code('unknown', 'Failed'),
    '4': code('unreachable', 'Cellular failure'),
    '5': code('unknown', 'Failed'),
    '6': code('unknown', 'Failed'),
    '7': code('insufficient-funds', 'No balance'),
    '14': code('unreachable', 'Failed after store & forward'),
    '15': code('blocked', '"Kosher" number that does not receive SMS'),
    '16': code('not-permitted', 'No permission to send at this hour'),
    '17': code('blocked', 'Blocked for advertising messages'),
    '18': code('content-rejected', 'Illegal message'),
    '101': code('unknown', 'Not delivered'),
    '103': code('unreachable', 'Validity expired'),
    '104': code('unknown', 'Deleted'),
    '105': code('unknown', 'Not delivered'),
    '106': code('unknown', 'Not delivered'),
    '107': code('unknown', 'Not delivered'),
    '108': code('blocked', 'Rejected'),
    ...UNDELIVERED_109_132_ERRORS,
    '201': code('blocked', 'Blocked on request'),
    '747': code('unreachable', 'Subscriber outside local network coverage'),
    '998': code('not-permitted', 'No permission'),
    '999': code('unknown', 'Unknown error'),
  },
};
