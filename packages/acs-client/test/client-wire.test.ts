import { createHash, createHmac } from 'node:crypto';
import { isCoreError } from '@org/core/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACS_SMS_API_VERSION, createAcsClient } from '../src/index.js';
import { type AcsSimulator, startAcsSimulator } from './support/acs-simulator.js';
import { hostPreservingFetch } from './support/host-fetch.js';

/*
 * The ACS access-key signature on the wire, through the generated client,
 * checked against a vector derived by hand from Microsoft's published
 * algorithm ("Sign an HTTP request",
 * https://learn.microsoft.com/azure/communication-services/tutorials/hmac-header-tutorial):
 *
 *   x-ms-date            = the request time, RFC 1123           -> "Sun, 01 Mar 2026 08:30:00 GMT"
 *   x-ms-content-sha256  = base64(SHA-256(body bytes))
 *   stringToSign         = "POST" + "\n" + "/sms?api-version=2021-03-07" + "\n"
 *                          + x-ms-date + ";" + "contoso.communication.azure.com" + ";" + x-ms-content-sha256
 *   signature            = base64(HMAC-SHA256(base64decode(accessKey), UTF-8(stringToSign)))
 *   Authorization        = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature
 *
 * Inputs: the key is base64 of the 32 ASCII bytes "acs-client: a 32-byte
 * test key.." (a real key is 32 random bytes); the clock reads
 * 2026-03-01T08:30:00Z; the body is the JSON the client writes for BODY
 * (keys in the order given, no spaces). The expected values below were
 * computed once with an independent implementation (Python's hashlib and
 * hmac over the same strings); the first test re-derives them step by step
 * with node:crypto, the second checks that the generated client puts exactly
 * them on the wire and that the simulator, recomputing from the bytes it
 * received, accepts them.
 */
const ACCESS_KEY = 'YWNzLWNsaWVudDogYSAzMi1ieXRlIHRlc3Qga2V5Li4=';
const NOW = Date.UTC(2026, 2, 1, 8, 30, 0);
const ENDPOINT = 'https://contoso.communication.azure.com';
const BODY = {
  from: '+18005550100',
  smsRecipients: [
    {
      to: '+14255550123',
      repeatabilityRequestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      repeatabilityFirstSent: 'Sun, 01 Mar 2026 08:30:00 GMT',
    },
  ],
  message: 'Your code is 123456',
  smsSendOptions: { enableDeliveryReport: true, tag: 'order-42' },
};
const BODY_TEXT =
  '{"from":"+18005550100","smsRecipients":[{"to":"+14255550123","repeatabilityRequestId":"0f8fad5b-d9cb-469f-a165-70867728950e","repeatabilityFirstSent":"Sun, 01 Mar 2026 08:30:00 GMT"}],"message":"Your code is 123456","smsSendOptions":{"enableDeliveryReport":true,"tag":"order-42"}}';
const EXPECTED = {
  date: 'Sun, 01 Mar 2026 08:30:00 GMT',
  contentHash: 'OTqkcE+27m+CDWgKqOiv25Y7xKswQPm8CddHm5bhnxI=',
  authorization:
    'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=6PvO1sStM9gjktZdJWqfjf++D+NgIgE7eQUNstGyZik=',
};

let simulator: AcsSimulator;
beforeEach(async () => {
  simulator = await startAcsSimulator({ accessKey: ACCESS_KEY });
});
afterEach(async () => {
  vi.useRealTimers();
  await simulator.close();
});

describe('the ACS signature vector', () => {
  it('derives from the published algorithm step by step', () => {
    const key = Buffer.from(ACCESS_KEY, 'base64');
    expect(key.toString('ascii')).toBe('acs-client: a 32-byte test key..');
    expect(key.length).toBe(32);
    expect(new Date(NOW).toUTCString()).toBe(EXPECTED.date);
    expect(JSON.stringify(BODY)).toBe(BODY_TEXT);
    const contentHash = createHash('sha256').update(BODY_TEXT, 'utf8').digest('base64');
    expect(contentHash).toBe(EXPECTED.contentHash);
    const stringToSign = [
      'POST',
      `/sms?api-version=${ACS_SMS_API_VERSION}`,
      `${EXPECTED.date};contoso.communication.azure.com;${contentHash}`,
    ].join('\n');
    const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('base64');
    expect(
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    ).toBe(EXPECTED.authorization);
  });

  it('is what the generated client sends, and the simulator accepts it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const acs = createAcsClient({
      baseUrl: ENDPOINT,
      accessKey: ACCESS_KEY,
      fetch: hostPreservingFetch(simulator.port),
      retry: false,
      rateLimit: false,
    });
    const { data, response } = await acs.POST('/sms', {
      params: { query: { 'api-version': ACS_SMS_API_VERSION } },
      body: BODY,
    });
    expect(response.status).toBe(202);
    expect(data?.value[0]).toMatchObject({ to: '+14255550123', successful: true });
    const [received] = simulator.requests;
    expect(received?.url).toBe('/sms?api-version=2021-03-07');
    expect(received?.headers.host).toBe('contoso.communication.azure.com');
    expect(received?.body).toBe(BODY_TEXT);
    expect(received?.headers['x-ms-date']).toBe(EXPECTED.date);
    expect(received?.headers['x-ms-content-sha256']).toBe(EXPECTED.contentHash);
    expect(received?.headers.authorization).toBe(EXPECTED.authorization);
    expect(simulator.signatureFailures).toEqual([]);
  });

  it('fails the vector when one input differs (the check is real)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW + 1000);
    const acs = createAcsClient({
      baseUrl: ENDPOINT,
      accessKey: ACCESS_KEY,
      fetch: hostPreservingFetch(simulator.port),
      retry: false,
      rateLimit: false,
    });
    await acs.POST('/sms', {
      params: { query: { 'api-version': ACS_SMS_API_VERSION } },
      body: BODY,
    });
    expect(simulator.requests[0]?.headers.authorization).not.toBe(EXPECTED.authorization);
    // Still a valid signature for its own date: the simulator accepts it.
    expect(simulator.signatureFailures).toEqual([]);
  });
});

describe('createAcsClient on the wire', () => {
  it('signs for the real host and port of the endpoint', async () => {
    const acs = createAcsClient({ baseUrl: simulator.url, accessKey: ACCESS_KEY, retry: false });
    const { response } = await acs.POST('/sms', {
      params: { query: { 'api-version': ACS_SMS_API_VERSION } },
      body: { from: '+18005550100', smsRecipients: [{ to: '+14255550123' }], message: 'hi' },
    });
    expect(response.status).toBe(202);
    expect(simulator.requests[0]?.headers.host).toBe(simulator.url.replace('http://', ''));
    expect(simulator.signatureFailures).toEqual([]);
  });

  it('takes the endpoint and key from a connection string', async () => {
    const acs = createAcsClient({
      connectionString: `endpoint=${ENDPOINT}/;accesskey=${ACCESS_KEY}`,
      fetch: hostPreservingFetch(simulator.port),
      retry: false,
    });
    const { response } = await acs.POST('/sms', {
      params: { query: { 'api-version': ACS_SMS_API_VERSION } },
      body: { from: '+18005550100', smsRecipients: [{ to: '+14255550123' }], message: 'hi' },
    });
    expect(response.status).toBe(202);
    expect(simulator.requests[0]?.headers.host).toBe('contoso.communication.azure.com');
    expect(simulator.signatureFailures).toEqual([]);
  });

  it('is refused with 401 when signed with another key, and types the error body', async () => {
    const acs = createAcsClient({
      baseUrl: simulator.url,
      accessKey: Buffer.alloc(32, 7).toString('base64'),
      retry: false,
    });
    const { error, response } = await acs.POST('/sms', {
      params: { query: { 'api-version': ACS_SMS_API_VERSION } },
      body: { from: '+18005550100', smsRecipients: [{ to: '+14255550123' }], message: 'hi' },
    });
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('Unauthorized');
    expect(simulator.signatureFailures).toEqual(['the signature does not match']);
    expect(simulator.sent).toEqual([]);
  });

  it('refuses to start without an endpoint or a key, naming what to pass', () => {
    const noEndpoint = (() => {
      try {
        createAcsClient({ accessKey: ACCESS_KEY });
      } catch (error) {
        return error;
      }
    })();
    expect(isCoreError(noEndpoint, 'configuration')).toBe(true);
    expect((noEndpoint as Error).message).toContain('`baseUrl` or `connectionString`');
    expect(() => createAcsClient({ baseUrl: ENDPOINT })).toThrow(
      /needs `accessKey`, `connectionString` or an `auth` policy/,
    );
    // The key is not quoted when the connection string is broken.
    let broken: unknown;
    try {
      createAcsClient({ connectionString: `endpoint=${ENDPOINT}/;accesskey=not base64!` });
    } catch (error) {
      broken = error;
    }
    expect(isCoreError(broken, 'configuration')).toBe(true);
    expect(JSON.stringify(broken) + (broken as Error).message).not.toContain('not base64!');
  });
});
