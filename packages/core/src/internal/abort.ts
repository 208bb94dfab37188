import { AbortedError, DeadlineExceededError } from '../errors/kinds.js';
import type { CallContext } from '../transport/types.js';

/** Why the call's signal fired, as a typed error: the caller's abort, or the deadline. */
export function abortReason(
  ctx: Pick<CallContext, 'callerSignal'>,
): AbortedError | DeadlineExceededError {
  if (ctx.callerSignal?.aborted) {
    return new AbortedError(undefined, { cause: ctx.callerSignal.reason });
  }
  return new DeadlineExceededError(
    'The call did not finish before its deadline. Raise `deadlineMs` or pass a later one for this call.',
  );
}
