// @org/capabilities/sms: the SMS capability. zod loads on the first call
// that validates, not on import.
export {
  CapabilityError,
  type CapabilityErrorOptions,
  isCapabilityError,
} from '../errors/capability-error.js';
export {
  adviceFor,
  classifyError,
  reasonForStatus,
  toCapabilityError,
} from '../errors/classify.js';
export { CAPABILITY_ERROR_REASONS, type CapabilityErrorReason } from '../errors/reasons.js';
export { type AdapterResult, defineSmsSender, type SmsSenderImplementation } from './define.js';
export {
  E164_PATTERN,
  MAX_BODY_LENGTH,
  SENDER_ID_PATTERN,
  SHORT_CODE_PATTERN,
} from './patterns.js';
export { countSegments, type SegmentCount, type SmsEncoding } from './segments.js';
export { FINAL_SMS_STATUSES, isSmsStatus, SMS_STATUSES, type SmsStatus } from './status.js';
export type {
  DeliveryReportBatch,
  DeliveryReportHeaders,
  DeliveryReportReply,
  DeliveryReportRequest,
  Money,
  SendSmsInput,
  SendSmsResult,
  SmsCallOptions,
  SmsFailure,
  SmsSender,
  SmsStatusReport,
} from './types.js';
export {
  checkDeliveryReportBatch,
  checkSendSmsResult,
  checkSmsStatusReport,
  loadSmsSchemas,
  parseProviderMessageId,
  parseSendSmsInput,
} from './validate.js';
export { ACS_SMS_MAPPING } from './vendors/acs.js';
export { ISRAEL019_SMS_MAPPING } from './vendors/israel019.js';
export {
  mapVendorDeliveryError,
  mapVendorError,
  mapVendorStatus,
  type SmsVendorCode,
  type SmsVendorMapping,
} from './vendors/mapping.js';
export { TWILIO_SMS_MAPPING } from './vendors/twilio.js';
