import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { CallContext, EventSink, Handler, Policy } from '../../src/transport/types.js';

/** One request as the server received it. */
export interface Received {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Route = (request: Received, response: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  url: string;
  received: Received[];
  /** Requests received for one path (query ignored). */
  on(path: string): Received[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and an ephemeral port; routes by path, 404 otherwise. */
export async function startServer(routes: Record<string, Route>): Promise<LocalServer> {
  const received: Received[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: Received = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    received.push(request);
    const route = routes[request.url.split('?')[0] ?? ''];
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
      return;
    }
    try {
      await route(request, response);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    on: (path) => received.filter((r) => r.url.split('?')[0] === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The innermost handler: a real fetch to the wire. */
export const send: Handler = (request) => fetch(request);

export interface RecordingSink extends EventSink {
  events: { type: string; data: Record<string, unknown> }[];
}

export function recordingSink(): RecordingSink {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  return { active: true, events, emit: (type, data) => events.push({ type, data }) };
}

export function makeContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    vendor: 'acme',
    operation: undefined,
    tenant: undefined,
    signal: new AbortController().signal,
    callerSignal: undefined,
    deadline: Number.POSITIVE_INFINITY,
    attempt: 1,
    events: { active: false, emit: () => {} },
    state: new Map(),
    ...overrides,
  };
}

/** Builds the handler once, as the transport does, and runs one call through it. */
export function through(
  policy: Policy,
  next: Handler = send,
): (request: Request, ctx?: CallContext) => Promise<Response> {
  const handler = policy.wrap(next);
  return (request, ctx = makeContext()) => handler(request, ctx);
}

/** A settable clock for injected `now` options. */
export function clock(start = 0): {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
} {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export function deferred<T>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs `fn`, expects it to throw, returns what it threw. */
export async function caught(fn: () => unknown): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a throw');
}

/**
 * Asserts no canary string appears anywhere a thrown error could be read:
 * message, stack, the whole cause chain, toJSON, details and util.inspect.
 */
export function expectNoCanary(error: unknown, canaries: readonly string[]): void {
  const views: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      views.push(current.message, current.stack ?? '', String(current));
      current = current.cause;
    } else {
      views.push(String(current));
      current = undefined;
    }
  }
  views.push(JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }));
  const details = (error as { details?: unknown }).details;
  if (details !== undefined) views.push(JSON.stringify(details));
  for (const canary of canaries) {
    for (const view of views) expect(view).not.toContain(canary);
  }
}
