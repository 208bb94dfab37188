import type { CallContext } from '../transport/types.js';
import { abortReason } from './abort.js';

/**
 * Waits `ms`, or rejects with the typed reason as soon as the call's signal
 * aborts (the caller's abort or the deadline). setTimeout-based, so fake timers
 * drive it in tests.
 */
export function sleep(
  ms: number,
  ctx: Pick<CallContext, 'signal' | 'callerSignal'>,
): Promise<void> {
  const { signal } = ctx;
  if (signal.aborted) return Promise.reject(abortReason(ctx));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(ctx));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
