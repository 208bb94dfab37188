import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet, typescriptBlocks } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The first ```ts block of the README, as users copy it. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(packageDir, 'README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```ts example');
  return match[1]!;
}

describe('README example', () => {
  it('sends an SMS and lists messages', async () => {
    const example = await readmeExample();
    expect(example).toContain('twilio.POST(Messages, {');
    expect(example).toContain('paginate(twilio.GET, Messages');
  });

  it('type-checks against the package source', async () => {
    expect(typeCheck(await readmeExample())).toEqual([]);
  }, 60_000);

  it('would fail on a wrong field type (the check is real)', async () => {
    const broken = (await readmeExample()).replace("Body: 'Hello from Twilio'", 'Body: 42');
    expect(typeCheck(broken).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});

describe('README SmsSender section', () => {
  /** The second ```ts block: the adapter, imported from the ./sms subpath. */
  async function adapterExample(): Promise<string> {
    const readme = await readFile(path.join(packageDir, 'README.md'), 'utf8');
    const block = typescriptBlocks(readme)[1];
    if (!block) throw new Error('README.md has no SmsSender example');
    return block;
  }
  const check = (source: string) =>
    typeCheckSnippet(source, {
      packageDir,
      paths: {
        '@org/twilio-client': [path.join(packageDir, 'src/index.ts')],
        '@org/twilio-client/sms': [path.join(packageDir, 'src/sms.ts')],
      },
    });

  it('type-checks against the package source, and would fail on a wrong type', async () => {
    const example = await adapterExample();
    expect(example).toContain("from '@org/twilio-client/sms'");
    expect(check(example)).toEqual([]);
    expect(check(example.replace("body: 'Your code is 123456'", 'body: 42')).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});

/** Type-checks `source` as an ES module inside the package, `@org/twilio-client` mapped to src. */
function typeCheck(source: string): string[] {
  return typeCheckSnippet(source, {
    packageDir,
    paths: { '@org/twilio-client': [path.join(packageDir, 'src/index.ts')] },
  });
}
