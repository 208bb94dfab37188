import { createHash, createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Signer, oauth2ClientCredentials, signingPolicy } from '../../src/auth/index.js';
import { createTransport, defaultPolicies } from '../../src/transport/index.js';
import { json, type LocalServer, type Received, startServer } from './helpers.js';

/*
 * The auth policies in the transport's default order (retry ─► rate limit ─►
 * auth ─► signing ─► send), against a real server that fails the first
 * attempt of every call with a 503.
 */
const ACCESS_KEY = 'YSBmaXhlZCAzMi1ieXRlIHRlc3QgYWNjZXNzIGtleSE=';
let server: LocalServer;
let attemptsOnPath = new Map<string, number>();

function failFirst(request: Received): boolean {
  const n = (attemptsOnPath.get(request.url) ?? 0) + 1;
  attemptsOnPath.set(request.url, n);
  return n === 1;
}

function validSignature(request: Received): boolean {
  const hash = createHash('sha256').update(request.body).digest('base64');
  const toSign = `${request.method}\n${request.url}\n${request.headers['x-ms-date']};${request.headers.host};${hash}`;
  const signature = createHmac('sha256', Buffer.from(ACCESS_KEY, 'base64'))
    .update(toSign)
    .digest('base64');
  return (
    request.headers['x-ms-content-sha256'] === hash &&
    request.headers.authorization ===
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`
  );
}

beforeAll(async () => {
  server = await startServer({
    '/token': (_request, response) =>
      json(response, 200, { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 }),
    '/api': (request, response) => {
      if (failFirst(request)) return json(response, 503, {});
      json(response, request.headers.authorization === 'Bearer tok' ? 200 : 401, {});
    },
    '/sms': (request, response) => {
      if (failFirst(request)) return json(response, 503, {});
      json(response, validSignature(request) ? 202 : 401, {});
    },
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.received.length = 0;
  attemptsOnPath = new Map();
});

describe('auth inside the default transport pipeline', () => {
  it('OAuth2: a retried call reuses the one cached token', async () => {
    const transport = createTransport({
      vendor: 'acme',
      policies: defaultPolicies({
        retry: { baseDelayMs: 1 },
        auth: oauth2ClientCredentials({
          tokenUrl: `${server.url}/token`,
          clientId: 'c',
          clientSecret: 's',
        }),
      }),
    });
    const response = await transport(`${server.url}/api?n=1`);
    expect(response.status).toBe(200);
    expect(server.on('/api').map((r) => r.headers.authorization)).toEqual([
      'Bearer tok',
      'Bearer tok',
    ]);
    expect(server.on('/token')).toHaveLength(1);
  });

  it('ACS signing: each attempt of a retried POST is signed over the same body', async () => {
    const transport = createTransport({
      vendor: 'acs',
      policies: defaultPolicies({
        retry: {
          baseDelayMs: 1,
          idempotencyHeader: 'repeatability-request-id',
          generateIdempotencyKey: true,
        },
        signing: signingPolicy(hmacSha256Signer({ accessKey: ACCESS_KEY })),
      }),
    });
    const body = JSON.stringify({ message: 'hello' });
    const response = await transport(`${server.url}/sms?api-version=2021-03-07`, {
      method: 'POST',
      body,
    });
    expect(response.status).toBe(202);
    const attempts = server.on('/sms');
    expect(attempts.map((r) => r.body)).toEqual([body, body]);
    expect(attempts.every(validSignature)).toBe(true);
  });
});
