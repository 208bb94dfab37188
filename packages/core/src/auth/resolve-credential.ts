import { AbortedError, AuthError, DeadlineExceededError, isCoreError } from '../errors/index.js';
import type { CallContext } from '../transport/types.js';
import type { CredentialProvider } from './credential-provider.js';

/**
 * Gets a credential for one call. A provider's own failure becomes an
 * AuthError (its cause kept); a wait cut short by the caller or the deadline
 * becomes AbortedError or DeadlineExceededError.
 */
export function resolveCredential<T>(
  provider: CredentialProvider<T>,
  ctx: CallContext,
): T | Promise<T> {
  let value: T | Promise<T>;
  try {
    value = provider.get(ctx);
  } catch (error) {
    throw toCredentialError(error, ctx);
  }
  if (value instanceof Promise) {
    return value.catch((error: unknown) => {
      throw toCredentialError(error, ctx);
    });
  }
  return value;
}

function toCredentialError(error: unknown, ctx: CallContext): unknown {
  if (ctx.signal.aborted) {
    if (isCoreError(ctx.signal.reason)) return ctx.signal.reason;
    if (ctx.callerSignal?.aborted) {
      return new AbortedError('The call was aborted while waiting for a credential.', {
        cause: ctx.callerSignal.reason,
      });
    }
    return new DeadlineExceededError(
      'The call deadline passed while waiting for a credential; raise the deadline or check the token endpoint latency.',
    );
  }
  if (isCoreError(error)) return error;
  return new AuthError(
    `The credential provider for ${ctx.vendor} failed; see cause. Check the provider passed to the auth option.`,
    { cause: error },
  );
}
