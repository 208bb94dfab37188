import { describe, it } from 'vitest';
import { createMemorySmsSender, describeSmsSenderContract } from '../src/testing/index.js';

// The in-memory sender passes the contract it ships with.
describeSmsSenderContract(
  'memory',
  () => {
    const { sender, controls } = createMemorySmsSender();
    return {
      sender,
      simulator: controls,
      validInput: { to: '+14155550100', from: '+14155550199', body: 'Your code is 123456' },
    };
  },
  { describe, it },
);
