import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_OPTIONS, resolveRetryOptions, retryDelay } from '../../src/retry/index.js';

const options = DEFAULT_RETRY_OPTIONS;

describe('retryDelay (pure timing)', () => {
  it('uses full jitter under an exponential ceiling capped at maxDelayMs', () => {
    const at = (attempt: number, random: number) =>
      retryDelay({
        attempt,
        options: { ...options, maxAttempts: 10 },
        hintMs: undefined,
        remainingMs: Infinity,
        random: () => random,
      });
    expect(at(1, 0.5)).toEqual({ retry: true, delayMs: 250, fromServer: false });
    expect(at(2, 0.5)).toEqual({ retry: true, delayMs: 500, fromServer: false });
    expect(at(3, 0.999)).toEqual({ retry: true, delayMs: 1_998, fromServer: false });
    expect(at(6, 0.5)).toEqual({ retry: true, delayMs: 4_000, fromServer: false }); // 16 s capped to 8 s
    expect(at(9, 0)).toEqual({ retry: true, delayMs: 0, fromServer: false });
  });

  it('honors a server hint exactly, without jitter', () => {
    expect(
      retryDelay({ attempt: 1, options, hintMs: 3_000, remainingMs: Infinity, random: () => 0.9 }),
    ).toEqual({
      retry: true,
      delayMs: 3_000,
      fromServer: true,
    });
  });

  it('stops when attempts are used up', () => {
    expect(retryDelay({ attempt: 3, options, hintMs: 0, remainingMs: Infinity })).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });

  it('stops at once when the server asks to wait past the deadline, carrying the wait', () => {
    expect(retryDelay({ attempt: 1, options, hintMs: 5_000, remainingMs: 4_999 })).toEqual({
      retry: false,
      reason: 'past-deadline',
      delayMs: 5_000,
    });
  });

  it('stops when the server asks for more than maxServerDelayMs', () => {
    expect(retryDelay({ attempt: 1, options, hintMs: 60_001, remainingMs: Infinity })).toEqual({
      retry: false,
      reason: 'server-wait-too-long',
      delayMs: 60_001,
    });
  });

  it('stops when even the computed backoff would pass the deadline', () => {
    expect(
      retryDelay({ attempt: 1, options, hintMs: undefined, remainingMs: 100, random: () => 0.5 }),
    ).toEqual({
      retry: false,
      reason: 'past-deadline',
      delayMs: 250,
    });
  });

  it('rejects nonsense options with a message naming the option', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(/retry\.maxAttempts/);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(/retry\.baseDelayMs/);
  });
});
