import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    // Packing every published package and bundling an app take seconds.
    testTimeout: 300000,
    hookTimeout: 300000,
  },
});
