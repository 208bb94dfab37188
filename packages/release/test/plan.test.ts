import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingEntryPoints } from '../src/gate/built.js';
import { holdDependents, type PlanEntry, type Status } from '../src/gate/plan.js';
import { createSandbox } from '../src/steps/sandbox.js';
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

  it('lets a dependent through a dry run after what it needs would be published', () => {
    const core = entry('@org/core', 'dry-run');
    const client = entry('@org/twilio-client', 'publish', ['@org/core']);
    holdDependents([core, client], new Set());
    expect(client.status).toBe('publish');
  });

  it('holds a dependent of a package whose publish failed', () => {
    const core = entry('@org/core', 'failed');
    const client = entry('@org/twilio-client', 'publish', ['@org/core']);
    holdDependents([core, client], new Set());
    expect(client.reasons).toEqual(['needs @org/core@1.0.0, which failed to publish']);
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

describe('missingEntryPoints and createSandbox', () => {
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

  it('copies the workspace for a dry run, linking node_modules so packages resolve inside the copy', () => {
    dir = mkdtempSync(join(tmpdir(), 'release-sandbox-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('pnpm-workspace.yaml', 'packages:\n  - packages/*\nverifyDepsBeforeRun: install\n');
    write('node_modules/.pnpm/dep@1.0.0/node_modules/dep/index.js', 'dep');
    write('packages/core/package.json', '{"version":"1.0.0"}');
    write('packages/client/package.json', '{"version":"1.0.0"}');
    mkdirSync(join(dir, 'packages/client/node_modules/@org'), { recursive: true });
    symlinkSync(
      '../../../node_modules/.pnpm/dep@1.0.0/node_modules/dep',
      join(dir, 'packages/client/node_modules/dep'),
    );
    symlinkSync('../../../core', join(dir, 'packages/client/node_modules/@org/core'));
    write('.git/HEAD', 'ref');
    write('.reports/conformance/x.json', '{}');
    const sandbox = createSandbox(dir);
    try {
      const copy = (path: string) => join(sandbox.root, path);
      expect(readFileSync(copy('pnpm-workspace.yaml'), 'utf8')).toBe(
        'packages:\n  - packages/*\nverifyDepsBeforeRun: false\n',
      );
      expect(realpathSync(copy('node_modules'))).toBe(realpathSync(join(dir, 'node_modules')));
      expect(readFileSync(copy('packages/client/node_modules/dep/index.js'), 'utf8')).toBe('dep');
      // The workspace link points at the copy's core, so a version bump there is what the client sees.
      expect(realpathSync(copy('packages/client/node_modules/@org/core'))).toBe(
        realpathSync(copy('packages/core')),
      );
      expect(existsSync(copy('.git'))).toBe(false);
      expect(existsSync(copy('.reports'))).toBe(false);
      writeFileSync(copy('packages/core/package.json'), '{"version":"2.0.0"}');
      expect(readFileSync(join(dir, 'packages/core/package.json'), 'utf8')).toBe(
        '{"version":"1.0.0"}',
      );
    } finally {
      sandbox.remove();
    }
    expect(existsSync(sandbox.root)).toBe(false);
  });
});
