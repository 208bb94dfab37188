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
  return new DescribedRequest(request.method, request.url, operation?.path);
}

/**
 * `attributes` is built on first read: events need only the method and the
 * template, so a call observed by an event subscriber alone never parses its
 * URL for `server.address` and `server.port`.
 */
class DescribedRequest implements RequestInfo {
  readonly method: string;
  readonly spanName: string;
  readonly urlTemplate: string | undefined;
  readonly url: string;
  readonly #originalMethod: string;
  #attributes: Attributes | undefined;

  constructor(originalMethod: string, url: string, urlTemplate: string | undefined) {
    const upper = originalMethod.toUpperCase();
    const known = KNOWN_METHODS.has(upper);
    this.method = known ? upper : '_OTHER';
    // Span name per the HTTP client conventions: `{method} {url.template}`, or the
    // method alone when no template is known (`HTTP` for unknown methods).
    const verb = known ? upper : 'HTTP';
    this.spanName = urlTemplate === undefined ? verb : `${verb} ${urlTemplate}`;
    this.urlTemplate = urlTemplate;
    this.url = url;
    this.#originalMethod = originalMethod;
  }

  get attributes(): Attributes {
    if (this.#attributes === undefined) {
      const url = new URL(this.url);
      const attributes: Attributes = {
        'http.request.method': this.method,
        'server.address': url.hostname,
        'server.port': url.port === '' ? defaultPort(url.protocol) : Number(url.port),
      };
      if (this.method === '_OTHER')
        attributes['http.request.method_original'] = this.#originalMethod;
      if (this.urlTemplate !== undefined) attributes['url.template'] = this.urlTemplate;
      this.#attributes = attributes;
    }
    return this.#attributes;
  }
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
