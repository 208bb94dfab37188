import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { staticImportGraph } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

// What each built entry loads at import time (static `import`/`export … from`
// edges of the ESM output): @org/capabilities, and zod behind it, must stay
// off the root entry, and so must the webhook schemes, which the status
// callback verifier loads on its first use. Expects a build (`pnpm test`
// builds first).

const dist = join(import.meta.dirname, '..', 'dist');
const requireFromDist = createRequire(join(dist, 'index.cjs'));
function packagesLoadedBy(entry: string): string[] {
  return staticImportGraph(join(dist, entry)).packages;
}

describe('import-time dependencies of the built entries', () => {
  it('finds a build', () => {
    expect(existsSync(join(dist, 'sms.js')), 'run `pnpm --filter @org/twilio-client build`').toBe(
      true,
    );
  });

  it('keeps @org/capabilities and zod off the root entry', () => {
    const root = packagesLoadedBy('index.js');
    expect(root.filter((name) => /^(@org\/capabilities|zod)(\/|$)/.test(name))).toEqual([]);
  });

  it('loads core through its root only (one runtime module), paginate included', () => {
    expect(packagesLoadedBy('index.js')).toEqual(['@org/core']);
  });

  it('reaches @org/core/webhooks only through a dynamic import (the verifier, on first use)', () => {
    const { files } = staticImportGraph(join(dist, 'index.js'));
    const dynamic = files.flatMap((file) => [
      ...readFileSync(file, 'utf8').matchAll(/import\(["'](\.\/core-webhooks-[\w-]+\.js)["']\)/g),
    ]);
    expect(dynamic).toHaveLength(1);
    expect(packagesLoadedBy(dynamic[0]![1]!)).toEqual(['@org/core/webhooks']);
  });

  it('loads one module of the pack on the root import; sms takes the client from it', () => {
    // tsup.base.ts sharedEntry: no code-split chunk between the root and ./sms.
    const packFiles = (entry: string) =>
      staticImportGraph(join(dist, entry))
        .files.map((file) => relative(dist, file))
        .sort();
    expect(packFiles('index.js')).toEqual(['index.js']);
    expect(packFiles('sms.js')).toEqual(['index.js', 'sms.js']);
  });

  it('loads @org/capabilities/sms from the sms entry only', () => {
    expect(packagesLoadedBy('sms.js')).toContain('@org/capabilities/sms');
    expect(packagesLoadedBy('sms.js')).not.toContain('zod');
  });
});

describe('the deferred webhook import in each format', () => {
  // The verifier imports the package's own core-webhooks chunk; require()
  // gets the same ES modules (require(esm)), so a CommonJS program sees the
  // one WebhookVerificationError class that @org/core/webhooks exports.
  it.each([
    ['CJS', () => requireFromDist('./index.cjs'), () => requireFromDist('@org/core/webhooks')],
    ['ESM', () => import('../dist/index.js'), () => import('@org/core/webhooks')],
  ])(
    '%s rejects with the WebhookVerificationError class of the same format',
    async (_, pack, core) => {
      const { createTwilioStatusCallbackVerifier } =
        (await pack()) as typeof import('../src/index.js');
      const { WebhookVerificationError } = (await core()) as typeof import('@org/core/webhooks');
      const verifier = createTwilioStatusCallbackVerifier({ authToken: 'token', replay: false });
      const rejection = await verifier
        .verify({ url: 'https://example.com/status', headers: {}, body: '' })
        .catch((error: unknown) => error);
      expect(rejection).toBeInstanceOf(WebhookVerificationError);
    },
  );
});
