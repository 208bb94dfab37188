import { ApiError } from '../errors/kinds.js';

/**
 * Response headers vendors put their request id in, most specific first:
 * Twilio `Twilio-Request-Id`, GitHub `X-GitHub-Request-Id`, Azure
 * `x-ms-request-id` / `apim-request-id`, and the common `x-request-id` /
 * `request-id` (OpenAI, Stripe, Zendesk and others).
 */
const REQUEST_ID_HEADERS = [
  'twilio-request-id',
  'x-github-request-id',
  'x-ms-request-id',
  'apim-request-id',
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
] as const;

export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/**
 * An ApiError for an HTTP error answer. The message names the host only: a
 * path or query may carry ids or a signature, and the body stays on `error`,
 * off the message. `what` names the request, e.g. `Page 3`.
 */
export function apiErrorFrom(
  response: Response,
  error: unknown,
  what: string,
  details: Record<string, unknown> = {},
): ApiError {
  const requestId = requestIdOf(response.headers);
  let host = 'the server';
  try {
    host = new URL(response.url).host || host;
  } catch {
    // A Response built in memory has no URL.
  }
  const retryLater =
    response.status === 408 || response.status === 429 || response.status >= 500
      ? 'It may succeed later; the transport already retried as its policy allows.'
      : 'Fix the request; the vendor explains why in the `error` property.';
  return new ApiError(
    `${what} (${host}) answered HTTP ${response.status}${requestId ? ` (request id ${requestId})` : ''}. ${retryLater}`,
    { status: response.status, error, requestId, details },
  );
}

/** Reads an error body as JSON when it parses, as text otherwise, and undefined when it cannot be read. */
export async function readErrorBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
