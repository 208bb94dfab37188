import { describeSmsSenderContract } from '@org/capabilities/testing';
import { describe, it } from 'vitest';
import { createTwilioSmsSender } from '../src/sms.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioSimulator } from './support/twilio-simulator.js';

// The whole SmsSender contract against a Twilio simulator on 127.0.0.1.
// Retries are off so that a staged 429 or 503 reaches the adapter as the
// caller would see it once core's retries are spent.
describeSmsSenderContract(
  'twilio',
  async () => {
    const simulator = await startTwilioSimulator();
    const sender = createTwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      clientOptions: {
        baseUrl: simulator.server.url,
        credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        retry: false,
      },
    });
    const validInput = { to: '+14155550100', from: '+14155550199', body: 'Your code is 123456' };
    return { sender, simulator: simulator.controls, validInput, close: simulator.close };
  },
  { describe, it },
);
