import type { Policy } from '../transport/types.js';
import { credentialPolicy } from './credential-policy.js';
import { type CredentialProvider, isCredentialProvider } from './credential-provider.js';
import { assertCredentialValue } from './header-safety.js';

export interface BearerAuthOptions {
  /**
   * On a 401, invalidate the token and send once more with a fresh one. Only
   * possible with a provider that has `invalidate`. Default true.
   */
  readonly retryOn401?: boolean;
}

/**
 * `Authorization: Bearer <token>` (RFC 6750 §2.1) from a fixed token or a
 * provider (rotating, OAuth2, a signed JWT).
 */
export function bearerAuth(
  token: string | CredentialProvider<string>,
  options: BearerAuthOptions = {},
): Policy {
  if (!isCredentialProvider<string>(token)) {
    assertCredentialValue(token, 'bearerAuth token', 'configuration');
    const header = `Bearer ${token}`;
    return credentialPolicy<string>(
      { get: () => header },
      (request) => {
        request.headers.set('authorization', header);
        return request;
      },
      false,
    );
  }
  return credentialPolicy(token, applyBearer, options.retryOn401 ?? true);
}

/** Sets `Authorization: Bearer <token>` after checking the token can travel in a header. */
export function applyBearer(request: Request, token: string): Request {
  assertCredentialValue(token, 'The bearer token from the credential provider', 'auth');
  request.headers.set('authorization', `Bearer ${token}`);
  return request;
}
