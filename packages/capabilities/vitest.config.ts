import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'capabilities',
    include: ['test/**/*.test.ts'],
  },
});
