import { describeSmsSenderContract } from '@org/capabilities/testing';
import { describe, it } from 'vitest';
import { createIsrael019SmsSender } from '../src/sms.js';
import { startIsrael019Simulator, TOKEN, USERNAME } from './support/israel019-simulator.js';

// The whole SmsSender contract against a 019 simulator on 127.0.0.1. Retries
// are off so that a staged 429 reaches the adapter as the caller would see it
// once core's retries are spent.
describeSmsSenderContract(
  'israel019',
  async () => {
    const simulator = await startIsrael019Simulator();
    const sender = createIsrael019SmsSender({
      username: USERNAME,
      clientOptions: { baseUrl: simulator.server.url, token: TOKEN, retry: false },
    });
    const validInput = { to: '+972501234567', senderId: 'MyShop', body: 'Your code is 123456' };
    return { sender, simulator: simulator.controls, validInput, close: simulator.close };
  },
  { describe, it },
);
