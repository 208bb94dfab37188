import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  InvalidResponseError,
  isCoreError,
  NetworkError,
} from '../../src/errors/index.js';
import { parseNdjson, parseSse } from '../../src/streaming/index.js';
import { type LocalServer, startLocalServer } from '../pagination/local-server.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the server sees the client go away. */
const closed = new Map<string, Promise<void>>();

function sse(res: ServerResponse, path: string): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  res.flushHeaders();
  closed.set(path, new Promise((resolve) => res.on('close', () => resolve())));
}

describe('streams on the wire', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer(async (req, res) => {
      const path = req.url;
      switch (path) {
        case '/endless': {
          sse(res, path);
          // One event every 10 ms until the client leaves.
          for (let n = 1; !res.destroyed && n < 1000; n++) {
            res.write(`id: ${n}\ndata: tick ${n}\n\n`);
            await delay(10);
          }
          res.end();
          return;
        }
        case '/reset-before-first': {
          sse(res, path);
          res.write(': connected\n\ndata: partial');
          await delay(20);
          res.socket?.destroy();
          return;
        }
        case '/reset-after-first': {
          sse(res, path);
          res.write('data: one\n\n');
          await delay(20);
          res.socket?.destroy();
          return;
        }
        case '/ndjson-reset-after-first': {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          res.write('{"n":1}\n{"n":');
          await delay(20);
          res.socket?.destroy();
          return;
        }
        case '/rate-limited':
          res.writeHead(429, {
            'content-type': 'application/json',
            'x-request-id': 'req_123',
            'retry-after': '1',
          });
          res.end('{"error":{"type":"rate_limit_exceeded","message":"slow down"}}');
          return;
        case '/html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Gateway says hi</body></html>');
          return;
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  afterAll(() => server.close());

  it('abort mid-stream throws AbortedError and closes the connection', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/endless`);
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of parseSse(response, { signal: controller.signal })) {
        seen.push(event.data);
        if (seen.length === 3) controller.abort(new Error('user left'));
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(caught).toBeInstanceOf(AbortedError);
    expect((caught as AbortedError).cause).toEqual(new Error('user left'));
    await closed.get('/endless');
    expect(response.bodyUsed).toBe(true);
  });

  it('abort while waiting for the next chunk ends the wait at once', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/endless`);
    const iterator = parseSse(response, { signal: controller.signal });
    expect((await iterator.next()).value?.data).toBe('tick 1');
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('breaking out of the loop cancels the stream', async () => {
    const response = await fetch(`${server.origin}/endless`);
    for await (const event of parseSse(response)) {
      if (event.id === '2') break;
    }
    await closed.get('/endless');
  });

  it('an already aborted signal throws before reading', async () => {
    const response = await fetch(`${server.origin}/endless`);
    await expect(parseSse(response, { signal: AbortSignal.abort() }).next()).rejects.toBeInstanceOf(
      AbortedError,
    );
    await closed.get('/endless');
  });

  it('a connection reset before the first event is a retryable NetworkError', async () => {
    const response = await fetch(`${server.origin}/reset-before-first`);
    const failure = await parseSse(response)
      .next()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).retryable).toBe(true);
    expect((failure as NetworkError).details).toMatchObject({ eventsReceived: 0 });
    expect((failure as Error).message).toMatch(/before its first event.*safe/);
  });

  it('a connection reset after the first event is not retryable', async () => {
    const response = await fetch(`${server.origin}/reset-after-first`);
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of parseSse(response)) seen.push(event.data);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(['one']);
    expect(caught).toBeInstanceOf(NetworkError);
    expect((caught as NetworkError).retryable).toBe(false);
    expect((caught as NetworkError).details).toMatchObject({ eventsReceived: 1 });
  });

  it('NDJSON follows the same rule', async () => {
    const response = await fetch(`${server.origin}/ndjson-reset-after-first`);
    const seen: unknown[] = [];
    const failure = await (async () => {
      for await (const value of parseNdjson(response)) seen.push(value);
    })().catch((error: unknown) => error);
    expect(seen).toEqual([{ n: 1 }]);
    expect(isCoreError(failure, 'network')).toBe(true);
    expect((failure as NetworkError).retryable).toBe(false);
  });

  it('an HTTP error status throws ApiError with status, request id and the parsed body', async () => {
    const response = await fetch(`${server.origin}/rate-limited`);
    const failure = await parseSse(response)
      .next()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError<{ error: { type: string } }>;
    expect(error.code).toBe('api-error');
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.requestId).toBe('req_123');
    expect(error.error.error.type).toBe('rate_limit_exceeded');
    expect(error.message).toContain('HTTP 429');
    expect(error.message).toContain('req_123');
    expect(error.message).not.toContain('slow down');
    expect(JSON.stringify(error)).not.toContain('slow down');
    expect(Object.keys(error)).not.toContain('error');
  });

  it('an HTML page where an event stream was expected is a retryable InvalidResponseError', async () => {
    const response = await fetch(`${server.origin}/html`);
    const failure = await parseSse(response)
      .next()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as InvalidResponseError).retryable).toBe(true);
    expect((failure as Error).message).toMatch(/answered with text\/html/);
    expect((failure as Error).message).not.toContain('Gateway');
  });
});
