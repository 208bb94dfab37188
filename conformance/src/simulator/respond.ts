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
  else value = valueAtKeyPath(body, spec.name);
  return typeof value === 'string' && value !== '' ? `${route.operationId}:${value}` : undefined;
}

/**
 * A body key by path: dotted names, `[]` for every element of an array (ACS
 * carries `smsRecipients[].repeatabilityRequestId`, one per recipient). The
 * elements' values joined, or undefined when any element lacks one.
 */
export function valueAtKeyPath(body: unknown, path: string): string | undefined {
  const walk = (value: unknown, parts: readonly string[]): string[] | undefined => {
    if (parts.length === 0) return typeof value === 'string' && value !== '' ? [value] : undefined;
    if (typeof value !== 'object' || value === null) return undefined;
    const [head, ...rest] = parts as [string, ...string[]];
    if (!head.endsWith('[]')) return walk((value as Json)[head], rest);
    const items = (value as Json)[head.slice(0, -2)];
    if (!Array.isArray(items) || items.length === 0) return undefined;
    const found: string[] = [];
    for (const item of items) {
      const values = walk(item, rest);
      if (!values) return undefined;
      found.push(...values);
    }
    return found;
  };
  return walk(body, path.split('.'))?.join(',');
}

/** `body` with `key` set at a key path (every element of a `[]` array). */
export function withKeyAtPath(body: unknown, path: string, key: string): unknown {
  const set = (value: unknown, parts: readonly string[]): unknown => {
    if (parts.length === 0) return key;
    const [head, ...rest] = parts as [string, ...string[]];
    const object = typeof value === 'object' && value !== null ? (value as Json) : {};
    if (!head.endsWith('[]')) return { ...object, [head]: set(object[head], rest) };
    const name = head.slice(0, -2);
    const items = Array.isArray(object[name]) ? (object[name] as unknown[]) : [{}];
    return { ...object, [name]: items.map((item) => set(item, rest)) };
  };
  return set(body, path.split('.'));
}
