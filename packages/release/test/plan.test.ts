import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingEntryPoints } from '../src/gate/built.js';
import { holdDependents, type PlanEntry, type Status } from '../src/gate/plan.js';
import { takeSnapshot } from '../src/steps/snapshot.js';
import { renderTable } from '../src/table.js';
import { dependencyOrder, type WorkspacePackage } from '../src/workspace/packages.js';

function entry(name: string, status: Status, needs: string[] = []): PlanEntry {
  return { name, version: '1.0.0', kind: 'library', needs, status, reasons: [], notes: [] };
}

describe('holdDependents', () => {
  it('holds down the chain: client <- capabilities <- core held', () => {
    const core = entry('@org/core', 'held', []);
    core.reasons.push('tests failed (exit 1)');
    const client = entry('@org/twilio-client', 'publish', ['@org/core']);
    const caps = entry('@org/capabilities', 'publish', ['@org/twilio-client']);
    const other = entry('@org/conformance', 'publish', []);
    holdDependents([core, client, caps, other], new Set());
    expect(client).toMatchObject({
      status: 'held',
      reasons: ['needs @org/core@1.0.0, which is held back'],
    });
    expect(caps).toMatchObject({
      status: 'held',
      reasons: ['needs @org/twilio-client@1.0.0, which is held back'],
    });
    expect(other.status).toBe('publish');
  });

  it('lets a package out when what it needs is already on the registry', () => {
    const core = entry('@org/core', 'already-published');
    const client = entry('@org/twilio-client', 'publish', ['@org/core']);
    holdDependents([core, client], new Set(['@org/core@1.0.0']));
    expect(client.status).toBe('publish');
  });

  it('holds a package whose dependency was left out of the release and was never published', () => {
    const core = entry('@org/core', 'not-selected');
    const client = entry('@org/twilio-client', 'publish', ['@org/core']);
    holdDependents([core, client], new Set());
    expect(client.reasons).toEqual([
      'needs @org/core@1.0.0, which is not on the registry and not in this release',
    ]);
  });
});

describe('dependencyOrder', () => {
  const pkg = (name: string, needs: string[] = []): WorkspacePackage => ({
    name,
    version: '1.0.0',
    dir: name,
    path: name,
    manifest: { name, version: '1.0.0' },
    needs,
  });

  it('puts a package after what it needs, ties by name', () => {
    const order = dependencyOrder([
      pkg('@org/twilio-client', ['@org/core']),
      pkg('@org/conformance', ['@org/core']),
      pkg('@org/core'),
      pkg('@org/capabilities', ['@org/core', '@org/twilio-client']),
    ]).map((p) => p.name);
    expect(order).toEqual([
      '@org/core',
      '@org/conformance',
      '@org/twilio-client',
      '@org/capabilities',
    ]);
  });

  it('names the packages of a cycle', () => {
    expect(() => dependencyOrder([pkg('a', ['b']), pkg('b', ['a'])])).toThrow(
      'workspace packages depend on each other in a cycle: a, b',
    );
  });
});

describe('renderTable', () => {
  it('prints one aligned row per package with every reason', () => {
    const held = { ...entry('@org/twilio-client', 'held'), kind: 'pack' as const };
    held.reasons.push(
      'stale report: it certifies version 0.1.0, the package is 0.2.0',
      'needs @org/core@1.0.0, which is held back',
    );
    const out = entry('@org/core', 'published');
    out.notes.push('tests not run here (--skip-tests)');
    expect(renderTable([out, held])).toEqual([
      'package             version  kind     result     reason',
      '------------------  -------  -------  ---------  ------',
      '@org/core           1.0.0    library  published  tests not run here (--skip-tests)',
      '@org/twilio-client  1.0.0    pack     held back  stale report: it certifies version 0.1.0, the package is 0.2.0; needs @org/core@1.0.0, which is held back',
    ]);
  });
});

describe('missingEntryPoints and takeSnapshot', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists manifest targets that are not on disk', () => {
    dir = mkdtempSync(join(tmpdir(), 'release-built-'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/index.js'), '');
    const missing = missingEntryPoints(dir, {
      name: 'x',
      version: '1.0.0',
      main: './dist/index.cjs',
      exports: {
        '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } },
        './package.json': './package.json',
      },
    });
    expect(missing).toEqual(['./dist/index.cjs', './dist/index.d.ts', './package.json']);
  });

  it('puts files back, removes files that appeared, restores deleted ones', () => {
    dir = mkdtempSync(join(tmpdir(), 'release-snapshot-'));
    mkdirSync(join(dir, '.changeset'));
    mkdirSync(join(dir, 'pkg/src/generated'), { recursive: true });
    writeFileSync(join(dir, '.changeset/a.md'), 'changeset');
    writeFileSync(join(dir, 'pkg/package.json'), '{"version":"1.0.0"}');
    writeFileSync(join(dir, 'pkg/src/generated/client.ts'), 'v1');
    const snapshot = takeSnapshot(dir, [
      '.changeset',
      'pkg/package.json',
      'pkg/CHANGELOG.md',
      'pkg/src/generated',
    ]);
    rmSync(join(dir, '.changeset/a.md'));
    writeFileSync(join(dir, 'pkg/package.json'), '{"version":"2.0.0"}');
    writeFileSync(join(dir, 'pkg/CHANGELOG.md'), '# 2.0.0');
    writeFileSync(join(dir, 'pkg/src/generated/client.ts'), 'v2');
    writeFileSync(join(dir, 'pkg/src/generated/extra.ts'), 'new');
    snapshot.restore();
    const read = (path: string) => readFileSync(join(dir, path), 'utf8');
    expect(read('.changeset/a.md')).toBe('changeset');
    expect(read('pkg/package.json')).toBe('{"version":"1.0.0"}');
    expect(read('pkg/src/generated/client.ts')).toBe('v1');
    expect(() => read('pkg/CHANGELOG.md')).toThrow(/ENOENT/);
    expect(() => read('pkg/src/generated/extra.ts')).toThrow(/ENOENT/);
  });
});
