import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import { autoDispatcher } from '../../src/transport/engine.js';
import { createTransport } from '../../src/transport/index.js';

// fetch (undici) sends `sec-fetch-mode: cors` on every request; the other
// paths do not: the header tells, at the server, whether fetch sent.
let server: Server;
let url: string;
const seen: IncomingMessage['headers'][] = [];
const seenUrls: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    seenUrls.push(req.url ?? '');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const originalFetch = globalThis.fetch;
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const slot = globalThis as Record<symbol, unknown>;
afterEach(() => {
  globalThis.fetch = originalFetch;
  seen.length = 0;
  seenUrls.length = 0;
});

/** The environment without proxy variables: the child must reach 127.0.0.1 directly. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy))
    if (/^(https?|all|no)_proxy$/i.test(name)) delete copy[name];
  return copy;
}

type Dispatch = (options: object, handler: object) => boolean;

/**
 * Installs a dispatcher that counts what it carries and hands it to the
 * dispatcher installed before, as a proxy or mock agent installed with
 * undici's setGlobalDispatcher sits where fetch looks.
 */
function countingDispatcher(): { count: () => number; restore: () => void } {
  void globalThis.Response; // Node installs its Agent when its undici loads
  const before = slot[DISPATCHER] as { dispatch: Dispatch };
  let carried = 0;
  slot[DISPATCHER] = {
    dispatch: (options: object, handler: object) => {
      carried++;
      return before.dispatch(options, handler);
    },
  };
  return {
    count: () => carried,
    restore: () => {
      slot[DISPATCHER] = before;
    },
  };
}

async function send(engine?: 'auto' | 'fetch' | 'undici' | 'node-http'): Promise<string> {
  const dispatcher = countingDispatcher();
  try {
    await (await createTransport({ vendor: 't', engine })(url)).text();
    if (seen.at(-1)?.['sec-fetch-mode'] === 'cors') return 'fetch';
    return dispatcher.count() > 0 ? 'undici' : 'node-http';
  } finally {
    dispatcher.restore();
  }
}

describe('choosing the HTTP client', () => {
  it('auto sends on the global undici dispatcher while fetch is Node’s own', async () => {
    expect(autoDispatcher()).toBe(slot[DISPATCHER]);
    expect(await send()).toBe('undici');
    expect(await send('undici')).toBe('undici');
    expect(await send('node-http')).toBe('node-http');
  });

  it('engine "fetch" always sends through globalThis.fetch', async () => {
    expect(await send('fetch')).toBe('fetch');
  });

  it('auto yields to a replaced globalThis.fetch (mocks, interceptors, polyfills) and sees it per call', async () => {
    const calls: string[] = [];
    globalThis.fetch = (input, init) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return originalFetch(input, init);
    };
    expect(autoDispatcher()).toBeUndefined();
    expect(await send()).toBe('fetch');
    expect(calls).toEqual([url]);
    globalThis.fetch = originalFetch;
    expect(await send()).toBe('undici');
  });

  it('honours NODE_USE_ENV_PROXY as Node’s fetch does: the request goes through the proxy', async () => {
    // The proxy sees either the absolute URL (RFC 9112 §3.2.2) or, as
    // undici's ProxyAgent sends by default, a CONNECT to the target's
    // authority (RFC 9110 §9.3.6), which it tunnels.
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(req.url ?? '');
      res.end('{}');
    });
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      proxied.push(`http://${req.url}/x`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
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
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await run({ NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxyUrl });
      expect(proxied).toEqual([url]);
      await run({ HTTP_PROXY: proxyUrl });
      expect(proxied).toEqual([url]);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('a custom fetch option wins over the engine', async () => {
    let used = 0;
    const t = createTransport({
      vendor: 't',
      engine: 'undici',
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
    expect(String((error as Error).message)).toContain('"auto", "fetch", "undici", "node-http"');
  });
});
