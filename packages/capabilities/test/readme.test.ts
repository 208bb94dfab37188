import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The README's ```ts blocks, in order, as users copy them. */
async function readmeBlocks(): Promise<string[]> {
  const readme = await readFile(path.join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

// The contract example calls the pack's own simulator and adapter factory;
// declare them with the shapes a pack provides.
const CONTRACT_PRELUDE = `
import type { SmsSender } from '@org/capabilities';
import type { SmsSimulatorControls } from '@org/capabilities/testing';
declare function startTwilioSimulator(): Promise<{ accountSid: string; authToken: string; url: string; controls: SmsSimulatorControls; close(): Promise<void> }>;
declare function twilioSmsSender(options: { accountSid: string; authToken: string; baseUrl: string }): SmsSender;
`;

describe('README examples', () => {
  it('has the example, the interface, the adapter import and the contract test', async () => {
    const blocks = await readmeBlocks();
    expect(blocks).toHaveLength(4);
    expect(blocks[0]!.trim().split('\n').length).toBeLessThanOrEqual(16);
  });

  it('type-checks the example against the package source', async () => {
    const [example] = await readmeBlocks();
    expect(typeCheck(example!)).toEqual([]);
  }, 60_000);

  it('type-checks the adapter import and the contract test', async () => {
    const blocks = await readmeBlocks();
    expect(typeCheck(`${blocks[2]}\nexport {};`)).toEqual([]);
    expect(typeCheck(CONTRACT_PRELUDE + blocks[3])).toEqual([]);
  }, 60_000);

  it('would fail on a wrong field (the check is real)', async () => {
    const [example] = await readmeBlocks();
    const broken = example!.replace("senderId: 'MyShop'", 'senderId: 42');
    expect(broken).not.toBe(example);
    expect(typeCheck(broken).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});

/** Type-checks `source` as an ES module inside the package, the entries mapped to src. */
function typeCheck(source: string): string[] {
  return typeCheckSnippet(source, {
    packageDir,
    paths: {
      '@org/capabilities': [path.join(packageDir, 'src/index.ts')],
      '@org/capabilities/sms': [path.join(packageDir, 'src/sms/index.ts')],
      '@org/capabilities/testing': [path.join(packageDir, 'src/testing/index.ts')],
    },
  });
}
