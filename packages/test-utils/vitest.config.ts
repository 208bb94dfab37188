import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'packaging',
    include: ['test/**/*.test.ts'],
    // Packing, linting and starting child processes on two Node versions
    // takes seconds, not milliseconds.
    testTimeout: 300000,
    hookTimeout: 300000,
  },
});
