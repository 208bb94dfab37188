import type { Attributes } from '@opentelemetry/api';
import { isCoreError } from '../errors/core-error.js';
import type { OperationInfo } from '../transport/types.js';
import { redactUrl } from './redact-url.js';

// The methods the HTTP semantic conventions know; anything else is `_OTHER`
// with the original in `http.request.method_original`, to bound cardinality.
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** What spans, metrics and events say about a request; built once per call. */
export interface RequestInfo {
  readonly method: string;
  readonly spanName: string;
  readonly urlTemplate: string | undefined;
  /** Semantic-convention attributes known before the response: method, server, url.template. */
  readonly attributes: Attributes;
  readonly url: string;
}

export function describeRequest(
  request: Request,
  operation: OperationInfo | undefined,
): RequestInfo {
  const upper = request.method.toUpperCase();
  const known = KNOWN_METHODS.has(upper);
  const method = known ? upper : '_OTHER';
  const url = new URL(request.url);
  const urlTemplate = operation?.path;
  const attributes: Attributes = {
    'http.request.method': method,
    'server.address': url.hostname,
    'server.port': url.port === '' ? defaultPort(url.protocol) : Number(url.port),
  };
  if (!known) attributes['http.request.method_original'] = request.method;
  if (urlTemplate !== undefined) attributes['url.template'] = urlTemplate;
  // Span name per the HTTP client conventions: `{method} {url.template}`, or the
  // method alone when no template is known (`HTTP` for unknown methods).
  const verb = known ? method : 'HTTP';
  return {
    method,
    spanName: urlTemplate === undefined ? verb : `${verb} ${urlTemplate}`,
    urlTemplate,
    attributes,
    url: request.url,
  };
}

/** `url.full` with credentials and off-list query values redacted. */
export function fullUrl(url: string, allowedQueryParams: ReadonlySet<string>): string {
  return redactUrl(url, { allowedQueryParams });
}

/**
 * `error.type`: the status code for HTTP errors, else a low-cardinality name
 * for the failure: the CoreError code, a system error code found on the
 * cause (undici's `fetch failed` wraps `ECONNREFUSED`), or the class name.
 */
export function errorTypeOf(error: unknown): string {
  try {
    if (isCoreError(error)) return error.code;
    if (error instanceof Error) {
      const cause = (error as { cause?: { code?: unknown } }).cause;
      if (cause !== undefined && typeof cause?.code === 'string') return cause.code;
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string') return code;
      return error.name || '_OTHER';
    }
  } catch {
    // A hostile getter on the error: fall through to the catch-all type.
  }
  return '_OTHER';
}

function defaultPort(protocol: string): number {
  return protocol === 'http:' ? 80 : 443;
}
