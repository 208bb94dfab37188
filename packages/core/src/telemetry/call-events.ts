import type { CallContext } from '../transport/types.js';
import { REDACTED, toNameSet } from './allow-lists.js';
import type { ApiCallFailedData, ApiCallSucceededData, UsageUnits } from './event-types.js';
import type { RequestInfo } from './http-attributes.js';
import { isFetchHeaders, redactHeaders } from './redact-headers.js';
import { sanitizeError } from './sanitize-error.js';

/** What `callTelemetryPolicy` settles once for the events it builds. */
export interface CallEventSetup {
  readonly packVersion: string | undefined;
  readonly allowedHeaders: ReadonlySet<string>;
  /** Lower-cased, in priority order. */
  readonly requestIdHeaders: readonly string[];
  /** Each request-id header's place in `requestIdHeaders` (the first, for a repeated name). */
  readonly requestIdRank: ReadonlyMap<string, number>;
}

export function callEventSetup(options: {
  packVersion: string | undefined;
  allowedHeaders: readonly string[];
  requestIdHeaders: readonly string[];
}): CallEventSetup {
  const requestIdHeaders = options.requestIdHeaders.map((name) => name.toLowerCase());
  const requestIdRank = new Map<string, number>();
  for (const [rank, name] of requestIdHeaders.entries()) {
    if (!requestIdRank.has(name)) requestIdRank.set(name, rank);
  }
  return {
    packVersion: options.packVersion,
    allowedHeaders: toNameSet(options.allowedHeaders),
    requestIdHeaders,
    requestIdRank,
  };
}

/** The call an outcome event is about. */
export interface ObservedCall {
  readonly request: Request;
  readonly ctx: CallContext;
  readonly info: RequestInfo;
}

/**
 * Emits `ApiCallSucceeded` (a response below 400) or `ApiCallFailed`, each
 * built as one object literal (the fields in their documented order, an
 * absent one `undefined`) rather than spread from shared parts: the sink
 * copies and scrubs it anyway.
 */
export function emitOutcome(
  setup: CallEventSetup,
  call: ObservedCall,
  response: Response | undefined,
  error: unknown,
  durationMs: number,
  errorType: string | undefined,
  usage: UsageUnits | undefined,
): void {
  const { ctx, info } = call;
  if (response !== undefined && response.status < 400) {
    const data: ApiCallSucceededData = {
      vendor: ctx.vendor,
      packVersion: setup.packVersion,
      operationId: ctx.operation?.id,
      tenant: ctx.tenant,
      method: info.method,
      urlTemplate: info.urlTemplate,
      attempt: ctx.attempt,
      durationMs,
      requestId: readRequestId(setup, response),
      usage,
      status: response.status,
    };
    ctx.events.emit('ApiCallSucceeded', data);
    return;
  }
  const answered = response === undefined ? undefined : readResponseHeaders(setup, response);
  const data: ApiCallFailedData = {
    vendor: ctx.vendor,
    packVersion: setup.packVersion,
    operationId: ctx.operation?.id,
    tenant: ctx.tenant,
    method: info.method,
    urlTemplate: info.urlTemplate,
    attempt: ctx.attempt,
    durationMs,
    requestId: answered?.requestId,
    usage,
    status: response?.status,
    errorType: errorType ?? '_OTHER',
    error: error === undefined ? undefined : sanitizeError(error),
    requestHeaders: redactHeaders(call.request.headers, { allowedHeaders: setup.allowedHeaders }),
    responseHeaders: answered?.headers,
  };
  ctx.events.emit('ApiCallFailed', data);
}

/** The first request-id header present with a value, in priority order, cut to 200 characters. */
function readRequestId(setup: CallEventSetup, response: Response): string | undefined {
  for (const name of setup.requestIdHeaders) {
    const value = response.headers.get(name);
    if (value !== null && value !== '') return value.slice(0, 200);
  }
  return undefined;
}

/**
 * The failed call's response headers, redacted as `redactHeaders` does, and
 * its request id as `readRequestId` reads it, in one pass over the headers
 * instead of that pass plus a `get` per request-id name. A fetch `Headers`
 * iterates lower-cased names with the values `get` returns (repeated fields
 * joined), except `set-cookie`, listed once per field: with `set-cookie`
 * among the request-id names, or headers that are not a fetch `Headers`, the
 * two are read apart as before.
 */
function readResponseHeaders(
  setup: CallEventSetup,
  response: Response,
): { headers: Record<string, string>; requestId: string | undefined } {
  const source = response.headers;
  if (!isFetchHeaders(source) || setup.requestIdRank.has('set-cookie')) {
    const requestId = readRequestId(setup, response);
    return {
      headers: redactHeaders(source, { allowedHeaders: setup.allowedHeaders }),
      requestId,
    };
  }
  const headers: Record<string, string> = {};
  let requestId: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const [name, value] of source) {
    headers[name] = setup.allowedHeaders.has(name) ? value : REDACTED;
    const rank = setup.requestIdRank.get(name);
    if (rank !== undefined && rank < best && value !== '') {
      best = rank;
      requestId = value;
    }
  }
  return { headers, requestId: requestId?.slice(0, 200) };
}
