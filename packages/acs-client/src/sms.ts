// @org/acs-client/sms: the SmsSender adapter. It pulls in @org/capabilities
// (and zod on its first validating call), so it is not on the root import path.
export { type AcsSmsSenderOptions, createAcsSmsSender } from './sms/create-sender.js';
export { toStatusReport } from './sms/reports.js';
