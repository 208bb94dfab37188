import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffSurface, packageSurface } from '../src/packaging/api-surface.js';
import { pendingBumps } from '../src/packaging/changesets.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A built package as tsup lays it out: entries importing a shared declaration chunk under short aliases. */
function packageWith(options: { optionsBody: string; extra?: string; version?: string }): string {
  dir = mkdtempSync(join(tmpdir(), 'surface-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@org/x-client',
      version: options.version ?? '1.0.0',
      exports: {
        '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } },
        './sms': { import: { types: './dist/sms.d.ts', default: './dist/sms.js' } },
      },
    }),
  );
  writeFileSync(
    join(dir, 'dist', 'chunk-ab12.d.ts'),
    `interface XOptions {\n  /** The key. */\n  ${options.optionsBody}\n}\ndeclare function createXClient(options: XOptions): unknown;\ninterface paths { "/a": { get: unknown } }\nexport { type XOptions as a, createXClient as c, type paths as p };\n`,
  );
  writeFileSync(
    join(dir, 'dist', 'index.d.ts'),
    `import { a as XOptions, p as paths } from './chunk-ab12.js';\nexport { c as createXClient } from './chunk-ab12.js';\nexport { paginate } from '@org/core/pagination';\ndeclare const manifest: { readonly version: "${options.version ?? '1.0.0'}"; readonly retry: { readonly maxAttempts: 4 } };\n${options.extra ?? ''}\nexport { manifest, type XOptions, type paths };\n`,
  );
  writeFileSync(
    join(dir, 'dist', 'sms.d.ts'),
    'export declare function createXSmsSender(): void;\n',
  );
  return dir;
}

describe('packageSurface', () => {
  it('follows exports through declaration chunks and subpaths, and keeps external re-exports by name', () => {
    const surface = packageSurface(packageWith({ optionsBody: 'readonly apiKey?: string;' }));
    expect(Object.keys(surface)).toEqual([
      'createXClient',
      'manifest',
      'manifest.retry',
      'manifest.retry.maxAttempts',
      'manifest.version',
      'paginate',
      'paths',
      'sms/createXSmsSender',
      'XOptions',
      'XOptions.apiKey',
    ]);
    expect(surface.paginate).toBe('reexport:@org/core/pagination#paginate');
    expect(surface.paths).toBe('interface:spec');
  });

  it('ignores comments and the values of declared constants, which change every release', () => {
    const before = packageSurface(
      packageWith({ optionsBody: 'readonly apiKey?: string;', version: '1.0.0' }),
    );
    rmSync(dir, { recursive: true });
    const after = packageSurface(
      packageWith({ optionsBody: '  readonly   apiKey?: string;', version: '1.1.0' }),
    );
    expect(diffSurface(before, after)).toEqual({ removed: [], changed: [], added: [] });
  });

  it('tells a break (removed or changed) from an addition', () => {
    const before = packageSurface(packageWith({ optionsBody: 'readonly apiKey?: string;' }));
    rmSync(dir, { recursive: true });
    const after = packageSurface(
      packageWith({
        optionsBody: 'readonly apiKey: string;',
        extra: 'export declare function helper(): void;',
      }),
    );
    expect(diffSurface(before, after)).toEqual({
      removed: [],
      changed: ['XOptions.apiKey'],
      added: ['helper'],
    });
    rmSync(dir, { recursive: true });
    const removed = packageSurface(packageWith({ optionsBody: 'readonly token?: string;' }));
    expect(diffSurface(before, removed)).toEqual({
      removed: ['XOptions.apiKey'],
      changed: [],
      added: ['XOptions.token'],
    });
  });
});

describe('pendingBumps', () => {
  it('reads the bump each pending changeset asks for the package', () => {
    dir = mkdtempSync(join(tmpdir(), 'changesets-'));
    writeFileSync(join(dir, 'README.md'), '---\n"@org/x-client": major\n---\nnot a changeset');
    writeFileSync(
      join(dir, 'one.md'),
      '---\n"@org/x-client": minor\n"@org/core": major\n---\n\nAdds things.\n',
    );
    writeFileSync(join(dir, 'two.md'), "---\n'@org/x-client': major\n---\nBreaks things.\n");
    expect(pendingBumps(dir, '@org/x-client').sort()).toEqual(['major', 'minor']);
    expect(pendingBumps(dir, '@org/core')).toEqual(['major']);
    expect(pendingBumps(join(dir, 'missing'), '@org/core')).toEqual([]);
  });
});
