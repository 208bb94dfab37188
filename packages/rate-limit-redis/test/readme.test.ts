import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet, typescriptBlocks } from '@org/test-utils';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE_OPTIONS } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(path.join(packageDir, 'README.md'), 'utf8');
const check = (source: string) =>
  typeCheckSnippet(source, {
    packageDir,
    paths: { '@org/rate-limit-redis': [path.join(packageDir, 'src/index.ts')] },
  });

describe('README', () => {
  it('its example type-checks against the package source, and the check is real', () => {
    const example = typescriptBlocks(readme)[0] as string;
    expect(example).toContain("from '@org/rate-limit-redis'");
    expect(check(example)).toEqual([]);
    expect(
      check(example.replace('expectedProcesses: 4', "expectedProcesses: '4'")).join('\n'),
    ).toContain("Type 'string' is not assignable to type 'number'");
  }, 60_000);

  it('states every default as the code has it', () => {
    const row = (name: string) => new RegExp(`\\| \`${name}\` +\\| ([^|]+)\\|`).exec(readme)?.[1];
    expect(row('prefix')).toContain(`\`${DEFAULT_STORE_OPTIONS.prefix}\``);
    for (const name of [
      'expectedProcesses',
      'commandTimeoutMs',
      'connectTimeoutMs',
      'leaseMs',
      'pollMs',
      'windowMarginMs',
    ] as const) {
      const value = DEFAULT_STORE_OPTIONS[name].toLocaleString('en-US').replace(/,/g, ' ');
      expect(row(name)?.trim(), name).toBe(value);
    }
  });
});
