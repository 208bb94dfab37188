import type { ServerResponse } from 'node:http';
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  jwtAssertion,
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
  oauth2TokenProvider,
} from '../../src/auth/index.js';
import { isCoreError } from '../../src/errors/index.js';
import {
  caught,
  clock,
  deferred,
  json,
  type LocalServer,
  makeContext,
  type Received,
  recordingSink,
  startServer,
  through,
} from './helpers.js';

/** A token endpoint and an API that accepts only the tokens in `accepted`. */
let server: LocalServer;
let issued = 0;
let tokenReply: (request: Received, response: ServerResponse) => void | Promise<void>;
const accepted = new Set<string>();

function issue(response: ServerResponse, expiresIn: number | string = 3600): void {
  const token = `tok-${++issued}`;
  accepted.add(token);
  json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
}

beforeAll(async () => {
  server = await startServer({
    '/token': (request, response) => tokenReply(request, response),
    '/api': (request, response) => {
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (accepted.has(token)) json(response, 200, { ok: true, body: request.body });
      else json(response, 401, { error: 'invalid_token' });
    },
  });
});
afterAll(() => server.close());
function reset(): void {
  server.received.length = 0;
  accepted.clear();
  issued = 0;
  tokenReply = (_request, response) => issue(response);
}
beforeAll(reset);
afterEach(reset);

function options(
  overrides: Partial<OAuth2ClientCredentialsOptions> = {},
): OAuth2ClientCredentialsOptions {
  return {
    tokenUrl: `${server.url}/token`,
    clientId: 'my client',
    clientSecret: 'p@ss:w rd+',
    ...overrides,
  };
}

const api = () => new Request(`${server.url}/api`);

describe('token request', () => {
  it('posts grant_type=client_credentials with HTTP Basic client auth, form-encoded first (RFC 6749 §2.3.1, §4.4.2)', async () => {
    const call = through(
      oauth2ClientCredentials(options({ scope: ['read', 'write'], audience: 'https://api' })),
    );
    expect((await call(api())).status).toBe(200);
    const [token] = server.on('/token');
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // form-urlencode("my client") = "my+client"; form-urlencode("p@ss:w rd+") = "p%40ss%3Aw+rd%2B"
    expect(token?.headers.authorization).toBe(`Basic ${btoa('my+client:p%40ss%3Aw+rd%2B')}`);
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write',
      audience: 'https://api',
    });
    expect(server.on('/api')[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it("clientAuthentication: 'body' sends client_id and client_secret as form fields", async () => {
    await through(
      oauth2ClientCredentials(options({ clientAuthentication: 'body', resource: ['r1', 'r2'] })),
    )(api());
    const [token] = server.on('/token');
    expect(token?.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(token?.body);
    expect(form.get('client_id')).toBe('my client');
    expect(form.get('client_secret')).toBe('p@ss:w rd+');
    expect(form.getAll('resource')).toEqual(['r1', 'r2']);
  });

  it('private_key_jwt: sends a fresh signed client assertion per token request (RFC 7523 §2.2)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const c = clock(Date.now());
    const provider = oauth2TokenProvider(
      options({
        clientSecret: undefined,
        clientAssertion: jwtAssertion({
          privateKey: pem,
          alg: 'ES256',
          issuer: 'my client',
          audience: `${server.url}/token`,
          now: c.now,
        }),
        now: c.now,
      }),
    );
    await provider.get();
    provider.invalidate?.();
    await provider.get();
    const forms = server.on('/token').map((r) => new URLSearchParams(r.body));
    expect(forms).toHaveLength(2);
    expect(forms[0]?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(forms[0]?.get('client_id')).toBe('my client');
    const key = await importSPKI(await exportSPKI(publicKey), 'ES256');
    const jtis = [];
    for (const form of forms) {
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', key, {
        issuer: 'my client',
        subject: 'my client',
        audience: `${server.url}/token`,
        currentDate: new Date(c.now()),
      });
      jtis.push(payload.jti);
    }
    expect(new Set(jtis).size).toBe(2);
  });
});

describe('caching and refresh', () => {
  it('concurrent calls share one token request', async () => {
    const gate = deferred<void>();
    tokenReply = async (_request, response) => {
      await gate.promise;
      issue(response);
    };
    const call = through(oauth2ClientCredentials(options()));
    const calls = Array.from({ length: 20 }, () => call(api()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.resolve();
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(server.on('/token')).toHaveLength(1);
    expect(server.on('/api')).toHaveLength(20);
  });

  it('reuses the token until expires_in minus refreshBeforeMs, then refreshes once', async () => {
    const c = clock(1_000_000);
    const call = through(oauth2ClientCredentials(options({ now: c.now, refreshBeforeMs: 60_000 })));
    await call(api());
    c.advance(3_540_000 - 1);
    await call(api());
    expect(server.on('/token')).toHaveLength(1);

    c.advance(1); // inside the refresh window: served from cache while one refresh runs
    await Promise.all([call(api()), call(api()), call(api())]);
    expect(
      server
        .on('/api')
        .slice(-3)
        .map((r) => r.headers.authorization),
    ).toEqual(Array(3).fill('Bearer tok-1'));
    await expect
      .poll(async () => {
        await call(api());
        return server.on('/api').at(-1)?.headers.authorization;
      })
      .toBe('Bearer tok-2');
    expect(server.on('/token')).toHaveLength(2);
  });

  it('reads expires_in sent as a string', async () => {
    tokenReply = (_request, response) => issue(response, '120');
    const c = clock(0);
    const provider = oauth2TokenProvider(options({ now: c.now, refreshBeforeMs: 10_000 }));
    expect(await provider.get()).toBe('tok-1');
    c.set(120_000);
    expect(await provider.get()).toBe('tok-2');
  });

  it('reports CredentialRefreshed with the client id, not the token', async () => {
    const sink = recordingSink();
    await through(oauth2ClientCredentials(options({ now: () => 0 })))(
      api(),
      makeContext({ events: sink }),
    );
    expect(sink.events).toEqual([
      {
        type: 'CredentialRefreshed',
        data: { vendor: 'acme', credentialId: 'my client', expiresAt: '1970-01-01T01:00:00.000Z' },
      },
    ]);
  });
});

describe('401 from the API', () => {
  it('invalidates the token, refreshes once and re-sends the same body once', async () => {
    const call = through(oauth2ClientCredentials(options()));
    await call(api());
    accepted.clear(); // the server revokes tok-1
    const response = await call(
      new Request(`${server.url}/api`, { method: 'POST', body: JSON.stringify({ n: 1 }) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, body: '{"n":1}' });
    expect(server.on('/token')).toHaveLength(2);
    const posts = server.on('/api').filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.headers.authorization, r.body])).toEqual([
      ['Bearer tok-1', '{"n":1}'],
      ['Bearer tok-2', '{"n":1}'],
    ]);
  });

  it('a second 401 is returned as the response: one refresh, one retry, no loop', async () => {
    tokenReply = (_request, response) =>
      json(response, 200, {
        access_token: `never-${++issued}`,
        token_type: 'Bearer',
        expires_in: 3600,
      });
    const response = await through(oauth2ClientCredentials(options()))(api());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_token' });
    expect(server.on('/token')).toHaveLength(2);
    expect(server.on('/api')).toHaveLength(2);
  });

  it('concurrent 401s with the same stale token cost one refresh', async () => {
    const call = through(oauth2ClientCredentials(options()));
    await call(api());
    accepted.clear();
    const responses = await Promise.all(Array.from({ length: 5 }, () => call(api())));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(server.on('/token')).toHaveLength(2);
  });

  it('retryOn401: false returns the first 401', async () => {
    const call = through(oauth2ClientCredentials(options({ retryOn401: false })));
    await call(api());
    accepted.clear();
    expect((await call(api())).status).toBe(401);
    expect(server.on('/token')).toHaveLength(1);
  });
});

describe('token endpoint failures', () => {
  it('401 invalid_client: AuthError naming the code and what to check, not retryable', async () => {
    tokenReply = (_request, response) =>
      json(response, 401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
      });
    const error = await caught(() => through(oauth2ClientCredentials(options()))(api()));
    expect(isCoreError(error, 'auth-failed')).toBe(true);
    expect(error.message).toBe(
      `The OAuth2 token endpoint ${server.url}/token answered 401 invalid_client: check clientId and clientSecret (or the client assertion), and whether the server expects them in the Basic header or the body (clientAuthentication).`,
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({
      status: 401,
      tokenEndpoint: `${server.url}/token`,
      oauthError: 'invalid_client',
      errorDescription: 'Client authentication failed.',
    });
    expect(server.on('/api')).toHaveLength(0);
  });

  it('400 invalid_scope names the scope', async () => {
    tokenReply = (_request, response) => json(response, 400, { error: 'invalid_scope' });
    const error = await caught(() => oauth2TokenProvider(options({ scope: 'admin' })).get());
    expect(error.message).toContain('answered 400 invalid_scope: check scope');
  });

  it('503 is retryable; an HTML 404 says to check tokenUrl', async () => {
    tokenReply = (_request, response) => {
      response.writeHead(503).end('busy');
    };
    const busy = await caught(() => oauth2TokenProvider(options()).get());
    expect(busy).toMatchObject({ code: 'auth-failed', retryable: true });
    const missing = await caught(() =>
      oauth2TokenProvider(options({ tokenUrl: `${server.url}/nope` })).get(),
    );
    expect(missing.message).toBe(
      `The OAuth2 token endpoint ${server.url}/nope answered 404: check tokenUrl.`,
    );
  });

  it('does not follow a redirect with the client credentials', async () => {
    tokenReply = (_request, response) => {
      response.writeHead(307, { location: `${server.url}/elsewhere` }).end();
    };
    const error = await caught(() => oauth2TokenProvider(options()).get());
    expect(error.message).toContain(
      'answered with a redirect (307); set tokenUrl to the final address',
    );
    expect(server.on('/elsewhere')).toHaveLength(0);
  });

  it('a refused connection is a retryable AuthError with the cause kept', async () => {
    const error = await caught(() =>
      oauth2TokenProvider(options({ tokenUrl: 'http://127.0.0.1:1/token' })).get(),
    );
    expect(error).toMatchObject({ code: 'auth-failed', retryable: true });
    expect(error.message).toBe(
      'Could not reach the OAuth2 token endpoint http://127.0.0.1:1/token; check tokenUrl and the network.',
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('a token endpoint slower than tokenTimeoutMs fails with a timeout message', async () => {
    tokenReply = () => new Promise<void>(() => {}); // never answers
    const error = await caught(() => oauth2TokenProvider(options({ tokenTimeoutMs: 50 })).get());
    expect(error.message).toContain('did not answer within 50 ms');
    expect(error.retryable).toBe(true);
  });

  it('rejects a 200 without access_token, and a non-Bearer token type', async () => {
    tokenReply = (_request, response) => json(response, 200, { token_type: 'Bearer' });
    const none = await caught(() => oauth2TokenProvider(options()).get());
    expect(none.message).toContain('without an access_token');
    tokenReply = (_request, response) =>
      json(response, 200, { access_token: 'x', token_type: 'mac' });
    const mac = await caught(() => oauth2TokenProvider(options()).get());
    expect(mac.message).toContain('issued a token of type mac; only Bearer tokens are supported');
  });

  it('a caller aborting while the token is fetched gets AbortedError; the token still serves others', async () => {
    const gate = deferred<void>();
    tokenReply = async (_request, response) => {
      await gate.promise;
      issue(response);
    };
    const call = through(oauth2ClientCredentials(options()));
    const controller = new AbortController();
    const aborted = call(
      api(),
      makeContext({ signal: controller.signal, callerSignal: controller.signal }),
    );
    const other = call(api());
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    gate.resolve();
    expect((await other).status).toBe(200);
    expect(server.on('/token')).toHaveLength(1);
  });
});

describe('configuration', () => {
  it.each([
    [{ tokenUrl: 'not a url' }, "Set tokenUrl to the authorization server's token endpoint"],
    [{ tokenUrl: 'http://auth.example.com/token' }, 'tokenUrl must use https'],
    [{ clientSecret: undefined }, 'set clientSecret (or clientAssertion for private_key_jwt)'],
    [{ clientId: '' }, 'clientId is empty; set clientId.'],
    [
      { clientAssertion: { get: () => 'jwt' } },
      'Set either clientSecret or clientAssertion, not both.',
    ],
  ] as const)('%j -> %s', async (overrides, message) => {
    const error = await caught(() => oauth2ClientCredentials(options(overrides)));
    expect(error).toMatchObject({ code: 'configuration' });
    expect(error.message).toContain(message);
  });
});
