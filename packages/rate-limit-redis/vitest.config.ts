import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'rate-limit-redis',
    include: ['test/**/*.test.ts'],
    // Real Redis servers and worker processes: starting them takes seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
