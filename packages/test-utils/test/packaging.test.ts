import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  checkManifest,
  findNodeRuntimes,
  findStarReexports,
  findWorkspaceRoot,
  type InstalledApp,
  importableSpecifiers,
  inspectTarball,
  installTarballs,
  type LintReport,
  listPublishablePackages,
  type ModuleFormat,
  type PackedPackage,
  packPackage,
  resolveExport,
  runAttw,
  runPublint,
  runSmoke,
  type SmokeResult,
  unrewrittenSpecifiers,
  writeSmokeScripts,
} from '../src/packaging.js';
import { startTestServer, type TestServer } from '../src/server.js';

// Every publishable package checked as users receive it: packed with pnpm,
// linted on the tarball, installed outside the workspace, then imported as
// ESM and CJS and used for one real HTTP call on Node 20 and Node 24.
// Expects built packages (`pnpm test` builds first).

const root = findWorkspaceRoot(import.meta.dirname);
const packages = listPublishablePackages(root);
const runtimes = findNodeRuntimes(root);
const formats: ModuleFormat[] = ['esm', 'cjs'];
const installMode = process.env.PACKAGING_INSTALL_MODE === 'npm' ? 'npm' : 'link';

interface PackageResults {
  packed: PackedPackage;
  publint: LintReport;
  attw: LintReport;
  smoke: Map<string, SmokeResult>;
}

let work: string;
let server: TestServer;
let app: InstalledApp;
const results = new Map<string, PackageResults>();

const tagOf = (name: string, runtime: string, format: ModuleFormat) =>
  `${name} ${runtime} ${format}`;

beforeAll(async () => {
  for (const pkg of packages) assertBuilt(pkg.dir);
  work = mkdtempSync(join(tmpdir(), 'packaging-'));
  server = await startTestServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, tag: request.headers['x-smoke'] ?? null }));
  });
  const tarballs = await Promise.all(
    packages.map((pkg) => packPackage(pkg.dir, join(work, 'tarballs'))),
  );
  app = await installTarballs(tarballs, join(work, 'app'), { mode: installMode });
  await Promise.all(
    packages.map(async (pkg, i) => {
      const tarball = tarballs[i]!;
      const installed = app.packages.find((entry) => entry.name === pkg.name)!;
      const scripts = writeSmokeScripts(app.dir, installed);
      const smokeRuns = runtimes.flatMap((runtime) =>
        formats.map((format) =>
          runSmoke({
            runtime,
            format,
            script: scripts[format],
            cwd: app.dir,
            url: `${server.url}/smoke`,
            tag: tagOf(pkg.name, runtime.label, format),
          }),
        ),
      );
      const [publint, attw, ...smokes] = await Promise.all([
        runPublint(tarball),
        runAttw(tarball),
        ...smokeRuns,
      ]);
      results.set(pkg.name, {
        packed: inspectTarball(tarball),
        publint: publint as LintReport,
        attw: attw as LintReport,
        smoke: new Map(
          (smokes as SmokeResult[]).map((smoke) => [
            `${smoke.runtime.label} ${smoke.format}`,
            smoke,
          ]),
        ),
      });
    }),
  );
});

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const resultsFor = (name: string): PackageResults => {
  const found = results.get(name);
  if (!found) throw new Error(`no packaging results for ${name}; see the beforeAll failure above`);
  return found;
};

it('finds the publishable packages, @org/core among them, and no private one', () => {
  expect(packages.map((pkg) => pkg.name)).toContain('@org/core');
  expect(packages.every((pkg) => pkg.manifest.private !== true)).toBe(true);
  expect(packages.map((pkg) => pkg.name)).not.toContain('@org/test-utils');
});

it('finds Node 20 and Node 24 to run the packages on', () => {
  expect(runtimes.map((runtime) => runtime.version.split('.')[0])).toEqual(['v20', 'v24']);
});

describe.each(packages)('$name', (pkg) => {
  it('packs with pnpm: workspace: and catalog: specifiers become real versions', () => {
    const { packed } = resultsFor(pkg.name);
    expect(packed.manifest.name).toBe(pkg.name);
    expect(packed.manifest.version).toBe(pkg.manifest.version);
    expect(unrewrittenSpecifiers(packed.manifest)).toEqual([]);
    for (const [dep, spec] of Object.entries(packed.manifest.dependencies ?? {})) {
      expect(spec, `${dep} in the published dependencies`).toMatch(/^[~^]?\d+\.\d+\.\d+/);
    }
  });

  it('meets the manifest contract: dual ESM + CJS, types first, explicit exports, sideEffects false, files', () => {
    const { packed } = resultsFor(pkg.name);
    expect(checkManifest(packed.manifest, packed.files)).toEqual([]);
  });

  it('declares its public surface explicitly (no `export * from` in src)', () => {
    expect(findStarReexports(pkg.dir)).toEqual([]);
  });

  it('passes publint on the tarball', () => {
    expect(resultsFor(pkg.name).publint.problems).toEqual([]);
  });

  it('passes are-the-types-wrong on the tarball', () => {
    const { attw } = resultsFor(pkg.name);
    expect(attw.problems).toEqual([]);
    // The tolerated node10 case is only ever about subpaths, never the root entry.
    expect(attw.ignored.filter((finding) => finding.message.includes(' at . '))).toEqual([]);
  });

  describe.each(runtimes.map((runtime) => runtime.label))('on %s', (label) => {
    it.each(formats)(
      'loads every subpath as %s from its own build and makes one real call',
      (format) => {
        const smoke = resultsFor(pkg.name).smoke.get(`${label} ${format}`)!;
        if (smoke.failure) expect.fail(smoke.failure);
        const report = smoke.report!;
        expect(report.node).toBe(smoke.runtime.version);
        expect(report.format).toBe(format);

        const specifiers = importableSpecifiers(pkg.name, pkg.manifest.exports);
        expect(Object.keys(report.modules).sort()).toEqual([...specifiers].sort());
        const installedDir = join(app.dir, 'node_modules', ...pkg.name.split('/'));
        for (const [specifier, loaded] of Object.entries(report.modules)) {
          const subpath =
            specifier === pkg.name ? '.' : `./${specifier.slice(pkg.name.length + 1)}`;
          const exportsMap = pkg.manifest.exports as Record<string, unknown>;
          const expected = resolveExport(
            exportsMap[subpath],
            new Set(['node', format === 'esm' ? 'import' : 'require']),
          );
          expect(expected, `${specifier} has a ${format} target`).toBeDefined();
          expect(loaded.file, `${specifier} as ${format}`).toBe(join(installedDir, expected!));
          expect(
            loaded.file.startsWith(app.dir + sep),
            'resolved inside the app, not the workspace',
          ).toBe(true);
        }

        expect(report.call.status).toBe(200);
        const tag = tagOf(pkg.name, label, format);
        expect(JSON.parse(report.call.body)).toEqual({ ok: true, tag });
        const received = server.requests.filter((request) => request.headers['x-smoke'] === tag);
        expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
          'GET /smoke',
        ]);
      },
    );
  });
});
