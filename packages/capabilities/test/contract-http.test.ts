import { describe, it } from 'vitest';
import { describeSmsSenderContract } from '../src/testing/index.js';
import { refSmsSender } from './support/refsms-sender.js';
import {
  REFSMS_API_KEY,
  REFSMS_WEBHOOK_SECRET,
  startRefSmsVendor,
} from './support/refsms-vendor.js';

// A vendor adapter's whole contract test: a reference adapter on core's
// transport against its simulator on a real 127.0.0.1 server.
describeSmsSenderContract(
  'refsms over HTTP',
  async () => {
    const vendor = await startRefSmsVendor();
    const sender = refSmsSender({
      baseUrl: vendor.server.url,
      apiKey: REFSMS_API_KEY,
      webhookSecret: REFSMS_WEBHOOK_SECRET,
    });
    const validInput = {
      to: '+447700900123',
      senderId: 'RefShop',
      body: 'Your parcel ships today',
    };
    return { sender, simulator: vendor.controls, validInput, close: vendor.close };
  },
  { describe, it },
);
