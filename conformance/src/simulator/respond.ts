import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Json } from '../schema/refs.js';
import type { Route } from './routes.js';
import type { SimulatedRequest, SimulatorOptions } from './types.js';

/** Answers with a JSON body (or none), and records what was answered on the request's log entry. */
export function answerJson(
  response: ServerResponse,
  entry: SimulatedRequest,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (entry.outcome === 'pending' || entry.outcome === 'status' || entry.outcome === 'rate-limited')
    entry.outcome = entry.outcome === 'pending' ? String(status) : `${entry.outcome} ${status}`;
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  entry.responseBody = text;
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/**
 * The idempotency key an unsafe request carries, scoped to its operation:
 * the pack's header on any call, or the operation's own key in a header,
 * the query or the body. Undefined when it carries none.
 */
export function idempotencyKeyOf(
  options: Pick<SimulatorOptions, 'idempotencyHeader' | 'idempotencyKeys'>,
  route: Route,
  headers: IncomingHttpHeaders,
  url: URL,
  body: unknown,
): string | undefined {
  const header = options.idempotencyHeader;
  const fromHeader = header ? headers[header.toLowerCase()] : undefined;
  if (typeof fromHeader === 'string') return `${route.operationId}:${fromHeader}`;
  const spec = options.idempotencyKeys?.[route.operationId];
  if (!spec) return undefined;
  let value: unknown;
  if (spec.in === 'header') value = headers[spec.name.toLowerCase()];
  else if (spec.in === 'query') value = url.searchParams.get(spec.name) ?? undefined;
  else value = typeof body === 'object' && body !== null ? (body as Json)[spec.name] : undefined;
  return typeof value === 'string' && value !== '' ? `${route.operationId}:${value}` : undefined;
}
