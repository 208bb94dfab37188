import {
  DEFAULT_MAX_BUFFER_LENGTH,
  readEvents,
  type StreamOptions,
  type StreamSource,
} from './read-events.js';
import { type SseEvent, SseParser } from './sse-parser.js';

/**
 * Iterates the server-sent events of a `text/event-stream` body (WHATWG HTML
 * §9.2.6), e.g. OpenAI chat completions with `stream: true` or an MCP
 * Streamable HTTP response. Breaking out of the loop or aborting `signal`
 * cancels the stream.
 *
 * A Response is checked first: a non-2xx status throws ApiError, a
 * Content-Type other than `text/event-stream` throws InvalidResponseError
 * (an HTML error page would otherwise parse as zero events). Errors before
 * the first event are `retryable: true`, after it `false`.
 *
 * @example
 * for await (const { data } of parseSse(response, { signal })) {
 *   if (data === '[DONE]') break;
 *   handle(JSON.parse(data));
 * }
 */
export function parseSse(
  source: StreamSource,
  options: StreamOptions = {},
): AsyncGenerator<SseEvent, void, undefined> {
  return readEvents(
    source,
    new SseParser(options.maxBufferLength ?? DEFAULT_MAX_BUFFER_LENGTH),
    SSE_FORMAT,
    options.signal,
  );
}

const SSE_FORMAT = {
  name: 'event stream (text/event-stream)',
  accepts: (mediaType: string) => mediaType === 'text/event-stream',
};
