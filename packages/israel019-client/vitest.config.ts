import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'israel019-client',
    include: ['test/**/*.test.ts'],
  },
});
