import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  // The examples import the package by name; tests run its sources, no build needed.
  resolve: {
    alias: { '@org/conformance': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'conformance',
    include: ['test/**/*.test.ts'],
    // The suite starts real servers, packs tarballs and waits for real
    // Retry-After seconds: whole-pack runs take seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
