import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Reply = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port. Each request is
 * answered by the next reply in the script (the last one repeats) and recorded.
 */
export async function startFaultServer(...script: Reply[]) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      const reply = script[Math.min(seen.length - 1, script.length - 1)] as Reply;
      reply(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

/** Drops the TCP connection without an answer (a reset as the client sees it). */
export const reset: Reply = (req) => {
  req.socket.destroy();
};

export const html =
  (status: number): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  };

export const malformedJson: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"sid": "SM123", "status": ');
};

/** Promises more bytes than it sends, then closes. */
export const truncated: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
  res.write('{"sid": "SM1');
  setTimeout(() => res.socket?.destroy(), 5);
};

/** Sends headers at once and the body slowly, one chunk every `everyMs`. */
export const slowBody =
  (everyMs: number, chunks: string[]): Reply =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let i = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (i === chunks.length) return res.end();
      res.write(chunks[i++]);
      setTimeout(tick, everyMs);
    };
    tick();
  };
