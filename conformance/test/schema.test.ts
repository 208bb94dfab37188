import { describe, expect, it } from 'vitest';
import { samplePattern } from '../src/schema/pattern-sample.js';
import { chooser, sampleValue } from '../src/schema/sample.js';
import { validateValue } from '../src/schema/validate.js';

const doc = {
  components: {
    schemas: {
      Sid: { type: 'string', pattern: '^SM[0-9a-fA-F]{32}$', minLength: 34, maxLength: 34 },
      Alias: { $ref: '#/components/schemas/Sid' },
      Message: {
        type: 'object',
        required: ['sid', 'status'],
        properties: {
          sid: { $ref: '#/components/schemas/Alias' },
          status: { type: 'string', enum: ['queued', 'sent'] },
          price: { type: 'string', nullable: true },
          segments: { type: 'integer', minimum: 1, maximum: 10 },
          sent: { type: 'string', format: 'date-time' },
          uri: { type: 'string', format: 'uri' },
          media: { type: 'array', items: { type: 'string', format: 'uri' } },
          secret: { type: 'string', writeOnly: true },
          created: { type: 'string', readOnly: true },
        },
      },
      Node: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } },
      },
    },
  },
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const sid = `SM${'a'.repeat(32)}`;

describe('validateValue', () => {
  it('accepts a value that matches, through a chain of refs', () => {
    expect(
      validateValue(doc, ref('Message'), { sid, status: 'sent', price: null }, 'body'),
    ).toEqual([]);
  });

  it('names each problem by path and rule', () => {
    const issues = validateValue(
      doc,
      ref('Message'),
      {
        sid: 'SMxyz',
        status: 'lost',
        segments: 11,
        sent: 'yesterday',
        uri: 'not a uri',
        media: ['/ok', 3],
      },
      'body',
    );
    expect(issues.map((i) => `${i.path} ${i.message}`)).toEqual([
      'body.sid is 5 characters; at least 34 required',
      'body.sid does not match the pattern ^SM[0-9a-fA-F]{32}$',
      'body.status is not one of the 2 enum values',
      'body.segments is above the maximum 10',
      'body.sent is not an RFC 3339 date-time',
      'body.uri is not a URI',
      'body.media[1] is an integer; the schema wants string',
    ]);
  });

  it('reports a missing required property and a null where null is not allowed', () => {
    const issues = validateValue(doc, ref('Message'), { status: null }, 'body');
    expect(issues.map((i) => i.path)).toEqual(['body.sid', 'body.status']);
  });

  it('never quotes the offending value', () => {
    const issues = validateValue(
      doc,
      ref('Message'),
      { sid: 'hunter2-password', status: 'hunter2' },
      'b',
    );
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });

  it('reports undeclared properties only when asked (requests), and always under additionalProperties: false', () => {
    const value = { sid, status: 'sent', 'MediaUrl[]': 'x' };
    expect(validateValue(doc, ref('Message'), value, 'body')).toEqual([]);
    expect(validateValue(doc, ref('Message'), value, 'body', { closed: true })).toEqual([
      { path: 'body["MediaUrl[]"]', message: 'is not a property the schema declares' },
    ]);
    expect(
      validateValue(doc, { type: 'object', additionalProperties: false }, { a: 1 }, 'x'),
    ).toHaveLength(1);
  });

  it('judges closedness on the union of allOf parts', () => {
    const schema = {
      allOf: [
        { properties: { a: { type: 'string' } } },
        { properties: { b: { type: 'integer' } } },
      ],
    };
    expect(validateValue(doc, schema, { a: 'x', b: 1 }, 'v', { closed: true })).toEqual([]);
    expect(validateValue(doc, schema, { a: 'x', c: 1 }, 'v', { closed: true })).toHaveLength(1);
  });

  it('holds JSON to exactly one oneOf branch and needs at least one anyOf branch', () => {
    const oneOf = { oneOf: [{ type: 'integer' }, { type: 'number' }] };
    expect(validateValue(doc, oneOf, 1.5, 'v')).toEqual([]);
    expect(validateValue(doc, oneOf, 2, 'v')[0]?.message).toBe(
      'matches 2 oneOf schemas; exactly one must match',
    );
    expect(
      validateValue(doc, { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, 1, 'v'),
    ).toHaveLength(1);
  });

  it('reads form and query strings as the schema type', () => {
    const schema = {
      type: 'object',
      properties: {
        n: { type: 'integer' },
        b: { type: 'boolean' },
        list: { type: 'array', items: { type: 'integer' } },
      },
    };
    const strings = { strings: true };
    expect(
      validateValue(doc, schema, { n: '12', b: 'true', list: ['1', '2'] }, 'f', strings),
    ).toEqual([]);
    expect(validateValue(doc, schema, { list: '7' }, 'f', strings)).toEqual([]);
    expect(
      validateValue(doc, schema, { n: '1.5', b: 'yes', list: ['x'] }, 'f', strings).map(
        (i) => i.path,
      ),
    ).toEqual(['f.n', 'f.b', 'f.list[0]']);
  });

  it('takes OpenAPI 3.1 type lists with null', () => {
    expect(validateValue(doc, { type: ['string', 'null'] }, null, 'v')).toEqual([]);
    expect(validateValue(doc, { type: ['string'] }, null, 'v')).toHaveLength(1);
  });

  it('reads uri loosely: absolute URIs and references from the root both pass', () => {
    for (const uri of [
      'https://api.example.com/x?y=1',
      '/2010-04-01/Accounts.json?Page=1',
      'urn:isbn:1',
    ])
      expect(validateValue(doc, { type: 'string', format: 'uri' }, uri, 'v')).toEqual([]);
  });
});

describe('sampleValue', () => {
  it('is deterministic per seed and valid against its schema', () => {
    const a = sampleValue(doc, ref('Message'), { direction: 'response', seed: 'x' });
    expect(sampleValue(doc, ref('Message'), { direction: 'response', seed: 'x' })).toEqual(a);
    expect(validateValue(doc, ref('Message'), a, 'sample')).toEqual([]);
    expect(sampleValue(doc, ref('Sid'), { direction: 'response', seed: 'y' })).not.toEqual(
      sampleValue(doc, ref('Sid'), { direction: 'response', seed: 'z' }),
    );
  });

  it('leaves readOnly fields out of requests and writeOnly fields out of responses', () => {
    const request = sampleValue(doc, ref('Message'), { direction: 'request', seed: 's' }) as object;
    const response = sampleValue(doc, ref('Message'), {
      direction: 'response',
      seed: 's',
    }) as object;
    expect(Object.keys(request)).toContain('secret');
    expect(Object.keys(request)).not.toContain('created');
    expect(Object.keys(response)).toContain('created');
    expect(Object.keys(response)).not.toContain('secret');
  });

  it('fills only required top-level fields for a minimal request, and sends lists of two', () => {
    expect(
      sampleValue(doc, ref('Message'), { direction: 'request', seed: 's', fill: 'required' }),
    ).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-fA-F]{32}$/),
      status: 'queued',
    });
    const full = sampleValue(doc, ref('Message'), { direction: 'request', seed: 's' }) as {
      media: unknown[];
    };
    expect(full.media).toHaveLength(2);
  });

  it('uses a declared example only when it validates', () => {
    expect(
      sampleValue(doc, { type: 'integer', example: 42 }, { direction: 'response', seed: '' }),
    ).toBe(42);
    expect(
      sampleValue(
        doc,
        { type: 'integer', minimum: 5, example: 'x' },
        { direction: 'response', seed: '' },
      ),
    ).toBe(5);
  });

  it('ends recursive schemas', () => {
    const node = sampleValue(doc, ref('Node'), { direction: 'response', seed: '' });
    expect(JSON.stringify(node).length).toBeLessThan(500);
    expect(validateValue(doc, ref('Node'), node, 'n')).toEqual([]);
  });
});

describe('samplePattern', () => {
  it('builds strings for the id patterns specs use', () => {
    for (const pattern of [
      '^AC[0-9a-fA-F]{32}$',
      '^(SM|MM)[0-9a-fA-F]{32}$',
      '^\\+?[1-9]\\d{1,14}$',
      '^[a-z]+(-[a-z]+)*$',
    ]) {
      const value = samplePattern(pattern, chooser(pattern));
      expect(value, pattern).toBeDefined();
      expect(new RegExp(pattern).test(value as string)).toBe(true);
    }
  });

  it('gives up on what it cannot build', () => {
    expect(samplePattern('^(?=.*\\d)\\w+$', chooser(''))).toBeUndefined();
    expect(samplePattern('^[^a]+$', chooser(''))).toBeUndefined();
  });
});
