import type { components } from './generated/types.js';

/** The body of Sms_Send: `from`, 1 to 100 `smsRecipients`, `message`, `smsSendOptions`. */
export type AcsSendMessageRequest = components['schemas']['SendMessageRequest'];

/** One recipient: `to` (E.164) and the repeatability pair that makes a re-send safe. */
export type AcsSmsRecipient = components['schemas']['SmsRecipient'];

/** One recipient's outcome inside the 202: `successful`, `httpStatusCode`, `messageId`, `errorMessage`. */
export type AcsRecipientResult = components['schemas']['SmsSendResponseItem'];

/** The error body of a failed request as a whole: `{ error: { code, message, target?, details? } }`. */
export type AcsErrorBody = components['schemas']['CommunicationErrorResponse'];
