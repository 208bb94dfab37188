import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet, typescriptBlocks } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const exportsMap = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'))
  .exports as Record<string, unknown>;
// Every public entry mapped to its source, so the examples check against what ships.
const paths = Object.fromEntries(
  Object.keys(exportsMap)
    .filter((key) => key !== './package.json')
    .map((key) => {
      const name = key === '.' ? '' : key.slice(2);
      return [
        `@org/core${name ? `/${name}` : ''}`,
        [path.join(packageDir, 'src', name, 'index.ts')],
      ];
    }),
);
const documents = [
  'README.md',
  ...readdirSync(path.join(packageDir, 'docs')).map((name) => `docs/${name}`),
];

describe('documentation examples compile', () => {
  const examples = documents.flatMap((document) =>
    typescriptBlocks(readFileSync(path.join(packageDir, document), 'utf8')).map(
      (source, index) => [`${document} #${index + 1}`, source] as const,
    ),
  );

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples)(
    '%s type-checks',
    (_name, source) => {
      expect(typeCheckSnippet(`${source}\nexport {};`, { packageDir, paths })).toEqual([]);
    },
    60_000,
  );

  it('would catch a wrong option (the check is real)', () => {
    const broken =
      "import { createTransport } from '@org/core/transport';\ncreateTransport({ vendor: 1 });\n";
    expect(typeCheckSnippet(broken, { packageDir, paths }).join('\n')).toMatch(
      /not assignable to type 'string'/,
    );
  }, 60_000);
});
