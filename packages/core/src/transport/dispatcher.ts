import type * as Stream from 'node:stream';
import { loadNodeBuiltin } from '../internal/node-builtin.js';
import type { Hop } from './redirect.js';
import {
  abortReason,
  sendOverWire,
  type WireBody,
  type WireHead,
  type WireSendOptions,
  type WireStream,
  withContentLength,
} from './wire.js';

/**
 * The send path on undici's dispatcher: the layer Node's own fetch runs on,
 * without fetch's WHATWG Request, Response and stream objects around it.
 * Measured on Node 24 against a loopback server (GET, keep-alive), fetch
 * spends about 112 CPU µs per request at 32 in flight and 258 at 1,
 * node:http 82 and 153, and `dispatch` on the same global dispatcher 22 and
 * 114. What fetch does for the caller (redirects, decoding, defaults) is in
 * wire.ts.
 *
 * The dispatcher is the global one, the very object fetch would use: undici
 * keeps it under a registered symbol that every undici copy shares (its
 * `setGlobalDispatcher`), so a ProxyAgent, an EnvHttpProxyAgent
 * (NODE_USE_ENV_PROXY), a MockAgent or an Agent with custom TLS options that
 * the application installed applies here as it would to fetch.
 *
 * The handler speaks both handler interfaces of undici's `dispatch`
 * (docs/api/Dispatcher.md): `onRequestStart`/`onResponseStart`/... which
 * undici 7 (Node 24) and later call, and `onConnect`/`onHeaders`/... which
 * undici 6 (Node 20, 22) calls.
 */

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

interface DispatchOptions {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: WireBody | null;
}

export interface Dispatcher {
  dispatch(options: DispatchOptions, handler: object): boolean;
}

/** What undici 7+ hands the handler to steer the exchange. */
interface DispatchController {
  abort(reason: Error): void;
  pause(): void;
  resume(): void;
}

/**
 * The global dispatcher fetch uses, or undefined where there is none (Bun,
 * Deno, browsers). Node installs its Agent when its bundled undici loads,
 * which touching one of the fetch globals does; a client's import never
 * pays that, its first request does.
 */
export function globalDispatcher(): Dispatcher | undefined {
  const slot = globalThis as Record<symbol, unknown>;
  if (slot[DISPATCHER] === undefined && typeof globalThis.Response !== 'function') return undefined;
  const dispatcher = slot[DISPATCHER] as Partial<Dispatcher> | undefined;
  return typeof dispatcher?.dispatch === 'function' ? (dispatcher as Dispatcher) : undefined;
}

export function sendWithDispatcher(
  dispatcher: Dispatcher,
  request: Request,
  wire: { body: WireBody; type?: string },
  options: WireSendOptions,
): Promise<Response> {
  return sendOverWire(request, wire, (hop, signal) => exchange(dispatcher, hop, signal), options);
}

function exchange(dispatcher: Dispatcher, hop: Hop, signal: AbortSignal): Promise<WireHead> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const handler = new Exchanged(signal, resolve, reject);
    try {
      dispatcher.dispatch(
        {
          origin: hop.url.origin,
          path: hop.url.pathname + hop.url.search,
          method: hop.method,
          headers: withContentLength(hop),
          body: hop.body ?? null,
        },
        handler,
      );
    } catch (error) {
      handler.fail(error as Error);
    }
  });
}

type Phase = 'head' | 'body' | 'done' | 'failed';

/** One exchange's handler: the response head, then its body, buffered or streamed. */
class Exchanged implements WireHead {
  status = 0;
  statusText = '';
  fields: string[] = [];
  #phase: Phase = 'head';
  #error: Error | undefined;
  #chunks: Buffer[] = [];
  #size = 0;
  #discard = false;
  #controller: DispatchController | undefined;
  #abortLegacy: ((reason: Error) => void) | undefined;
  #resumeLegacy: (() => void) | undefined;
  #paused = false;
  #waiter: { resolve(bytes: Uint8Array): void; reject(error: Error): void } | undefined;
  #stream: Stream.Readable | undefined;
  readonly #signal: AbortSignal;
  readonly #resolve: (head: WireHead) => void;
  readonly #reject: (error: Error) => void;
  readonly #onAbort = () => this.#abort(abortReason(this.#signal));

  constructor(
    signal: AbortSignal,
    resolve: (head: WireHead) => void,
    reject: (error: Error) => void,
  ) {
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  // undici 7+ handler interface.
  onRequestStart(controller: DispatchController): void {
    this.#controller = controller;
    if (this.#signal.aborted) controller.abort(abortReason(this.#signal));
  }

  onResponseStart(
    _controller: DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusText: string,
  ): void {
    // 1xx (100 Continue, 103 Early Hints) are interim; the final head follows.
    if (status < 200) return;
    const fields: string[] = [];
    for (const name in headers) {
      const value = headers[name];
      if (Array.isArray(value)) for (const item of value) fields.push(name, item);
      else if (value !== undefined) fields.push(name, value);
    }
    this.#head(status, statusText, fields);
  }

  onResponseData(_controller: DispatchController, chunk: Buffer): void {
    this.#data(chunk);
  }

  onResponseEnd(): void {
    this.#end();
  }

  onResponseError(_controller: DispatchController | null, error: Error): void {
    this.fail(error);
  }

  // undici 6 handler interface.
  onConnect(abort: (reason: Error) => void): void {
    this.#abortLegacy = abort;
    if (this.#signal.aborted) abort(abortReason(this.#signal));
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200) return true;
    this.#resumeLegacy = resume;
    const fields: string[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) fields[i] = (raw[i] as Buffer).toString('latin1');
    this.#head(status, statusText, fields);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#data(chunk);
    return !this.#paused;
  }

  onComplete(): void {
    this.#end();
  }

  onError(error: Error): void {
    this.fail(error);
  }

  onUpgrade(): void {
    this.fail(new TypeError('fetch failed: unexpected protocol upgrade'));
  }

  // WireHead.
  field(name: string): string | undefined {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i += 2) {
      if ((fields[i] as string).toLowerCase() === name) return fields[i + 1];
    }
    return undefined;
  }

  bytes(): Promise<Uint8Array> {
    if (this.#phase === 'failed') return Promise.reject(this.#error);
    if (this.#phase === 'done') return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  stream(): WireStream {
    const { Readable } = loadNodeBuiltin<typeof Stream>('node:stream') as typeof Stream;
    const source = new Readable({ read: () => this.#resumeNow() });
    this.#stream = source;
    for (const chunk of this.#chunks) source.push(chunk);
    this.#chunks = [];
    if (this.#phase === 'done') source.push(null);
    else if (this.#phase === 'failed') source.destroy(this.#error);
    return {
      source,
      complete: () => this.#phase === 'done',
      destroy: () => this.destroy(),
    };
  }

  discard(): void {
    this.#discard = true;
    this.#chunks = [];
  }

  destroy(): void {
    this.#discard = true;
    this.#chunks = [];
    this.#abort(new DOMException('The response body was cancelled', 'AbortError'));
  }

  /** Fails the exchange wherever it is: the head, a body read, or a stream. */
  fail(error: Error): void {
    if (this.#phase === 'done' || this.#phase === 'failed') return;
    const before = this.#phase;
    this.#phase = 'failed';
    this.#error = error;
    this.#release();
    if (before === 'head') {
      this.#reject(error);
      return;
    }
    this.#waiter?.reject(error);
    this.#stream?.destroy(error);
  }

  #head(status: number, statusText: string, fields: string[]): void {
    if (this.#phase !== 'head') return;
    this.status = status;
    this.statusText = statusText;
    this.fields = fields;
    this.#phase = 'body';
    this.#resolve(this);
  }

  #data(chunk: Buffer): void {
    if (this.#discard) return;
    const stream = this.#stream;
    if (stream !== undefined) {
      if (!stream.push(chunk)) this.#pause();
      return;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  #end(): void {
    if (this.#phase !== 'body') return;
    this.#phase = 'done';
    this.#release();
    if (this.#waiter !== undefined) this.#waiter.resolve(this.#take());
    this.#stream?.push(null);
  }

  #take(): Uint8Array {
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size);
  }

  #pause(): void {
    this.#paused = true;
    this.#controller?.pause();
  }

  #resumeNow(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#controller !== undefined) this.#controller.resume();
    else this.#resumeLegacy?.();
  }

  #abort(reason: Error): void {
    if (this.#phase === 'done' || this.#phase === 'failed') return;
    if (this.#controller !== undefined) this.#controller.abort(reason);
    else if (this.#abortLegacy !== undefined) this.#abortLegacy(reason);
    else this.fail(reason);
  }

  #release(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
  }
}
