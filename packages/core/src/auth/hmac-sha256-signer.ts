import { ConfigurationError } from '../errors/index.js';
import { bodyBytes } from '../internal/body-source.js';
import type { CallContext } from '../transport/types.js';
import { base64ToBytes } from './base64.js';
import { type CredentialProvider, isCredentialProvider } from './credential-provider.js';
import { createHmacSha256, type HmacSha256 } from './hmac-sha256.js';
import { resolveCredential } from './resolve-credential.js';
import type { RequestSigner } from './signing-policy.js';

export interface HmacSha256SignerOptions {
  /** The base64 access key, e.g. the `accesskey=` part of an ACS connection string. A provider lets it rotate. */
  readonly accessKey: string | CredentialProvider<string>;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Crypto implementation. Default `'node'` (node:crypto when present, else Web Crypto). */
  readonly crypto?: 'node' | 'web';
}

/** base64(SHA-256("")): the content hash ACS requires even without a body. */
const EMPTY_BODY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const SIGNED_HEADERS = 'x-ms-date;host;x-ms-content-sha256';

/**
 * Azure Communication Services access-key authentication, per Microsoft's
 * "Sign an HTTP request" tutorial
 * (https://learn.microsoft.com/azure/communication-services/tutorials/hmac-header-tutorial):
 *
 *   x-ms-date:           the request time as an RFC 1123 HTTP-date
 *   x-ms-content-sha256: base64(SHA-256(body)), also for an empty body
 *   Authorization:       HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<sig>
 *   sig = base64(HMAC-SHA256(base64-decoded access key,
 *                            "VERB\n<path+query>\n<x-ms-date>;<host>;<content hash>"))
 *
 * `host` is the URL's authority (with a non-default port), the value fetch
 * sends as Host. Path and query are taken exactly as they go on the wire.
 */
export function hmacSha256Signer(options: HmacSha256SignerOptions): RequestSigner {
  const now = options.now ?? Date.now;
  const prefer = options.crypto ?? 'node';
  const keyProvider = isCredentialProvider<string>(options.accessKey)
    ? options.accessKey
    : undefined;
  let lastKey: string | undefined;
  let hmac: HmacSha256 | undefined;
  if (keyProvider === undefined) {
    hmac = hmacFor(options.accessKey as string, prefer);
    lastKey = options.accessKey as string;
  }

  return async (request: Request, ctx: CallContext): Promise<Request> => {
    if (keyProvider !== undefined) {
      const key = await resolveCredential(keyProvider, ctx);
      if (key !== lastKey || hmac === undefined) {
        hmac = hmacFor(key, prefer);
        lastKey = key;
      }
    }
    const signer = hmac as HmacSha256;
    // Hash the body without consuming the request: a remembered body is read
    // as it is, any other from an unsent clone.
    const body = await bodyBytes(request);
    const contentHash = body && body.byteLength > 0 ? await signer.sha256(body) : EMPTY_BODY_SHA256;
    const url = new URL(request.url);
    const date = new Date(now()).toUTCString();
    const stringToSign = `${request.method.toUpperCase()}\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
    const signature = await signer.sign(stringToSign);
    const signed = request;
    signed.headers.set('x-ms-date', date);
    signed.headers.set('x-ms-content-sha256', contentHash);
    signed.headers.set(
      'authorization',
      `HMAC-SHA256 SignedHeaders=${SIGNED_HEADERS}&Signature=${signature}`,
    );
    return signed;
  };
}

function hmacFor(accessKey: unknown, prefer: 'node' | 'web'): HmacSha256 {
  const key = typeof accessKey === 'string' ? base64ToBytes(accessKey) : undefined;
  if (key === undefined) {
    throw new ConfigurationError(
      'accessKey is not base64; use the accesskey= part of the resource connection string (Azure portal, Keys).',
    );
  }
  return createHmacSha256(key, prefer);
}
