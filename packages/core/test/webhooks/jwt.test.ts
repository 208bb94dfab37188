import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/index.js';
import { createWebhookVerifier, isWebhookVerificationError } from '../../src/webhooks/index.js';
import { canonicalRequest } from '../../src/webhooks/schemes/query-string-hash.js';

const NOW = 1_700_000_000;
const now = () => NOW * 1000;
const SHARED = 'atlassian-shared-secret-0123456789';
const encoder = new TextEncoder();

async function verdict(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (isWebhookVerificationError(error)) return error.reason;
    throw error;
  }
}

function hs256(claims: Record<string, unknown>, secret = SHARED, alg = 'HS256') {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(encoder.encode(secret));
}

describe('jwt with a shared secret (Atlassian Connect)', () => {
  const qsh = (method: string, url: string) =>
    createHash('sha256').update(canonicalRequest(method, url)).digest('hex');
  const verifier = createWebhookVerifier('jwt', {
    secret: SHARED,
    algorithms: ['HS256'],
    issuer: 'jira:1234',
    qsh: true,
    now,
    replay: false,
  });
  const url = '/webhooks/issue?b=2&a=1&jwt=ignored';

  it('accepts a token whose qsh matches the method, path and query', async () => {
    const token = await hs256({
      iss: 'jira:1234',
      iat: NOW,
      exp: NOW + 180,
      qsh: qsh('POST', url),
    });
    const event = await verifier.verify({
      headers: { authorization: `JWT ${token}` },
      body: '{"issue":{"key":"ABC-1"}}',
      method: 'POST',
      url,
    });
    expect(event.claims).toMatchObject({ iss: 'jira:1234', qsh: qsh('POST', url) });
    expect(event.timestamp?.getTime()).toBe(NOW * 1000);
    expect(event.payload).toEqual({ issue: { key: 'ABC-1' } });
    expect(canonicalRequest('POST', url)).toBe('POST&/webhooks/issue&a=1&b=2');
  });

  it('rejects a token issued for another request, or a context token', async () => {
    const other = await hs256({ iss: 'jira:1234', exp: NOW + 180, qsh: qsh('GET', url) });
    const request = (token: string) => ({
      headers: { authorization: `JWT ${token}` },
      body: '',
      method: 'POST',
      url,
    });
    expect(await verdict(verifier.verify(request(other)))).toBe('bad-signature');
    const context = await hs256({ iss: 'jira:1234', exp: NOW + 180, qsh: 'context-qsh' });
    expect(await verdict(verifier.verify(request(context)))).toBe('bad-signature');
  });

  it('maps claim and time failures to reasons', async () => {
    const request = async (claims: Record<string, unknown>, secret?: string, alg?: string) => ({
      headers: {
        authorization: `Bearer ${await hs256({ qsh: qsh('POST', url), ...claims }, secret, alg)}`,
      },
      body: '',
      method: 'POST',
      url,
    });
    const base = { iss: 'jira:1234', exp: NOW + 180 };
    expect(await verdict(verifier.verify(await request({ ...base, iss: 'jira:9999' })))).toBe(
      'bad-signature',
    );
    expect(await verdict(verifier.verify(await request({ ...base, exp: NOW - 301 })))).toBe(
      'timestamp-too-old',
    );
    expect(await verdict(verifier.verify(await request({ ...base, exp: NOW - 299 })))).toBe(
      'accepted',
    );
    expect(await verdict(verifier.verify(await request({ ...base, nbf: NOW + 301 })))).toBe(
      'timestamp-in-future',
    );
    expect(
      await verdict(verifier.verify(await request(base, 'wrong-secret-0123456789abcdef'))),
    ).toBe('bad-signature');
    expect(await verdict(verifier.verify(await request(base, SHARED, 'HS512')))).toBe(
      'bad-signature',
    );
    expect(await verdict(verifier.verify({ headers: {}, body: '', method: 'POST', url }))).toBe(
      'missing-header',
    );
    expect(
      await verdict(verifier.verify({ headers: { authorization: 'JWT a.b' }, body: '' })),
    ).toBe('malformed-header');
    // A protected header without `alg` is not a JWS.
    expect(
      await verdict(
        verifier.verify({
          headers: { authorization: 'JWT e30.e30.AAAA' },
          body: '',
          method: 'POST',
          url,
        }),
      ),
    ).toBe('malformed-header');
  });

  it('tries each secret of a rotation', async () => {
    const rotating = createWebhookVerifier('jwt', {
      secret: ['next-secret-0123456789abcdef', SHARED],
      algorithms: ['HS256'],
      now,
    });
    const token = await hs256({ exp: NOW + 60, jti: 'j-1' });
    const event = await rotating.verify({
      headers: { authorization: `Bearer ${token}` },
      body: '',
    });
    expect(event.id).toBe('j-1');
    expect(
      await verdict(rotating.verify({ headers: { authorization: `Bearer ${token}` }, body: '' })),
    ).toBe('replayed');
  });

  it('reads a token carried as the body; its claims are the payload', async () => {
    const inBody = createWebhookVerifier('jwt', {
      secret: SHARED,
      algorithms: ['HS256'],
      tokenIn: 'body',
      now,
    });
    const token = await hs256({ notificationType: 'SUBSCRIBED', exp: NOW + 60 });
    const event = await inBody.verify({ headers: {}, body: `${token}\n` });
    expect(event.payload).toMatchObject({ notificationType: 'SUBSCRIBED' });
  });

  it('refuses dangerous configurations', () => {
    expect(() => createWebhookVerifier('jwt', { secret: SHARED, algorithms: [] })).toThrow(
      ConfigurationError,
    );
    expect(() => createWebhookVerifier('jwt', { secret: SHARED, algorithms: ['none'] })).toThrow(
      /not accepted/,
    );
    expect(() => createWebhookVerifier('jwt', { secret: SHARED, algorithms: ['RS256'] })).toThrow(
      /public key/,
    );
    expect(() =>
      createWebhookVerifier('jwt', { jwks: { keys: [] }, algorithms: ['RS256', 'HS256'] }),
    ).toThrow(/needs `secret`/);
    expect(() =>
      createWebhookVerifier('jwt', { secret: SHARED, jwks: { keys: [] }, algorithms: ['HS256'] }),
    ).toThrow(/exactly one/);
  });
});

describe('jwt with JWKS', () => {
  let first: { privateKey: CryptoKey; jwk: JWK };
  let second: { privateKey: CryptoKey; jwk: JWK };
  let served: JWK[] = [];
  let fetches = 0;
  let hang = false;
  const server = createServer((_req, res) => {
    fetches++;
    if (hang) return;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: served }));
  });
  let jwksUrl = '';

  async function keyPair(kid: string) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  }
  const es256 = (key: { privateKey: CryptoKey; jwk: JWK }, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid! })
      .sign(key.privateKey);

  beforeAll(async () => {
    first = await keyPair('k1');
    second = await keyPair('k2');
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('verifies against a local JWKS and names an unknown kid', async () => {
    const verifier = createWebhookVerifier('jwt', {
      jwks: { keys: [first.jwk] },
      algorithms: ['ES256'],
      audience: 'https://app.example',
      now,
    });
    const token = await es256(first, { aud: 'https://app.example', exp: NOW + 60 });
    await expect(
      verifier.verify({ headers: { authorization: `Bearer ${token}` }, body: '{}' }),
    ).resolves.toBeDefined();
    const wrongAudience = await es256(first, { aud: 'https://other.example', exp: NOW + 60 });
    const rejected = await verifier
      .verify({ headers: { authorization: `Bearer ${wrongAudience}` }, body: '{}' })
      .catch((e: unknown) => e);
    expect(isWebhookVerificationError(rejected, 'bad-signature')).toBe(true);
    expect((rejected as { details: { claim: string } }).details.claim).toBe('aud');
    const unknown = await es256(second, { aud: 'https://app.example', exp: NOW + 60 });
    expect(
      await verdict(
        verifier.verify({ headers: { authorization: `Bearer ${unknown}` }, body: '{}' }),
      ),
    ).toBe('no-secret');
  });

  it('fetches a remote JWKS once, caches it, and refetches for a rotated key', async () => {
    served = [first.jwk];
    fetches = 0;
    const verifier = createWebhookVerifier('jwt', {
      jwksUrl,
      algorithms: ['ES256'],
      jwksCooldownMs: 0,
      replay: false,
    });
    const now1 = Math.floor(Date.now() / 1000);
    const token = await es256(first, { exp: now1 + 60 });
    for (let i = 0; i < 3; i++) {
      await verifier.verify({ headers: { authorization: `Bearer ${token}` }, body: '{}' });
    }
    expect(fetches).toBe(1);
    served = [first.jwk, second.jwk];
    const rotated = await es256(second, { exp: now1 + 60 });
    await expect(
      verifier.verify({ headers: { authorization: `Bearer ${rotated}` }, body: '{}' }),
    ).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });

  it('answers a retryable no-secret when the JWKS cannot be fetched in time', async () => {
    hang = true;
    try {
      const verifier = createWebhookVerifier('jwt', {
        jwksUrl,
        algorithms: ['ES256'],
        jwksTimeoutMs: 50,
      });
      const token = await es256(first, { exp: Math.floor(Date.now() / 1000) + 60 });
      const error = await verifier
        .verify({ headers: { authorization: `Bearer ${token}` }, body: '{}' })
        .catch((e: unknown) => e);
      expect(isWebhookVerificationError(error, 'no-secret')).toBe(true);
      expect((error as { retryable: boolean }).retryable).toBe(true);
    } finally {
      hang = false;
    }
  });
});
