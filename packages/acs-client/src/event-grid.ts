// @org/acs-client/event-grid: ACS delivery reports as Event Grid delivers
// them (the validation handshake, the SMS delivery report event) and the two
// ways Event Grid authenticates a webhook. No @org/capabilities here.
export {
  createEventGridAuthenticator,
  type EntraAuthOptions,
  type EventGridAuthenticator,
  type EventGridAuthOptions,
  type SharedSecretAuthOptions,
} from './event-grid/authenticate.js';
export { readEventGridDelivery } from './event-grid/read-delivery.js';
export { parseSmsDeliveryReport } from './event-grid/sms-delivery-report.js';
export {
  type AcsSmsDeliveryAttempt,
  type AcsSmsDeliveryReport,
  type EventGridDelivery,
  type EventGridEvent,
  type EventGridReply,
  type EventGridRequest,
  SMS_DELIVERY_REPORT_EVENT,
  SUBSCRIPTION_VALIDATION_EVENT,
} from './event-grid/types.js';
