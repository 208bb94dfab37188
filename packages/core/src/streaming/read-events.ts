import { isCoreError } from '../errors/core-error.js';
import {
  AbortedError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
} from '../errors/kinds.js';
import { apiErrorFrom, readErrorBody } from '../internal/api-error-from.js';
import { classifyNetworkError } from '../retry/classify.js';
import { mediaTypeEssence } from '../serialization/media-type.js';

/** A streaming body: a fetch Response, or its `body` (openapi-fetch's `data` with `parseAs: 'stream'`). */
export type StreamSource = Response | ReadableStream<Uint8Array>;

export interface StreamOptions {
  /** Stops the iteration: the reader is released and the stream cancelled, and AbortedError is thrown. */
  readonly signal?: AbortSignal;
  /**
   * Longest line or event held in memory, in UTF-16 code units, so a server
   * that never ends a line cannot exhaust memory. Default 16 777 216 (16 Mi).
   */
  readonly maxBufferLength?: number;
}

export const DEFAULT_MAX_BUFFER_LENGTH = 16 * 1024 * 1024;

interface IncrementalParser<T> {
  feed(text: string, out: T[]): void;
  end?(out: T[]): void;
}

interface Format {
  /** Names the format in messages, e.g. `event stream`. */
  readonly name: string;
  /** Whether a Response's media type (lower-case, no parameters) is acceptable; `''` means absent. */
  readonly accepts: (mediaType: string) => boolean;
}

/**
 * Reads a streaming body through an incremental parser and yields its events.
 *
 * Failure rules (the reason a caller can retry safely): any error before the
 * first event was yielded carries `retryable: true`, since the caller has
 * seen nothing yet and can make the call again; after the first event it
 * carries `retryable: false`, since a new call would repeat events already
 * handled. A broken connection is a NetworkError, a body that breaks the
 * format an InvalidResponseError, an HTTP error status an ApiError.
 */
export async function* readEvents<T>(
  source: StreamSource,
  parser: IncrementalParser<T>,
  format: Format,
  signal: AbortSignal | undefined,
): AsyncGenerator<T, void, undefined> {
  const stream = await open(source, format);
  if (signal?.aborted) {
    await stream.cancel(signal.reason).catch(() => {});
    throw aborted(signal);
  }
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  const onAbort = () => {
    // Cancelling settles a pending read() with done: true; the loop then sees the abort.
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const out: T[] = [];
  let delivered = 0;
  let finished = false;
  try {
    while (true) {
      if (signal?.aborted) throw aborted(signal);
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw aborted(signal);
        throw readFailure(error, format, delivered);
      }
      if (signal?.aborted) throw aborted(signal);
      let failure: unknown;
      try {
        if (chunk.done) {
          parser.feed(decoder.decode(), out);
          parser.end?.(out);
        } else {
          parser.feed(decoder.decode(chunk.value, { stream: true }), out);
        }
      } catch (error) {
        failure = error;
      }
      // Events parsed before a format error are still delivered, in order.
      for (let i = 0; i < out.length; i++) {
        if (signal?.aborted) throw aborted(signal);
        delivered++;
        yield out[i] as T;
      }
      out.length = 0;
      if (failure !== undefined) throw formatFailure(failure, format, delivered);
      if (chunk.done) {
        finished = true;
        return;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function open(source: StreamSource, format: Format): Promise<ReadableStream<Uint8Array>> {
  if (!isResponse(source)) return source;
  if (source.bodyUsed) {
    throw new InvalidRequestError(
      `The ${format.name} response body was already read; pass the Response before reading it.`,
    );
  }
  if (!source.ok) {
    throw apiErrorFrom(source, await readErrorBody(source), 'The stream request');
  }
  const mediaType = mediaTypeEssence(source.headers.get('content-type'));
  if (!format.accepts(mediaType)) {
    await source.body?.cancel().catch(() => {});
    throw new InvalidResponseError(
      `Expected an ${format.name} but the server answered with ${mediaType || 'no Content-Type'} (often an error page from a proxy). Check the URL and the Accept header; making the call again may succeed.`,
      { retryable: true, details: { contentType: mediaType, eventsReceived: 0 } },
    );
  }
  if (source.body === null) {
    throw new InvalidResponseError(
      `Expected an ${format.name} but the response has no body. Making the call again may succeed.`,
      { retryable: true, details: { eventsReceived: 0 } },
    );
  }
  return source.body;
}

/** Duck-typed, so a Response or stream from another realm or polyfill is still told apart. */
function isResponse(source: StreamSource): source is Response {
  return typeof (source as Response).status === 'number' && 'headers' in source;
}

function aborted(signal: AbortSignal): AbortedError {
  return new AbortedError('The stream was aborted by its AbortSignal.', { cause: signal.reason });
}

function readFailure(error: unknown, format: Format, delivered: number): unknown {
  if (isCoreError(error)) return error;
  const code = classifyNetworkError(error)?.code ?? 'STREAM_ERROR';
  const beforeFirst = delivered === 0;
  return new NetworkError(
    beforeFirst
      ? `The ${format.name} broke before its first event (${code}). Nothing was received, so making the call again is safe.`
      : `The ${format.name} broke after ${delivered} events (${code}). Events already handled would repeat if the call is made again; resume from the last one if the API allows.`,
    { cause: error, retryable: beforeFirst, details: { code, eventsReceived: delivered } },
  );
}

function formatFailure(error: unknown, format: Format, delivered: number): unknown {
  if (!isCoreError(error, 'invalid-response')) return error;
  return new InvalidResponseError(
    delivered === 0
      ? `${error.message} No event was received before it, so making the call again is safe.`
      : error.message,
    {
      retryable: delivered === 0,
      details: { ...error.details, format: format.name, eventsReceived: delivered },
    },
  );
}
