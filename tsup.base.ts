import { defineConfig, type Options } from 'tsup';

/**
 * The one build config every publishable package re-exports (STYLE 13):
 * dual ESM + CJS with .d.ts/.d.cts per entry, Node 20 as the floor users run.
 */
export function libraryConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    target: 'node20',
    platform: 'neutral',
    outDir: 'dist',
    ...overrides,
  });
}
