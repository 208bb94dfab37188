import { code, type SmsVendorMapping } from './mapping.js';

/**
 * Azure Communication Services SMS (api-version 2021-03-07). A send answers
 * 202 with one result per recipient (`httpStatusCode`, `successful`,
 * `errorMessage`); a successful one is `queued`. There is no status GET in
 * the GA API: delivery arrives as an Event Grid
 * `Microsoft.Communication.SMSDeliveryReportReceived` event whose
 * `deliveryStatus` is `Delivered` or `Failed` (the only two values the event
 * schema page lists) with `deliveryStatusDetails` text.
 *
 * `errors` is keyed by the per-recipient (or whole-request) HTTP status, as
 * the SMS error table of the REST reference lists them. `verified: false`
 * marks entries no page consulted for this table confirmed.
 */
export const ACS_SMS_MAPPING: SmsVendorMapping = {
  provider: 'azure-communication-services',
  sources: [
    'https://learn.microsoft.com/en-us/rest/api/communication/errorcodes',
    'https://learn.microsoft.com/en-us/azure/event-grid/communication-services-telephony-sms-events',
    'https://learn.microsoft.com/en-us/rest/api/communication/sms/send',
  ],
  statuses: {
    Delivered: 'delivered',
    // A report comes back after ACS handed the message on, so a failure here
    // is the carrier's: undelivered, not failed-to-send.
    Failed: 'undelivered',
  },
  errors: {
    '400': code('invalid-request', 'Bad request: invalid request data'),
    '401': code('auth-failed', 'Missing authentication, or it does not allow sending SMS'),
    '403': code('not-permitted', 'Authenticated without permission for this operation'),
    '404': code('invalid-request', 'Resource or endpoint not found'),
    '422': code('invalid-request', 'The request body could not be validated'),
    '429': code('rate-limited', 'Too many requests'),
    '500': code('provider-unavailable', 'Internal server error'),
    '503': code('provider-unavailable', 'Service unavailable', false),
  },
  deliveryErrors: {
    // Seen in `deliveryStatusDetails` as "ErrorCode: 5002. ErrorMessage:
    // Message Delivery Timeout": the carrier sends no delivery receipts; the
    // message was likely delivered (Microsoft Q&A answer, not a reference page).
    '5002': code('unknown', 'Message delivery timeout: the carrier sent no receipt', false),
  },
};
