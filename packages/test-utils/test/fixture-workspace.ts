import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A throwaway pnpm workspace with three hand-built packages, for testing the
 * packaging checks themselves:
 * - @fx/good: everything right; depends on jose through the catalog.
 * - @fx/uses-good: depends on @fx/good through `workspace:^`; its CJS entry
 *   is a shim that requires its ES module, as the packages ship.
 * - @fx/broken: every mistake the checks exist for (a `./*` pattern, types
 *   not first, a `require` condition pointing at ESM with ESM types, no
 *   `files` so a test file ships, no `sideEffects`, a `module` field naming a
 *   missing file) and an import of `yaml`, which it never declares but the
 *   workspace has installed.
 */
export function writeFixtureWorkspace(
  root: string,
  options: { packageManager: string; links: Record<string, string> },
): void {
  const files: Record<string, string | object> = {
    'package.json': { name: 'fixture-root', private: true, packageManager: options.packageManager },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  jose: 6.2.17\n',

    'packages/good/package.json': {
      name: '@fx/good',
      version: '1.2.3',
      description: 'A package that does everything right.',
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      engines: { node: '^20.19.0 || >=22.12.0' },
      files: ['dist'],
      main: './dist/index.cjs',
      types: './dist/index.d.cts',
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
        './extra': {
          import: { types: './dist/extra.d.ts', default: './dist/extra.js' },
          require: { types: './dist/extra.d.cts', default: './dist/extra.cjs' },
        },
        './package.json': './package.json',
      },
      dependencies: { jose: 'catalog:' },
    },
    'packages/good/dist/index.js':
      "import { decodeProtectedHeader } from 'jose';\nexport const name = 'good';\nexport const hasJose = typeof decodeProtectedHeader === 'function';\n",
    'packages/good/dist/index.cjs':
      "'use strict';\nexports.name = 'good';\n// jose is ESM-only: CommonJS reaches it through import().\nexports.loadJose = () => import('jose');\n",
    'packages/good/dist/index.d.ts':
      'export declare const name: string;\nexport declare const hasJose: boolean;\n',
    'packages/good/dist/index.d.cts':
      "export declare const name: string;\nexport declare const loadJose: () => Promise<typeof import('jose')>;\n",
    'packages/good/dist/extra.js': 'export const extra = 1;\n',
    'packages/good/dist/extra.cjs': "'use strict';\nexports.extra = 1;\n",
    'packages/good/dist/extra.d.ts': 'export declare const extra: number;\n',
    'packages/good/dist/extra.d.cts': 'export declare const extra: number;\n',
    'packages/good/src/index.ts': "export { name } from './name.js';\n",

    'packages/uses-good/package.json': {
      name: '@fx/uses-good',
      version: '0.4.0',
      description: 'Depends on a sibling through the workspace protocol.',
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      engines: { node: '^20.19.0 || >=22.12.0' },
      files: ['dist'],
      main: './dist/index.cjs',
      types: './dist/index.d.cts',
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      },
      dependencies: { '@fx/good': 'workspace:^' },
    },
    'packages/uses-good/dist/index.js': "export { name as goodName } from '@fx/good';\n",
    // The shipped layout: CommonJS requires the ES module (require(esm)).
    'packages/uses-good/dist/index.cjs': "'use strict';\nmodule.exports = require('./index.js');\n",
    'packages/uses-good/dist/index.d.ts': 'export declare const goodName: string;\n',
    'packages/uses-good/dist/index.d.cts': 'export declare const goodName: string;\n',

    'packages/broken/package.json': {
      name: '@fx/broken',
      version: '0.0.1',
      license: 'MIT',
      type: 'module',
      module: './dist/missing.js',
      exports: {
        '.': {
          import: './dist/index.js',
          require: { default: './dist/index.js', types: './dist/index.d.ts' },
        },
        './*': './dist/*.js',
      },
    },
    'packages/broken/dist/index.js':
      "import { parse } from 'yaml';\nexport const parsed = parse('a: 1');\n",
    'packages/broken/dist/index.d.ts': 'export declare const parsed: unknown;\n',
    'packages/broken/test/index.test.js': 'export {};\n',
    'packages/broken/src/index.ts': "export * from './parsed.js';\n",
  };
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  }
  // Stands in for `pnpm install`: third-party packages in the root
  // node_modules, and the sibling link pnpm pack reads to rewrite workspace:^.
  const links: Array<[string, string]> = [
    ...Object.entries(options.links).map(([name, source]): [string, string] => [
      join(root, 'node_modules', name),
      source,
    ]),
    [join(root, 'packages/uses-good/node_modules/@fx/good'), join(root, 'packages/good')],
  ];
  for (const [link, source] of links) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(source), link, 'junction');
  }
}
