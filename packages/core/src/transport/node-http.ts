import type * as Http from 'node:http';
import type * as Zlib from 'node:zlib';
import { InvalidResponseError } from '../errors/kinds.js';
import { loadNodeBuiltin } from '../internal/node-builtin.js';
import { type Hop, nextHop } from './redirect.js';

/**
 * The send path on Node's own HTTP client (node:http / node:https on their
 * global agents), as the AWS SDK's NodeHttpHandler does, instead of fetch.
 * Measured on Node 24 against a loopback server (bench/pipeline.mjs), fetch
 * costs 50-100 CPU µs more per request than http.request with the same
 * keep-alive pooling, because undici's fetch builds its own Request and
 * response stream on top of its socket layer. What fetch does for the caller
 * is done here too: redirects (WHATWG Fetch "HTTP-redirect fetch"), content
 * decoding, default `accept`, `content-length`, aborts. See engine.ts for
 * when this path is chosen.
 */

type HttpModule = typeof Http;
type ZlibModule = typeof Zlib;
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

/** A body this path sends as it is; anything else (streams, Blob, FormData) goes through fetch. */
export type WireBody = string | Uint8Array | undefined;

/** The request body as bytes or text, or null when it is of a kind this path does not send. */
export function wireBody(
  source: BodyInit | undefined,
  request: Request,
): { body: WireBody; type?: string } | null {
  if (source === undefined) return request.body === null ? { body: undefined } : null;
  if (typeof source === 'string') return { body: source, type: 'text/plain;charset=UTF-8' };
  if (source instanceof URLSearchParams) {
    return { body: source.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (source instanceof ArrayBuffer) return { body: new Uint8Array(source) };
  if (ArrayBuffer.isView(source)) {
    return { body: new Uint8Array(source.buffer, source.byteOffset, source.byteLength) };
  }
  return null;
}

export interface NodeSendOptions {
  readonly signal: AbortSignal;
  /** Whether to read the whole body before resolving; a stream is returned otherwise. */
  readonly buffer: (contentType: string) => boolean;
}

/** Statuses whose response has no body (WHATWG Fetch "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** What fetch advertises (undici): the encodings decoded below. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Sends `request` (with `body`, its remembered source) and resolves with a
 * Response as fetch would give it: final URL in `url`, `redirected` set,
 * body decoded. Rejects with Node's network errors (ECONNREFUSED, ECONNRESET,
 * ...) as they are, for the caller to classify.
 */
export async function sendWithNode(
  request: Request,
  wire: { body: WireBody; type?: string },
  options: NodeSendOptions,
): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  headers.accept ??= '*/*';
  headers['accept-encoding'] ??= ACCEPT_ENCODING;
  if (wire.type !== undefined) headers['content-type'] ??= wire.type;
  let hop: Hop = { url: new URL(request.url), method: request.method, headers, body: wire.body };
  for (let redirects = 0; ; redirects++) {
    const response = await exchange(hop, options.signal);
    const next = nextHop(
      hop,
      response.statusCode ?? 0,
      response.headers.location,
      request.redirect,
    );
    if (next === undefined) {
      return toResponse(response, hop, redirects > 0, request.method === 'HEAD', options);
    }
    // The 3xx body is never read: drop it so the socket goes back to the pool.
    response.resume();
    if (redirects >= 20) {
      throw new TypeError('fetch failed: redirect count exceeded (20, WHATWG Fetch §4.4)');
    }
    hop = next;
  }
}

/** One request/response exchange: resolves when the response head has arrived. */
function exchange(hop: Hop, signal: AbortSignal): Promise<Http.IncomingMessage> {
  const mods = httpModules() as { http: HttpModule; https: HttpModule };
  const secure = hop.url.protocol === 'https:';
  const mod = secure ? mods.https : mods.http;
  const headers = { ...hop.headers };
  if (hop.body !== undefined) {
    headers['content-length'] ??= String(
      typeof hop.body === 'string' ? Buffer.byteLength(hop.body) : hop.body.byteLength,
    );
  } else if (hop.method !== 'GET' && hop.method !== 'HEAD') {
    // fetch sends an explicit zero length for a bodiless POST/PUT/PATCH/DELETE.
    headers['content-length'] ??= '0';
  }
  return new Promise((resolve, reject) => {
    // Looked up per call: interceptors (msw, nock) patch the module's request.
    const req = mod.request(
      {
        protocol: hop.url.protocol,
        hostname: stripBrackets(hop.url.hostname),
        port: hop.url.port,
        path: hop.url.pathname + hop.url.search,
        method: hop.method,
        headers,
        agent: mod.globalAgent,
      },
      (res) => {
        // From here an abort (while the body is read or streamed) ends the body.
        target = res;
        // A body that is dropped (redirects, HEAD, 204) may still fail on its
        // socket: that must not become an uncaught 'error' event. Readers of
        // the body add their own listeners.
        res.on('error', ignore);
        resolve(res);
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

function ignore(): void {}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/** `[::1]` in a URL is `::1` to the socket layer. */
function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

async function toResponse(
  res: Http.IncomingMessage,
  hop: Hop,
  redirected: boolean,
  head: boolean,
  options: NodeSendOptions,
): Promise<Response> {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const init = { status, statusText: res.statusMessage ?? '', headers };
  let body: BodyInit | null = null;
  if (head || NULL_BODY.has(status)) {
    res.resume();
  } else if (options.buffer(res.headers['content-type'] ?? '')) {
    const bytes = await decode(await readAll(res), res.headers['content-encoding']);
    body = bytes.byteLength === 0 ? null : asBody(bytes, res.headers['content-type']);
  } else {
    body = decodedStream(res);
  }
  let response: Response;
  try {
    response = new Response(body, init);
  } catch (error) {
    res.destroy();
    throw new InvalidResponseError(
      `The server answered with HTTP status ${status}, which is not a valid response status (200-599).`,
      { cause: error, details: { status } },
    );
  }
  // A constructed Response has an empty url and redirected false: set what fetch would.
  Object.defineProperty(response, 'url', { value: hop.url.href });
  if (redirected) Object.defineProperty(response, 'redirected', { value: true });
  return response;
}

const TEXTUAL = /^(application\/([\w.+-]*\+)?(json|xml)|text\/)/i;

/**
 * The bytes as the Response body. A textual body that is valid UTF-8 goes in
 * as a string: undici's Response copies a byte body and wraps it in a
 * stream, and measured on Node 24 `new Response(string).json()` costs about
 * 6.5 µs against 10.4 µs for the same bytes. The round trip is lossless for
 * valid UTF-8 (a BOM included), so arrayBuffer() still gives the bytes sent.
 */
function asBody(bytes: Uint8Array, contentType: string | undefined): BodyInit {
  if (contentType !== undefined && TEXTUAL.test(contentType) && isUtf8(bytes)) {
    return (bytes as Buffer).toString('utf8');
  }
  return bytes as Uint8Array<ArrayBuffer>;
}

let utf8Check: ((bytes: Uint8Array) => boolean) | undefined;

function isUtf8(bytes: Uint8Array): boolean {
  utf8Check ??=
    loadNodeBuiltin<typeof import('node:buffer')>('node:buffer')?.isUtf8 ?? (() => false);
  return Buffer.isBuffer(bytes) && utf8Check(bytes);
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
      if (!res.complete) {
        // The connection closed before the declared length arrived.
        reject(Object.assign(new Error('response body cut off'), { code: 'ECONNRESET' }));
      } else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    res.on('error', reject);
  });
}

let zlib: ZlibModule | undefined;

/** zlib decoders for a `content-encoding` list, last applied first (RFC 9110 §8.4). */
function decoders(encoding: string | undefined): string[] {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return [];
  return encoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
}

/** Known codings only: like fetch, an unknown coding leaves the body as sent. */
function knows(codings: string[]): boolean {
  return codings.every((c) => c === 'gzip' || c === 'x-gzip' || c === 'deflate' || c === 'br');
}

/** node:zlib, loaded on the first encoded body. */
function zlibModule(): ZlibModule {
  zlib ??= loadNodeBuiltin<ZlibModule>('node:zlib') as ZlibModule;
  return zlib;
}

async function decode(bytes: Uint8Array, encoding: string | undefined): Promise<Uint8Array> {
  const codings = decoders(encoding);
  if (codings.length === 0 || !knows(codings) || bytes.byteLength === 0) return bytes;
  const z = zlibModule();
  let out = bytes;
  for (const coding of codings) {
    out = await new Promise<Uint8Array>((resolve, reject) => {
      const done = (error: Error | null, result: Buffer) =>
        error ? reject(error) : resolve(result);
      if (coding === 'br') z.brotliDecompress(out, done);
      // "deflate" is zlib-wrapped (RFC 9110 §8.4.1.2); some servers send raw deflate.
      else if (coding === 'deflate')
        z.unzip(out, (error, result) => (error ? z.inflateRaw(out, done) : resolve(result)));
      else z.gunzip(out, { finishFlush: z.constants.Z_SYNC_FLUSH }, done);
    });
  }
  return out;
}

function decodedStream(res: Http.IncomingMessage): ReadableStream<Uint8Array> {
  const codings = decoders(res.headers['content-encoding']);
  let source: NodeJS.ReadableStream = res;
  if (codings.length > 0 && knows(codings)) {
    const z = zlibModule();
    for (const coding of codings) {
      const step =
        coding === 'br'
          ? z.createBrotliDecompress()
          : coding === 'deflate'
            ? z.createUnzip()
            : z.createGunzip({ finishFlush: z.constants.Z_SYNC_FLUSH });
      const from = source as NodeJS.ReadableStream & { destroy?: (e?: Error) => void };
      from.on('error', (error: Error) => step.destroy(error));
      source = from.pipe(step);
    }
  }
  return nodeToWeb(source, res);
}

/**
 * A web stream over a Node stream (the response, or the last decoder piped
 * from it), with back-pressure (pull) and cancel, which ends the response
 * itself so its socket is not left half-read.
 */
function nodeToWeb(
  source: NodeJS.ReadableStream,
  res: Http.IncomingMessage,
): ReadableStream<Uint8Array> {
  const node = source;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      node.on('data', (chunk: Buffer) => {
        try {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } catch {
          return; // cancelled or errored meanwhile: the response is being destroyed
        }
        if ((controller.desiredSize ?? 1) <= 0) node.pause();
      });
      node.once('end', () => {
        if (!res.complete) {
          controller.error(
            Object.assign(new Error('response body cut off'), { code: 'ECONNRESET' }),
          );
        } else controller.close();
      });
      node.on('error', (error: Error) => controller.error(error));
    },
    pull() {
      node.resume();
    },
    cancel() {
      res.destroy();
    },
  });
}
