import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import { type FormEncodingMap, formEncode } from '../../src/serialization/index.js';

describe('formEncode', () => {
  const cases: Array<{
    name: string;
    body: Record<string, unknown>;
    encoding?: FormEncodingMap;
    expected: string;
  }> = [
    {
      name: 'primitives',
      body: { To: '+15551234567', Body: 'hi' },
      expected: 'To=%2B15551234567&Body=hi',
    },
    {
      name: 'space as plus, reserved chars encoded',
      body: { Body: 'a b&c=d/e?' },
      expected: 'Body=a+b%26c%3Dd%2Fe%3F',
    },
    {
      name: 'Twilio range names',
      body: { 'DateSent<': '2024-01-02', 'StartTime>': '2024-01-01T00:00:00Z' },
      expected: 'DateSent%3C=2024-01-02&StartTime%3E=2024-01-01T00%3A00%3A00Z',
    },
    {
      name: 'unicode',
      body: { Body: 'שלום ✓' },
      expected: 'Body=%D7%A9%D7%9C%D7%95%D7%9D+%E2%9C%93',
    },
    {
      name: 'array repeats its key by default (Twilio MediaUrl)',
      body: { MediaUrl: ['https://a.test/1.png', 'https://a.test/2.png'] },
      expected: 'MediaUrl=https%3A%2F%2Fa.test%2F1.png&MediaUrl=https%3A%2F%2Fa.test%2F2.png',
    },
    { name: 'empty array sends nothing', body: { MediaUrl: [], To: 'x' }, expected: 'To=x' },
    {
      name: 'array, form, explode false',
      body: { tags: ['a', 'b,c'] },
      encoding: { tags: { style: 'form', explode: false } },
      expected: 'tags=a%2Cb%2Cc',
    },
    {
      name: 'array, spaceDelimited',
      body: { tags: ['a', 'b'] },
      encoding: { tags: { style: 'spaceDelimited' } },
      expected: 'tags=a+b',
    },
    {
      name: 'array, pipeDelimited',
      body: { tags: ['a', 'b'] },
      encoding: { tags: { style: 'pipeDelimited' } },
      expected: 'tags=a%7Cb',
    },
    {
      name: 'array, pipeDelimited exploded repeats the key',
      body: { tags: ['a', 'b'] },
      encoding: { tags: { style: 'pipeDelimited', explode: true } },
      expected: 'tags=a&tags=b',
    },
    {
      name: 'object, form explode (OAS default) sends its members by their own names',
      body: { color: { R: 100, G: 200 } },
      expected: 'R=100&G=200',
    },
    {
      name: 'object, form explode false',
      body: { color: { R: 100, G: 200 } },
      encoding: { color: { explode: false } },
      expected: 'color=R%2C100%2CG%2C200',
    },
    {
      name: 'object, deepObject',
      body: { color: { R: 100, G: 200 } },
      encoding: { color: { style: 'deepObject' } },
      expected: 'color%5BR%5D=100&color%5BG%5D=200',
    },
    {
      name: 'deepObject nests and indexes arrays',
      body: { meta: { a: { b: 'c' }, list: ['x', { y: 1 }] } },
      encoding: { meta: { style: 'deepObject', explode: true } },
      expected: 'meta%5Ba%5D%5Bb%5D=c&meta%5Blist%5D%5B0%5D=x&meta%5Blist%5D%5B1%5D%5By%5D=1',
    },
    {
      name: 'contentType application/json sends one JSON field',
      body: { input_data: { request: { subject: 'Printer' } } },
      encoding: { input_data: { contentType: 'application/json; charset=utf-8' } },
      expected: 'input_data=%7B%22request%22%3A%7B%22subject%22%3A%22Printer%22%7D%7D',
    },
    {
      name: 'explicit style overrides contentType (OAS 3.1.1 §4.8.15)',
      body: { data: ['a', 'b'] },
      encoding: { data: { contentType: 'application/json', style: 'form' } },
      expected: 'data=a&data=b',
    },
    {
      name: 'booleans, numbers, bigint, Date',
      body: {
        ShortenUrls: true,
        Retry: false,
        ValidityPeriod: 14400,
        Big: 2n ** 64n,
        SendAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
      },
      expected:
        'ShortenUrls=true&Retry=false&ValidityPeriod=14400&Big=18446744073709551616&SendAt=2025-01-02T03%3A04%3A05.000Z',
    },
    {
      name: 'undefined is skipped',
      body: { To: 'x', StatusCallback: undefined },
      expected: 'To=x',
    },
    {
      name: 'null is sent as an empty value',
      body: { Body: null, To: 'x' },
      expected: 'Body=&To=x',
    },
    { name: 'empty string is kept (Twilio redaction)', body: { Body: '' }, expected: 'Body=' },
    {
      name: 'undefined array items skipped, null kept empty',
      body: { a: ['x', undefined, null] },
      expected: 'a=x&a=',
    },
    {
      name: 'encoding for an absent property is ignored',
      body: { a: '1' },
      encoding: { b: { style: 'deepObject' } },
      expected: 'a=1',
    },
    {
      name: 'null-prototype body',
      body: Object.assign(Object.create(null), { a: '1' }),
      expected: 'a=1',
    },
  ];

  it.each(cases)('$name', ({ body, encoding, expected }) => {
    const encoded = formEncode(body, encoding ? { encoding } : {});
    expect(encoded).toBe(expected);
  });

  it('round-trips through URLSearchParams with the original names', () => {
    const encoded = formEncode({ 'DateSent<': '2024-01-02', MediaUrl: ['a', 'b'] });
    const parsed = new URLSearchParams(encoded);
    expect(parsed.get('DateSent<')).toBe('2024-01-02');
    expect(parsed.getAll('MediaUrl')).toEqual(['a', 'b']);
  });

  const invalid: Array<{
    name: string;
    body: unknown;
    encoding?: FormEncodingMap;
    message: RegExp;
  }> = [
    { name: 'NaN', body: { n: Number.NaN }, message: /"n" is NaN/ },
    { name: 'Infinity', body: { n: Number.POSITIVE_INFINITY }, message: /finite number/ },
    { name: 'invalid Date', body: { d: new Date('nope') }, message: /invalid Date/ },
    { name: 'binary', body: { file: new Uint8Array(2) }, message: /Uint8Array.*multipart/ },
    { name: 'Blob', body: { file: new Blob(['x']) }, message: /Blob.*multipart/ },
    { name: 'function', body: { f: () => 1 }, message: /"f" is a function/ },
    {
      name: 'nested array in form style',
      body: { a: [['x']] },
      message: /"a" holds a nested array or object.*deepObject/,
    },
    {
      name: 'nested object inside exploded object',
      body: { o: { p: { q: 1 } } },
      message: /"o.p" holds a nested/,
    },
    { name: 'body not an object', body: ['a'], message: /plain object of fields/ },
  ];

  it.each(invalid)('rejects $name with InvalidRequestError', ({ body, encoding, message }) => {
    let caught: unknown;
    try {
      formEncode(body as Record<string, unknown>, encoding ? { encoding } : {});
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'invalid-request')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects a JSON-encoded field whose value JSON cannot write', () => {
    expect(() =>
      formEncode({ data: () => 1 }, { encoding: { data: { contentType: 'application/json' } } }),
    ).toThrow(/"data" cannot be written as JSON/);
  });

  it('never puts a field value in an error message', () => {
    expect(() => formEncode({ secret: [{ token: 'sk_live_123' }] })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('sk_live_123') }),
    );
  });
});
