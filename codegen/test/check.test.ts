import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listPacks } from '../src/cli.js';
import { repoRoot, runCli, STACK_LINE, tempDir } from './helpers.js';

const run = promisify(execFile);

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), await readFile(full));
  }
  return files;
}

describe('codegen --check', () => {
  it('finds every committed pack up to date', async () => {
    const result = await runCli(['--check', '--quiet', '--root', repoRoot]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`codegen: ${(await listPacks(repoRoot)).length} pack(s) up to date`);
  });

  it('exits 1 and lists stale, missing and orphaned files', async () => {
    const out = await tempDir('stale');
    expect((await runCli(['twilio', '--quiet', '--root', repoRoot, '--out', out])).code).toBe(0);
    const generated = path.join(out, 'packages/twilio-client/src/generated');
    await writeFile(path.join(generated, 'client.ts'), '// edited by hand\n');
    await writeFile(path.join(generated, 'extra.ts'), 'export {};\n');
    const result = await runCli(['--check', 'twilio', '--quiet', '--root', repoRoot, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'codegen: 2 generated file(s) are stale; run `pnpm codegen`:',
        '  packages/twilio-client/src/generated/client.ts (changed)',
        '  packages/twilio-client/src/generated/extra.ts (orphaned)',
      ].join('\n'),
    );
  });

  it('runs as `pnpm codegen --check` through the bin on Node 24', async () => {
    const { stdout, stderr } = await run(process.execPath, [
      path.join(repoRoot, 'codegen/bin/codegen.mjs'),
      '--check',
    ]);
    expect(stdout).toMatch(/pack\(s\) up to date/);
    expect(stderr).toMatch(/codegen: twilio: types generated/);
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe('determinism', () => {
  it('generates byte-identical files on every run', async () => {
    const [a, b] = [await tempDir('det-a'), await tempDir('det-b')];
    for (const out of [a, b]) {
      expect((await runCli(['--quiet', '--root', repoRoot, '--out', out])).code).toBe(0);
    }
    const [first, second] = [await readTree(a), await readTree(b)];
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort());
    expect(first.size).toBeGreaterThanOrEqual(6);
    for (const [file, bytes] of first) expect(bytes.equals(second.get(file)!), file).toBe(true);
    // A rerun into a tree that is already current changes nothing.
    const rerun = await runCli(['--quiet', '--root', repoRoot, '--out', a]);
    expect(rerun.stdout).toMatch(/, 0 file\(s\) changed$/);
  });
});
