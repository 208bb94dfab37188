import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePack } from '../src/generate/pack.js';
import { fixtureRoot, tempDir } from './helpers.js';

/** The petstore fixture in a temp root, its webhook under `scheme`. */
async function petstoreWithScheme(scheme: string): Promise<string> {
  const root = await tempDir('webhooks');
  await cp(path.join(fixtureRoot, 'specs/petstore'), path.join(root, 'specs/petstore'), {
    recursive: true,
  });
  const packFile = path.join(root, 'specs/petstore/pack.yaml');
  const yaml = await readFile(packFile, 'utf8');
  await writeFile(packFile, yaml.replace('scheme: standard-webhooks', `scheme: ${scheme}`));
  return root;
}

async function generated(scheme: string): Promise<Map<string, string>> {
  const pack = await generatePack(await petstoreWithScheme(scheme), 'petstore');
  return new Map(pack.files.map((file) => [path.basename(file.path), file.content]));
}

describe('webhook verifiers', () => {
  it('for a secret-only scheme, check options when made and load the scheme code on first use', async () => {
    const files = await generated('github');
    const webhooks = files.get('webhooks.ts')!;
    // Only types come from @org/core/webhooks at import time.
    expect(webhooks).not.toMatch(/^import \{[^}]*\} from '@org\/core\/webhooks';$/m);
    expect(webhooks).toMatch(/^import type \{[^}]*\} from '@org\/core\/webhooks';$/m);
    expect(webhooks).toContain(
      'checkWebhookVerifierOptions("createPetstorePetEventsVerifier", "webhookSecret", secret, rest);',
    );
    expect(webhooks).toContain(
      'deferWebhookVerifier("github", () =>\n    import(\'./core-webhooks.js\')',
    );
    expect(files.get('core-webhooks.ts')).toContain(
      "export { createWebhookVerifier } from '@org/core/webhooks';",
    );
  });

  it.each(['standard-webhooks', 'jwt'])(
    'for %s (keys decoded when the verifier is made), keep the static import',
    async (scheme) => {
      const files = await generated(scheme);
      expect(files.get('webhooks.ts')).toMatch(
        /^import \{[^}]*\bcreateWebhookVerifier,[^}]*\} from '@org\/core\/webhooks';$/m,
      );
      expect(files.has('core-webhooks.ts')).toBe(false);
    },
  );
});
