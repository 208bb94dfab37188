import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearerAuth, jwtAssertion } from '../../src/auth/index.js';
import { caught, clock, json, startServer, through } from './helpers.js';

let rsa: CryptoKeyPair;
let rsaPem: string;

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  rsaPem = await exportPKCS8(rsa.privateKey);
});

describe('jwtAssertion', () => {
  it('signs a JWT that jose verifies, with the registered claims RFC 7523 §3 asks for', async () => {
    const c = clock(Date.UTC(2025, 0, 1));
    const jwt = await jwtAssertion({
      privateKey: rsaPem,
      alg: 'RS256',
      issuer: 'client-123',
      audience: 'https://login.example.com/oauth2/token',
      ttlSec: 120,
      keyId: 'key-1',
      claims: { scope: 'read' },
      now: c.now,
    }).get();
    const { payload, protectedHeader } = await jwtVerify(jwt, rsa.publicKey, {
      issuer: 'client-123',
      subject: 'client-123',
      audience: 'https://login.example.com/oauth2/token',
      currentDate: new Date(c.now()),
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    expect(payload.iat).toBe(Date.UTC(2025, 0, 1) / 1000);
    expect(payload.exp).toBe(Date.UTC(2025, 0, 1) / 1000 + 120);
    expect(payload.scope).toBe('read');
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('caches the JWT until near expiry, then signs a new one', async () => {
    const c = clock(Date.UTC(2025, 0, 1));
    const provider = jwtAssertion({
      privateKey: rsaPem,
      alg: 'RS256',
      issuer: 'sa@project.iam.gserviceaccount.com',
      audience: 'https://pubsub.googleapis.com/',
      ttlSec: 3600,
      refreshBeforeMs: 60_000,
      now: c.now,
    });
    const first = await provider.get();
    c.advance(3_539_000);
    expect(provider.get()).toBe(first);
    c.advance(61_000); // expired: a new one is signed
    const second = await provider.get();
    expect(second).not.toBe(first);
    expect(
      (await jwtVerify(second, rsa.publicKey, { currentDate: new Date(c.now()) })).payload.iat,
    ).toBe(Date.UTC(2025, 0, 1) / 1000 + 3600);
  });

  it('accepts a private JWK and a CryptoKey (ES256, EdDSA)', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const fromJwk = await jwtAssertion({
      privateKey: await exportJWK(ec.privateKey),
      alg: 'ES256',
      issuer: 'i',
      audience: 'a',
    }).get();
    await expect(jwtVerify(fromJwk, ec.publicKey)).resolves.toBeDefined();
    const ed = await generateKeyPair('EdDSA');
    const fromKey = await jwtAssertion({
      privateKey: ed.privateKey,
      alg: 'EdDSA',
      issuer: 'i',
      audience: 'a',
    }).get();
    expect(decodeProtectedHeader(fromKey).alg).toBe('EdDSA');
    await expect(jwtVerify(fromKey, ed.publicKey)).resolves.toBeDefined();
  });

  it('works as a self-signed bearer token (Google service account style)', async () => {
    const server = await startServer({
      '/v1/topics': async (request, response) => {
        const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
        try {
          await jwtVerify(token, rsa.publicKey, { audience: 'https://pubsub.googleapis.com/' });
          json(response, 200, {});
        } catch {
          json(response, 401, {});
        }
      },
    });
    try {
      const provider = jwtAssertion({
        privateKey: rsaPem,
        alg: 'RS256',
        issuer: 'sa@p.iam.gserviceaccount.com',
        audience: 'https://pubsub.googleapis.com/',
      });
      const response = await through(bearerAuth(provider))(new Request(`${server.url}/v1/topics`));
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('explains a PKCS#1 PEM and how to convert it', async () => {
    const error = await caught(() =>
      jwtAssertion({
        privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----',
        alg: 'RS256',
        issuer: 'i',
        audience: 'a',
      }),
    );
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain('openssl pkcs8 -topk8 -nocrypt');
  });

  it('fails with a ConfigurationError when the key does not fit the alg', async () => {
    const provider = jwtAssertion({ privateKey: rsaPem, alg: 'ES256', issuer: 'i', audience: 'a' });
    const error = await caught(() => provider.get());
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain('could not be imported for alg ES256');
  });

  it('fails with a ConfigurationError when given a public JWK', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const provider = jwtAssertion({
      privateKey: await exportJWK(ec.publicKey),
      alg: 'ES256',
      issuer: 'i',
      audience: 'a',
    });
    const error = await caught(() => provider.get());
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain('could not sign with alg ES256');
  });

  it.each([
    [{ alg: 'none' }, 'needs alg'],
    [{ issuer: '' }, 'needs issuer'],
    [{ audience: '' }, 'needs audience'],
    [{ ttlSec: 0 }, 'ttlSec must be a positive number'],
    [{ privateKey: 'not a pem' }, 'must be a PKCS#8 PEM'],
  ])('%j -> %s', async (overrides, message) => {
    const error = await caught(() =>
      jwtAssertion({ privateKey: rsaPem, alg: 'RS256', issuer: 'i', audience: 'a', ...overrides }),
    );
    expect(error.message).toContain(message);
  });

  it('keeps jose off the import path: every static jose import in src/auth is type-only', () => {
    const dir = join(import.meta.dirname, '../../src/auth');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const line of source.split('\n')) {
        if (/^\s*import\b.*['"]jose['"]/.test(line)) expect(line).toMatch(/^\s*import type\b/);
      }
    }
  });
});
