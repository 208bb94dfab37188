import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/items?limit=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (empty string when there was none). */
  body: string;
  rawBody: Buffer;
  /** 0 for the first request the server received, then 1, 2, ... */
  index: number;
}

export type TestHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  incoming: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  url: string;
  port: number;
  /** Every request received so far, in arrival order. */
  requests: RecordedRequest[];
  /** Stops listening and destroys open connections (keep-alive, stalled bodies). */
  close(): Promise<void>;
}

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port. The body is read
 * in full and recorded before the handler runs, so tests can assert on
 * exactly what went over the wire. Without a handler it answers
 * `200 {"ok":true}`. A handler that throws answers 500 with the message, so a
 * broken test shows up as a response instead of a hung request.
 */
export async function startTestServer(handler: TestHandler = okHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    const rawBody = Buffer.concat(chunks);
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers: incoming.headers,
      body: rawBody.toString('utf8'),
      rawBody,
      index: requests.length,
    };
    requests.push(request);
    try {
      await handler(request, response, incoming);
    } catch (error) {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(
          `test handler failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      } else {
        response.destroy();
      }
    }
  });
  // Servers outlive a test's client: never keep a stalled socket open forever.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function okHandler(_request: RecordedRequest, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"ok":true}');
}
