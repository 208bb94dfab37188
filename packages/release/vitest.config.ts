import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'release',
    include: ['test/**/*.test.ts'],
    // The installed-package test starts a registry, publishes, installs and
    // type-checks: seconds, bounded by its own per-step timeouts.
    testTimeout: 30000,
    hookTimeout: 120000,
  },
});
