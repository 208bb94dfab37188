/**
 * Tells what kind of network failure a thrown value is, from the error codes
 * Node's fetch (undici) puts on `cause`. Walks `cause` chains and
 * AggregateError lists (happy-eyeballs connects fail with one error per address).
 */

/** The connection was never established: no byte of the request reached the server. */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The connection failed after it was established: the server may have seen the request. */
const AFTER_SEND_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export interface NetworkFailure {
  readonly code: string;
  /** True when the request surely never left: safe to retry any method. */
  readonly beforeSend: boolean;
}

/** The network failure behind `error`, or undefined when it is not one (a bug, an abort). */
export function classifyNetworkError(error: unknown): NetworkFailure | undefined {
  const seen = new Set<unknown>();
  let found: NetworkFailure | undefined;
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8 || typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (BEFORE_SEND_CODES.has(code)) found ??= { code, beforeSend: true };
      else if (AFTER_SEND_CODES.has(code)) found = { code, beforeSend: false };
    }
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    visit((value as { cause?: unknown }).cause, depth + 1);
  };
  visit(error, 0);
  if (found) return found;
  // undici's generic `TypeError: fetch failed` without a known code: the socket
  // failed in a way it did not name; treat it as possibly sent.
  if (error instanceof TypeError && error.message === 'fetch failed')
    return { code: 'UNKNOWN', beforeSend: false };
  return undefined;
}
