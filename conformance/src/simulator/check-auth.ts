import type { IncomingHttpHeaders } from 'node:http';

/** What the simulated vendor takes as credentials, from the pack's `auth`. */
export type AuthExpectation =
  | { readonly type: 'none' }
  | { readonly type: 'basic'; accept?: ReadonlyArray<{ username: string; password: string }> }
  | { readonly type: 'bearer'; accept?: readonly string[] }
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

/**
 * Checks the credential a request carries against the pack's scheme:
 * `Authorization: Basic base64(user:pass)` (RFC 7617 §2), `Authorization:
 * Bearer <token>` (RFC 6750 §2.1), or an API key header or query parameter.
 * With `accept` set, only those credentials pass; others get 401, which is
 * how a scenario revokes a credential.
 */
export function checkAuth(
  expectation: AuthExpectation,
  headers: IncomingHttpHeaders,
  url: URL,
): AuthVerdict {
  switch (expectation.type) {
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
