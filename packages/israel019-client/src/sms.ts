// @org/israel019-client/sms: the SmsSender of @org/capabilities over this
// client. A subpath of its own so that @org/capabilities (and zod, loaded on
// its first validating call) stay off the root import path.
export { createIsrael019SmsSender, type Israel019SmsSenderOptions } from './sms/create-sender.js';
