import { describe, expect, it } from 'vitest';
import { findSchemaDrift, type JsonSchema } from '../../src/telemetry/index.js';

const message: JsonSchema = {
  type: 'object',
  required: ['sid', 'status', 'num_segments'],
  properties: {
    sid: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'sent', 'delivered'] },
    num_segments: { type: 'integer' },
    price: { type: 'number', nullable: true },
    tags: { type: 'array', items: { type: 'string' } },
    'error-code': { type: ['integer', 'null'] },
  },
};

describe('findSchemaDrift', () => {
  it('finds nothing in a conforming value and ignores extra properties', () => {
    expect(
      findSchemaDrift(message, {
        sid: 'SM1',
        status: 'sent',
        num_segments: 2,
        price: null,
        tags: ['a'],
        'error-code': null,
        added_in_2025: true,
      }),
    ).toEqual([]);
  });

  it('reports types, missing required fields and item types by path, never by value', () => {
    const issues = findSchemaDrift(message, {
      sid: 42,
      status: 'sent',
      price: 'secret-looking-string',
      tags: ['ok', 7],
      'error-code': 1.5,
    });
    expect(issues).toEqual([
      { path: '$.num_segments', kind: 'required', expected: 'present' },
      { path: '$.sid', kind: 'type', expected: 'string', received: 'integer' },
      { path: '$.price', kind: 'type', expected: 'number', received: 'string' },
      { path: '$.tags[1]', kind: 'type', expected: 'string', received: 'integer' },
      { path: '$["error-code"]', kind: 'type', expected: 'integer | null', received: 'number' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('secret-looking-string');
  });

  it('tolerates an unknown enum value but reports an enum of the wrong type', () => {
    expect(findSchemaDrift(message, { sid: 's', status: 'scheduled', num_segments: 1 })).toEqual([
      {
        path: '$.status',
        kind: 'enum',
        expected: 'a listed enum value',
        received: 'unlisted string',
        tolerated: true,
      },
    ]);
    expect(findSchemaDrift({ enum: ['a', 'b'] }, 3)).toEqual([
      { path: '$', kind: 'type', expected: 'enum of string', received: 'integer' },
    ]);
  });

  it('checks allOf parts and accepts any matching anyOf/oneOf branch', () => {
    const schema: JsonSchema = {
      allOf: [{ type: 'object', required: ['id'] }, { properties: { id: { type: 'string' } } }],
      oneOf: [
        { properties: { kind: { enum: ['sms'] }, to: { type: 'string' } }, required: ['to'] },
        {
          properties: { kind: { enum: ['email'] }, address: { type: 'string' } },
          required: ['address'],
        },
      ],
    };
    expect(findSchemaDrift(schema, { id: 'x', kind: 'email', address: 'a@b' })).toEqual([]);
    expect(findSchemaDrift(schema, { id: 1, kind: 'fax' })).toEqual([
      { path: '$.id', kind: 'type', expected: 'string', received: 'integer' },
      { path: '$', kind: 'schema', expected: 'one of 2 schemas', received: 'object' },
    ]);
  });

  it('stops at 20 issues', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'string' } };
    expect(
      findSchemaDrift(
        schema,
        Array.from({ length: 100 }, (_, i) => i),
      ),
    ).toHaveLength(20);
  });
});
