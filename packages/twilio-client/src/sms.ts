// @org/twilio-client/sms: the SmsSender of @org/capabilities over this
// client. A subpath of its own so that @org/capabilities (and zod, loaded on
// its first validating call) stay off the root import path.
export { createTwilioSmsSender, type TwilioSmsSenderOptions } from './sms/create-sender.js';
