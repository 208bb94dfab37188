import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { staticImportGraph } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

// What each built entry loads at import time (static `import`/`export … from`
// edges of the ESM output): @org/capabilities, and zod behind it, must stay
// off the root entry. Expects a build (`pnpm test` builds first).

const dist = join(import.meta.dirname, '..', 'dist');
function packagesLoadedBy(entry: string): string[] {
  return staticImportGraph(join(dist, entry)).packages;
}

describe('import-time dependencies of the built entries', () => {
  it('finds a build', () => {
    expect(
      existsSync(join(dist, 'sms.js')),
      'run `pnpm --filter @org/israel019-client build`',
    ).toBe(true);
  });

  it('keeps @org/capabilities and zod off the root entry', () => {
    const root = packagesLoadedBy('index.js');
    expect(root.filter((name) => /^(@org\/capabilities|zod)(\/|$)/.test(name))).toEqual([]);
  });

  it('loads the client runtime through the root of core (one module), errors beside it', () => {
    expect(packagesLoadedBy('index.js')).toEqual(['@org/core', '@org/core/errors']);
  });

  it('loads @org/capabilities/sms from the sms entry only', () => {
    expect(packagesLoadedBy('sms.js')).toContain('@org/capabilities/sms');
    expect(packagesLoadedBy('sms.js')).not.toContain('zod');
  });
});
