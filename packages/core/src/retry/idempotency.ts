import type { OperationInfo } from '../transport/types.js';

/** RFC 9110 §9.2.2: methods whose repeated effect equals a single one. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/**
 * Whether a call may be sent again after it might have reached the server.
 * The operation's explicit mark wins; then an idempotency key the vendor
 * honors; then HTTP method semantics.
 */
export function isRetrySafe(
  method: string,
  operation: OperationInfo | undefined,
  headers: Headers,
  idempotencyHeader: string | undefined,
): boolean {
  if (idempotencyHeader !== undefined && headers.has(idempotencyHeader)) return true;
  const key = operation?.idempotencyKey;
  if (key?.in === 'header' && headers.has(key.name)) return true;
  if (operation?.idempotent !== undefined) return operation.idempotent;
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Whether the request carries the operation's idempotency key in its query
 * or body (Twilio's `IdempotencyKey` form field, for one). Reads a clone of
 * the body, so only operations that declare a body key pay for it.
 */
export async function carriesIdempotencyKey(
  request: Request,
  operation: OperationInfo | undefined,
): Promise<boolean> {
  const key = operation?.idempotencyKey;
  if (!key || key.in === 'header') return false;
  if (key.in === 'query') return new URL(request.url).searchParams.has(key.name);
  if (request.body === null) return false;
  const text = await request.clone().text();
  const type = request.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    try {
      return hasPath(JSON.parse(text) as unknown, key.name.split('.'));
    } catch {
      return false;
    }
  }
  return new URLSearchParams(text).has(key.name);
}

/**
 * Whether a JSON value carries a field at `path`: dotted names, and `[]` after
 * a name for "every element of this array" (ACS puts its repeatability id in
 * each of `smsRecipients[]`). An empty array carries nothing.
 */
function hasPath(value: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return value !== undefined && value !== null && value !== '';
  if (typeof value !== 'object' || value === null) return false;
  const [head, ...rest] = path as [string, ...string[]];
  if (head.endsWith('[]')) {
    const items = (value as Record<string, unknown>)[head.slice(0, -2)];
    return Array.isArray(items) && items.length > 0 && items.every((item) => hasPath(item, rest));
  }
  return Object.hasOwn(value, head) && hasPath((value as Record<string, unknown>)[head], rest);
}

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
