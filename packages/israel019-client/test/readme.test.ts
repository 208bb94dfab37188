import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet, typescriptBlocks } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The ```ts blocks of the README, as users copy them. */
async function readmeBlocks(): Promise<string[]> {
  return typescriptBlocks(await readFile(path.join(packageDir, 'README.md'), 'utf8'));
}

/** Type-checks `source` inside the package, both entries mapped to their sources. */
function typeCheck(source: string): string[] {
  return typeCheckSnippet(source, {
    packageDir,
    paths: {
      '@org/israel019-client': [path.join(packageDir, 'src/index.ts')],
      '@org/israel019-client/sms': [path.join(packageDir, 'src/sms.ts')],
    },
  });
}

describe('README examples', () => {
  it('send the sms command with its status checked, and through the SmsSender', async () => {
    const [example, adapter] = await readmeBlocks();
    expect(example).toContain("client.POST('/api', {");
    expect(example).toContain("checkCommandStatus('sms', data);");
    expect(example).toContain("toIsraeliLocalNumber('+972501234567')");
    expect(adapter).toContain("from '@org/israel019-client/sms'");
    expect(adapter).toContain('sms.getStatus?.(sent.providerMessageId)');
  });

  it('type-check against the package source', async () => {
    const blocks = await readmeBlocks();
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(typeCheck(block)).toEqual([]);
  }, 60_000);

  it('would fail on a wrong field type (the check is real)', async () => {
    const [example, adapter] = await readmeBlocks();
    expect(typeCheck(example!.replace("source: 'MyShop'", 'source: 42')).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
    expect(typeCheck(adapter!.replace("senderId: 'MyShop'", 'senderId: 42')).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});
