import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerAuth, type CredentialProvider, rotatingCredential } from '../../src/auth/index.js';
import { DeadlineExceededError } from '../../src/errors/index.js';
import {
  caught,
  deferred,
  json,
  type LocalServer,
  makeContext,
  startServer,
  through,
} from './helpers.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer({
    '/api': (request, response) =>
      request.headers.authorization === 'Bearer good'
        ? json(response, 200, {})
        : json(response, 401, { error: 'invalid_token' }),
  });
});
afterAll(() => server.close());

describe('the auth policy around any provider', () => {
  it('a provider that throws becomes an AuthError that names the vendor and keeps the cause', async () => {
    const cause = new Error('vault unreachable');
    const call = through(
      bearerAuth({
        get: () => {
          throw cause;
        },
      }),
    );
    const error = await caught(() => call(new Request(`${server.url}/api`)));
    expect(error).toMatchObject({ code: 'auth-failed', cause });
    expect(error.message).toBe(
      'The credential provider for acme failed; see cause. Check the provider passed to the auth option.',
    );
  });

  it('a deadline passing while the token is fetched becomes DeadlineExceededError', async () => {
    const pending = deferred<{ value: string }>();
    const call = through(bearerAuth(rotatingCredential(() => pending.promise)));
    const controller = new AbortController();
    const waiting = call(
      new Request(`${server.url}/api`),
      makeContext({ signal: controller.signal }),
    );
    controller.abort(new Error('deadline timer'));
    const error = await caught(() => waiting);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    pending.resolve({ value: 'good' });
  });

  it('a refresh that fails after a 401 throws its AuthError instead of returning the 401', async () => {
    let n = 0;
    const provider = rotatingCredential(async () => {
      n++;
      if (n === 1) return { value: 'revoked' };
      throw new Error('token endpoint down');
    });
    const error = await caught(() =>
      through(bearerAuth(provider))(new Request(`${server.url}/api`)),
    );
    expect(error).toMatchObject({ code: 'auth-failed' });
    expect(n).toBe(2);
  });

  it('a provider that hands out the same token again gets no retry', async () => {
    const get = vi.fn(() => 'same');
    const provider: CredentialProvider<string> = { get, invalidate: () => {} };
    const before = server.on('/api').length;
    const response = await through(bearerAuth(provider))(new Request(`${server.url}/api`));
    expect(response.status).toBe(401);
    expect(server.on('/api').length - before).toBe(1);
    expect(get).toHaveBeenCalledTimes(2);
  });
});
