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
  if (operation?.idempotent !== undefined) return operation.idempotent;
  if (idempotencyHeader !== undefined && headers.has(idempotencyHeader)) return true;
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
