import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDeclarations,
  checkManifest,
  esmStubTarget,
  findStarReexports,
  findWorkspaceNode,
  findWorkspaceRoot,
  inspectTarball,
  installTarballs,
  listPublishablePackages,
  needlessDeclarationCopies,
  packPackage,
  pinnedPackageManager,
  readManifest,
  readTarball,
  runAttw,
  runPublint,
  runSmoke,
  type TarEntry,
  typeCheckConsumer,
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

  it('requires an engines range where every release can require() an ES module', () => {
    const { manifest } = inspectTarball(tarballs.good!);
    const problemsWith = (node: string) =>
      checkManifest({ ...manifest, engines: { node } }).map(
        ({ rule, message }) => `${rule}: ${message}`,
      );
    expect(problemsWith('^20.19.0 || >=22.12.0')).toEqual([]);
    expect(problemsWith('^20.19 || ^22.12 || >=24')).toEqual([]);
    expect(problemsWith('>=22.12.0')).toEqual([]);
    expect(problemsWith('>=20.19')).toEqual([
      'engines-require-esm: ">=20.19" admits Node 21.0.0, 21.99.99, 22.0.0, 22.11.99, where require() cannot load the package\'s ES modules; use "^20.19.0 || >=22.12.0"',
    ]);
    expect(problemsWith('>=20.18 <21 || >=22.12')).toEqual([
      'engines-require-esm: ">=20.18 <21 || >=22.12" admits Node 20.18.99, where require() cannot load the package\'s ES modules; use "^20.19.0 || >=22.12.0"',
    ]);
    expect(problemsWith('^20.19.0 || ^22.0.0')).toHaveLength(1);
    expect(problemsWith('lts/*')).toEqual([
      'engines-require-esm: "lts/*" is not a range this check reads; use "^20.19.0 || >=22.12.0"',
    ]);
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

  it('fails the smoke with exit code and stderr when a package imports what it never declared', async () => {
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
    // require() reaches the ES module (require(esm)), which fails the same way.
    expect(cjs.failure).toMatch(/CJS smoke on node24 \(v24\.[\d.]+\) failed/);
    expect(cjs.failure).toMatch(/Cannot find package 'yaml'/);
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

/** Tarball entries in memory: path to text. */
function entriesOf(files: Record<string, string>): TarEntry[] {
  return Object.entries(files).map(([path, text]) => ({
    path,
    mode: 0o644,
    data: Buffer.from(text),
  }));
}

const dual = (name: string) => ({
  import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
  require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
});
const stubbed = {
  name: '@fx/stubbed',
  version: '1.0.0',
  type: 'module',
  exports: { '.': dual('index'), './extra': dual('extra'), './package.json': './package.json' },
};

describe('checkDeclarations and needlessDeclarationCopies', () => {
  const good = {
    'package.json': '{}',
    'dist/index.d.ts': "export * from './index.cjs';\n",
    'dist/index.d.cts':
      "import { S as Shared } from './shared-Ab12.cjs';\nexport declare const a: Shared;\n",
    'dist/extra.d.ts': "export * from './extra.cjs';\n",
    'dist/extra.d.cts':
      "export type { S as Shared } from './shared-Ab12.cjs';\nexport declare const b: import('./index.cjs').Shared;\n",
    'dist/shared-Ab12.d.cts': 'interface S { x: 1 }\nexport type { S };\n',
  };

  it('accepts ESM stubs over CJS declarations with shared chunks', () => {
    expect(checkDeclarations(stubbed, entriesOf(good))).toEqual([]);
    expect(needlessDeclarationCopies(entriesOf(good))).toEqual([]);
    expect(esmStubTarget('dist/index.d.ts', good['dist/index.d.ts'])).toBe('dist/index.d.cts');
    expect(esmStubTarget('dist/index.d.cts', good['dist/index.d.cts'])).toBeUndefined();
  });

  it('names an unused chunk, an import of a file not shipped, a stub of the wrong subpath and a dropped default', () => {
    const broken = {
      ...good,
      'dist/extra.d.ts': "export * from './index.cjs';\n",
      'dist/index.d.cts':
        "import { S as Shared } from './shared-Ab12.cjs';\nimport { T } from './gone-Cd34.cjs';\ndeclare const a: Shared & T;\nexport { a as default };\n",
      'dist/shared-Ef56.d.ts': 'interface S { x: 1 }\nexport type { S };\n',
    };
    expect(
      checkDeclarations(stubbed, entriesOf(broken)).map(({ rule, file }) => `${rule} @ ${file}`),
    ).toEqual([
      'stub-drops-default @ dist/index.d.ts',
      'stub-target @ dist/extra.d.ts',
      'unresolved-import @ dist/index.d.cts',
      'unused-declaration @ dist/shared-Ef56.d.ts',
    ]);
  });

  it('reports an ESM twin that imports no other package, and accepts one that does', () => {
    const twins = {
      ...good,
      // Reaches openapi-fetch through its ESM twin chunk: the ESM user's own openapi-fetch types.
      'dist/index.d.ts':
        "import { S as Shared } from './shared-Ab12.cjs';\nexport { C as Client } from './client-Gh78.js';\nexport declare const a: Shared;\n",
      'dist/index.d.cts':
        "import { S as Shared } from './shared-Ab12.cjs';\nexport { C as Client } from './client-Gh78.cjs';\nexport declare const a: Shared;\n",
      'dist/client-Gh78.d.ts':
        "import { Client } from 'openapi-fetch';\ntype C = Client<{}>;\nexport type { C };\n",
      'dist/client-Gh78.d.cts':
        "import { Client } from 'openapi-fetch';\ntype C = Client<{}>;\nexport type { C };\n",
      // A copy of a file that imports nothing from another package.
      'dist/extra.d.ts':
        "/** Not an import: `import { x } from 'y'`. */\nexport type { S as Shared } from './shared-Ab12.cjs';\nexport declare const b: number;\n",
    };
    expect(checkDeclarations(stubbed, entriesOf(twins))).toEqual([]);
    expect(needlessDeclarationCopies(entriesOf(twins))).toEqual(['dist/extra.d.ts']);
  });
});

describe('typeCheckConsumer', () => {
  /** An installed package: files under <app>/node_modules/<name>/. */
  function install(app: string, name: string, files: Record<string, string | object>): void {
    for (const [path, content] of Object.entries(files)) {
      const target = join(app, 'node_modules', name, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
    }
  }

  function writeApp(dir: string): string {
    const app = join(work, dir);
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{"name":"app","private":true}');
    install(app, '@fx/typed', {
      'package.json': {
        name: '@fx/typed',
        version: '1.0.0',
        type: 'module',
        exports: { '.': dual('index') },
        peerDependencies: { 'opt-peer': '^1.0.0' },
        peerDependenciesMeta: { 'opt-peer': { optional: true } },
      },
      'dist/index.d.ts': "export * from './index.cjs';\n",
      'dist/index.d.cts':
        "import type { Hook } from 'opt-peer';\nexport declare function one(hook?: Hook): number;\nexport declare const two: string;\n",
    });
    return app;
  }

  it('passes declarations matching the runtime exports, tolerating an absent optional peer', async () => {
    const app = writeApp('consumer-good');
    const target = {
      specifier: '@fx/typed',
      runtimeExports: { esm: ['one', 'two'], cjs: ['one', 'two'] },
    };
    for (const resolution of ['nodenext', 'bundler'] as const) {
      const report = await typeCheckConsumer(app, [target], resolution);
      expect(report.problems).toEqual([]);
      expect(report.ignored).toEqual([
        "node_modules/@fx/typed/dist/index.d.cts:1: Cannot find module 'opt-peer' or its corresponding type declarations.",
      ]);
    }
  });

  it('fails an export missing from the types, one missing at runtime, and an unresolved import', async () => {
    const app = writeApp('consumer-broken');
    install(app, '@fx/typed', {
      'dist/index.d.cts':
        "import type { Row } from 'undeclared-dep';\nexport declare function one(row: Row): number;\nexport declare const gone: string;\n",
    });
    const report = await typeCheckConsumer(
      app,
      [{ specifier: '@fx/typed', runtimeExports: { esm: ['one', 'two'], cjs: ['one'] } }],
      'nodenext',
    );
    expect(report.files).toEqual(['consumer-types.mts', 'consumer-types.cts']);
    expect(report.problems).toEqual([
      "consumer-types.cts:7: Type 'true' is not assignable to type '\"gone\"'. [export const declaredOnly0: NoneOf<Exclude<keyof M0, R0>> = true; // @fx/typed: declared, missing at runtime]",
      "consumer-types.mts:7: Type 'true' is not assignable to type '\"gone\"'. [export const declaredOnly0: NoneOf<Exclude<keyof M0, R0>> = true; // @fx/typed: declared, missing at runtime]",
      "consumer-types.mts:8: Type 'true' is not assignable to type '\"two\"'. [export const undeclared0: NoneOf<Exclude<R0, keyof M0>> = true; // @fx/typed: at runtime, not declared]",
      "node_modules/@fx/typed/dist/index.d.cts:1: Cannot find module 'undeclared-dep' or its corresponding type declarations.",
    ]);
  });

  it('fails a generated client whose type degrades to any', async () => {
    const app = writeApp('consumer-untyped-client');
    install(app, '@fx/vendor-client', {
      'package.json': {
        name: '@fx/vendor-client',
        version: '1.0.0',
        type: 'module',
        exports: { '.': dual('index') },
      },
      'dist/index.d.ts': "export * from './index.cjs';\n",
      'dist/index.d.cts':
        "export type paths = { '/pets': { get: {} } };\nexport declare const manifest: { id: string };\nexport declare function createFxClient(): any;\n",
    });
    const exports = ['createFxClient', 'manifest'];
    const report = await typeCheckConsumer(
      app,
      [
        {
          specifier: '@fx/vendor-client',
          runtimeExports: { esm: exports, cjs: exports },
          openapiClientFactory: 'createFxClient',
        },
      ],
      'bundler',
    );
    expect(report.problems).toEqual([
      "consumer-types-bundler.ts:21: Unused '@ts-expect-error' directive. [// @ts-expect-error: @fx/vendor-client: a path no spec has]",
      "consumer-types-bundler.ts:23: Binding element 'request' implicitly has an 'any' type. [client0.use({ onRequest: ({ request }) => request }); // @fx/vendor-client: middleware is contextually typed]",
    ]);
  });
});
