import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { staticImportGraph } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

// The layout of the build (tsup.config.ts): each source module is emitted in
// one output, the light subpaths re-export from dist/runtime.js, and the
// heavy subpaths keep the client runtime (openapi-fetch bundled in) off their import
// path. Read from the built files: static `import`/`export … from` edges
// only, so `import('jose')` is not an edge. Expects a build (`pnpm test`
// builds first).

const dist = join(import.meta.dirname, '..', 'dist');
const SUBPATHS = [
  'index',
  'errors',
  'transport',
  'client',
  'retry',
  'rate-limit',
  'auth',
  'serialization',
  'pagination',
  'streaming',
  'webhooks',
  'telemetry',
];
const FACADES = [
  'index',
  'client',
  'transport',
  'retry',
  'rate-limit',
  'serialization',
  'pagination',
];

function graph(entry: string): { files: string[]; packages: string[] } {
  const { files, packages } = staticImportGraph(join(dist, `${entry}.js`));
  return { files: files.map((file) => basename(file)), packages };
}

describe('build layout', () => {
  it('finds a build', () => {
    expect(existsSync(join(dist, 'runtime.js')), 'run `pnpm --filter @org/core build`').toBe(true);
  });

  it.each(FACADES)('%s.js only re-exports from the runtime and errors', (entry) => {
    const { files, packages } = graph(entry);
    expect(files[0]).toBe(`${entry}.js`);
    expect(files).toContain('runtime.js');
    expect(
      files.filter((file) => ![`${entry}.js`, 'runtime.js', 'errors.js'].includes(file)),
    ).toEqual([]);
    // openapi-fetch's code is bundled into runtime.js (tsup noExternal): no package edge.
    expect(packages).toEqual([]);
  });

  it('keeps the token and signing policies (auth.js) off the root and the client', () => {
    expect(graph('index').files).not.toContain('auth.js');
    expect(graph('client').files).not.toContain('auth.js');
    expect(graph('auth').files.sort()).toEqual(['auth.js', 'errors.js', 'runtime.js']);
  });

  it('loads jose only on demand, never at import', () => {
    for (const entry of SUBPATHS) expect(graph(entry).packages).not.toContain('jose');
  });

  it.each([
    ['errors', []],
    ['webhooks', ['errors.js']],
  ])('%s.js stays off the client runtime (loads %j)', (entry, others) => {
    const { files, packages } = graph(entry);
    expect(files).toEqual([`${entry}.js`, ...others]);
    expect(packages).toEqual([]);
  });

  // One copy of the code (tsup.base.ts): `require` gets the ES module itself
  // through require(esm), so a CommonJS and an ESM importer in one process
  // share classes and state (one CoreError, one limiter), and every name
  // import gives is there for require. Checked in a plain Node process: the
  // test runner's own module loader would give `import` another namespace.
  it('require() gives each subpath its ES module namespace itself', () => {
    const script = `
      const { createRequire } = await import('node:module');
      const require = createRequire(${JSON.stringify(`${dist}/`)});
      const out = {};
      for (const entry of ${JSON.stringify(SUBPATHS)}) {
        const esm = await import(${JSON.stringify(pathToFileURL(dist).href)} + '/' + entry + '.js');
        const cjs = require('./' + entry + '.cjs');
        out[entry] = {
          same: cjs === esm,
          names: Object.keys(esm).length,
          undefinedNames: Object.keys(esm).filter((name) => esm[name] === undefined),
        };
      }
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as Record<string, { same: boolean; names: number; undefinedNames: string[] }>;
    for (const entry of SUBPATHS) {
      expect(out[entry], entry).toMatchObject({ same: true, undefinedNames: [] });
      expect(out[entry]!.names, entry).toBeGreaterThan(0);
    }
  });

  // Node loads its fetch (undici, about 40 ms) the first time a fetch global
  // (Request, Response, Headers, fetch) is touched, and installs undici's
  // global dispatcher then: a module that touches one at import time (a
  // class extending Response, say) makes every client's import pay for it.
  it.each(['js', 'cjs'])('no subpath touches the fetch globals at import (%s)', (format) => {
    const files = SUBPATHS.map((entry) => join(dist, `${entry}.${format}`));
    const load =
      format === 'js'
        ? files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`)
        : files.map((file) => `require(${JSON.stringify(file)});`);
    const script = `${load.join('\n')}
      console.log(String(globalThis[Symbol.for('undici.globalDispatcher.1')] === undefined));`;
    const output = execFileSync(
      process.execPath,
      format === 'js' ? ['--input-type=module', '-e', script] : ['-e', script],
      { encoding: 'utf8' },
    );
    expect(output.trim()).toBe('true');
  });
});
