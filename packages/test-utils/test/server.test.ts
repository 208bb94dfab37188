import { afterEach, describe, expect, it, vi } from 'vitest';
import { faultHandler, faultServer, startTestServer, type TestServer } from '../src/index.js';

// The project allows minutes for the packaging run; a server test that hangs should fail fast.
vi.setConfig({ testTimeout: 10_000 });

let server: TestServer | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** The `cause` undici attaches to "fetch failed" / "terminated": the socket-level code. */
async function failureCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return ((error as Error).cause as { code?: string } | undefined)?.code;
  }
  throw new Error('expected the request to fail');
}

describe('startTestServer', () => {
  it('listens on 127.0.0.1 on an ephemeral port and answers 200 {"ok":true} by default', async () => {
    server = await startTestServer();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(`${server.url}/anything`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('records method, url, headers and body of every request in arrival order', async () => {
    server = await startTestServer((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    await fetch(`${server.url}/v1/items?limit=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ name: 'a' }),
    });
    await fetch(`${server.url}/v1/items/7`, { method: 'DELETE' });
    expect(
      server.requests.map(({ index, method, url, body }) => ({ index, method, url, body })),
    ).toEqual([
      { index: 0, method: 'POST', url: '/v1/items?limit=2', body: '{"name":"a"}' },
      { index: 1, method: 'DELETE', url: '/v1/items/7', body: '' },
    ]);
    expect(server.requests[0]!.headers['idempotency-key']).toBe('k-1');
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    expect(server.requests[0]!.rawBody.equals(Buffer.from('{"name":"a"}'))).toBe(true);
  });

  it('answers 500 with the message when the handler throws, instead of hanging', async () => {
    server = await startTestServer(() => {
      throw new Error('no route for this test');
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('test handler failed: no route for this test');
  });

  it('closes promptly with a request still waiting for an answer', async () => {
    server = await faultServer({ faults: [{ kind: 'hang' }] });
    const pending = fetch(server.url);
    await vi.waitUntil(() => server!.requests.length === 1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await failureCode(pending)).toBe('UND_ERR_SOCKET');
    server = undefined;
  });
});

describe('faultServer', () => {
  it('plays a status sequence with headers, then repeats the last fault', async () => {
    server = await faultServer({
      faults: [
        { kind: 'respond', status: 503, headers: { 'retry-after': '2' }, body: 'busy' },
        { kind: 'respond', status: 429, headers: { 'x-ratelimit-reset': '1700000000' } },
        { kind: 'respond', status: 200, body: { id: 1 } },
      ],
    });
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(server.url);
      seen.push([
        response.status,
        response.headers.get('retry-after'),
        response.headers.get('x-ratelimit-reset'),
        response.headers.get('content-type'),
        await response.text(),
      ]);
    }
    expect(seen).toEqual([
      [503, '2', null, 'text/plain; charset=utf-8', 'busy'],
      [429, null, '1700000000', 'text/plain; charset=utf-8', ''],
      [200, null, null, 'application/json', '{"id":1}'],
      [200, null, null, 'application/json', '{"id":1}'],
    ]);
  });

  it('uses `afterwards` for every request past the listed faults', async () => {
    server = await faultServer({
      faults: [{ kind: 'respond', status: 500 }],
      afterwards: { kind: 'respond', status: 201 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(server.url)).status);
    expect(statuses).toEqual([500, 201, 201]);
  });

  it('resets the connection before answering: the client sees ECONNRESET', async () => {
    server = await faultServer({
      faults: [{ kind: 'reset' }],
      afterwards: { kind: 'respond', status: 200 },
    });
    expect(await failureCode(fetch(server.url))).toBe('ECONNRESET');
    expect((await fetch(server.url)).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('resets after the headers: the response arrives, reading the body fails', async () => {
    server = await faultServer({ faults: [{ kind: 'reset', afterHeaders: true }] });
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(await failureCode(response.text())).toBe('ECONNRESET');
  });

  it('closes the connection without an answer: undici reports "other side closed"', async () => {
    server = await faultServer({ faults: [{ kind: 'close' }] });
    expect(await failureCode(fetch(server.url))).toBe('UND_ERR_SOCKET');
  });

  it('sends a slow body chunk by chunk, spaced by delayMs', async () => {
    server = await faultServer({
      faults: [{ kind: 'slow-body', chunks: ['a', 'b', 'c'], delayMs: 60 }],
    });
    const started = performance.now();
    const response = await fetch(server.url);
    const headersAfter = performance.now() - started;
    const arrivals: Array<[string, number]> = [];
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) {
      arrivals.push([decoder.decode(chunk), performance.now() - started]);
    }
    expect(arrivals.map(([text]) => text).join('')).toBe('abc');
    // Headers are flushed before the first delay; the body takes three.
    expect(headersAfter).toBeLessThan(60);
    expect(arrivals.at(-1)![1]).toBeGreaterThanOrEqual(3 * 60 - 5);
  });

  it('keeps pacing a slow body on real time while the test uses fake timers', async () => {
    server = await faultServer({
      faults: [{ kind: 'slow-body', chunks: ['x', 'y'], delayMs: 20 }],
    });
    vi.useFakeTimers();
    const response = await fetch(server.url);
    expect(await response.text()).toBe('xy');
  });

  it('stops writing a slow body when the client goes away', async () => {
    server = await faultServer({
      faults: [{ kind: 'slow-body', chunks: ['1', '2', '3'], delayMs: 50 }],
    });
    const controller = new AbortController();
    const response = await fetch(server.url, { signal: controller.signal });
    controller.abort();
    await expect(response.text()).rejects.toThrow();
  });

  it('serves JSON that does not parse, labelled application/json', async () => {
    server = await faultServer({ faults: [{ kind: 'malformed-json' }] });
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('serves an HTML error page like a proxy in front of the API', async () => {
    server = await faultServer({ faults: [{ kind: 'html-error', status: 502 }] });
    const response = await fetch(server.url);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('truncates a body: Content-Length promises more than is sent, then the connection closes', async () => {
    server = await faultServer({
      faults: [{ kind: 'truncated', body: '{"items":[1,2', declaredLength: 64 }],
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('64');
    expect(await failureCode(response.text())).toBe('UND_ERR_SOCKET');
  });

  it('hangs until the client gives up', async () => {
    server = await faultServer({ faults: [{ kind: 'hang' }] });
    await expect(fetch(server.url, { signal: AbortSignal.timeout(50) })).rejects.toThrow(
      expect.objectContaining({ name: 'TimeoutError' }),
    );
  });

  it('composes with startTestServer as a handler', async () => {
    server = await startTestServer(faultHandler({ faults: [{ kind: 'respond', status: 418 }] }));
    expect((await fetch(server.url)).status).toBe(418);
  });

  it('refuses an empty fault list', () => {
    expect(() => faultHandler({ faults: [] })).toThrow('at least one fault');
  });
});
