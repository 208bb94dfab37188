import { NdjsonParser } from './ndjson-parser.js';
import {
  DEFAULT_MAX_BUFFER_LENGTH,
  readEvents,
  type StreamOptions,
  type StreamSource,
} from './read-events.js';

/**
 * Newline-delimited JSON media types seen in the wild. `application/json`
 * and a missing Content-Type are accepted too: several servers stream NDJSON
 * under them, and a body that is not NDJSON fails on its first line anyway.
 */
const NDJSON_TYPES = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
  'application/json',
  'application/octet-stream',
  'text/plain',
  '',
]);

/**
 * Iterates the JSON values of a newline-delimited JSON body, e.g. Ollama's
 * native `/api/chat` stream. Breaking out of the loop or aborting `signal`
 * cancels the stream. A line that is not JSON throws InvalidResponseError
 * naming the line number, never its content. Errors before the first value
 * are `retryable: true`, after it `false`.
 *
 * The values are not validated: `T` is what the caller asserts they are.
 */
export function parseNdjson<T = unknown>(
  source: StreamSource,
  options: StreamOptions = {},
): AsyncGenerator<T, void, undefined> {
  return readEvents(
    source,
    new NdjsonParser<T>(options.maxBufferLength ?? DEFAULT_MAX_BUFFER_LENGTH),
    NDJSON_FORMAT,
    options.signal,
  );
}

const NDJSON_FORMAT = {
  name: 'NDJSON stream',
  accepts: (mediaType: string) => NDJSON_TYPES.has(mediaType),
};
