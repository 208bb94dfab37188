import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLayout, LAYOUTS, SHIPPED } from '../lib/dist-layouts.mjs';

// The layout bench/layout-variants.mjs derives from a dual build (the CJS
// build behind ES module wrappers), on a small dual package shaped like a
// tsup build: two entries, one importing the other, and a code-split chunk
// each format has of its own. It must give `import` and `require` the same
// names, and keep a single copy of the code: one module instance for both
// loaders, where the dual build has two.

let work: string;
afterEach(() => rmSync(work, { recursive: true, force: true }));

function dualPackage(): { app: string; pkg: string } {
  work = mkdtempSync(join(tmpdir(), 'org-layouts-test-'));
  const pkg = join(work, 'node_modules', 'dual');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'dual',
      type: 'module',
      exports: {
        '.': { import: './dist/index.js', require: './dist/index.cjs' },
        './extra': { import: './dist/extra.js', require: './dist/extra.cjs' },
      },
    }),
    'dist/chunk-E.js': 'export const state = { loads: 0 };\n',
    'dist/chunk-C.cjs': 'exports.state = { loads: 0 };\n',
    'dist/index.js': `import { state } from './chunk-E.js';\nstate.loads++;\nexport const format = 'esm';\nexport function loads() { return state.loads; }\nexport { state };\n`,
    'dist/index.cjs': `const { state } = require('./chunk-C.cjs');\nstate.loads++;\nexports.format = 'cjs';\nexports.loads = () => state.loads;\nexports.state = state;\n`,
    'dist/extra.js': `export { format } from './index.js';\nexport const extra = 1;\n`,
    'dist/extra.cjs': `exports.format = require('./index.cjs').format;\nexports.extra = 1;\n`,
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(pkg, file), text);
  return { app: work, pkg };
}

/** What `import` and `require` give a program in `app`: names, format, and whether both see one state object. */
function load(app: string) {
  const script = `
    const esm = await import('dual');
    const cjs = (await import('node:module')).createRequire(process.cwd() + '/')('dual');
    const extra = await import('dual/extra');
    console.log(JSON.stringify({
      esmNames: Object.keys(esm).sort(),
      cjsNames: Object.keys(cjs).filter((n) => n !== '__esModule').sort(),
      formats: [esm.format, cjs.format, extra.format],
      oneInstance: esm.state === cjs.state,
    }));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
      encoding: 'utf8',
    }),
  );
}

describe('single-format layouts of a dual package', () => {
  it('the dual build has two copies: one state per format', () => {
    const { app } = dualPackage();
    expect(load(app)).toEqual({
      esmNames: ['format', 'loads', 'state'],
      cjsNames: ['format', 'loads', 'state'],
      formats: ['esm', 'cjs', 'esm'],
      oneInstance: false,
    });
  });

  it.each([
    ['cjs-esm-wrapper', 'cjs', ['chunk-C.cjs', 'extra.cjs', 'extra.js', 'index.cjs', 'index.js']],
  ])('%s: one copy of the code (%s) serves import and require', (layout, format, kept) => {
    const { app, pkg } = dualPackage();
    applyLayout(layout, [pkg], app);
    expect(readdirSync(join(pkg, 'dist')).sort()).toEqual(kept);
    expect(load(app)).toEqual({
      esmNames: ['format', 'loads', 'state'],
      cjsNames: ['format', 'loads', 'state'],
      formats: [format, format, format],
      oneInstance: true,
    });
  });

  it('names every layout it knows and refuses others', () => {
    expect(LAYOUTS).toEqual(['esm-require-shim', 'dual', 'cjs-esm-wrapper']);
    expect(SHIPPED).toBe('esm-require-shim');
    const { app, pkg } = dualPackage();
    expect(() => applyLayout('esm-only', [pkg], app)).toThrow(/unknown layout esm-only/);
    // The shipped layout comes from the build (tsup.base.ts), not from a dual one.
    expect(() => applyLayout(SHIPPED, [pkg], app)).toThrow(/what the build ships/);
  });
});
