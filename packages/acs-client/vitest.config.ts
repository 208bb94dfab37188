import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'acs-client',
    include: ['test/**/*.test.ts'],
  },
});
