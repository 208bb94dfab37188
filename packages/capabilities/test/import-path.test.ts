import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { staticImportGraph } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

// What each entry loads at import time, read from the built ESM files:
// static `import`/`export ... from` edges only. zod must sit behind the
// dynamic import in validate.ts, and no entry may load a test framework.
// Expects a build (`pnpm test` builds first).

const dist = join(import.meta.dirname, '..', 'dist');
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  return staticImportGraph(join(dist, entry));
}

describe('import-time dependencies of the built entries', () => {
  it('finds a build', () => {
    expect(
      existsSync(join(dist, 'index.js')),
      'run `pnpm --filter @org/capabilities build` first',
    ).toBe(true);
  });

  it.each([
    ['index.js', ['@org/core/errors']],
    ['sms.js', ['@org/core/errors']],
    ['testing.js', ['@org/core/errors', '@org/core/webhooks']],
  ])('%s loads only %j', (entry, expected) => {
    const { packages, files } = staticGraph(entry);
    expect(packages).toEqual(expected);
    // The zod schemas are a separate chunk, reached only by a dynamic import.
    expect(files.some((file) => /schemas-[\w-]+\.js$/.test(file))).toBe(false);
  });

  it('keeps the schemas chunk behind a dynamic import', () => {
    const { files } = staticGraph('sms.js');
    const dynamic = files.flatMap((file) => [
      ...readFileSync(file, 'utf8').matchAll(/import\(["'](\.\/schemas-[\w-]+\.js)["']\)/g),
    ]);
    expect(dynamic).toHaveLength(1);
    const schemas = readFileSync(join(dist, dynamic[0]![1]!), 'utf8');
    expect(schemas).toMatch(/from ["']zod["']/);
  });
});
