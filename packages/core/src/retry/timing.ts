import type { RetryOptions } from './options.js';

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly fromServer: boolean }
  | {
      readonly retry: false;
      readonly reason: 'attempts-exhausted' | 'server-wait-too-long' | 'past-deadline';
      readonly delayMs?: number;
    };

export interface TimingInput {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  readonly options: Pick<
    RetryOptions,
    'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'maxServerDelayMs'
  >;
  /** The server's requested wait in ms, if it named one. */
  readonly hintMs: number | undefined;
  /** ms left before the call's deadline (Infinity for none). */
  readonly remainingMs: number;
  /** A number in [0, 1); Math.random by default. */
  readonly random?: () => number;
}

/**
 * When to try again, or why not. Pure: no clock, no I/O.
 *
 * A server hint wins over backoff (the server knows its own reset); a hint
 * beyond `maxServerDelayMs` or beyond the deadline stops at once rather than
 * sleeping into a certain failure. Computed backoff is full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 */
export function retryDelay(input: TimingInput): RetryDecision {
  const { attempt, options, hintMs, remainingMs } = input;
  if (attempt >= options.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  if (hintMs !== undefined) {
    if (hintMs > options.maxServerDelayMs)
      return { retry: false, reason: 'server-wait-too-long', delayMs: hintMs };
    if (hintMs >= remainingMs) return { retry: false, reason: 'past-deadline', delayMs: hintMs };
    return { retry: true, delayMs: hintMs, fromServer: true };
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const delayMs = Math.floor((input.random ?? Math.random)() * ceiling);
  if (delayMs >= remainingMs) return { retry: false, reason: 'past-deadline', delayMs };
  return { retry: true, delayMs, fromServer: false };
}
