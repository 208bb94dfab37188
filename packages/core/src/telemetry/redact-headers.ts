import { DEFAULT_ALLOWED_HEADERS, REDACTED, toNameSet } from './allow-lists.js';

const DEFAULT_HEADER_SET = toNameSet(DEFAULT_ALLOWED_HEADERS);

export interface RedactHeadersOptions {
  /** Header names whose values are kept. Default: `DEFAULT_ALLOWED_HEADERS`. */
  allowedHeaders?: readonly string[] | ReadonlySet<string>;
}

type HeaderSource =
  | Headers
  | Iterable<readonly [string, string]>
  | Record<string, string | readonly string[] | undefined>;

/**
 * Headers as a plain object with lower-cased names; the value of every header
 * off the allow-list is `REDACTED`. The names stay: knowing an `authorization`
 * header was sent is useful, its value never is.
 */
export function redactHeaders(
  headers: HeaderSource,
  options: RedactHeadersOptions = {},
): Record<string, string> {
  const allowed =
    options.allowedHeaders === undefined ? DEFAULT_HEADER_SET : toNameSet(options.allowedHeaders);
  const out: Record<string, string> = {};
  if (isFetchHeaders(headers)) {
    // Fetch's Headers iterates lower-cased names and string values already.
    for (const [name, value] of headers) out[name] = allowed.has(name) ? value : REDACTED;
    return out;
  }
  for (const [rawName, rawValue] of entries(headers)) {
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
    out[name] = allowed.has(name) ? value : REDACTED;
  }
  return out;
}

/**
 * A Headers object of this realm's fetch, not a subclass that could iterate
 * differently: its iterator yields lower-cased names and the values `get`
 * returns, `set-cookie` once per field (Fetch standard, "sort and combine").
 */
export function isFetchHeaders(headers: unknown): headers is Headers {
  return (
    typeof Headers === 'function' &&
    typeof headers === 'object' &&
    headers !== null &&
    Object.getPrototypeOf(headers) === Headers.prototype
  );
}

function entries(headers: HeaderSource): Iterable<readonly [string, unknown]> {
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return headers as Iterable<readonly [string, string]>;
  }
  return Object.entries(headers).filter(([, value]) => value !== undefined);
}
