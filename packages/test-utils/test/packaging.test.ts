import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsumerResolution,
  type ConsumerTypeReport,
  type ConsumerTypeTarget,
  checkDeclarations,
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
  needlessDeclarationCopies,
  type PackedPackage,
  packPackage,
  readTarball,
  resolveExport,
  runAttw,
  runPublint,
  runSmoke,
  type SmokeResult,
  typeCheckConsumer,
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

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/** Each step is settled on its own, so one unbuilt or broken package fails its own tests only. */
interface PackageResults {
  packed: Outcome<PackedPackage>;
  publint?: Outcome<LintReport>;
  attw?: Outcome<LintReport>;
  smoke?: Outcome<Map<string, SmokeResult>>;
}

let work: string;
let server: TestServer;
let app: InstalledApp | undefined;
const results = new Map<string, PackageResults>();

const tagOf = (name: string, runtime: string, format: ModuleFormat) =>
  `${name} ${runtime} ${format}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'packaging-'));
  server = await startTestServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, tag: request.headers['x-smoke'] ?? null }));
  });
  const packed = await Promise.all(
    packages.map((pkg) =>
      settle(
        packPackage(pkg.dir, join(work, 'tarballs')).then((tarball) => inspectTarball(tarball)),
      ),
    ),
  );
  const tarballs = packed.flatMap((outcome) => (outcome.ok ? [outcome.value.tarball] : []));
  const installed = await settle(
    installTarballs(tarballs, join(work, 'app'), { mode: installMode }),
  );
  app = installed.ok ? installed.value : undefined;
  await Promise.all(
    packages.map(async (pkg, i) => {
      const outcome = packed[i]!;
      if (!outcome.ok) {
        results.set(pkg.name, { packed: outcome });
        return;
      }
      const { tarball } = outcome.value;
      const [publint, attw, smoke] = await Promise.all([
        settle(runPublint(tarball)),
        settle(runAttw(tarball)),
        installed.ok ? settle(smokeAll(installed.value, pkg.name)) : installed,
      ]);
      results.set(pkg.name, { packed: outcome, publint, attw, smoke });
    }),
  );
});

/** ESM and CJS on every runtime, at once: each is its own child process. */
async function smokeAll(installed: InstalledApp, name: string): Promise<Map<string, SmokeResult>> {
  const pkg = installed.packages.find((entry) => entry.name === name)!;
  const scripts = writeSmokeScripts(installed.dir, pkg);
  const runs = await Promise.all(
    runtimes.flatMap((runtime) =>
      formats.map((format) =>
        runSmoke({
          runtime,
          format,
          script: scripts[format],
          cwd: installed.dir,
          url: `${server.url}/smoke`,
          tag: tagOf(name, runtime.label, format),
        }),
      ),
    ),
  );
  return new Map(runs.map((run) => [`${run.runtime.label} ${run.format}`, run]));
}

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function step<K extends keyof PackageResults>(
  name: string,
  key: K,
): PackageResults[K] extends Outcome<infer T> | undefined ? T : never {
  const results_ = results.get(name);
  if (!results_) throw new Error(`no packaging results for ${name}; see the beforeAll failure`);
  const packed = results_.packed;
  if (!packed.ok) throw packed.error;
  const outcome = results_[key] as Outcome<unknown> | undefined;
  if (!outcome) throw new Error(`${String(key)} did not run for ${name}`);
  if (!outcome.ok) throw outcome.error;
  return outcome.value as never;
}

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
    const packed = step(pkg.name, 'packed');
    expect(packed.manifest.name).toBe(pkg.name);
    expect(packed.manifest.version).toBe(pkg.manifest.version);
    expect(unrewrittenSpecifiers(packed.manifest)).toEqual([]);
    for (const [dep, spec] of Object.entries(packed.manifest.dependencies ?? {})) {
      expect(spec, `${dep} in the published dependencies`).toMatch(/^[~^]?\d+\.\d+\.\d+/);
    }
  });

  it('meets the manifest contract: dual ESM + CJS, types first, explicit exports, sideEffects false, files', () => {
    const packed = step(pkg.name, 'packed');
    expect(checkManifest(packed.manifest, packed.files)).toEqual([]);
  });

  it('ships each declaration once where ESM and CJS importers read it alike, and no unused declaration file', () => {
    const packed = step(pkg.name, 'packed');
    const entries = readTarball(packed.tarball);
    expect(checkDeclarations(packed.manifest, entries)).toEqual([]);
    expect(needlessDeclarationCopies(entries)).toEqual([]);
  });

  it('declares its public surface explicitly (no `export * from` in src)', () => {
    expect(findStarReexports(pkg.dir)).toEqual([]);
  });

  it('passes publint on the tarball', () => {
    expect(step(pkg.name, 'publint').problems).toEqual([]);
  });

  it('passes are-the-types-wrong on the tarball', () => {
    const attw = step(pkg.name, 'attw');
    expect(attw.problems).toEqual([]);
    // The tolerated node10 case is only ever about subpaths, never the root entry.
    expect(attw.ignored.filter((finding) => finding.message.includes(' at . '))).toEqual([]);
  });

  describe.each(runtimes.map((runtime) => runtime.label))('on %s', (label) => {
    it.each(formats)(
      'loads every subpath as %s from its own build and makes one real call',
      (format) => {
        const smoke = step(pkg.name, 'smoke').get(`${label} ${format}`)!;
        if (smoke.failure) expect.fail(smoke.failure);
        const report = smoke.report!;
        expect(report.node).toBe(smoke.runtime.version);
        expect(report.format).toBe(format);

        const specifiers = importableSpecifiers(pkg.name, pkg.manifest.exports);
        expect(Object.keys(report.modules).sort()).toEqual([...specifiers].sort());
        const installedDir = join(app!.dir, 'node_modules', ...pkg.name.split('/'));
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
            loaded.file.startsWith(app!.dir + sep),
            'resolved inside the app, not the workspace',
          ).toBe(true);
        }

        // Through the package's client factory or the core transport, never a bare fetch.
        expect(report.call.via).toMatch(/^create\w*(Client|Transport)$/);
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

/**
 * Declaration gaps known and owned elsewhere, by package: each pattern must
 * match a reported problem (remove it once fixed) and every problem must
 * match a pattern.
 */
const KNOWN_TYPE_GAPS: Record<string, RegExp[]> = {
  // Its JavaScript bundles the private @org/codegen and @org/test-utils; its
  // declarations still import them, so a consumer's compiler cannot find them.
  '@org/conformance': [
    /Cannot find module '@org\/codegen\/src\/pack\/schema\.js'/,
    /Cannot find module '@org\/test-utils'/,
  ],
};

/**
 * What each specifier of `names` is checked for in a consumer: its runtime
 * export names (from the smoke runs on the newest Node) and, for a generated
 * client package (its pack manifest and one client factory, see
 * DEFAULT_SMOKE_CALL), the factory whose client's typing is checked.
 */
function consumerTargets(names: readonly string[]): ConsumerTypeTarget[] {
  const label = runtimes.at(-1)!.label;
  return packages
    .filter((pkg) => names.includes(pkg.name))
    .flatMap((pkg) => {
      const smoke = step(pkg.name, 'smoke');
      const esm = smoke.get(`${label} esm`)?.report;
      const cjs = smoke.get(`${label} cjs`)?.report;
      if (!esm || !cjs) throw new Error(`${pkg.name} did not load on ${label}; see its smoke test`);
      return importableSpecifiers(pkg.name, pkg.manifest.exports).map((specifier) => {
        const exported = esm.modules[specifier]!.exports;
        const factories = exported.filter((name) => /^create[A-Z]\w*Client$/.test(name));
        const generated = exported.includes('manifest') && factories.length === 1;
        return {
          specifier,
          runtimeExports: { esm: exported, cjs: cjs.modules[specifier]!.exports },
          ...(generated ? { openapiClientFactory: factories[0] } : {}),
        };
      });
    });
}

/** Every problem is a known gap of an installed package, and each such gap still happens. */
function expectOnlyKnownGaps(report: ConsumerTypeReport, installed: readonly string[]): void {
  const unexpected = report.problems.filter(
    (problem) =>
      !Object.entries(KNOWN_TYPE_GAPS).some(
        ([name, gaps]) =>
          problem.startsWith(`node_modules/${name}/`) && gaps.some((gap) => gap.test(problem)),
      ),
  );
  expect(unexpected).toEqual([]);
  for (const [name, gaps] of Object.entries(KNOWN_TYPE_GAPS)) {
    if (!installed.includes(name)) continue;
    for (const gap of gaps) {
      expect(
        report.problems.some(
          (problem) => problem.startsWith(`node_modules/${name}/`) && gap.test(problem),
        ),
        `${name}: ${gap} no longer happens; remove it from KNOWN_TYPE_GAPS`,
      ).toBe(true);
    }
  }
  // Only optional peers the app never installed may go unresolved.
  for (const ignored of report.ignored) expect(ignored).toMatch(/Cannot find module/);
}

describe.each<ConsumerResolution>(['nodenext', 'bundler'])(
  'every subpath type-checks in a consumer under %s resolution',
  (resolution) => {
    it('with skipLibCheck off, declaring exactly the exports each format has at runtime', async () => {
      const names = packages.map((pkg) => pkg.name);
      const report = await typeCheckConsumer(app!.dir, consumerTargets(names), resolution);
      expectOnlyKnownGaps(report, names);
    });
  },
);

/**
 * openapi-fetch is a devDependency of @org/core, which bundles its code and
 * ships its types. So a generated client is typed from the spec in an app
 * that does not install openapi-fetch, and in an app that does, the client is
 * openapi-fetch's own `Client<paths>` and takes its `Middleware`, as when
 * openapi-fetch was a dependency of core.
 */
describe('generated clients, in an app with and without its own openapi-fetch', () => {
  const apps = new Map<'with' | 'without', InstalledApp>();
  let names: string[];

  beforeAll(async () => {
    names = [
      '@org/core',
      ...consumerTargets(packages.map((pkg) => pkg.name))
        .filter((target) => target.openapiClientFactory !== undefined)
        .map((target) => target.specifier),
    ];
    const tarballs = names.map((name) => step(name, 'packed').tarball);
    for (const key of ['with', 'without'] as const) {
      apps.set(
        key,
        await installTarballs(tarballs, join(work, `app-${key}-openapi-fetch`), { mode: 'link' }),
      );
    }
    // The app's own openapi-fetch: the version core's types are copied from.
    const openapiFetch = realpathSync(
      join(root, 'packages', 'core', 'node_modules', 'openapi-fetch'),
    );
    symlinkSync(
      openapiFetch,
      join(apps.get('with')!.dir, 'node_modules', 'openapi-fetch'),
      'junction',
    );
  });

  it('installs no openapi-fetch and no openapi-typescript-helpers with core and the clients', () => {
    const app = apps.get('without')!;
    expect(names.length).toBeGreaterThan(1);
    for (const dep of ['openapi-fetch', 'openapi-typescript-helpers'])
      expect(existsSync(join(app.dir, 'node_modules', dep)), dep).toBe(false);
    for (const pkg of app.packages)
      expect(pkg.manifest.dependencies?.['openapi-fetch']).toBeUndefined();
  });

  describe.each<ConsumerResolution>(['nodenext', 'bundler'])(
    'under %s resolution',
    (resolution) => {
      it.each([
        {
          app: 'without' as const,
          openapiFetch: false,
          title: 'without openapi-fetch: every client typed from its spec, with skipLibCheck off',
        },
        {
          app: 'with' as const,
          openapiFetch: true,
          title:
            "with the app's openapi-fetch: each client is its Client<paths> and takes its Middleware",
        },
      ])('$title', async ({ app, openapiFetch }) => {
        const report = await typeCheckConsumer(
          apps.get(app)!.dir,
          consumerTargets(names),
          resolution,
          { openapiFetch },
        );
        expectOnlyKnownGaps(report, names);
      });
    },
  );
});
