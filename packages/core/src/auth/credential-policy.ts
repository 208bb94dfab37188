import { spareRequest } from '../internal/body-source.js';
import type { CallContext, Handler, Policy } from '../transport/types.js';
import type { CredentialProvider } from './credential-provider.js';
import { resolveCredential } from './resolve-credential.js';

/** Puts a credential on a request: sets a header in place, or returns a new request (query keys). */
export type ApplyCredential<T> = (request: Request, value: T) => Request;

/**
 * The one auth policy every strategy builds on. It gets the credential,
 * applies it and sends. When the provider can `invalidate` and the server
 * answers 401, it invalidates the rejected credential and sends once more with
 * a fresh one. A second 401 is returned as it is (a typed response, not a
 * loop). The retry needs a re-sendable request, so a request with a body is
 * cloned before the first send; a bodiless one is simply sent again.
 */
export function credentialPolicy<T>(
  provider: CredentialProvider<T>,
  apply: ApplyCredential<T>,
  retryOn401 = true,
): Policy {
  const canRetry = retryOn401 && typeof provider.invalidate === 'function';
  return {
    name: 'auth',
    wrap(next: Handler): Handler {
      if (!canRetry) {
        return async (request: Request, ctx: CallContext) => {
          const value = await resolveCredential(provider, ctx);
          return next(apply(request, value), ctx);
        };
      }
      return async (request: Request, ctx: CallContext) => {
        const spare = spareRequest(request);
        const value = await resolveCredential(provider, ctx);
        const response = await next(apply(request, value), ctx);
        if (response.status !== 401) return response;
        provider.invalidate?.(value);
        let fresh: T;
        try {
          fresh = await resolveCredential(provider, ctx);
        } catch (error) {
          discard(response);
          throw error;
        }
        // Nothing newer to offer (the server handed out the same token again): the 401 stands.
        if (fresh === value) return response;
        discard(response);
        return next(apply(spare, fresh), ctx);
      };
    },
  };
}

/** Frees the connection behind a response nobody will read. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
