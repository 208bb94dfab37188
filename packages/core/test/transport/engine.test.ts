import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import { autoUsesNodeHttp } from '../../src/transport/engine.js';
import { createTransport } from '../../src/transport/index.js';

// fetch (undici) sends `sec-fetch-mode: cors` on every request; Node's http
// client does not: the header tells, at the server, which path sent.
let server: Server;
let url: string;
const seen: IncomingMessage['headers'][] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const originalFetch = globalThis.fetch;
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
afterEach(() => {
  globalThis.fetch = originalFetch;
  seen.length = 0;
});

/** The environment without proxy variables: the child must reach 127.0.0.1 directly. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy))
    if (/^(https?|all|no)_proxy$/i.test(name)) delete copy[name];
  return copy;
}

async function sentByFetch(engine?: 'auto' | 'fetch' | 'node-http'): Promise<boolean> {
  await createTransport({ vendor: 't', engine })(url);
  return seen.at(-1)?.['sec-fetch-mode'] === 'cors';
}

describe('choosing the HTTP client', () => {
  it('auto sends with node:http while fetch is Node’s own', async () => {
    expect(autoUsesNodeHttp()).toBe(true);
    expect(await sentByFetch()).toBe(false);
    expect(await sentByFetch('node-http')).toBe(false);
  });

  it('engine "fetch" always sends through globalThis.fetch', async () => {
    expect(await sentByFetch('fetch')).toBe(true);
  });

  it('auto yields to a replaced globalThis.fetch (mocks, interceptors, polyfills) and sees it per call', async () => {
    const calls: string[] = [];
    globalThis.fetch = (input, init) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return originalFetch(input, init);
    };
    expect(autoUsesNodeHttp()).toBe(false);
    expect(await sentByFetch()).toBe(true);
    expect(calls).toEqual([url]);
    globalThis.fetch = originalFetch;
    expect(await sentByFetch()).toBe(false);
  });

  it('auto yields to an undici proxy or mock dispatcher installed globally, not to the plain Agent', () => {
    const slot = globalThis as Record<symbol, unknown>;
    const before = slot[DISPATCHER];
    try {
      slot[DISPATCHER] = new (class ProxyAgent {})();
      expect(autoUsesNodeHttp()).toBe(false);
      slot[DISPATCHER] = new (class MockAgent {})();
      expect(autoUsesNodeHttp()).toBe(false);
      slot[DISPATCHER] = new (class Agent {})();
      expect(autoUsesNodeHttp()).toBe(true);
    } finally {
      slot[DISPATCHER] = before;
    }
  });

  it('auto stays on fetch in a process started with NODE_USE_ENV_PROXY (fetch honours proxy variables there)', async () => {
    // Node reads the variable once at startup, so a process of its own; it
    // runs the built package (`pnpm test` builds first).
    const built = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'transport.js')).href;
    const script = `const { createTransport } = await import(${JSON.stringify(built)});
      await (await createTransport({ vendor: 't' })(${JSON.stringify(url)})).text();`;
    const run = (env: Record<string, string>) =>
      new Promise<void>((resolve, reject) =>
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script],
          { env: { ...withoutProxies(process.env), ...env } },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    await run({ NODE_USE_ENV_PROXY: '1' });
    expect(seen.at(-1)?.['sec-fetch-mode']).toBe('cors');
    await run({});
    expect(seen.at(-1)?.['sec-fetch-mode']).toBeUndefined();
  });

  it('a custom fetch option wins over the engine', async () => {
    let used = 0;
    const t = createTransport({
      vendor: 't',
      engine: 'node-http',
      fetch: (request) => {
        used++;
        return originalFetch(request);
      },
    });
    await t(url);
    expect(used).toBe(1);
  });

  it('rejects an unknown engine at creation with a typed error naming the choices', () => {
    let error: unknown;
    try {
      createTransport({ vendor: 't', engine: 'curl' as never });
    } catch (e) {
      error = e;
    }
    expect(isCoreError(error, 'configuration')).toBe(true);
    expect(String((error as Error).message)).toContain('"auto", "fetch", "node-http"');
  });
});
