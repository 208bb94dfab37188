import { code, type SmsVendorMapping } from './mapping.js';

/**
 * Twilio Programmable Messaging. Statuses are the Message resource's
 * `status` (also `MessageStatus` in status callbacks); errors are Twilio's
 * numeric error dictionary (`code` in a 4xx body, `ErrorCode` in callbacks).
 *
 * `verified: false` marks a code whose meaning no page consulted for this
 * table confirmed; it follows Twilio's error dictionary as commonly cited
 * and should be checked at https://www.twilio.com/docs/api/errors/<code>.
 * Twilio itself warns that causes behind a code change over time
 * (changelog, 2024-07-10), so the mapping is coarse on purpose.
 */
export const TWILIO_SMS_MAPPING: SmsVendorMapping = {
  provider: 'twilio',
  sources: [
    'https://www.twilio.com/docs/messaging/api/message-resource#message-status-values',
    'https://www.twilio.com/docs/api/errors',
    'https://www.twilio.com/en-us/changelog/updates-to-the-error-code-dictionary-to-clarify-number-validatio',
  ],
  statuses: {
    // Not yet with a carrier: accepted by a Messaging Service, scheduled for
    // later, queued, or being dispatched right now.
    accepted: 'queued',
    scheduled: 'queued',
    queued: 'queued',
    sending: 'queued',
    sent: 'sent',
    delivered: 'delivered',
    // `read` follows `delivered` on channels with read receipts (WhatsApp).
    read: 'delivered',
    undelivered: 'undelivered',
    failed: 'failed',
    // A scheduled message canceled before it was sent: final, never sent.
    canceled: 'failed',
    // `receiving` / `received` describe inbound messages; an outbound
    // message never has them, so they say nothing about delivery.
    receiving: 'unknown',
    received: 'unknown',
  },
  errors: {
    '20003': code('auth-failed', 'Authentication failed: wrong Account SID or Auth Token'),
    '20404': code('invalid-request', 'The requested resource was not found', false),
    '20429': code('rate-limited', 'Too many requests: over the account concurrency limit'),
    '20500': code('provider-unavailable', 'Internal server error', false),
    '20503': code('provider-unavailable', 'Service unavailable', false),
    '21211': code('invalid-number', "Invalid 'To' phone number"),
    '21212': code('invalid-request', "Invalid 'From' phone number"),
    '21408': code('not-permitted', 'Permission to send to this region is not enabled', false),
    '21601': code('invalid-request', "'From' is not an SMS-capable number of this account"),
    '21602': code('invalid-request', 'Message body is required', false),
    '21604': code('invalid-request', "'To' phone number is required", false),
    '21606': code('invalid-request', "'From' is not a valid message-enabled number"),
    '21608': code('not-permitted', 'Trial accounts may only send to verified numbers'),
    '21610': code('blocked', 'The recipient replied STOP (unsubscribed)'),
    '21611': code('rate-limited', "The 'From' number's message queue is full", false),
    '21612': code('unreachable', "'To' and 'From' cannot be connected by Twilio now"),
    '21614': code('invalid-number', "'To' is not a valid mobile number"),
    '21617': code('invalid-request', 'The body exceeds 1600 characters', false),
  },
  deliveryErrors: {
    '30001': code('rate-limited', 'Queue overflow: too many messages too quickly'),
    '30002': code('not-permitted', 'Account suspended'),
    '30003': code('unreachable', 'Unreachable destination handset'),
    '30004': code('blocked', 'Message blocked by the recipient or carrier'),
    '30005': code('invalid-number', 'Unknown destination handset'),
    '30006': code('invalid-number', 'Landline or unreachable carrier'),
    '30007': code('content-rejected', 'Message filtered by the carrier'),
    '30008': code('unknown', 'Unknown error from the carrier'),
    '30034': code('not-permitted', 'US A2P 10DLC: message from an unregistered number', false),
  },
};
