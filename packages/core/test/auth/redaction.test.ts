import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  hmacSha256Signer,
  jwtAssertion,
  oauth2ClientCredentials,
  oauth2TokenProvider,
  parseAcsConnectionString,
} from '../../src/auth/index.js';
import { isCoreError } from '../../src/errors/index.js';
import {
  caught,
  expectNoCanary,
  json,
  type LocalServer,
  type Received,
  startServer,
  through,
} from './helpers.js';

/*
 * Every failing flow runs with unique canary credentials; the canary must not
 * appear in anything an error exposes (message, stack, cause chain, toJSON,
 * details, util.inspect).
 */
const canary = () => `CANARY${randomUUID().replaceAll('-', '')}`;

let server: LocalServer;
let tokenReply: (request: Received, response: ServerResponse) => void;

beforeAll(async () => {
  server = await startServer({
    '/token': (request, response) => tokenReply(request, response),
    '/api': (_request, response) => json(response, 200, {}),
  });
});
afterAll(() => server.close());

async function failure(fn: () => unknown): Promise<Error & { details?: Record<string, unknown> }> {
  const error = await caught(fn);
  expect(isCoreError(error)).toBe(true);
  return error;
}

describe('credentials never appear in errors', () => {
  it('basic auth: bad username, bad password, bad provider value', async () => {
    const secret = canary();
    expectNoCanary(await failure(() => basicAuth({ username: `u:${secret}`, password: 'p' })), [
      secret,
    ]);
    expectNoCanary(await failure(() => basicAuth({ username: 'u', password: `${secret}\n` })), [
      secret,
    ]);
    const call = through(basicAuth({ get: () => ({ username: 'u', password: `${secret}\r\n` }) }));
    expectNoCanary(await failure(() => call(new Request(`${server.url}/api`))), [secret]);
  });

  it('bearer and API key values that cannot travel in a header', async () => {
    const secret = canary();
    expectNoCanary(await failure(() => bearerAuth(`${secret}\n`)), [secret]);
    const bearer = through(bearerAuth({ get: () => `${secret}\ninjected: 1` }));
    expectNoCanary(await failure(() => bearer(new Request(`${server.url}/api`))), [secret]);
    expectNoCanary(
      await failure(() => apiKeyAuth({ in: 'header', name: 'x-key', key: `${secret}\0` })),
      [secret],
    );
    const apiKey = through(
      apiKeyAuth({ in: 'header', name: 'x-key', key: { get: () => `\n${secret}` } }),
    );
    expectNoCanary(await failure(() => apiKey(new Request(`${server.url}/api`))), [secret]);
  });

  it('OAuth2: a token endpoint that echoes the secret in error, error_description and an HTML page', async () => {
    const secret = canary();
    const clientId = 'client-1';
    const provider = () =>
      oauth2TokenProvider({ tokenUrl: `${server.url}/token`, clientId, clientSecret: secret });

    tokenReply = (_request, response) =>
      json(response, 401, {
        error: 'invalid_client',
        error_description: `secret ${secret} is wrong`,
      });
    const described = await failure(() => provider().get());
    expect(described.message).toContain('401 invalid_client');
    expect(described.details?.errorDescription).toBe('secret [redacted] is wrong');
    expectNoCanary(described, [secret]);

    tokenReply = (_request, response) => json(response, 400, { error: secret });
    expectNoCanary(await failure(() => provider().get()), [secret]);

    tokenReply = (_request, response) =>
      response
        .writeHead(500, { 'content-type': 'text/html' })
        .end(`<pre>client_secret=${secret}</pre>`);
    expectNoCanary(await failure(() => provider().get()), [secret]);
  });

  it('OAuth2 in body mode and private_key_jwt: the secret and the assertion stay out', async () => {
    const secret = canary();
    tokenReply = (request, response) =>
      json(response, 400, { error: 'invalid_request', error_description: `got ${request.body}` });
    const body = oauth2TokenProvider({
      tokenUrl: `${server.url}/token`,
      clientId: 'c',
      clientSecret: secret,
      clientAuthentication: 'body',
    });
    expectNoCanary(await failure(() => body.get()), [secret]);

    // Echoed form-encoded, and inside the Basic header value.
    const special = `${canary()} +&=/`;
    tokenReply = (request, response) =>
      json(response, 400, {
        error: 'invalid_request',
        error_description: `got ${request.body} with ${request.headers.authorization}`,
      });
    for (const clientAuthentication of ['body', 'basic'] as const) {
      const provider = oauth2TokenProvider({
        tokenUrl: `${server.url}/token`,
        clientId: 'c',
        clientSecret: special,
        clientAuthentication,
      });
      const error = await failure(() => provider.get());
      expectNoCanary(error, [
        special,
        special.slice(0, 38),
        btoa(`c:${encodeURIComponent(special)}`),
      ]);
    }

    const assertion = canary();
    tokenReply = (_request, response) =>
      json(response, 400, {
        error: 'invalid_grant',
        error_description: `bad assertion ${assertion}`,
      });
    const jwt = oauth2TokenProvider({
      tokenUrl: `${server.url}/token`,
      clientId: 'c',
      clientAssertion: { get: () => assertion },
    });
    expectNoCanary(await failure(() => jwt.get()), [assertion]);
  });

  it('OAuth2: an issued token never appears, whatever its shape', async () => {
    const token = canary();
    tokenReply = (_request, response) =>
      json(response, 200, { access_token: token, token_type: token });
    expectNoCanary(
      await failure(() =>
        oauth2TokenProvider({
          tokenUrl: `${server.url}/token`,
          clientId: 'c',
          clientSecret: 's',
        }).get(),
      ),
      [token],
    );
    tokenReply = (_request, response) =>
      json(response, 200, { access_token: `${token}\r\nx-injected: 1`, token_type: 'Bearer' });
    const call = through(
      oauth2ClientCredentials({
        tokenUrl: `${server.url}/token`,
        clientId: 'c',
        clientSecret: 's',
      }),
    );
    expectNoCanary(await failure(() => call(new Request(`${server.url}/api`))), [token]);
  });

  it('OAuth2: unreachable or slow endpoints, with a secret in the token URL query', async () => {
    const secret = canary();
    const refused = oauth2TokenProvider({
      tokenUrl: `http://127.0.0.1:1/token?code=${secret}`,
      clientId: 'c',
      clientSecret: secret,
    });
    expectNoCanary(await failure(() => refused.get()), [secret]);
    tokenReply = () => {};
    const slow = oauth2TokenProvider({
      tokenUrl: `${server.url}/token?code=${secret}`,
      clientId: 'c',
      clientSecret: secret,
      tokenTimeoutMs: 30,
    });
    expectNoCanary(await failure(() => slow.get()), [secret]);
  });

  it('ACS: malformed connection strings and keys', async () => {
    const key = `${canary()}==`;
    expectNoCanary(
      await failure(() => parseAcsConnectionString(`endpoint=nope;accesskey=${key}`)),
      [key],
    );
    expectNoCanary(
      await failure(() => parseAcsConnectionString(`endpoint=https://x;accesskey=${key}!`)),
      [key],
    );
    expectNoCanary(await failure(() => parseAcsConnectionString(`accesskey=${key}`)), [key]);
    expectNoCanary(await failure(() => hmacSha256Signer({ accessKey: `${key}!` })), [key]);
  });

  it('JWT assertion: unreadable private keys', async () => {
    const secret = canary();
    const pem = `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----`;
    expectNoCanary(
      await failure(() =>
        jwtAssertion({ privateKey: pem, alg: 'RS256', issuer: 'i', audience: 'a' }).get(),
      ),
      [secret],
    );
    const jwk = { kty: 'EC', crv: 'P-256', d: secret, x: secret, y: secret };
    expectNoCanary(
      await failure(() =>
        jwtAssertion({ privateKey: jwk, alg: 'ES256', issuer: 'i', audience: 'a' }).get(),
      ),
      [secret],
    );
  });
});
