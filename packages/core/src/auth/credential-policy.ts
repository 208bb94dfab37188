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
        const spare = request.body === null ? request : request.clone();
        const value = await resolveCredential(provider, ctx);
        const response = await next(apply(request, value), ctx);
        if (response.status !== 401) return response;
        provider.invalidate?.(value);
        const fresh = await resolveCredential(provider, ctx);
        // Nothing newer to offer (e.g. a provider that hands out the same key): the 401 stands.
        if (fresh === value) return response;
        // Free the connection; nothing reads the rejected answer.
        response.body?.cancel().catch(() => {});
        return next(apply(spare, fresh), ctx);
      };
    },
  };
}

/** An `ApplyCredential` that sets one header in place. */
export function setHeader<T>(name: string, format: (value: T) => string): ApplyCredential<T> {
  return (request, value) => {
    request.headers.set(name, format(value));
    return request;
  };
}
