import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  rotatingCredential,
  staticCredential,
} from '../../src/auth/index.js';
import { caught, json, type LocalServer, startServer, through } from './helpers.js';

let server: LocalServer;
let validToken = 'good';

beforeAll(async () => {
  server = await startServer({
    '/echo': (_request, response) => json(response, 200, { ok: true }),
    '/guarded': (request, response) =>
      request.headers.authorization === `Bearer ${validToken}`
        ? json(response, 200, { ok: true })
        : json(response, 401, { error: 'invalid_token' }),
  });
});
afterAll(() => server.close());

function last() {
  const request = server.received.at(-1);
  if (request === undefined) throw new Error('no request received');
  return request;
}

describe('basicAuth', () => {
  it('sends the RFC 7617 §2 example header', async () => {
    const call = through(basicAuth({ username: 'Aladdin', password: 'open sesame' }));
    await call(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes UTF-8 as RFC 7617 §2.1 shows (test:123£)', async () => {
    const call = through(basicAuth({ username: 'test', password: '123£' }));
    await call(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe('Basic dGVzdDoxMjPCow==');
  });

  it('allows an empty password (API key as username)', async () => {
    const call = through(basicAuth({ username: 'sk_test', password: '' }));
    await call(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe(`Basic ${btoa('sk_test:')}`);
  });

  it('reads a provider per call', async () => {
    let current = { username: 'a', password: '1' };
    const call = through(basicAuth({ get: () => current }));
    await call(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe(`Basic ${btoa('a:1')}`);
    current = { username: 'b', password: '2' };
    await call(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe(`Basic ${btoa('b:2')}`);
  });

  it("rejects a username with ':' at construction (RFC 7617 §2)", async () => {
    const error = await caught(() => basicAuth({ username: 'a:b', password: 'x' }));
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain("username contains ':'");
  });
});

describe('apiKeyAuth', () => {
  it('puts the key in the named header, with an optional prefix', async () => {
    await through(apiKeyAuth({ in: 'header', name: 'X-Api-Key', key: 'k-123' }))(
      new Request(`${server.url}/echo`),
    );
    expect(last().headers['x-api-key']).toBe('k-123');
    await through(
      apiKeyAuth({ in: 'header', name: 'Authorization', key: 'abc', prefix: 'Token ' }),
    )(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe('Token abc');
  });

  it('appends a percent-encoded query key and leaves the existing query bytes alone', async () => {
    const call = through(apiKeyAuth({ in: 'query', name: 'api key', key: 'a b&c=d+e/é' }));
    await call(new Request(`${server.url}/echo?q=hello%20world&DateSent%3C=2024-01-01#frag`));
    expect(last().url).toBe(
      '/echo?q=hello%20world&DateSent%3C=2024-01-01&api%20key=a%20b%26c%3Dd%2Be%2F%C3%A9',
    );
    await call(new Request(`${server.url}/echo`));
    expect(last().url).toBe('/echo?api%20key=a%20b%26c%3Dd%2Be%2F%C3%A9');
  });

  it('keeps method, headers and body when it rebuilds the request for a query key', async () => {
    const call = through(apiKeyAuth({ in: 'query', name: 'key', key: 'k' }));
    await call(
      new Request(`${server.url}/echo?a=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-trace': 't' },
        body: JSON.stringify({ hello: 'world' }),
      }),
    );
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/echo?a=1&key=k');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-trace']).toBe('t');
    expect(request.body).toBe('{"hello":"world"}');
  });

  it('rejects a header name that is not an HTTP token', async () => {
    const error = await caught(() => apiKeyAuth({ in: 'header', name: 'x api key', key: 'k' }));
    expect(error).toMatchObject({ code: 'configuration' });
  });

  it('rejects an unknown location', async () => {
    const error = await caught(() => apiKeyAuth({ in: 'cookie' as 'header', name: 'k', key: 'k' }));
    expect(error.message).toContain("'header' or 'query'");
  });
});

describe('bearerAuth', () => {
  it('sends Authorization: Bearer <token> (RFC 6750 §2.1)', async () => {
    await through(bearerAuth('abc.def'))(new Request(`${server.url}/echo`));
    expect(last().headers.authorization).toBe('Bearer abc.def');
  });

  it('returns a 401 as it is when the credential cannot be refreshed (static token)', async () => {
    const before = server.on('/guarded').length;
    const response = await through(bearerAuth(staticCredential('stale')))(
      new Request(`${server.url}/guarded`),
    );
    expect(response.status).toBe(401);
    expect(server.on('/guarded').length - before).toBe(1);
  });

  it('with a rotating provider, a 401 gets one refresh and one retry', async () => {
    let n = 0;
    validToken = 'r2';
    const provider = rotatingCredential(async () => ({ value: `r${++n}` }));
    const before = server.on('/guarded').length;
    const response = await through(bearerAuth(provider))(
      new Request(`${server.url}/guarded`, { method: 'PUT', body: 'payload' }),
    );
    expect(response.status).toBe(200);
    const sent = server.on('/guarded').slice(before);
    expect(sent.map((r) => r.headers.authorization)).toEqual(['Bearer r1', 'Bearer r2']);
    expect(sent.map((r) => r.body)).toEqual(['payload', 'payload']);
  });

  it('retryOn401: false returns the first 401', async () => {
    const provider = rotatingCredential(async () => ({ value: 'never-valid' }));
    const before = server.on('/guarded').length;
    const response = await through(bearerAuth(provider, { retryOn401: false }))(
      new Request(`${server.url}/guarded`),
    );
    expect(response.status).toBe(401);
    expect(server.on('/guarded').length - before).toBe(1);
  });

  it('rejects an empty token at construction', async () => {
    const error = await caught(() => bearerAuth(''));
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toBe('bearerAuth token is empty; set bearerAuth token.');
  });
});
