import { WebhookVerificationError } from '../errors.js';

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

/**
 * The body exactly as received. A parsed object cannot be verified: its
 * bytes are gone (key order, whitespace and escapes differ after a
 * re-serialization), so it is refused with advice instead of failing later
 * as a confusing bad signature.
 */
export function toRawBody(body: unknown, scheme: string): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  const tag = tagOf(body);
  if (tag === '[object Uint8Array]') return body as Uint8Array;
  if (tag === '[object ArrayBuffer]') return new Uint8Array(body as ArrayBuffer);
  const kind = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
  throw new WebhookVerificationError(
    'body-not-raw',
    `The webhook body is ${kind}, not the raw body. Pass the bytes as received (a Buffer from express.raw(), await request.arrayBuffer(), or the exact text); an empty body is ''.`,
    { scheme },
  );
}
