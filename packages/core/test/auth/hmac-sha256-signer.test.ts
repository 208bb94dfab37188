import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Signer, parseAcsConnectionString, signingPolicy } from '../../src/auth/index.js';
import {
  caught,
  json,
  type LocalServer,
  makeContext,
  type Received,
  startServer,
  through,
} from './helpers.js';

/*
 * Test vector for Azure Communication Services access-key signing, derived by
 * hand from Microsoft's published algorithm ("Sign an HTTP request",
 * learn.microsoft.com/azure/communication-services/tutorials/hmac-header-tutorial):
 *
 *   contentHash  = base64(SHA-256(body))
 *   date         = RFC 1123 date, sent as x-ms-date
 *   stringToSign = "POST\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentHash
 *   signature    = base64(HMAC-SHA256(key = base64decode(accessKey), UTF-8(stringToSign)))
 *   Authorization: "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature
 *
 * Inputs: the access key is base64("a fixed 32-byte test access key!") (32
 * bytes, like a real ACS key); the clock reads 2025-04-01T12:00:00Z; the
 * request is the SMS send of the vendor's API. The first test recomputes each
 * step with node:crypto; the hard-coded values were computed once that way, so
 * a regression in either the code or the test fails.
 */
const ACCESS_KEY = 'YSBmaXhlZCAzMi1ieXRlIHRlc3QgYWNjZXNzIGtleSE=';
const NOW = Date.UTC(2025, 3, 1, 12, 0, 0);
const URL_SMS = 'https://contoso.communication.azure.com/sms?api-version=2021-03-07';
const BODY = '{"from":"+18005550100","smsRecipients":[{"to":"+18005550101"}],"message":"Hello"}';
const EXPECTED = {
  date: 'Tue, 01 Apr 2025 12:00:00 GMT',
  contentHash: 'WbGC26/sab65mgPTKLCGSrDooXJ2pfCgpg0m8nf0td8=',
  authorization:
    'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=ADHwd4tSgT4DOvdRl6SM3AH+NKqlg/6Rlg7J7xIFKcQ=',
};

describe('hmacSha256Signer (Azure Communication Services)', () => {
  it('derives the published algorithm step by step', () => {
    const key = Buffer.from(ACCESS_KEY, 'base64');
    expect(key.toString('utf8')).toBe('a fixed 32-byte test access key!');
    const date = new Date(NOW).toUTCString();
    expect(date).toBe(EXPECTED.date);
    const contentHash = createHash('sha256').update(BODY, 'utf8').digest('base64');
    expect(contentHash).toBe(EXPECTED.contentHash);
    const stringToSign = `POST\n/sms?api-version=2021-03-07\n${date};contoso.communication.azure.com;${contentHash}`;
    const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('base64');
    expect(
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    ).toBe(EXPECTED.authorization);
  });

  it.each(['node', 'web'] as const)(
    'produces the vector with the %s crypto backend',
    async (backend) => {
      const sign = hmacSha256Signer({ accessKey: ACCESS_KEY, now: () => NOW, crypto: backend });
      const signed = await sign(
        new Request(URL_SMS, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: BODY,
        }),
        makeContext(),
      );
      expect(signed.headers.get('x-ms-date')).toBe(EXPECTED.date);
      expect(signed.headers.get('x-ms-content-sha256')).toBe(EXPECTED.contentHash);
      expect(signed.headers.get('authorization')).toBe(EXPECTED.authorization);
      expect(signed.headers.get('content-type')).toBe('application/json');
      expect(await signed.text()).toBe(BODY); // the body was read to hash it and is still sent
    },
  );

  it('hashes an empty body as SHA-256 of nothing, which ACS requires', async () => {
    const sign = hmacSha256Signer({ accessKey: ACCESS_KEY, now: () => NOW });
    const request = new Request(
      'https://contoso.communication.azure.com/emails/operations/op-1?api-version=2023-03-31',
    );
    const signed = await sign(request, makeContext());
    expect(signed).toBe(request); // no body to rebuild around: headers set in place
    expect(signed.headers.get('x-ms-content-sha256')).toBe(
      '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    );
    expect(signed.headers.get('authorization')).toBe(
      'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=efJy9xC6DhURN31ewdyLTCsK/uC4QzNIksfFEgYeU7w=',
    );
  });

  it('rejects an access key that is not base64 at construction', async () => {
    const error = await caught(() => hmacSha256Signer({ accessKey: 'not base64!' }));
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain('accessKey is not base64');
  });
});

describe('signingPolicy over the wire', () => {
  let server: LocalServer;
  /** An independent verifier: what the service recomputes from what it received. */
  function verify(request: Received): boolean {
    const contentHash = createHash('sha256').update(request.body, 'utf8').digest('base64');
    if (request.headers['x-ms-content-sha256'] !== contentHash) return false;
    const stringToSign = `${request.method}\n${request.url}\n${request.headers['x-ms-date']};${request.headers.host};${contentHash}`;
    const signature = createHmac('sha256', Buffer.from(ACCESS_KEY, 'base64'))
      .update(stringToSign)
      .digest('base64');
    return (
      request.headers.authorization ===
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`
    );
  }

  beforeAll(async () => {
    server = await startServer({
      '/sms': (request, response) => json(response, verify(request) ? 202 : 401, {}),
    });
  });
  afterAll(() => server.close());

  it('a server recomputing the signature from the received Host (with port), path, query and body accepts it', async () => {
    const call = through(signingPolicy(hmacSha256Signer({ accessKey: ACCESS_KEY })));
    const post = await call(
      new Request(`${server.url}/sms?api-version=2021-03-07&x=a%20b`, {
        method: 'POST',
        body: BODY,
      }),
    );
    expect(post.status).toBe(202);
    const get = await call(new Request(`${server.url}/sms?api-version=2021-03-07`));
    expect(get.status).toBe(202);
    expect(server.received.at(-2)?.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('signs every attempt afresh, with that attempt’s date', async () => {
    let t = NOW;
    const handler = signingPolicy(hmacSha256Signer({ accessKey: ACCESS_KEY, now: () => t })).wrap(
      (request) => fetch(request),
    );
    await handler(new Request(`${server.url}/sms`, { method: 'POST', body: '1' }), makeContext());
    t += 5_000;
    await handler(new Request(`${server.url}/sms`, { method: 'POST', body: '1' }), makeContext());
    const [a, b] = server.received.slice(-2);
    expect(a?.headers['x-ms-date']).toBe('Tue, 01 Apr 2025 12:00:00 GMT');
    expect(b?.headers['x-ms-date']).toBe('Tue, 01 Apr 2025 12:00:05 GMT');
    expect(a?.headers.authorization).not.toBe(b?.headers.authorization);
  });

  it('takes a rotating key from a provider', async () => {
    let key = 'AAAA';
    const call = through(signingPolicy(hmacSha256Signer({ accessKey: { get: () => key } })));
    expect((await call(new Request(`${server.url}/sms`))).status).toBe(401);
    key = ACCESS_KEY;
    expect((await call(new Request(`${server.url}/sms`))).status).toBe(202);
  });

  it('wraps a failing custom signer in an AuthError that keeps the cause', async () => {
    const cause = new Error('hsm offline');
    const call = through(
      signingPolicy(() => {
        throw cause;
      }),
    );
    const error = await caught(() => call(new Request(`${server.url}/sms`)));
    expect(error).toMatchObject({ code: 'auth-failed', cause });
    expect(error.message).toBe(
      'Signing the request to acme failed; see cause. Check the signer and its key.',
    );
  });
});

describe('parseAcsConnectionString', () => {
  it('reads endpoint and accesskey, case-insensitively, keeping = padding', () => {
    expect(
      parseAcsConnectionString(
        `Endpoint=https://contoso.communication.azure.com/;AccessKey=${ACCESS_KEY}`,
      ),
    ).toEqual({ endpoint: 'https://contoso.communication.azure.com', accessKey: ACCESS_KEY });
    expect(
      parseAcsConnectionString(
        `accesskey=${ACCESS_KEY};endpoint=https://contoso.communication.azure.com;`,
      ),
    ).toEqual({ endpoint: 'https://contoso.communication.azure.com', accessKey: ACCESS_KEY });
  });

  it.each([
    ['', 'is empty'],
    [`accesskey=${ACCESS_KEY}`, 'has no endpoint='],
    ['endpoint=https://contoso.communication.azure.com/', 'has no accesskey='],
    [`endpoint=contoso;accesskey=${ACCESS_KEY}`, 'endpoint is not a URL'],
    [`endpoint=http://contoso.communication.azure.com/;accesskey=${ACCESS_KEY}`, 'must use https'],
    ['endpoint=https://contoso.communication.azure.com/;accesskey=%%%', 'accesskey is not base64'],
  ])('%j -> ConfigurationError %s', async (input, message) => {
    const error = await caught(() => parseAcsConnectionString(input));
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain(message);
  });
});
