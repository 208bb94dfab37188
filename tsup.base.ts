import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';
import { build, defineConfig, type Options } from 'tsup';
import { compactDeclarations, writeEsmDeclarations } from './tsup.declarations.ts';

/** The output folder package.json's targets name. */
const DIST = 'dist';

export interface LibraryOptions extends Options {
  /**
   * Declaration-only entries: modules whose declarations get a file of their
   * own (and no JavaScript), e.g. a pack's generated OpenAPI types, so they
   * ship once however the entries that use them are imported.
   */
  declarationEntries?: Record<string, string>;
  /**
   * Runs on the CJS declarations once built and indented, before the ESM
   * ones are derived from them, with the output folder and the package
   * folder: e.g. @org/core shipping the declarations of the openapi-fetch it
   * bundles (shipPackageDeclarations).
   */
  afterDeclarations?: (outDir: string, packageDir: string) => void;
  /**
   * An entry whose output holds every module it bundles, which the other
   * entries then import from its file instead of from a code-split chunk:
   * a pack's root import loads one module instead of two. Each name another
   * entry imports from one of its modules must be one it exports.
   */
  sharedEntry?: string;
}

/**
 * The one build config every publishable package re-exports (STYLE 13):
 * one ES module build for Node 20.19 and later, which every importer shares.
 *
 * JavaScript ships once. Each `.cjs` file package.json names (a `require`
 * condition, `main`) is a one-line shim, `module.exports = require('./x.js')`,
 * which Node loads through require(esm): on by default since Node 20.19 and
 * 22.12 (https://nodejs.org/api/modules.html#loading-ecmascript-modules-using-require),
 * the floor of every package's `engines`. `import` and `require` then get the
 * same module instances (no dual-package hazard: one `CoreError` class, one
 * limiter state), and the install carries no second copy of the code: a
 * separate CJS build made @org/twilio-client with @org/core a third larger
 * (`node bench/run.mjs layout-variants`). The cost: module systems of their
 * own that lack require(esm), such as Jest's CommonJS runtime before Node
 * 24.9 (jestjs/jest#15716), need the package transformed (README "Module
 * formats"). `ORG_BUILD_CJS=1` builds the separate CJS JavaScript instead of
 * the shims, for that benchmark.
 *
 * Declarations ship once where that is exact: tsup writes the CJS
 * declarations only, after the JavaScript, and tsup.declarations.ts derives
 * the ESM ones from them (a one-line re-export for an entry whose
 * declarations mean the same to ESM and CJS importers, a twin with ESM
 * specifiers where they reach a package with separate ESM and CJS types),
 * after indenting them with tabs instead of TypeScript's four spaces.
 */
export function libraryConfig(entry: Record<string, string>, options: LibraryOptions = {}) {
  const { declarationEntries = {}, afterDeclarations, sharedEntry, ...overrides } = options;
  return defineConfig((cli) => {
    // tsup lays command-line options over the config: honour `--out-dir` here too.
    const outDir = cli.outDir ?? overrides.outDir ?? DIST;
    const shared: Options = {
      entry,
      sourcemap: false,
      splitting: true,
      treeshake: true,
      target: 'node20',
      platform: 'neutral',
      ...overrides,
      outDir,
    };
    if (sharedEntry !== undefined) {
      const source = entry[sharedEntry];
      if (source === undefined)
        throw new Error(`libraryConfig: sharedEntry ${sharedEntry} is not an entry`);
      shared.esbuildPlugins = [
        ...(shared.esbuildPlugins ?? []),
        sharedEntryPlugin(sharedEntry, source),
      ];
    }
    const dts = typeof overrides.dts === 'object' ? overrides.dts : {};
    // A package may declare fewer entries than it bundles (`dts.entry`).
    const dtsEntry = dts.entry ?? entry;
    if (typeof dtsEntry !== 'object' || Array.isArray(dtsEntry)) {
      throw new Error('libraryConfig: dts.entry must name its entries ({ name: path })');
    }
    const separateCjs = process.env.ORG_BUILD_CJS === '1';
    return {
      ...shared,
      format: separateCjs ? ['esm', 'cjs'] : ['esm'],
      clean: true,
      dts: false,
      async onSuccess() {
        if (!separateCjs) writeRequireShims(outDir);
        // Run here, after the JavaScript, so the ESM declarations can be
        // derived once the CJS ones are complete.
        await build({
          ...shared,
          config: false,
          clean: false,
          format: ['cjs'],
          dts: { ...dts, entry: { ...dtsEntry, ...declarationEntries }, only: true },
        });
        compactDeclarations(outDir);
        afterDeclarations?.(outDir, process.cwd());
        writeEsmDeclarations(outDir, esmDeclarationEntries(Object.keys(dtsEntry)), {
          packageDir: process.cwd(),
        });
      },
    };
  });
}

/**
 * Resolves a relative import into a module of the shared entry's graph to
 * that entry's output (`./<name>.js`, external). The graph is the entry's
 * bundle, packages left out, read from a metafile before each build.
 */
function sharedEntryPlugin(name: string, source: string): Plugin {
  let graph = new Set<string>();
  return {
    name: 'shared-entry',
    setup(build) {
      build.onStart(async () => {
        const { metafile } = await esbuild({
          entryPoints: [source],
          bundle: true,
          write: false,
          metafile: true,
          format: 'esm',
          platform: 'neutral',
          packages: 'external',
          logLevel: 'silent',
        });
        graph = new Set(Object.keys(metafile.inputs).map((input) => resolve(input)));
      });
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === 'entry-point' || graph.has(args.importer)) return undefined;
        const target = sourceFile(resolve(args.resolveDir, args.path));
        return target !== undefined && graph.has(target)
          ? { path: `./${name}.js`, external: true }
          : undefined;
      });
    },
  };
}

/** The TypeScript file a resolved relative specifier (`./x.js`, `./x`, `./dir`) names, if any. */
export function sourceFile(path: string): string | undefined {
  const candidates = [path, path.replace(/\.js$/, '.ts'), `${path}.ts`, join(path, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
}

/**
 * Writes the `.cjs` files package.json names as shims that require their ES
 * module twin (see libraryConfig). A named `.cjs` without a built `.js` twin
 * is a build error, not a broken `require` for users.
 */
function writeRequireShims(outDir: string): void {
  const named = namedDistFiles(['exports', 'main']).filter(
    (file) => file.endsWith('.cjs') && !file.endsWith('.d.cts'),
  );
  for (const file of named) {
    const name = file.slice(0, -'.cjs'.length);
    if (!existsSync(join(outDir, `${name}.js`))) {
      throw new Error(
        `libraryConfig: package.json names dist/${file}, but ${name}.js was not built`,
      );
    }
    writeFileSync(join(outDir, file), `'use strict';\nmodule.exports = require('./${name}.js');\n`);
  }
}

/**
 * The entries whose `.d.ts` package.json names (in `exports`, `types` or
 * `typings`); an entry only a `bin` script loads needs no ESM declaration.
 */
function esmDeclarationEntries(entryNames: readonly string[]): string[] {
  const named = new Set(namedDistFiles(['exports', 'types', 'typings']));
  return entryNames.filter((name) => named.has(`${name}.d.ts`));
}

/**
 * The files under dist/ that package.json's `fields` name, relative to dist/:
 * the same names in an output folder moved with `--out-dir`.
 */
function namedDistFiles(fields: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
  return [
    ...new Set(
      leafStrings(fields.map((field) => manifest[field]))
        .map((target) => posix.normalize(target))
        .filter((target) => target.startsWith(`${DIST}/`))
        .map((target) => target.slice(DIST.length + 1)),
    ),
  ];
}

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}
