import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckSnippet, typescriptBlocks } from '@org/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Every entry mapped to its source, so the examples check against what ships.
const paths = {
  '@org/acs-client': [path.join(packageDir, 'src/index.ts')],
  '@org/acs-client/sms': [path.join(packageDir, 'src/sms.ts')],
  '@org/acs-client/event-grid': [path.join(packageDir, 'src/event-grid.ts')],
};
const examples = typescriptBlocks(readFileSync(path.join(packageDir, 'README.md'), 'utf8'));

describe('README examples', () => {
  it('cover the client, the SmsSender adapter and the Event Grid endpoint', () => {
    expect(examples).toHaveLength(3);
    expect(examples[0]).toContain("acs.POST('/sms', {");
    expect(examples[1]).toContain('createAcsSmsSender({');
    expect(examples[2]).toContain('readEventGridDelivery(request)');
  });

  it.each(examples.map((source, index) => [index + 1, source] as const))(
    'example %i type-checks',
    (_index, source) => {
      expect(typeCheckSnippet(`${source}\nexport {};`, { packageDir, paths })).toEqual([]);
    },
    60_000,
  );

  it('would catch a wrong field type (the check is real)', () => {
    const broken = (examples[0] as string).replace("message: 'Your code is 123456'", 'message: 42');
    expect(typeCheckSnippet(`${broken}\nexport {};`, { packageDir, paths }).join('\n')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  }, 60_000);
});
