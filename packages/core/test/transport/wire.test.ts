import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/index.js';
import { isCoreError } from '../../src/errors/index.js';
import { createTransport, defaultPolicies } from '../../src/transport/index.js';
import {
  html,
  json,
  malformedJson,
  reset,
  slowBody,
  startFaultServer,
  truncated,
} from '../helpers/fault-server.js';

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function server(...script: Parameters<typeof startFaultServer>) {
  const started = await startFaultServer(...script);
  close = started.close;
  return started;
}

// Every case runs on every send path: undici's dispatcher (the default on
// Node), Node's http client and fetch, so a fault is handled the same
// whichever sends.
describe.each(['undici', 'node-http', 'fetch'] as const)(
  'transport on the wire (real HTTP server on 127.0.0.1, %s engine)',
  (engine) => {
    it('retries a GET after a connection reset and returns the next answer', async () => {
      const s = await server(reset, json(200, { ok: true }));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({ retry: fast }),
      });
      const response = await transport(`${s.url}/items`);
      expect(await response.json()).toEqual({ ok: true });
      expect(response.url).toBe(`${s.url}/items`);
      expect(s.seen).toHaveLength(2);
    });

    it('sends a non-idempotent POST without a key exactly once under 503 and under reset', async () => {
      const unavailable = await server(json(503, { message: 'down' }));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({ retry: fast }),
      });
      const response = await transport(`${unavailable.url}/messages`, {
        method: 'POST',
        body: 'To=%2B1555',
      });
      expect(response.status).toBe(503);
      expect(unavailable.seen).toHaveLength(1);
      await unavailable.close();

      const resets = await server(reset);
      const error = await transport(`${resets.url}/messages`, {
        method: 'POST',
        body: 'To=%2B1555',
      }).catch((e) => e);
      expect(isCoreError(error, 'network')).toBe(true);
      expect(error.beforeSend).toBe(false);
      expect(resets.seen).toHaveLength(1);
    });

    it('retries a POST carrying an idempotency key, reusing the same key and body on every attempt', async () => {
      const s = await server(json(503, {}), reset, json(201, { id: 'ch_1' }));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({
          retry: { ...fast, idempotencyHeader: 'Idempotency-Key', generateIdempotencyKey: true },
        }),
      });
      const response = await transport(`${s.url}/charges`, {
        method: 'POST',
        body: '{"amount":100}',
      });
      expect(await response.json()).toEqual({ id: 'ch_1' });
      expect(s.seen).toHaveLength(3);
      const keys = s.seen.map((entry) => entry.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size).toBe(1);
      expect(s.seen.map((entry) => entry.body)).toEqual(Array(3).fill('{"amount":100}'));
    });

    it('keeps a key the caller set instead of making one', async () => {
      const s = await server(json(500, {}), json(200, {}));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({
          retry: { ...fast, idempotencyHeader: 'Idempotency-Key', generateIdempotencyKey: true },
        }),
      });
      await transport(`${s.url}/charges`, {
        method: 'POST',
        body: '{}',
        headers: { 'idempotency-key': 'mine-1' },
      });
      expect(s.seen.map((entry) => entry.headers['idempotency-key'])).toEqual(['mine-1', 'mine-1']);
    });

    it('retries any method when the connection was refused: nothing was sent', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as { port: number }).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({ retry: fast }),
      });
      const error = await transport(`http://127.0.0.1:${port}/messages`, {
        method: 'POST',
        body: 'x',
      }).catch((e) => e);
      expect(isCoreError(error, 'retries-exhausted')).toBe(true);
      expect(error.attempts).toBe(3);
      expect(isCoreError(error.cause, 'network')).toBe(true);
      expect(error.cause.beforeSend).toBe(true);
      // Host only: a path or query may carry a signature or key.
      expect(error.message).not.toContain('/messages');
    });

    it('treats a truncated body as a failed attempt and retries a GET', async () => {
      const s = await server(truncated, json(200, { sid: 'SM1' }));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({ retry: fast }),
      });
      const response = await transport(`${s.url}/messages/SM1`);
      expect(await response.json()).toEqual({ sid: 'SM1' });
      expect(s.seen).toHaveLength(2);
    });

    it('times out a slow body per attempt, then succeeds on the next attempt', async () => {
      const s = await server(slowBody(200, ['{"a":', '1', '}']), json(200, { a: 2 }));
      const transport = createTransport({
        vendor: 't',
        engine,
        attemptTimeoutMs: 100,
        policies: defaultPolicies({ retry: fast }),
      });
      const response = await transport(`${s.url}/slow`);
      expect(await response.json()).toEqual({ a: 2 });
      expect(s.seen).toHaveLength(2);
    });

    it('gives a typed timeout error naming the option when every attempt is slow', async () => {
      const s = await server(slowBody(200, ['{', '}']));
      const transport = createTransport({
        vendor: 't',
        engine,
        attemptTimeoutMs: 50,
        policies: defaultPolicies({ retry: { ...fast, maxAttempts: 2 } }),
      });
      const error = await transport(`${s.url}/slow`).catch((e) => e);
      expect(isCoreError(error, 'retries-exhausted')).toBe(true);
      expect(isCoreError(error.cause, 'timeout')).toBe(true);
      expect(error.cause.message).toMatch(/attemptTimeoutMs/);
    });

    it('ends the whole call at the deadline, across attempts', async () => {
      const s = await server(slowBody(100, ['{', ' ', ' ', ' ', '}']));
      const transport = createTransport({
        vendor: 't',
        engine,
        deadlineMs: 150,
        policies: defaultPolicies({ retry: fast }),
      });
      const started = Date.now();
      const error = await transport(`${s.url}/slow`).catch((e) => e);
      expect(isCoreError(error, 'deadline-exceeded')).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('retries an HTML 502 page and returns it as the final typed response', async () => {
      const s = await server(html(502));
      const transport = createTransport({
        vendor: 't',
        engine,
        policies: defaultPolicies({ retry: fast }),
      });
      const response = await transport(`${s.url}/items`);
      expect(response.status).toBe(502);
      expect(await response.text()).toContain('Bad Gateway');
      expect(s.seen).toHaveLength(3);
    });

    it('surfaces malformed JSON from an openapi-fetch client as invalid-response', async () => {
      const s = await server(malformedJson);
      type Paths = {
        '/items': {
          get: { responses: { 200: { content: { 'application/json': { sid: string } } } } };
        };
      };
      const client = createApiClient<Paths>({
        vendor: 't',
        engine,
        baseUrl: s.url,
        operations: [{ id: 'listItems', method: 'GET', path: '/items' }],
      });
      const error = await client.GET('/items').catch((e) => e);
      expect(isCoreError(error, 'invalid-response')).toBe(true);
      expect(error.message).not.toContain('SM123');
    });

    it('aborts an attempt in flight when the caller aborts', async () => {
      const s = await server(slowBody(500, ['{', '}']));
      const transport = createTransport({ vendor: 't', engine });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await transport(`${s.url}/slow`, { signal: controller.signal }).catch((e) => e);
      expect(isCoreError(error, 'aborted')).toBe(true);
      expect(s.seen).toHaveLength(1);
    });

    it('reports the final URL and redirected after a redirect, and the body as sent', async () => {
      const s = await server((req, res) => {
        if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"moved":true}');
      });
      const transport = createTransport({ vendor: 't', engine });
      const response = await transport(`${s.url}/old`);
      expect(response.redirected).toBe(true);
      expect(response.url).toBe(`${s.url}/new`);
      expect(await response.json()).toEqual({ moved: true });
      const direct = await transport(`${s.url}/new`);
      expect(direct.redirected).toBe(false);
      expect(direct.url).toBe(`${s.url}/new`);
    });
  },
);
