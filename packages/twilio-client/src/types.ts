import type { components, operations } from './generated/types.js';

/** A Message resource (https://www.twilio.com/docs/messaging/api/message-resource). */
export type TwilioMessage = components['schemas']['api.v2010.account.message'];

/** The parameters of CreateMessage (form fields: To, From, Body, MediaUrl, …). */
export type CreateMessageParams = NonNullable<
  operations['CreateMessage']['requestBody']
>['content']['application/x-www-form-urlencoded'];

/** One page of ListMessage: `messages` plus `next_page_uri` and the other paging fields. */
export type MessagePage =
  operations['ListMessage']['responses'][200]['content']['application/json'];

/** Twilio's error body: `code` (e.g. 20404, 21211), `message`, `more_info`, `status`. */
export type TwilioErrorBody = components['schemas']['twilio.error'];
