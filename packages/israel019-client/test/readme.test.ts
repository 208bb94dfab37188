import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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
  it('sends the sms command and checks the body-level status', async () => {
    const example = await readmeExample();
    expect(example).toContain("client.POST('/api', {");
    expect(example).toContain("checkCommandStatus('sms', data);");
    expect(example).toContain("toIsraeliLocalNumber('+972501234567')");
  });

  it('type-checks against the package source', async () => {
    expect(typeCheck(await readmeExample())).toEqual([]);
  }, 60_000);

  it('would fail on a wrong field type (the check is real)', async () => {
    const broken = (await readmeExample()).replace("source: 'MyShop'", 'source: 42');
    expect(typeCheck(broken).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});

/** Type-checks `source` as an ES module inside the package, `@org/israel019-client` mapped to src. */
function typeCheck(source: string): string[] {
  // Inside the package, so `@org/core` resolves as it does for the package itself.
  const file = path.join(packageDir, 'test', '__readme_example__.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(packageDir, '../../node_modules/@types')],
    paths: { '@org/israel019-client': [path.join(packageDir, 'src/index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const readFromDisk = host.readFile.bind(host);
  const existsOnDisk = host.fileExists.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? source : readFromDisk(name));
  host.fileExists = (name) => path.resolve(name) === file || existsOnDisk(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
