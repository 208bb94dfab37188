import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'codegen',
    include: ['test/**/*.test.ts'],
    // Generating the Twilio pack runs openapi-typescript over a 0.9 MB spec.
    testTimeout: 60_000,
  },
});
