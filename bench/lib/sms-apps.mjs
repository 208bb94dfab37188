// The "send one SMS" app each client's users write, for bundle sizes.

/** With @org/twilio-client: create the client, POST one message. */
export const ORG_TWILIO_SMS_APP = `import { createTwilioClient } from '@org/twilio-client';

const accountSid = process.env.TWILIO_ACCOUNT_SID ?? '';
const twilio = createTwilioClient({
  credentials: { accountSid, authToken: process.env.TWILIO_AUTH_TOKEN ?? '' },
});
const { data, error } = await twilio.POST('/2010-04-01/Accounts/{AccountSid}/Messages.json', {
  params: { path: { AccountSid: accountSid } },
  body: { To: '+15558675310', From: '+15017122661', Body: 'Hello from Twilio' },
});
console.log(error ?? data.sid);
`;

/** With the official twilio SDK: the README's quickstart. */
export const TWILIO_SDK_SMS_APP = `import twilio from 'twilio';

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const message = await client.messages.create({
  to: '+15558675310',
  from: '+15017122661',
  body: 'Hello from Twilio',
});
console.log(message.sid);
`;
