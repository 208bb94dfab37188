import { describe, expect, it } from 'vitest';
import { isCodegenError } from '../src/errors.js';
import { parsePack } from '../src/pack/load.js';

const FILE = 'specs/acme/pack.yaml';

const valid = `id: acme
name: Acme
description: Acme API.
npm: '@org/acme-client'
version: 1.0.0
spec: openapi.json
servers:
  default: https://api.acme.example
auth:
  type: bearer
retry:
  maxAttempts: 3
webhooks:
  - id: events
    scheme: github
    secret: webhookSecret
`;

function problem(source: string): string {
  try {
    parsePack(source, FILE);
  } catch (error) {
    expect(isCodegenError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('pack.yaml validation', () => {
  it('accepts a valid pack and fills defaults', () => {
    const pack = parsePack(valid, FILE);
    expect(pack.retry).toEqual({ maxAttempts: 3 });
    expect(pack.idempotency).toEqual({
      default: 'by-method',
      header: null,
      keys: [],
      operations: {},
    });
    expect(pack.pagination).toEqual([]);
  });

  it.each([
    {
      name: 'a number out of range',
      source: valid.replace('maxAttempts: 3', 'maxAttempts: 50'),
      expected: `${FILE}:12:3: Too big: expected number to be <=20 (field retry.maxAttempts)`,
    },
    {
      name: 'a misspelt key',
      source: valid.replace('retry:', 'retyr:'),
      expected: `${FILE}:11:1: Unrecognized key: "retyr" (field retyr)`,
    },
    {
      name: 'an unknown webhook scheme',
      source: valid.replace('scheme: github', 'scheme: hmac-md5'),
      expected: `${FILE}:15:5: Invalid option: expected one of "github"|"meta"|"shopify"|"zendesk"|"slack"|"stripe"|"twilio"|"standard-webhooks"|"jwt" (field webhooks.0.scheme)`,
    },
    {
      name: 'a URL that is not http(s)',
      source: valid.replace('default: https://api.acme.example', 'default: ftp://api.acme.example'),
      expected: `${FILE}:8:3: Invalid URL (field servers.default)`,
    },
    {
      name: 'an unscoped npm name',
      source: valid.replace("npm: '@org/acme-client'", 'npm: acme-client'),
      expected: `${FILE}:4:1: must be a scoped npm name like @org/x-client (field npm)`,
    },
  ])('names file, line and field for $name', ({ source, expected }) => {
    expect(problem(source)).toBe(expected);
  });

  it('points a missing required field at the object that lacks it', () => {
    expect(problem(valid.replace("npm: '@org/acme-client'\n", ''))).toBe(
      `${FILE}:1:1: Invalid input: expected string, received undefined (field npm)`,
    );
  });

  it('lists every problem when there are several', () => {
    const message = problem(
      valid.replace('maxAttempts: 3', 'maxAttempts: 0').replace('version: 1.0.0', 'version: one'),
    );
    expect(message).toContain(`${FILE}: 2 problems`);
    expect(message).toContain(`${FILE}:5:1: must be a semver version (field version)`);
    expect(message).toContain(
      `${FILE}:12:3: Too small: expected number to be >=1 (field retry.maxAttempts)`,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    // The parser notices the unclosed sequence where the input ends.
    expect(problem(`${valid}usage: [unclosed\n`)).toBe(
      `${FILE}:18:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
    expect(problem(`${valid}retry: {}\n`)).toBe(
      `${FILE}:17:1: invalid YAML: Map keys must be unique`,
    );
  });
});
