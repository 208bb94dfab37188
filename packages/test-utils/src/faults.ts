import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type RecordedRequest,
  startTestServer,
  type TestHandler,
  type TestServer,
} from './server.js';

// Captured at load: a test that switches to fake timers must not freeze the
// server's own pacing (a slow body would never finish).
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** What the server does with one request, as data so a fault matrix can be a table. */
export type Fault =
  /** A plain response; a sequence of these is a status sequence (`503` + `Retry-After`, then `200`). */
  | { kind: 'respond'; status: number; headers?: OutgoingHttpHeaders; body?: string | object }
  /**
   * Resets the TCP connection (RST; the client sees ECONNRESET). With
   * `afterHeaders`, the status line and headers go out first, so the failure
   * hits while the body is read.
   */
  | { kind: 'reset'; afterHeaders?: boolean; status?: number; headers?: OutgoingHttpHeaders }
  /** Closes the connection without answering (FIN; undici reports "other side closed"). */
  | { kind: 'close' }
  /** Sends headers at once, then each chunk after `delayMs`. */
  | {
      kind: 'slow-body';
      chunks: string[];
      delayMs: number;
      status?: number;
      headers?: OutgoingHttpHeaders;
    }
  /** `application/json` whose body does not parse. */
  | { kind: 'malformed-json'; status?: number; headers?: OutgoingHttpHeaders; body?: string }
  /** An HTML error page such as a proxy or CDN returns in front of a JSON API. */
  | { kind: 'html-error'; status?: number; headers?: OutgoingHttpHeaders }
  /** Declares a Content-Length larger than what is sent, then closes the connection. */
  | {
      kind: 'truncated';
      body: string;
      declaredLength?: number;
      status?: number;
      headers?: OutgoingHttpHeaders;
    }
  /** Reads the request and never answers, until the client gives up or the server closes. */
  | { kind: 'hang' };

export interface FaultServerOptions {
  /** One fault per request, in order: request 0 gets `faults[0]`. */
  faults: readonly Fault[];
  /** For requests past the end of `faults`. Default: the last fault again. */
  afterwards?: Fault;
}

/** A handler answering the nth request it sees with the nth fault. */
export function faultHandler(options: FaultServerOptions): TestHandler {
  if (options.faults.length === 0 && !options.afterwards) {
    throw new Error('faultHandler needs at least one fault or an `afterwards` fault');
  }
  let seen = 0;
  return (request, response, incoming) => {
    const fault = options.faults[seen] ?? options.afterwards ?? options.faults.at(-1)!;
    seen += 1;
    return applyFault(fault, request, response, incoming);
  };
}

/** A test server (see startTestServer) answering with the given faults in order. */
export function faultServer(options: FaultServerOptions): Promise<TestServer> {
  return startTestServer(faultHandler(options));
}

/** Plays one fault on one request. */
export async function applyFault(
  fault: Fault,
  _request: RecordedRequest,
  response: ServerResponse,
  incoming: IncomingMessage,
): Promise<void> {
  switch (fault.kind) {
    case 'respond': {
      const isText = fault.body === undefined || typeof fault.body === 'string';
      const body = isText ? ((fault.body as string | undefined) ?? '') : JSON.stringify(fault.body);
      const type = isText ? 'text/plain; charset=utf-8' : 'application/json';
      response.writeHead(fault.status, { 'content-type': type, ...fault.headers });
      response.end(body);
      return;
    }
    case 'reset':
      if (fault.afterHeaders) {
        response.writeHead(fault.status ?? 200, {
          'content-type': 'application/json',
          ...fault.headers,
        });
        response.write('{"partial":');
        await delay(response, 20);
      }
      incoming.socket.resetAndDestroy();
      return;
    case 'close':
      incoming.socket.destroy();
      return;
    case 'slow-body':
      response.writeHead(fault.status ?? 200, {
        'content-type': 'text/plain; charset=utf-8',
        ...fault.headers,
      });
      response.flushHeaders();
      for (const chunk of fault.chunks) {
        if (!(await delay(response, fault.delayMs))) return;
        response.write(chunk);
      }
      response.end();
      return;
    case 'malformed-json':
      response.writeHead(fault.status ?? 200, {
        'content-type': 'application/json',
        ...fault.headers,
      });
      response.end(fault.body ?? '{"id": 1, "items": [1, 2,');
      return;
    case 'html-error': {
      const status = fault.status ?? 502;
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...fault.headers });
      response.end(
        `<html>\n<head><title>${status} Bad Gateway</title></head>\n<body>\n<center><h1>${status} Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`,
      );
      return;
    }
    case 'truncated': {
      const sent = Buffer.from(fault.body, 'utf8');
      const declared = fault.declaredLength ?? sent.length * 2 + 1;
      response.writeHead(fault.status ?? 200, {
        'content-type': 'application/json',
        ...fault.headers,
        'content-length': String(declared),
      });
      response.write(sent, () => incoming.socket.destroy());
      return;
    }
    case 'hang':
      return;
  }
}

/** Waits `ms` unless the client goes away first; resolves false in that case. */
function delay(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (response.destroyed) return resolve(false);
    const onClose = () => {
      realClearTimeout(timer);
      resolve(false);
    };
    const timer = realSetTimeout(() => {
      response.off('close', onClose);
      resolve(!response.destroyed);
    }, ms);
    response.once('close', onClose);
  });
}
