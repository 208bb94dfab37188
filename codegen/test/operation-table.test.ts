import { describe, expect, it } from 'vitest';
import type { PackContext } from '../src/generate/context.js';
import { type OperationMetadata, renderOperations } from '../src/generate/operations.js';

const ctx = { specDir: 'specs/example', specSha256: '0'.repeat(64) } as PackContext;

/** The table a generated operations.ts evaluates to. */
function evaluate(source: string): unknown {
  const expression = /= (JSON\.parse\([\s\S]*\));\n$/.exec(source)?.[1];
  if (!expression) throw new Error('no JSON.parse(...) initializer in the generated table');
  return new Function(`return ${expression};`)();
}

const rows: OperationMetadata[] = [
  { id: 'ListPets', method: 'GET', path: '/pets', idempotent: true, requestClass: 'read' },
  {
    id: 'CreatePet',
    method: 'POST',
    path: '/pets/{id}',
    idempotent: false,
    requestClass: 'write',
    requestContentTypes: ['application/x-www-form-urlencoded'],
    sensitive: ['request.password', 'response.tokens[].secret'],
  },
  // JSON escapes that String.raw must keep as written: quotes, backslashes, unicode.
  { id: 'Odd "quoted" \\ id ü', method: 'GET', path: '/a\\b\n', requestClass: 'read' },
];

describe('the generated operation table', () => {
  it('is JSON text with one row per line that evaluates to the table', () => {
    const source = renderOperations(ctx, rows);
    expect(source).toContain('JSON.parse(String.raw`[\n{"id":"ListPets",');
    expect(source.split('\n').filter((line) => line.startsWith('{"id":'))).toHaveLength(3);
    expect(evaluate(source)).toEqual(rows);
  });

  it.each(['`', '${'])('falls back to a string literal when a row holds %s', (text) => {
    const odd = [
      ...rows,
      { id: `tick ${text} id`, method: 'GET', path: '/t', requestClass: 'read' },
    ];
    const source = renderOperations(ctx, odd);
    expect(source).not.toContain('String.raw');
    expect(evaluate(source)).toEqual(odd);
  });
});
