import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'twilio-client',
    include: ['test/**/*.test.ts'],
  },
});
