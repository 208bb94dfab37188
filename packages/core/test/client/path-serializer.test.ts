import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { createPathSerializer } from '../../src/client/path-serializer.js';

// The client's path serializer must give exactly what openapi-fetch's
// default gives, for every template and value, including those it hands back
// to the default.

const templates = [
  'https://api.test/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json',
  'https://api.test/v1/{tenant}/items/{id}/{id}',
  'https://api.test/{a}{b}/x',
  'https://api.test/static/path',
  'https://api.test/{.label}/{;matrix}/{list*}',
  'https://api.test/files/{path}/raw',
  'https://api.test/{tenant}/base/{tenant}',
];

const values: unknown[] = [
  'SM123',
  'a b/c?d#e%f&g=h+i',
  'é✓𝄞',
  '$&$1$`',
  '{id}',
  '',
  0,
  42.5,
  -1,
  true,
  false,
  undefined,
  null,
  ['x', 'y'],
  { k: 'v', n: 2 },
  10n,
];

function pick<T>(list: readonly T[], seed: number): T {
  return list[seed % list.length] as T;
}

describe('createPathSerializer', () => {
  it('matches openapi-fetch’s defaultPathSerializer on every template and value', () => {
    const serialize = createPathSerializer();
    const names = [
      'AccountSid',
      'Sid',
      'tenant',
      'id',
      'a',
      'b',
      'label',
      'matrix',
      'list',
      'path',
    ];
    let checked = 0;
    for (let seed = 0; seed < 5000; seed++) {
      const template = pick(templates, seed);
      const params: Record<string, unknown> = {};
      names.forEach((name, i) => {
        // Most calls fill every parameter with a primitive; some leave one out or use a composite.
        const value = pick(values, seed * 7 + i * 13);
        if (seed % 5 !== 0 || (typeof value !== 'object' && value !== undefined))
          params[name] = value;
      });
      expect(serialize(template, params), `${template} ${String(seed)}`).toBe(
        defaultPathSerializer(template, params),
      );
      checked++;
    }
    expect(checked).toBe(5000);
  });

  it('serializes a template again from its compiled parts, with other values', () => {
    const serialize = createPathSerializer();
    const template = 'https://api.test/Accounts/{AccountSid}/Messages/{Sid}.json';
    expect(serialize(template, { AccountSid: 'AC1', Sid: 'SM1' })).toBe(
      'https://api.test/Accounts/AC1/Messages/SM1.json',
    );
    expect(serialize(template, { AccountSid: 'AC 2', Sid: 7 })).toBe(
      'https://api.test/Accounts/AC%202/Messages/7.json',
    );
    // A missing value is left as the template has it, as openapi-fetch does.
    expect(serialize(template, { AccountSid: 'AC3' })).toBe(
      'https://api.test/Accounts/AC3/Messages/{Sid}.json',
    );
  });
});
