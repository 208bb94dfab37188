import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCodegenError } from '../src/errors.js';
import { loadSpec } from '../src/spec/load.js';
import { brokenDir, runCli, STACK_LINE, tempDir } from './helpers.js';

const display = (file: string) => path.relative(brokenDir, file);

async function problem(file: string): Promise<string> {
  try {
    await loadSpec(path.join(brokenDir, file), { display });
  } catch (error) {
    expect(isCodegenError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${file} loaded without error`);
}

describe('broken specs fail with the file, line and JSON pointer', () => {
  it.each([
    {
      file: 'unresolved-ref.json',
      expected:
        'unresolved-ref.json:12:29: $ref "#/components/schemas/Pett" does not resolve (at /paths/~1pets/get/responses/200/content/application~1json/schema/$ref)',
    },
    {
      file: 'no-responses.yaml',
      expected:
        'no-responses.yaml:7:5: the operation has no "responses" object (at /paths/~1pets/get/responses)',
    },
    {
      file: 'bad-syntax.json',
      expected: 'bad-syntax.json:5:76: invalid JSON: Expected double-quoted property name',
    },
    {
      file: 'bad-syntax.yaml',
      expected: 'bad-syntax.yaml:11:1: invalid YAML: Missing closing "quote',
    },
    {
      file: 'missing-external.yaml',
      expected:
        'missing-external.yaml:10:11: $ref "./responses.yaml#/Ok": file not found (at /paths/~1pets/get/responses/200/$ref)',
    },
    {
      file: 'remote-ref.yaml',
      expected:
        'remote-ref.yaml:10:11: remote $ref "https://example.com/responses.yaml#/Ok" is not allowed; copy the file next to the spec and pin it (at /paths/~1pets/get/responses/200/$ref)',
    },
    {
      file: 'wrong-version.yaml',
      expected:
        'wrong-version.yaml:1:1: unsupported "openapi" version "4.0.0"; expected 3.0.x or 3.1.x (Swagger 2.0 is converted first) (at /openapi)',
    },
  ])('$file', async ({ file, expected }) => {
    expect(await problem(file)).toBe(expected);
  });

  it('the CLI prints the problem without a stack trace and exits 1', async () => {
    const root = await tempDir('broken');
    const run = await runCli([
      'new',
      'broken',
      '--spec',
      path.join(brokenDir, 'unresolved-ref.json'),
      '--root',
      root,
      '--quiet',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^codegen: .*unresolved-ref\.json:12:29: \$ref "#\/components\/schemas\/Pett" does not resolve/,
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
