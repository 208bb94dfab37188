import type * as Http from 'node:http';
import { loadNodeBuiltin } from '../internal/node-builtin.js';
import type { Hop } from './redirect.js';
import {
  abortReason,
  cutOff,
  sendOverWire,
  type WireBody,
  type WireHead,
  type WireSendOptions,
  withContentLength,
} from './wire.js';

/**
 * The send path on Node's own HTTP client (node:http / node:https on their
 * global agents), as the AWS SDK's NodeHttpHandler does, instead of fetch.
 * Measured on Node 24 against a loopback server (bench/pipeline.mjs), fetch
 * costs 50-100 CPU µs more per request than http.request with the same
 * keep-alive pooling, because undici's fetch builds its own Request and
 * response stream on top of its socket layer. What fetch does for the caller
 * (redirects, decoding, defaults) is in wire.ts. Chosen with engine
 * `node-http` (engine.ts).
 */

type HttpModule = typeof Http;
let modules: { http: HttpModule; https: HttpModule } | undefined | null;

/** node:http and node:https, or null where this runtime has none (browsers, workers). */
export function httpModules(): { http: HttpModule; https: HttpModule } | null {
  if (modules === undefined) {
    const http = loadNodeBuiltin<HttpModule>('node:http');
    const https = loadNodeBuiltin<HttpModule>('node:https');
    modules = http && https ? { http, https } : null;
  }
  return modules;
}

export function sendWithNode(
  request: Request,
  wire: { body: WireBody; type?: string },
  options: WireSendOptions,
): Promise<Response> {
  return sendOverWire(request, wire, exchange, options);
}

/** One request/response exchange: resolves when the response head has arrived. */
function exchange(hop: Hop, signal: AbortSignal): Promise<WireHead> {
  const mods = httpModules() as { http: HttpModule; https: HttpModule };
  const mod = hop.url.protocol === 'https:' ? mods.https : mods.http;
  return new Promise((resolve, reject) => {
    // Looked up per call: interceptors (msw, nock) patch the module's request.
    const req = mod.request(
      {
        protocol: hop.url.protocol,
        hostname: stripBrackets(hop.url.hostname),
        port: hop.url.port,
        path: hop.url.pathname + hop.url.search,
        method: hop.method,
        headers: withContentLength(hop),
        agent: mod.globalAgent,
      },
      (res) => {
        // From here an abort (while the body is read or streamed) ends the body.
        target = res;
        // A body that is dropped (redirects, HEAD, 204) may still fail on its
        // socket: that must not become an uncaught 'error' event. Readers of
        // the body add their own listeners.
        res.on('error', ignore);
        resolve(headOf(res));
      },
    );
    // One listener for the whole exchange: it destroys the request until the
    // response head arrives, then the response.
    let target: { destroy(error?: Error): void } = req;
    const onAbort = () => target.destroy(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', reject);
    req.end(hop.body);
  });
}

function headOf(res: Http.IncomingMessage): WireHead {
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    fields: res.rawHeaders,
    field: (name) => {
      const value = res.headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
    bytes: () => readAll(res),
    stream: () => ({ source: res, complete: () => res.complete, destroy: () => res.destroy() }),
    discard: () => res.resume(),
    destroy: () => res.destroy(),
  };
}

function ignore(): void {}

/** `[::1]` in a URL is `::1` to the socket layer. */
function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function readAll(res: Http.IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    res.once('end', () => {
      // The connection closed before the declared length arrived.
      if (!res.complete) reject(cutOff());
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    res.on('error', reject);
  });
}
