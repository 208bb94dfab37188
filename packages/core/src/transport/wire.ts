import type * as Stream from 'node:stream';
import type * as Zlib from 'node:zlib';
import { InvalidResponseError } from '../errors/kinds.js';
import { loadNodeBuiltin } from '../internal/node-builtin.js';
import { wireResponse } from './buffered-response.js';
import { type Hop, nextHop } from './redirect.js';

/**
 * What the send paths that are not fetch (engine.ts: `undici`, `node-http`)
 * share: the request as fetch would put it on the wire (default `accept`,
 * `accept-encoding`, body type), redirects (WHATWG Fetch "HTTP-redirect
 * fetch", redirect.ts), content decoding, and the Response fetch would hand
 * back (final URL, `redirected`, null-body statuses). Each path supplies one
 * exchange: a request on the wire and the response head it answers with.
 */

/** A body these paths send as it is; anything else (streams, Blob, FormData) goes through fetch. */
export type WireBody = string | Uint8Array | undefined;

/** The request body as bytes or text, or null when it is of a kind these paths do not send. */
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

export interface WireSendOptions {
  readonly signal: AbortSignal;
  /** Whether to read the whole body before resolving; a stream is returned otherwise. */
  readonly buffer: (contentType: string) => boolean;
}

/** A body as a Node stream of raw (still encoded) bytes, for streamed responses. */
export interface WireStream {
  readonly source: NodeJS.ReadableStream;
  /** Whether the whole body arrived (asked once the source has ended). */
  complete(): boolean;
  /** Ends the exchange and its connection (a cancelled or abandoned body). */
  destroy(): void;
}

/** A response head, as one exchange answers, with its body still to read. */
export interface WireHead {
  readonly status: number;
  readonly statusText: string;
  /** Every field as sent, names and values alternating. */
  readonly fields: readonly string[];
  /** The first value of a field, by lower-case name. */
  field(name: string): string | undefined;
  /** The whole body (still encoded); rejects when it is cut off. */
  bytes(): Promise<Uint8Array>;
  stream(): WireStream;
  /** Drops the body unread, leaving the connection to the pool. */
  discard(): void;
  /** Ends the exchange and closes the connection. */
  destroy(): void;
}

/** One request/response exchange: resolves when the response head has arrived. */
export type Exchange = (hop: Hop, signal: AbortSignal) => Promise<WireHead>;

/** Statuses whose response has no body (WHATWG Fetch "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** What fetch advertises (undici): the encodings decoded below. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Sends `request` (with `wire`, its remembered body) through `exchange` and
 * resolves with a Response as fetch would give it: final URL in `url`,
 * `redirected` set, body decoded. Rejects with the exchange's own network
 * errors (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ...) for the caller to
 * classify.
 */
export async function sendOverWire(
  request: Request,
  wire: { body: WireBody; type?: string },
  exchange: Exchange,
  options: WireSendOptions,
): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  headers.accept ??= '*/*';
  headers['accept-encoding'] ??= ACCEPT_ENCODING;
  if (wire.type !== undefined) headers['content-type'] ??= wire.type;
  let hop: Hop = { url: new URL(request.url), method: request.method, headers, body: wire.body };
  for (let redirects = 0; ; redirects++) {
    const head = await exchange(hop, options.signal);
    let next: Hop | undefined;
    try {
      next = nextHop(hop, head.status, head.field('location'), request.redirect);
    } catch (error) {
      head.discard();
      throw error;
    }
    if (next === undefined) {
      return toResponse(head, hop, redirects > 0, request.method === 'HEAD', options);
    }
    // The 3xx body is never read: drop it so the socket goes back to the pool.
    head.discard();
    if (redirects >= 20) {
      throw new TypeError('fetch failed: redirect count exceeded (20, WHATWG Fetch §4.4)');
    }
    hop = next;
  }
}

/** The `content-length` fetch would send with `hop`, if one is missing. */
export function withContentLength(hop: Hop): Record<string, string> {
  const headers = { ...hop.headers };
  if (hop.body !== undefined) {
    headers['content-length'] ??= String(
      typeof hop.body === 'string' ? Buffer.byteLength(hop.body) : hop.body.byteLength,
    );
  } else if (hop.method !== 'GET' && hop.method !== 'HEAD') {
    // fetch sends an explicit zero length for a bodiless POST/PUT/PATCH/DELETE.
    headers['content-length'] ??= '0';
  }
  return headers;
}

export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/** A body that ended before its declared length: the connection failed mid-way. */
export function cutOff(): Error {
  return Object.assign(new Error('response body cut off'), { code: 'ECONNRESET' });
}

async function toResponse(
  head: WireHead,
  hop: Hop,
  redirected: boolean,
  isHead: boolean,
  options: WireSendOptions,
): Promise<Response> {
  const status = head.status;
  const headers = new Headers();
  const fields = head.fields;
  for (let i = 0; i < fields.length; i += 2)
    headers.append(fields[i] as string, fields[i + 1] as string);
  const init = { status, statusText: head.statusText, headers };
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null = null;
  const type = head.field('content-type');
  if (isHead || NULL_BODY.has(status)) {
    head.discard();
  } else if (options.buffer(type ?? '')) {
    const bytes = await decode(await head.bytes(), head.field('content-encoding'));
    body = bytes.byteLength === 0 ? null : asBody(bytes, type);
  } else {
    body = decodedStream(head.stream(), head.field('content-encoding'));
  }
  try {
    return wireResponse(body, init, hop.url.href, redirected);
  } catch (error) {
    head.destroy();
    throw new InvalidResponseError(
      `The server answered with HTTP status ${status}, which is not a valid response status (200-599).`,
      { cause: error, details: { status } },
    );
  }
}

const TEXTUAL = /^(application\/([\w.+-]*\+)?(json|xml)|text\/)/i;

/**
 * The bytes as the Response body. A textual body that is valid UTF-8 is kept
 * as a string, which text() and json() hand back without decoding again. The
 * round trip is lossless for valid UTF-8 (a BOM included), so arrayBuffer()
 * still gives the bytes sent.
 */
function asBody(bytes: Uint8Array, contentType: string | undefined): string | Uint8Array {
  if (contentType !== undefined && TEXTUAL.test(contentType) && isUtf8(bytes)) {
    return (bytes as Buffer).toString('utf8');
  }
  return bytes;
}

let utf8Check: ((bytes: Uint8Array) => boolean) | undefined;

function isUtf8(bytes: Uint8Array): boolean {
  utf8Check ??=
    loadNodeBuiltin<typeof import('node:buffer')>('node:buffer')?.isUtf8 ?? (() => false);
  return Buffer.isBuffer(bytes) && utf8Check(bytes);
}

type ZlibModule = typeof Zlib;
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

function decodedStream(body: WireStream, encoding: string | undefined): ReadableStream<Uint8Array> {
  const codings = decoders(encoding);
  let source: NodeJS.ReadableStream = body.source;
  if (codings.length > 0 && knows(codings)) {
    const z = zlibModule();
    for (const coding of codings) {
      const step =
        coding === 'br'
          ? z.createBrotliDecompress()
          : coding === 'deflate'
            ? deflateDecoder(z)
            : z.createGunzip({ finishFlush: z.constants.Z_SYNC_FLUSH });
      source.on('error', (error: Error) => step.destroy(error));
      source = source.pipe(step);
    }
  }
  return nodeToWeb(source, body);
}

/**
 * A streamed "deflate" body: zlib-wrapped as RFC 9110 §8.4.1.2 says
 * (RFC 1950), or raw deflate (RFC 1951), which some servers send. The same
 * decoders as a buffered body gets (decode: unzip, then raw deflate if
 * unzip refuses), chosen by the first byte, since a stream cannot be tried
 * twice: unzip for a zlib stream, whose first byte holds compression method 8
 * in its low four bits (RFC 1950 §2.2, the test fetch (undici) makes), and
 * for gzip sent as "deflate" (first byte 0x1f, RFC 1952 §2.3.1), which unzip
 * also reads; raw deflate otherwise (a block header, whose low four bits are
 * not 8 but for a stored block with non-zero padding). The decoder is made on
 * the first chunk. Both ways keep back-pressure: a chunk is taken once the
 * decoder has room for it, and the decoder pauses while what it decoded is
 * not read.
 */
function deflateDecoder(z: ZlibModule): Stream.Transform {
  const { Transform } = loadNodeBuiltin<typeof import('node:stream')>('node:stream')!;
  let inner: Zlib.Unzip | Zlib.InflateRaw | undefined;
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (inner === undefined) {
        const first = chunk[0]!;
        const decoder =
          (first & 0x0f) === 0x08 || first === 0x1f ? z.createUnzip() : z.createInflateRaw();
        decoder.on('data', (data: Buffer) => {
          if (!outer.push(data)) decoder.pause();
        });
        decoder.on('error', (error: Error) => outer.destroy(error));
        inner = decoder;
      }
      if (inner.write(chunk)) callback();
      else inner.once('drain', () => callback());
    },
    flush(callback) {
      if (inner === undefined) return callback();
      inner.once('end', () => callback());
      inner.end();
    },
    read(size) {
      inner?.resume();
      Transform.prototype._read.call(this, size);
    },
  });
  return outer;
}

/**
 * A web stream over a Node stream (the body, or the last decoder piped from
 * it), with back-pressure (pull) and cancel, which ends the exchange itself
 * so its socket is not left half-read.
 */
function nodeToWeb(source: NodeJS.ReadableStream, body: WireStream): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        try {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } catch {
          return; // cancelled or errored meanwhile: the exchange is being destroyed
        }
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => {
        if (!body.complete()) controller.error(cutOff());
        else controller.close();
      });
      source.on('error', (error: Error) => controller.error(error));
    },
    pull() {
      source.resume();
    },
    cancel() {
      body.destroy();
    },
  });
}
