import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkManifest,
  findStarReexports,
  findWorkspaceNode,
  findWorkspaceRoot,
  inspectTarball,
  installTarballs,
  listPublishablePackages,
  packPackage,
  pinnedPackageManager,
  readManifest,
  readTarball,
  runAttw,
  runPublint,
  runSmoke,
  writeSmokeScripts,
} from '../src/packaging.js';
import { startTestServer, type TestServer } from '../src/server.js';
import { writeFixtureWorkspace } from './fixture-workspace.js';

// The packaging checks, run on a fixture workspace with one correct and one
// broken package, to show each check can fail and says why.

const workspaceRoot = findWorkspaceRoot(import.meta.dirname);
const node24 = findWorkspaceNode(workspaceRoot);
const FETCH_CALL = `
  const response = await fetch(url, { headers });
  return { via: 'fetch', status: response.status, body: await response.text() };
`;

let work: string;
let fixture: string;
let server: TestServer;
const tarballs: Record<string, string> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'packaging-checks-'));
  fixture = join(work, 'workspace');
  writeFixtureWorkspace(fixture, {
    packageManager: pinnedPackageManager(workspaceRoot),
    links: {
      jose: join(workspaceRoot, 'packages', 'core', 'node_modules', 'jose'),
      yaml: join(workspaceRoot, 'node_modules', 'yaml'),
    },
  });
  server = await startTestServer();
  await Promise.all(
    ['good', 'uses-good', 'broken'].map(async (name) => {
      tarballs[name] = await packPackage(join(fixture, 'packages', name), join(work, 'tarballs'));
    }),
  );
});

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('listPublishablePackages', () => {
  it('lists the non-private packages of a workspace, sorted by name', () => {
    expect(listPublishablePackages(fixture).map((pkg) => pkg.name)).toEqual([
      '@fx/broken',
      '@fx/good',
      '@fx/uses-good',
    ]);
  });

  it('leaves this private package out of the real workspace', () => {
    const names = listPublishablePackages(workspaceRoot).map((pkg) => pkg.name);
    expect(names).toContain('@org/core');
    expect(names).not.toContain('@org/test-utils');
  });
});

describe('packPackage', () => {
  it('rewrites catalog: and workspace:^ to the versions pnpm publish would write', () => {
    expect(inspectTarball(tarballs.good!).manifest.dependencies).toEqual({ jose: '6.2.17' });
    expect(inspectTarball(tarballs['uses-good']!).manifest.dependencies).toEqual({
      '@fx/good': '^1.2.3',
    });
  });

  it('refuses a package that is not built, and says to run pnpm build', async () => {
    rmSync(join(fixture, 'packages', 'good', 'dist', 'extra.cjs'));
    await expect(
      packPackage(join(fixture, 'packages', 'good'), join(work, 'unbuilt')),
    ).rejects.toThrow(/@fx\/good is not built: dist\/extra\.cjs missing\. Run `pnpm build`/);
    expect(existsSync(join(work, 'unbuilt', 'fx-good-1.2.3.tgz'))).toBe(false);
  });
});

describe('readTarball', () => {
  it('lists the same files as tar(1), with their contents', () => {
    const ours = readTarball(tarballs.good!)
      .map((entry) => entry.path)
      .sort();
    const theirs = execFileSync('tar', ['-tzf', tarballs.good!], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''))
      .sort();
    expect(ours).toEqual(theirs);
    const manifest = readTarball(tarballs.good!).find((entry) => entry.path === 'package.json')!;
    expect(JSON.parse(manifest.data.toString('utf8')).name).toBe('@fx/good');
  });
});

describe('checkManifest', () => {
  it('passes a correct package', () => {
    const { manifest, files } = inspectTarball(tarballs.good!);
    expect(checkManifest(manifest, files)).toEqual([]);
  });

  it('names every broken rule of a broken package', () => {
    const { manifest, files } = inspectTarball(tarballs.broken!);
    const found = checkManifest(manifest, files).map(({ rule, where }) => `${rule} @ ${where}`);
    expect(found.sort()).toEqual(
      [
        'side-effects @ sideEffects',
        'files @ files',
        'engines @ engines.node',
        'types-first @ exports["."].require',
        'default-last @ exports["."].require',
        // Under `import` no types at all; under `require`, "default" comes
        // first and wins, so TypeScript never reaches "types" either.
        'types-missing @ exports["."]',
        'types-missing @ exports["."]',
        'format-extension @ exports["."]',
        'exports-wildcard @ exports["./*"]',
        'exports-wildcard @ exports["./*"].',
        'missing-file @ module',
        'unwanted-file @ files',
      ].sort(),
    );
  });

  it('reports specifiers only a workspace understands', () => {
    const source = readManifest(join(fixture, 'packages', 'uses-good'));
    expect(checkManifest(source).map((problem) => problem.where)).toEqual([
      'dependencies.@fx/good@workspace:^',
    ]);
  });

  it('wants "import" and "require" conditions, not one flat "types"', () => {
    const flat = {
      ...inspectTarball(tarballs.good!).manifest,
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' },
      },
    };
    expect(checkManifest(flat).map((problem) => problem.rule)).toEqual(['types-format']);
  });
});

describe('findStarReexports', () => {
  it('finds `export * from` in src and nothing in a package without it', () => {
    expect(findStarReexports(join(fixture, 'packages', 'broken'))).toEqual([
      "src/index.ts:1: export * from './parsed.js';",
    ]);
    expect(findStarReexports(join(fixture, 'packages', 'good'))).toEqual([]);
  });
});

describe('runPublint and runAttw', () => {
  it('find nothing wrong with a correct package', async () => {
    expect((await runPublint(tarballs.good!)).problems).toEqual([]);
    expect((await runAttw(tarballs.good!)).problems).toEqual([]);
  });

  it('tolerate only node10 misses on subpaths, and say why', async () => {
    const { ignored } = await runAttw(tarballs.good!);
    expect(ignored.map((finding) => finding.message)).toEqual([
      'NoResolution at ./extra under node10',
    ]);
    expect(ignored[0]!.reason).toMatch(/node10/);
  });

  it('flag the broken package', async () => {
    const publint = (await runPublint(tarballs.broken!)).problems.map((problem) => problem.rule);
    expect(publint).toContain('EXPORTS_TYPES_SHOULD_BE_FIRST');
    const attw = (await runAttw(tarballs.broken!)).problems.map((problem) => problem.rule);
    expect(attw).toContain('CJSResolvesToESM');
  });
});

describe('installTarballs and runSmoke', () => {
  it('installs offline, links third-party dependencies, and runs ESM and CJS with one real call', async () => {
    const app = await installTarballs(
      [tarballs.good!, tarballs['uses-good']!],
      join(work, 'app-good'),
      {
        workspaceRoot: fixture,
      },
    );
    expect(app.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      '@fx/good@1.2.3',
      '@fx/uses-good@0.4.0',
    ]);
    // Declared dependencies only: nothing else from the workspace is reachable.
    expect(existsSync(join(app.dir, 'node_modules', 'jose', 'package.json'))).toBe(true);
    expect(existsSync(join(app.dir, 'node_modules', 'yaml'))).toBe(false);

    const scripts = writeSmokeScripts(app.dir, app.packages[1]!, FETCH_CALL);
    for (const format of ['esm', 'cjs'] as const) {
      const smoke = await runSmoke({
        runtime: node24,
        format,
        script: scripts[format],
        cwd: app.dir,
        url: server.url,
        tag: format,
      });
      expect(smoke.failure).toBeUndefined();
      expect(smoke.report!.modules['@fx/uses-good']!.exports).toEqual(['goodName']);
      expect(smoke.report!.call).toEqual({ via: 'fetch', status: 200, body: '{"ok":true}' });
    }
    expect(server.requests.map((request) => request.headers['x-smoke'])).toEqual(['esm', 'cjs']);
  });

  it('fails the smoke with exit code and stderr when a package imports what it never declared, or requires ESM', async () => {
    const app = await installTarballs([tarballs.broken!], join(work, 'app-broken'), {
      workspaceRoot: fixture,
    });
    const scripts = writeSmokeScripts(app.dir, app.packages[0]!, FETCH_CALL);
    const esm = await runSmoke({
      runtime: node24,
      format: 'esm',
      script: scripts.esm,
      cwd: app.dir,
      url: server.url,
      tag: 'x',
    });
    expect(esm.failure).toMatch(/ESM smoke on node24 \(v24\.[\d.]+\) failed/);
    expect(esm.failure).toMatch(/exit code 1/);
    expect(esm.failure).toMatch(/Cannot find package 'yaml'/);
    const cjs = await runSmoke({
      runtime: node24,
      format: 'cjs',
      script: scripts.cjs,
      cwd: app.dir,
      url: server.url,
      tag: 'x',
    });
    expect(cjs.failure).toMatch(/ERR_REQUIRE_ESM/);
  });

  it('refuses to install below a node_modules, where undeclared dependencies would resolve', async () => {
    await expect(
      installTarballs([tarballs.good!], join(fixture, 'app'), { workspaceRoot: fixture }),
    ).rejects.toThrow(/no node_modules above it/);
  });

  it('installs with npm from the tarball as a user would', async () => {
    const app = await installTarballs([tarballs.broken!], join(work, 'app-npm'), { mode: 'npm' });
    expect(app.mode).toBe('npm');
    const installed = join(app.dir, 'node_modules', '@fx', 'broken', 'package.json');
    expect(JSON.parse(readFileSync(installed, 'utf8')).version).toBe('0.0.1');
  });
});
