import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the simulated vendor takes as credentials, from the pack's `auth`. */
export type AuthExpectation =
  | { readonly type: 'none' }
  | { readonly type: 'basic'; accept?: ReadonlyArray<{ username: string; password: string }> }
  | { readonly type: 'bearer'; accept?: readonly string[] }
  /** Azure Communication Services access-key signing; `accept` holds base64 access keys. */
  | { readonly type: 'hmac-sha256'; accept?: readonly string[] }
  | {
      readonly type: 'apiKey';
      readonly in: 'header' | 'query';
      readonly name: string;
      accept?: readonly string[];
    };

export interface AuthVerdict {
  /** The credential's shape breaks the scheme (a client bug): recorded as a violation. */
  readonly problem?: string;
  /** The vendor refuses the call: answered 401 with the spec's error body. */
  readonly rejected: boolean;
  /** A label of the credential used (never the secret itself), for the request log. */
  readonly credential?: string;
}

/** What a signature can cover: the request as it arrived on the wire. */
export interface SignedParts {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly url: URL;
  readonly body: Buffer;
}

/**
 * Checks the credential a request carries against the pack's scheme:
 * `Authorization: Basic base64(user:pass)` (RFC 7617 §2), `Authorization:
 * Bearer <token>` (RFC 6750 §2.1), or an API key header or query parameter.
 * With `accept` set, only those credentials pass; others get 401, which is
 * how a scenario revokes a credential.
 */
export function checkAuth(expectation: AuthExpectation, request: SignedParts): AuthVerdict {
  const { headers, url } = request;
  switch (expectation.type) {
    case 'hmac-sha256':
      return checkHmac(expectation.accept, request);
    case 'none':
      return { rejected: false };
    case 'basic': {
      const header = headers.authorization;
      if (!header)
        return { problem: 'no Authorization header (Basic auth expected)', rejected: true };
      const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header);
      if (!match)
        return { problem: 'Authorization is not `Basic <base64>` (RFC 7617 §2)', rejected: true };
      const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0)
        return { problem: 'Basic credentials are not `user-id:password`', rejected: true };
      const username = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      const index = expectation.accept?.findIndex(
        (c) => c.username === username && c.password === password,
      );
      return { rejected: index === -1, credential: `basic#${index ?? 0}` };
    }
    case 'bearer': {
      const header = headers.authorization;
      if (!header)
        return { problem: 'no Authorization header (Bearer token expected)', rejected: true };
      const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
      if (!match)
        return { problem: 'Authorization is not `Bearer <token>` (RFC 6750 §2.1)', rejected: true };
      const index = expectation.accept?.indexOf(match[1] as string);
      return { rejected: index === -1, credential: `bearer#${index ?? 0}` };
    }
    case 'apiKey': {
      const raw =
        expectation.in === 'header'
          ? headers[expectation.name.toLowerCase()]
          : (url.searchParams.get(expectation.name) ?? undefined);
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (!value)
        return { problem: `no API key in ${expectation.in} ${expectation.name}`, rejected: true };
      const index = expectation.accept?.indexOf(value);
      return { rejected: index === -1, credential: `apiKey#${index ?? 0}` };
    }
  }
}

/** Signatures older or newer than this are refused, as ACS does with a stale x-ms-date. */
const HMAC_CLOCK_SKEW_MS = 15 * 60_000;

/**
 * ACS access-key signing, checked from Microsoft's "Sign an HTTP request"
 * tutorial (https://learn.microsoft.com/azure/communication-services/tutorials/hmac-header-tutorial):
 * `x-ms-content-sha256` is base64(SHA-256(body)), `x-ms-date` an HTTP-date,
 * and `Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<sig>`
 * with sig = base64(HMAC-SHA256(key, "VERB\n<path+query>\n<date>;<host>;<hash>")).
 */
function checkHmac(accept: readonly string[] | undefined, request: SignedParts): AuthVerdict {
  const { headers } = request;
  const header = headers.authorization;
  if (!header)
    return { problem: 'no Authorization header (HMAC-SHA256 signature expected)', rejected: true };
  const match = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=([A-Za-z0-9+/]+={0,2})$/.exec(header);
  if (!match)
    return {
      problem: 'Authorization is not `HMAC-SHA256 SignedHeaders=…&Signature=…`',
      rejected: true,
    };
  if (match[1] !== 'x-ms-date;host;x-ms-content-sha256')
    return {
      problem: `SignedHeaders is ${match[1]}, expected x-ms-date;host;x-ms-content-sha256`,
      rejected: true,
    };
  const date = headers['x-ms-date'];
  const hash = headers['x-ms-content-sha256'];
  const host = headers.host;
  if (typeof date !== 'string' || Number.isNaN(Date.parse(date)))
    return { problem: 'x-ms-date is missing or not an HTTP-date', rejected: true };
  if (Math.abs(Date.now() - Date.parse(date)) > HMAC_CLOCK_SKEW_MS)
    return { problem: 'x-ms-date is more than 15 minutes off', rejected: true };
  const bodyHash = createHash('sha256').update(request.body).digest('base64');
  if (hash !== bodyHash)
    return { problem: 'x-ms-content-sha256 is not base64(SHA-256(body))', rejected: true };
  const signed = `${request.method}\n${request.target}\n${date};${host};${bodyHash}`;
  const keys = accept ?? [];
  const index = keys.findIndex(
    (key) =>
      createHmac('sha256', Buffer.from(key, 'base64')).update(signed).digest('base64') === match[2],
  );
  return { rejected: accept !== undefined && index === -1, credential: `hmac#${index}` };
}
