import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

  // A name one output imports from another must be exported there: ESM fails
  // to link otherwise, CJS reads undefined. Both formats export the same names.
  it.each(SUBPATHS)(
    '@org/core/%s exports the same defined names from ESM and CJS',
    async (entry) => {
      const esm = (await import(pathToFileURL(join(dist, `${entry}.js`)).href)) as Record<
        string,
        unknown
      >;
      const cjs = createRequire(import.meta.url)(join(dist, `${entry}.cjs`)) as Record<
        string,
        unknown
      >;
      const names = Object.keys(esm).sort();
      expect(names.length).toBeGreaterThan(0);
      expect(Object.keys(cjs).sort()).toEqual(names);
      for (const name of names) {
        expect(esm[name], `${entry}.js ${name}`).toBeDefined();
        expect(cjs[name], `${entry}.cjs ${name}`).toBeDefined();
      }
    },
  );

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
