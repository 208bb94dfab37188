import { InvalidRequestError } from '../errors/kinds.js';

/** A request whose body was read once and can be sent again, as a fresh Request, on every attempt. */
export interface RebuildableRequest {
  /** The body's size in bytes; 0 when the request has no body. */
  readonly byteLength: number;
  /**
   * A new Request with the same URL, method, headers, options and body, ready
   * to send. Each call returns an unused Request whose body is its own copy.
   * `signal` replaces the original signal, e.g. for a per-attempt timeout.
   */
  forAttempt(signal?: AbortSignal): Request;
}

/**
 * Reads a request's body once so every attempt of a retried call sends the
 * whole body again. A Request body is a one-shot stream: once `fetch` read it,
 * re-sending the same Request fails or, worse, sends nothing. `request.clone()`
 * must then be taken before every send and tees the stream each time; here
 * the bytes are kept once and each attempt builds a new Request around them.
 *
 * A request without a body is not read. Throws InvalidRequestError when the
 * body was already consumed, because no attempt could send it.
 */
export async function rebuildableBody(request: Request): Promise<RebuildableRequest> {
  if (request.bodyUsed) {
    throw new InvalidRequestError(
      'The request body was already read, so it cannot be sent again; build the call from its inputs once more.',
    );
  }
  if (request.body === null) {
    // No body to consume: a Request built from this one is always sendable.
    const template = new Request(request);
    return {
      byteLength: 0,
      forAttempt: (signal) =>
        signal === undefined ? new Request(template) : new Request(template, { signal }),
    };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  // `request` is now consumed, but `new Request(consumed, { body })` takes
  // URL, method, headers and options from it and the fresh body from init
  // (Fetch §5.4 Request constructor: the used-body check applies only when
  // init supplies no body). The constructor copies `bytes`, so attempts
  // never share a stream.
  return {
    byteLength: bytes.byteLength,
    forAttempt: (signal) =>
      new Request(request, signal === undefined ? { body: bytes } : { body: bytes, signal }),
  };
}
