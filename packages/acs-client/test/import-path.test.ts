import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { staticImportGraph } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

// What each built ESM entry loads at import time (static `import` and
// `export … from` edges only). The root must stay as light as the generated
// client: no @org/capabilities (and so no zod), no webhook machinery.
// Expects a build (`pnpm test` builds first).

const dist = join(import.meta.dirname, '..', 'dist');
function staticPackages(entry: string): string[] {
  return staticImportGraph(join(dist, entry)).packages;
}

describe('import-time dependencies of the built entries', () => {
  it('finds a build', () => {
    expect(existsSync(join(dist, 'index.js')), 'run `pnpm --filter @org/acs-client build`').toBe(
      true,
    );
  });

  it.each([
    // The generated client imports core's root (one runtime module) and the
    // HMAC signing policy from @org/core/auth.
    ['index.js', ['@org/core', '@org/core/auth']],
    ['event-grid.js', ['@org/core/errors', '@org/core/webhooks']],
  ])('%s loads only %j', (entry, expected) => {
    expect(staticPackages(entry)).toEqual(expected);
  });

  it('sms.js adds @org/capabilities/sms, never zod or the testing entry', () => {
    const packages = staticPackages('sms.js');
    expect(packages).toContain('@org/capabilities/sms');
    expect(packages.filter((name) => !/^@org\/core(\/|$)/.test(name))).toEqual([
      '@org/capabilities/sms',
    ]);
  });
});
