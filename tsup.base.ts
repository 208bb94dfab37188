import { readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { build, defineConfig, type Options } from 'tsup';
import { compactDeclarations, writeEsmDeclarations } from './tsup.declarations.ts';

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
}

/**
 * The one build config every publishable package re-exports (STYLE 13):
 * dual ESM + CJS, Node 20 as the floor users run.
 *
 * Declarations ship once where that is exact: tsup writes the CJS
 * declarations only, after the JavaScript, and tsup.declarations.ts derives
 * the ESM ones from them (a one-line re-export for an entry whose
 * declarations mean the same to ESM and CJS importers, a twin with ESM
 * specifiers where they reach a package with separate ESM and CJS types),
 * after indenting them with tabs instead of TypeScript's four spaces.
 */
export function libraryConfig(entry: Record<string, string>, options: LibraryOptions = {}) {
  const { declarationEntries = {}, afterDeclarations, ...overrides } = options;
  return defineConfig((cli) => {
    // tsup lays command-line options over the config: honour `--out-dir` here too.
    const outDir = cli.outDir ?? overrides.outDir ?? 'dist';
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
    const dts = typeof overrides.dts === 'object' ? overrides.dts : {};
    // A package may declare fewer entries than it bundles (`dts.entry`).
    const dtsEntry = dts.entry ?? entry;
    if (typeof dtsEntry !== 'object' || Array.isArray(dtsEntry)) {
      throw new Error('libraryConfig: dts.entry must name its entries ({ name: path })');
    }
    return {
      ...shared,
      format: ['esm', 'cjs'],
      clean: true,
      dts: false,
      async onSuccess() {
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
        writeEsmDeclarations(outDir, esmDeclarationEntries(outDir, Object.keys(dtsEntry)), {
          packageDir: process.cwd(),
        });
      },
    };
  });
}

/**
 * The entries whose `.d.ts` package.json names (in `exports`, `types` or
 * `typings`); an entry only a `bin` script loads needs no ESM declaration.
 */
function esmDeclarationEntries(outDir: string, entryNames: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
  const named = new Set(
    leafStrings([manifest.exports, manifest.types, manifest.typings]).map((target) =>
      posix.normalize(target),
    ),
  );
  return entryNames.filter((name) =>
    named.has(posix.normalize(relative('.', join(outDir, `${name}.d.ts`)))),
  );
}

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}
