import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compactDeclarations,
  compactIndentation,
  esmStub,
  redirectDeclarationImports,
  shipPackageDeclarations,
  writeEsmDeclarations,
} from '../../../tsup.declarations.js';

// The build step that writes a package's ESM declarations from its CJS ones
// (tsup.base.ts runs it after every build), on hand-written declaration
// files and installed packages. The packaging tests check the real builds.

let work: string;
let pkg: string;

function write(files: Record<string, string | object>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(pkg, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  }
}

const read = (file: string) => readFileSync(join(pkg, 'dist', file), 'utf8');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'declaration-layout-'));
  pkg = join(work, 'lib');
  write({
    'package.json': { name: '@fx/lib', version: '1.0.0', type: 'module' },
    // ESM and CJS types in two files, as openapi-fetch ships them.
    'node_modules/dual/package.json': {
      name: 'dual',
      exports: { '.': { import: './index.mjs', require: './index.cjs' } },
    },
    'node_modules/dual/index.d.mts': 'export interface Client { esm: true }\n',
    'node_modules/dual/index.d.cts': 'export interface Client { cjs: true }\n',
    // One declaration file for both conditions, as @opentelemetry/api and zod ship them.
    'node_modules/single/package.json': {
      name: 'single',
      exports: { '.': { types: './index.d.ts', default: './index.js' } },
    },
    'node_modules/single/index.d.ts': 'export interface Tracer { name: string }\n',
    // A sibling built with this layout: its ESM types re-export its CJS types.
    'node_modules/@fx/sibling/package.json': {
      name: '@fx/sibling',
      exports: {
        './errors': {
          import: { types: './dist/errors.d.ts', default: './dist/errors.js' },
          require: { types: './dist/errors.d.cts', default: './dist/errors.cjs' },
        },
      },
    },
    'node_modules/@fx/sibling/dist/errors.d.ts': esmStub('errors'),
    'node_modules/@fx/sibling/dist/errors.d.cts': 'export declare class SiblingError {}\n',

    'dist/shared-Ab12.d.cts': 'interface Shared { x: 1 }\nexport type { Shared as S };\n',
    'dist/plain.d.cts':
      "import { S as Shared } from './shared-Ab12.cjs';\nexport declare const plain: Shared;\n",
    'dist/traced.d.cts':
      "import { Tracer } from 'single';\nimport { SiblingError } from '@fx/sibling/errors';\nexport declare function trace(tracer: Tracer): SiblingError;\n",
    'dist/client-Cd34.d.cts':
      "import { Client } from 'dual';\ndeclare function createClient(): Client;\nexport { createClient as c };\n",
    'dist/index.d.cts':
      "export { c as createClient } from './client-Cd34.cjs';\nexport { S as Shared } from './shared-Ab12.cjs';\nimport 'dual';\n",
    // Takes only a format-neutral name from the root entry, which also re-exports openapi-fetch-like types.
    'dist/policy.d.cts':
      "import { Shared } from './index.cjs';\n/** Not an import: `import { Client } from 'dual'`. */\nexport declare const policy: Shared;\n",
    'dist/uses-client.d.cts':
      "import { createClient } from './index.cjs';\nexport declare const made: ReturnType<typeof createClient>;\nexport type Lazy = import('./client-Cd34.cjs').c;\n",
    'dist/unknown.d.cts':
      "import type { Row } from 'not-installed';\nexport declare const row: Row;\n",
  });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('writeEsmDeclarations', () => {
  it('stubs the entries that read the same to ESM and CJS importers and twins the rest', () => {
    const written = writeEsmDeclarations(
      join(pkg, 'dist'),
      ['plain', 'traced', 'index', 'policy', 'uses-client', 'unknown'],
      { packageDir: pkg },
    );
    expect(written).toEqual([
      'client-Cd34.d.ts',
      'index.d.ts',
      'plain.d.ts',
      'policy.d.ts',
      'traced.d.ts',
      'unknown.d.ts',
      'uses-client.d.ts',
    ]);
    // No import of another package, or only of packages with one declaration file per subpath.
    expect(read('plain.d.ts')).toBe("export * from './plain.cjs';\n");
    expect(read('traced.d.ts')).toBe("export * from './traced.cjs';\n");
    // Through the root entry, but only a name whose declaration imports nothing.
    expect(read('policy.d.ts')).toBe("export * from './policy.cjs';\n");
  });

  it('points an ESM twin at the ESM twin of what reaches a dual package, and at the one CJS file otherwise', () => {
    expect(read('index.d.ts')).toBe(
      "export { c as createClient } from './client-Cd34.js';\nexport { S as Shared } from './shared-Ab12.cjs';\nimport 'dual';\n",
    );
    // Declared once, for ESM importers too: the twin imports `dual`, which resolves to its ESM types.
    expect(read('client-Cd34.d.ts')).toBe(read('client-Cd34.d.cts'));
    expect(read('uses-client.d.ts')).toBe(
      "import { createClient } from './index.js';\nexport declare const made: ReturnType<typeof createClient>;\nexport type Lazy = import('./client-Cd34.js').c;\n",
    );
  });

  it('treats a package it cannot find as having separate ESM and CJS types', () => {
    expect(read('unknown.d.ts')).toBe(read('unknown.d.cts'));
  });

  it('refuses an entry whose CJS declarations were not built', () => {
    expect(() => writeEsmDeclarations(join(pkg, 'dist'), ['absent'], { packageDir: pkg })).toThrow(
      /absent\.d\.cts was not built/,
    );
  });
});

describe('compactIndentation', () => {
  it('indents declarations and JSDoc continuation lines with a tab per level', () => {
    const emitted = [
      'interface paths {',
      '    "/a": {',
      '        /**',
      '         * @description Lists things.',
      '         *     indented sample stays relative to the star',
      '         */',
      '        get: operations["list"];',
      '    };',
      '}',
    ].join('\n');
    expect(compactIndentation(emitted)).toBe(
      [
        'interface paths {',
        '\t"/a": {',
        '\t\t/**',
        '\t\t * @description Lists things.',
        '\t\t *     indented sample stays relative to the star',
        '\t\t */',
        '\t\tget: operations["list"];',
        '\t};',
        '}',
      ].join('\n'),
    );
  });

  it('leaves lines that start inside a template literal type, a string, or comment text without a star', () => {
    // A template substitution, spelled so this file's own strings hold no placeholder.
    const sub = (inner: string) => `$${'{'}${inner}}`;
    const emitted = [
      'type Banner = `first',
      `        second ${sub('Name')} third`,
      '    fourth`;',
      'declare const long: "one\\',
      '    two";',
      '    /*',
      '        code block in a plain comment',
      '    */',
      `    type Nested = { a: \`${sub('string')}`,
      `        x${sub('{ b: 1 }["b"]')}`,
      '        y` };',
    ].join('\n');
    expect(compactIndentation(emitted)).toBe(
      [
        'type Banner = `first',
        `        second ${sub('Name')} third`,
        '    fourth`;',
        'declare const long: "one\\',
        '    two";',
        '\t/*',
        '        code block in a plain comment',
        '\t*/',
        `\ttype Nested = { a: \`${sub('string')}`,
        `        x${sub('{ b: 1 }["b"]')}`,
        '        y` };',
      ].join('\n'),
    );
  });

  it('rewrites the CJS declarations of a build in place and reports the bytes saved', () => {
    const dir = join(work, 'compact');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.d.cts'), 'interface A {\n    b: {\n        c: 1;\n    };\n}\n');
    writeFileSync(join(dir, 'a.d.ts'), "export * from './a.cjs';\n");
    expect(compactDeclarations(dir)).toBe(12);
    expect(readFileSync(join(dir, 'a.d.cts'), 'utf8')).toBe(
      'interface A {\n\tb: {\n\t\tc: 1;\n\t};\n}\n',
    );
    expect(readFileSync(join(dir, 'a.d.ts'), 'utf8')).toBe("export * from './a.cjs';\n");
  });
});

describe('shipPackageDeclarations', () => {
  let lib: string;
  const MIT = 'MIT License\n\nCopyright (c) 2023 Jane Doe\n\nPermission is hereby granted...\n';

  beforeAll(() => {
    lib = join(work, 'ships');
    const files: Record<string, string | object> = {
      'package.json': { name: '@fx/ships', version: '1.0.0', type: 'module' },
      'THIRD_PARTY_NOTICES.md': 'fx-fetch and fx-helpers, under the MIT License.\n',
      // Bundled code whose types users should not install: ESM and CJS types, like openapi-fetch.
      'node_modules/fx-fetch/package.json': {
        name: 'fx-fetch',
        version: '2.1.0',
        license: 'MIT',
        exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs' } },
      },
      'node_modules/fx-fetch/LICENSE': MIT,
      'node_modules/fx-fetch/dist/index.d.mts':
        "import { Paths } from 'fx-helpers';\nexport interface Client<P extends Paths> { get(path: keyof P): void }\nexport type Lazy = import('fx-helpers').Paths;\n",
      'node_modules/fx-fetch/dist/index.d.cts': "export = 'the CJS form, not copied';\n",
      // fx-fetch's own dependency, only reachable from fx-fetch's folder.
      'node_modules/fx-fetch/node_modules/fx-helpers/package.json': {
        name: 'fx-helpers',
        version: '0.3.0',
        license: 'MIT',
        exports: { '.': { types: './index.d.ts', default: './index.js' } },
      },
      'node_modules/fx-fetch/node_modules/fx-helpers/index.d.ts':
        'export type Paths = Record<string, unknown>;\n',
      'node_modules/untold/package.json': { name: 'untold', version: '1.0.0', types: './i.d.ts' },
      'node_modules/untold/i.d.ts': 'export type U = 1;\n',
      'dist/.keep': '',
    };
    for (const [path, content] of Object.entries(files)) {
      const target = join(lib, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
    }
  });

  it("copies a package's ESM declarations under a licence header, its imports pointed at shipped copies", () => {
    const dist = join(lib, 'dist');
    expect(
      shipPackageDeclarations(dist, 'fx-helpers', {
        packageDir: lib,
        file: 'helpers',
        via: 'fx-fetch',
      }),
    ).toBe('helpers.d.cts');
    expect(
      shipPackageDeclarations(dist, 'fx-fetch', {
        packageDir: lib,
        file: 'fetch',
        specifiers: { 'fx-helpers': './helpers.cjs' },
      }),
    ).toBe('fetch.d.cts');
    expect(readFileSync(join(dist, 'fetch.d.cts'), 'utf8')).toBe(
      [
        '/*',
        ' * fx-fetch 2.1.0: its declarations (dist/index.d.mts),',
        ' * MIT License, Copyright (c) 2023 Jane Doe; the licence text is in THIRD_PARTY_NOTICES.md.',
        ' */',
        "import { Paths } from './helpers.cjs';",
        'export interface Client<P extends Paths> { get(path: keyof P): void }',
        "export type Lazy = import('./helpers.cjs').Paths;",
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dist, 'helpers.d.cts'), 'utf8')).toBe(
      '/*\n * fx-helpers 0.3.0: its declarations (index.d.ts),\n * MIT License; the licence text is in THIRD_PARTY_NOTICES.md.\n */\nexport type Paths = Record<string, unknown>;\n',
    );
  });

  it('refuses a copy that would import a package the user may not have', () => {
    expect(() =>
      shipPackageDeclarations(join(lib, 'dist'), 'fx-fetch', { packageDir: lib, file: 'fetch' }),
    ).toThrow(/fx-fetch's declarations import fx-helpers: ship its declarations too/);
  });

  it('refuses a package THIRD_PARTY_NOTICES.md does not name, and one that is not installed', () => {
    expect(() =>
      shipPackageDeclarations(join(lib, 'dist'), 'untold', { packageDir: lib, file: 'untold' }),
    ).toThrow(/THIRD_PARTY_NOTICES\.md must name untold/);
    writeFileSync(join(lib, 'THIRD_PARTY_NOTICES.md'), 'fx-fetch, fx-helpers and fx-absent.\n');
    expect(() =>
      shipPackageDeclarations(join(lib, 'dist'), 'fx-absent', { packageDir: lib, file: 'absent' }),
    ).toThrow(/fx-absent is not installed/);
  });
});

describe('redirectDeclarationImports', () => {
  it('points every import, re-export and import type of one package at a shipped file', () => {
    const dir = join(work, 'redirect');
    mkdirSync(dir, { recursive: true });
    const files = {
      'a.d.cts':
        "import { Client } from 'fx-fetch';\nimport 'fx-fetch';\nexport type { Middleware } from \"fx-fetch\";\nexport type Lazy = import('fx-fetch').Client;\n/** Not an import: `import { Client } from 'fx-fetch'`. */\nexport declare const c: Client;\n",
      'b.d.cts': "import { Other } from 'fx-fetch-extra';\nexport declare const o: Other;\n",
      'a.d.ts': "import { Client } from 'fx-fetch';\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    expect(redirectDeclarationImports(dir, 'fx-fetch', './fetch-client.cjs')).toEqual(['a.d.cts']);
    expect(readFileSync(join(dir, 'a.d.cts'), 'utf8')).toBe(
      "import { Client } from './fetch-client.cjs';\nimport './fetch-client.cjs';\nexport type { Middleware } from \"./fetch-client.cjs\";\nexport type Lazy = import('./fetch-client.cjs').Client;\n/** Not an import: `import { Client } from 'fx-fetch'`. */\nexport declare const c: Client;\n",
    );
    // Other packages, and files other than CJS declarations, are left alone.
    expect(readFileSync(join(dir, 'b.d.cts'), 'utf8')).toBe(files['b.d.cts']);
    expect(readFileSync(join(dir, 'a.d.ts'), 'utf8')).toBe(files['a.d.ts']);
  });
});
