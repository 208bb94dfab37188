import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors/index.js';
import { formBodySerializer, isFormContentType } from '../../src/serialization/index.js';
import { type LocalServer, sendJson, startLocalServer } from '../pagination/local-server.js';

interface Paths {
  '/2010-04-01/Accounts/{AccountSid}/Messages.json': {
    post: {
      parameters: { path: { AccountSid: string } };
      requestBody: { content: { 'application/x-www-form-urlencoded': Record<string, unknown> } };
      responses: { 201: { content: { 'application/json': { sid: string } } } };
    };
  };
  '/tickets/{id}': {
    patch: {
      parameters: { path: { id: number } };
      requestBody: { content: { 'application/json-patch+json': unknown[] } };
      responses: { 200: { content: { 'application/json': { ok: boolean } } } };
    };
  };
}

describe('isFormContentType', () => {
  it.each([
    ['application/x-www-form-urlencoded', true],
    ['application/x-www-form-urlencoded; charset=utf-8', true],
    ['Application/X-WWW-Form-URLEncoded;charset=UTF-8', true],
    ['  application/x-www-form-urlencoded ; charset=utf-8', true],
    ['multipart/form-data; boundary=x', false],
    ['application/json', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (contentType, expected) => {
    expect(isFormContentType(contentType)).toBe(expected);
  });
});

describe('formBodySerializer with openapi-fetch against a real server', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      if (req.method === 'POST') sendJson(res, 201, { sid: 'SM1' });
      else sendJson(res, 200, { ok: true });
    });
  });
  afterAll(() => server.close());

  it('sends a Twilio-style form body even with a "; charset" Content-Type', async () => {
    const client = createClient<Paths>({
      baseUrl: server.origin,
      bodySerializer: formBodySerializer(),
    });
    const { data } = await client.POST('/2010-04-01/Accounts/{AccountSid}/Messages.json', {
      params: { path: { AccountSid: 'AC123' } },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: {
        To: '+15551234567',
        From: '+15557654321',
        Body: 'Hello & welcome',
        MediaUrl: ['https://a.test/1.png', 'https://a.test/2.png'],
        StatusCallback: undefined,
      },
    });
    expect(data).toEqual({ sid: 'SM1' });
    const received = server.requests.at(-1)!;
    expect(received.headers['content-type']).toBe(
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(received.body).toBe(
      'To=%2B15551234567&From=%2B15557654321&Body=Hello+%26+welcome' +
        '&MediaUrl=https%3A%2F%2Fa.test%2F1.png&MediaUrl=https%3A%2F%2Fa.test%2F2.png',
    );
  });

  it('applies a per-call encoding map', async () => {
    const client = createClient<Paths>({ baseUrl: server.origin });
    await client.POST('/2010-04-01/Accounts/{AccountSid}/Messages.json', {
      params: { path: { AccountSid: 'AC123' } },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      bodySerializer: formBodySerializer({ encoding: { meta: { style: 'deepObject' } } }),
      body: { meta: { a: '1' } },
    });
    expect(server.requests.at(-1)!.body).toBe('meta%5Ba%5D=1');
  });

  it('validates and sends a JSON Patch body', async () => {
    const client = createClient<Paths>({
      baseUrl: server.origin,
      bodySerializer: formBodySerializer(),
    });
    const ops = [{ op: 'replace', path: '/status', value: 'open' }];
    await client.PATCH('/tickets/{id}', {
      params: { path: { id: 7 } },
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: ops,
    });
    const received = server.requests.at(-1)!;
    expect(received.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(received.body)).toEqual(ops);
  });

  it('refuses an invalid JSON Patch before anything is sent', async () => {
    const client = createClient<Paths>({
      baseUrl: server.origin,
      bodySerializer: formBodySerializer(),
    });
    const before = server.requests.length;
    await expect(
      client.PATCH('/tickets/{id}', {
        params: { path: { id: 7 } },
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: [{ op: 'add', path: '/status' }],
      }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests.length).toBe(before);
  });
});

describe('formBodySerializer dispatch', () => {
  const serialize = formBodySerializer();
  it('writes JSON when the Content-Type is JSON or absent', () => {
    expect(serialize({ a: 1 }, new Headers({ 'content-type': 'application/json' }))).toBe(
      '{"a":1}',
    );
    expect(serialize({ a: 1 })).toBe('{"a":1}');
    expect(serialize('x', {})).toBe('"x"');
  });
  it('passes FormData, URLSearchParams, binary and non-JSON strings through', () => {
    const form = new FormData();
    const params = new URLSearchParams('a=1');
    const bytes = new Uint8Array([1]);
    expect(serialize(form)).toBe(form);
    expect(serialize(params)).toBe(params);
    expect(serialize(bytes)).toBe(bytes);
    expect(serialize('a=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).toBe('a=1');
  });
  it('reads the Content-Type from a plain header record, any case', () => {
    expect(serialize({ a: [1, 2] }, { 'CONTENT-TYPE': 'application/x-www-form-urlencoded' })).toBe(
      'a=1&a=2',
    );
  });
  it('turns a JSON.stringify failure into InvalidRequestError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serialize(cyclic)).toThrow(InvalidRequestError);
  });
});
