/** The request-class part of the key every request of a vendor + tenant shares. */
export const SHARED_CLASS = '*';

/** The tenant part of the key when the call names no tenant. */
export const DEFAULT_TENANT = 'default';

/**
 * The limiter key: `${vendor}:${tenant ?? 'default'}:${requestClass}`.
 * `requestClass` is `*` for the bucket all classes of the tenant share.
 *
 * The tenant is an account or credential *identifier* (an account SID, a
 * key name), never a secret: keys appear in events, errors and store backends.
 */
export function rateLimitKey(
  vendor: string,
  tenant: string | undefined,
  requestClass: string,
): string {
  return `${vendor}:${tenant ?? DEFAULT_TENANT}:${requestClass}`;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request class by HTTP method when the operation names none: `read` for GET/HEAD/OPTIONS, else `write`. */
export function requestClassOf(method: string): 'read' | 'write' {
  return READ_METHODS.has(method) ? 'read' : 'write';
}
