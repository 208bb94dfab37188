import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createTlsServer, globalAgent as httpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import { createTransport } from '../../src/transport/index.js';
import { type Reply, type Seen, startFaultServer } from '../helpers/fault-server.js';

const closers: (() => Promise<void>)[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all(
    servers.splice(0).map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))),
  );
});

/** A real server on 127.0.0.1 recording every request; `handle` answers each. */
async function serve(handle: Reply): Promise<{ url: string; seen: Seen[] }> {
  const started = await startFaultServer(handle);
  closers.push(started.close);
  return started;
}

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Trusts `ca` where the engine looks for trust: node:https's global agent, or
 * the global undici dispatcher (a new one of the same class, as an
 * application would install with undici's setGlobalDispatcher).
 */
function trustFor(engine: 'undici' | 'node-http'): (ca: Buffer) => () => Promise<void> {
  if (engine === 'node-http') {
    return (ca) => {
      const before = httpsAgent.options.ca;
      httpsAgent.options.ca = ca;
      return async () => {
        httpsAgent.options.ca = before;
        httpsAgent.destroy();
      };
    };
  }
  return (ca) => {
    const slot = globalThis as Record<symbol, unknown>;
    const before = slot[DISPATCHER] as { constructor: new (options: object) => unknown };
    const trusting = new before.constructor({ connect: { ca } }) as { close(): Promise<void> };
    slot[DISPATCHER] = trusting;
    return async () => {
      slot[DISPATCHER] = before;
      await trusting.close();
    };
  };
}

// The send paths that are not fetch (engine "undici", the default on Node,
// and "node-http") must give what fetch gives: the same requests on the
// wire, redirects, codings, TLS and failures.
describe.each(['undici', 'node-http'] as const)('%s engine', (engine) => {
  const trust = trustFor(engine);
  const transport = createTransport({ vendor: 't', engine });

  describe('requests as fetch would send them', () => {
    it('sends method, path, query and headers, with fetch defaults for accept and encodings', async () => {
      const s = await serve((_req, res) => res.end('{}'));
      await transport(`${s.url}/a/b?x=1&y=%20`, {
        headers: { 'x-custom': 'v', Accept: 'text/csv' },
      });
      await transport(`${s.url}/plain`);
      expect(s.seen[0]).toMatchObject({ method: 'GET', url: '/a/b?x=1&y=%20' });
      expect(s.seen[0]?.headers).toMatchObject({ 'x-custom': 'v', accept: 'text/csv' });
      expect(s.seen[1]?.headers.accept).toBe('*/*');
      expect(s.seen[1]?.headers['accept-encoding']).toBe('gzip, deflate, br');
      expect(s.seen[1]?.headers['content-length']).toBeUndefined();
    });

    it('sends string, URLSearchParams and byte bodies with their length and default type', async () => {
      const s = await serve((_req, res) => res.end());
      await transport(`${s.url}/s`, { method: 'POST', body: 'héllo' });
      await transport(`${s.url}/f`, {
        method: 'POST',
        body: new URLSearchParams([
          ['To', '+1555'],
          ['MediaUrl', 'a'],
          ['MediaUrl', 'b'],
        ]),
      });
      await transport(`${s.url}/b`, {
        method: 'PUT',
        body: new Uint8Array([1, 2, 3]).subarray(1),
        headers: { 'content-type': 'application/octet-stream' },
      });
      await transport(`${s.url}/e`, { method: 'POST' });
      const [text, form, bytes, empty] = s.seen;
      expect(text?.body).toBe('héllo');
      expect(text?.headers['content-length']).toBe('6');
      expect(text?.headers['content-type']).toBe('text/plain;charset=UTF-8');
      expect(form?.body).toBe('To=%2B1555&MediaUrl=a&MediaUrl=b');
      expect(form?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(bytes?.body).toBe('\u0002\u0003');
      expect(bytes?.headers['content-length']).toBe('2');
      expect(empty?.headers['content-length']).toBe('0');
    });

    it('gives status, status text, repeated headers and the URL, and no body where none may be', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/none') return res.writeHead(204).end();
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(418, 'Short And Stout', { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : '{"teapot":true}');
      });
      const response = await transport(`${s.url}/tea`);
      expect(response.status).toBe(418);
      expect(response.statusText).toBe('Short And Stout');
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(response.url).toBe(`${s.url}/tea`);
      expect(response.redirected).toBe(false);
      expect(await response.json()).toEqual({ teapot: true });
      const none = await transport(`${s.url}/none`);
      expect(none.status).toBe(204);
      expect(none.body).toBeNull();
      const head = await transport(`${s.url}/tea`, { method: 'HEAD' });
      expect(head.status).toBe(418);
      expect(head.body).toBeNull();
    });
  });

  describe('body bytes', () => {
    it('returns every byte as sent: binary, invalid UTF-8 under a text type, and a BOM', async () => {
      const bodies: Record<string, Buffer> = {
        '/bin': Buffer.from([0, 255, 1, 254, 0x80]),
        '/bad-utf8': Buffer.from([0x7b, 0xc3, 0x28, 0x7d]),
        '/bom': Buffer.from('\ufeff{"a":"é"}'),
      };
      const s = await serve((req, res) => {
        const type = req.url === '/bin' ? 'application/octet-stream' : 'application/json';
        res.writeHead(200, { 'content-type': type }).end(bodies[req.url ?? '']);
      });
      for (const [path, sent] of Object.entries(bodies)) {
        const got = Buffer.from(await (await transport(`${s.url}${path}`)).arrayBuffer());
        expect(got.equals(sent), path).toBe(true);
      }
      expect(await (await transport(`${s.url}/bom`)).json()).toEqual({ a: 'é' });
    });
  });

  describe('redirects (WHATWG Fetch §4.4)', () => {
    it('follows 302 after a POST as a GET without body or body headers, and reports the final URL', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/start') return res.writeHead(302, { location: '/next?x=1' }).end('moved');
        res.end('{"done":true}');
      });
      const response = await transport(`${s.url}/start`, {
        method: 'POST',
        body: 'To=1',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic abc',
        },
      });
      expect(await response.json()).toEqual({ done: true });
      expect(response.url).toBe(`${s.url}/next?x=1`);
      expect(response.redirected).toBe(true);
      const second = s.seen[1];
      expect(second).toMatchObject({ method: 'GET', url: '/next?x=1', body: '' });
      expect(second?.headers['content-type']).toBeUndefined();
      expect(second?.headers['content-length']).toBeUndefined();
      // Same origin: credentials stay.
      expect(second?.headers.authorization).toBe('Basic abc');
    });

    it('keeps method and body on 307 and 308', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/a') return res.writeHead(307, { location: '/b' }).end();
        if (req.url === '/b') return res.writeHead(308, { location: '/c' }).end();
        res.end();
      });
      await transport(`${s.url}/a`, { method: 'PATCH', body: '{"x":1}' });
      expect(s.seen.map((x) => `${x.method} ${x.url} ${x.body}`)).toEqual([
        'PATCH /a {"x":1}',
        'PATCH /b {"x":1}',
        'PATCH /c {"x":1}',
      ]);
    });

    it('turns a 303 into a GET and drops credentials when the redirect leaves the origin', async () => {
      const other = await serve((_req, res) => res.end('elsewhere'));
      const s = await serve((_req, res) =>
        res.writeHead(303, { location: `${other.url}/x` }).end(),
      );
      const response = await transport(`${s.url}/go`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer secret-token', cookie: 'sid=1', 'x-keep': 'yes' },
      });
      expect(await response.text()).toBe('elsewhere');
      const arrived = other.seen[0];
      expect(arrived?.method).toBe('GET');
      expect(arrived?.headers.authorization).toBeUndefined();
      expect(arrived?.headers.cookie).toBeUndefined();
      expect(arrived?.headers['x-keep']).toBe('yes');
    });

    it('hands the 3xx back with redirect "manual", and fails with redirect "error" or after 20 hops', async () => {
      const s = await serve((req, res) => {
        const n = Number(req.url?.slice(1));
        res.writeHead(301, { location: `/${n + 1}` }).end();
      });
      const manual = await transport(`${s.url}/0`, { redirect: 'manual' });
      expect(manual.status).toBe(301);
      expect(manual.headers.get('location')).toBe('/1');
      const error = await transport(`${s.url}/0`, { redirect: 'error' }).catch((e) => e);
      expect(error).toBeInstanceOf(TypeError);
      const before = s.seen.length;
      const loop = await transport(`${s.url}/0`).catch((e) => e);
      expect(loop).toBeInstanceOf(TypeError);
      expect(String(loop.message)).toContain('redirect count exceeded');
      // The first request plus 20 followed redirects, as fetch allows.
      expect(s.seen.length - before).toBe(21);
    });
  });

  describe('content codings', () => {
    const payload = JSON.stringify({ sid: 'SM1', body: 'x'.repeat(2000) });
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gzipSync,
      br: brotliCompressSync,
      deflate: deflateSync,
    };

    it.each(Object.keys(encoders))(
      'decodes a %s body and keeps the header as fetch does',
      async (coding) => {
        const s = await serve((_req, res) => {
          res.writeHead(200, { 'content-encoding': coding, 'content-type': 'application/json' });
          res.end((encoders[coding] as (b: Buffer) => Buffer)(Buffer.from(payload)));
        });
        const response = await transport(`${s.url}/z`);
        expect(response.headers.get('content-encoding')).toBe(coding);
        expect(await response.text()).toBe(payload);
      },
    );

    it('decodes raw deflate (no zlib wrapper), which some servers send', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'deflate' });
        res.end(deflateRawSync(Buffer.from(payload)));
      });
      expect(await (await transport(`${s.url}/raw`)).text()).toBe(payload);
    });

    // A streamed body is decoded as it arrives: whether "deflate" is
    // zlib-wrapped or raw is told from its first byte, as fetch does.
    it.each([
      ['zlib-wrapped', deflateSync],
      ['raw', deflateRawSync],
      // What a buffered body also decodes, and the streamed one did before raw support.
      ['gzip-framed', gzipSync],
    ])(
      'decodes a streamed (event-stream) %s deflate body, split across writes',
      async (_, encode) => {
        // 2.2 MB decoded from a few KB: far over the streams' buffers, so the
        // decoder pauses and resumes as the body is read.
        const events = 'data: one\n\ndata: two\n\n'.repeat(100_000);
        const s = await serve((_req, res) => {
          res.writeHead(200, {
            'content-encoding': 'deflate',
            'content-type': 'text/event-stream',
          });
          const bytes = encode(Buffer.from(events));
          // One byte first: the decoder must choose from a first chunk of one byte.
          res.write(bytes.subarray(0, 1));
          setTimeout(() => res.end(bytes.subarray(1)), 10);
        });
        const response = await transport(`${s.url}/events`);
        expect(response.body).toBeInstanceOf(ReadableStream);
        // Start reading late, as a consumer busy elsewhere does: meanwhile the
        // decoded bytes fill the streams' buffers and the decoder must pause.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const chunks: Uint8Array[] = [];
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          chunks.push(read.value);
        }
        expect(Buffer.concat(chunks).toString()).toBe(events);
      },
    );

    it('errors a streamed deflate body that is neither zlib nor raw deflate', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'deflate', 'content-type': 'text/event-stream' });
        res.end(Buffer.from([0xff, 0xff, 0xff, 0xff]));
      });
      const response = await transport(`${s.url}/events`);
      await expect(response.text()).rejects.toThrow();
    });

    it('leaves an unknown coding as sent', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'x-custom' });
        res.end('as-is');
      });
      expect(await (await transport(`${s.url}/u`)).text()).toBe('as-is');
    });

    it('decodes a streamed (event-stream) gzip body chunk by chunk', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/event-stream' });
        res.end(gzipSync(Buffer.from('data: one\n\ndata: two\n\n')));
      });
      const response = await transport(`${s.url}/events`);
      expect(response.body).toBeInstanceOf(ReadableStream);
      expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
    });
  });

  describe('HTTPS', () => {
    const cert = readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url));
    const key = readFileSync(new URL('./fixtures/localhost-key.pem', import.meta.url));

    it('sends over TLS, trusting what the global agent or dispatcher trusts, and types a TLS failure', async () => {
      const server = createTlsServer({ cert, key }, (_req, res) => res.end('{"tls":true}'));
      servers.push(server as unknown as Server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/secure`;
      const once = createTransport({ vendor: 't', engine, policies: [] });

      const untrusted = await once(url).catch((e) => e);
      expect(isCoreError(untrusted, 'network')).toBe(true);
      expect(untrusted.details.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');

      const restore = trust(cert);
      try {
        const response = await once(url);
        expect(await response.json()).toEqual({ tls: true });
        expect(response.url).toBe(url);
      } finally {
        await restore();
      }
    });
  });

  describe('failures', () => {
    it('errors a streamed body that the caller aborts mid-way', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        // never ends
      });
      const controller = new AbortController();
      const response = await transport(`${s.url}/sse`, { signal: controller.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
      controller.abort(new Error('caller gave up'));
      await expect(reader.read()).rejects.toThrow('caller gave up');
    });

    it('closes the connection when the caller cancels a streamed body, not leaving it half-read', async () => {
      let closed: () => void = () => {};
      const gone = new Promise<void>((resolve) => {
        closed = resolve;
      });
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"n":1}\n');
        res.on('close', () => closed());
      });
      const response = await transport(`${s.url}/nd`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      await reader.cancel();
      await gone; // the server sees the socket close; a leak would time the test out
    });

    it('turns a body cut short of its content-length into a retryable network error', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': '100', 'content-type': 'application/json' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 10);
      });
      const once = createTransport({ vendor: 't', engine, policies: [] });
      const error = await once(`${s.url}/cut`).catch((e) => e);
      expect(isCoreError(error, 'network')).toBe(true);
      expect(error.retryable).toBe(true);
    });
  });
});
