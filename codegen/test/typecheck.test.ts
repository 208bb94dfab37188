import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fixtureRoot, repoRoot, runCli, tempDir } from './helpers.js';

const fromCodegen = createRequire(path.join(repoRoot, 'codegen/package.json'));

/**
 * Every fixture pack's generated sources (types, metadata table, manifest,
 * client factory, webhook verifiers) compile against the real @org/core
 * declarations under the repository's strict settings: bearer, API-key, Basic
 * and no auth, HMAC-SHA256 signing, server templates, form bodies and webhooks.
 */
/** Links the packages generated code imports into a scratch root. */
async function linkDependencies(root: string): Promise<void> {
  await mkdir(path.join(root, 'node_modules/@org'), { recursive: true });
  await mkdir(path.join(root, 'node_modules/@types'), { recursive: true });
  await symlink(path.join(repoRoot, 'packages/core'), path.join(root, 'node_modules/@org/core'));
  await symlink(
    path.dirname(fromCodegen.resolve('openapi-fetch/package.json')),
    path.join(root, 'node_modules/openapi-fetch'),
  );
  await symlink(
    path.join(repoRoot, 'node_modules/@types/node'),
    path.join(root, 'node_modules/@types/node'),
  );
  await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
}

/** Diagnostics of a strict NodeNext program over `files`, as `file: message`. */
function typeCheck(root: string, files: string[]): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('generated packages type-check', () => {
  it('for every fixture pack', async () => {
    const out = await tempDir('typecheck');
    expect((await runCli(['--quiet', '--root', fixtureRoot, '--out', out])).code).toBe(0);
    await linkDependencies(out);
    const files: string[] = [];
    for (const pkg of await readdir(path.join(out, 'packages'))) {
      const dir = path.join(out, 'packages', pkg, 'src/generated');
      for (const name of await readdir(dir)) files.push(path.join(dir, name));
    }
    expect(files.length).toBe(5 * 4 + 1);
    expect(typeCheck(out, files)).toEqual([]);
  }, 120_000);

  it('for a package scaffolded by `codegen new`, hand-written index included', async () => {
    const root = await tempDir('typecheck-new');
    const spec = path.join(fixtureRoot, 'specs/forms31/openapi.yaml');
    expect((await runCli(['new', 'acme', '--spec', spec, '--root', root, '--quiet'])).code).toBe(0);
    await linkDependencies(root);
    expect(typeCheck(root, [path.join(root, 'packages/acme-client/src/index.ts')])).toEqual([]);
  }, 120_000);
});
