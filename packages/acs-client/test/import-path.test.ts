import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What each built ESM entry loads at import time (static `import` and
// `export … from` edges only). The root must stay as light as the generated
// client: no @org/capabilities (and so no zod), no webhook machinery.
// Expects a build (`pnpm test` builds first).

const dist = join(import.meta.dirname, '..', 'dist');
const STATIC_EDGE = /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?["']([^"']+)["']/gm;

function staticPackages(entry: string): string[] {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_EDGE)) {
      if ((specifier as string).startsWith('.')) visit(join(dirname(file), specifier as string));
      else packages.add(specifier as string);
    }
  };
  visit(join(dist, entry));
  return [...packages].sort();
}

describe('import-time dependencies of the built entries', () => {
  it('finds a build', () => {
    expect(existsSync(join(dist, 'index.js')), 'run `pnpm --filter @org/acs-client build`').toBe(
      true,
    );
  });

  it.each([
    [
      'index.js',
      [
        '@org/core/auth',
        '@org/core/client',
        '@org/core/errors',
        '@org/core/rate-limit',
        '@org/core/serialization',
      ],
    ],
    ['event-grid.js', ['@org/core/errors', '@org/core/webhooks']],
  ])('%s loads only %j', (entry, expected) => {
    expect(staticPackages(entry)).toEqual(expected);
  });

  it('sms.js adds @org/capabilities/sms, never zod or the testing entry', () => {
    const packages = staticPackages('sms.js');
    expect(packages).toContain('@org/capabilities/sms');
    expect(packages.filter((name) => !name.startsWith('@org/core/'))).toEqual([
      '@org/capabilities/sms',
    ]);
  });
});
