import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/cli.js';
import { createFixtureWorkspace, type FixtureWorkspace } from './helpers/workspace.js';

let ws: FixtureWorkspace;
afterEach(() => ws?.remove());

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A released pack whose spec lost an operation since, with a major changeset for it. */
function breakingRelease(): FixtureWorkspace {
  const fixture = createFixtureWorkspace();
  fixture.tag(`${fixture.packName}@1.0.0`);
  fixture.editSpec((spec) => {
    delete spec.paths['/messages/{Sid}'].delete;
  });
  fixture.addChangeset('drop-delete.md', { [fixture.packName]: 'major' });
  fixture.commit('drop DELETE /messages/{Sid}');
  return fixture;
}

describe('release version', () => {
  it('passes the spec gate, then runs changeset version', async () => {
    ws = breakingRelease();
    const run = await cli(['version', '--skip-codegen', '--root', ws.root]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `${ws.packName}: 1 spec change(s) since ${ws.packName}@1.0.0 (1 major) need major; the release is major: ok`,
    );
    expect(JSON.parse(ws.read('packages/messages-client/package.json')).version).toBe('2.0.0');
    expect(ws.read('packages/messages-client/CHANGELOG.md')).toContain('## 2.0.0');
    expect(existsSync(join(ws.root, '.changeset/drop-delete.md'))).toBe(false);
  });

  it('with --dry-run, versions a copy and never writes the working tree', async () => {
    ws = breakingRelease();
    const run = await cli(['version', '--dry-run', '--skip-codegen', '--root', ws.root]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^release: dry run in a copy of the workspace \(.+release-dry-run-/m,
    );
    // changeset version did run, in the copy.
    expect(run.stdout).toContain(`release: ${ws.packName} 1.0.0 -> 2.0.0`);
    expect(ws.git('status', '--porcelain', '--ignored')).toBe('!! node_modules\n');
    const copy = /copy of the workspace \((.+)\)/.exec(run.stdout)![1]!;
    expect(existsSync(copy)).toBe(false);
  });

  it('`release` stops before changing anything when there is no conformance script to run', async () => {
    ws = breakingRelease();
    const run = await cli(['--root', ws.root]);
    expect(run).toMatchObject({
      code: 1,
      stderr:
        'release: the root package.json has no "conformance" script, so no pack can be certified; add it (pnpm conformance runs @org/conformance), or pass --skip-conformance with reports from an earlier run',
    });
    expect(ws.git('status', '--porcelain')).toBe('');
  });
});
