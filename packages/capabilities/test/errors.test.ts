import {
  AbortedError,
  ApiError,
  AuthError,
  ConfigurationError,
  DeadlineExceededError,
  InvalidRequestError,
  InvalidResponseError,
  isCoreError,
  NetworkError,
  RateLimitedError,
  RetriesExhaustedError,
  TimeoutError,
} from '@org/core/errors';
import { describe, expect, it, vi } from 'vitest';
import { CapabilityError, isCapabilityError } from '../src/errors/capability-error.js';
import { classifyError, reasonForStatus, toCapabilityError } from '../src/errors/classify.js';
import { CAPABILITY_ERROR_REASONS, REASON_CORE_CODES } from '../src/errors/reasons.js';

describe('CapabilityError', () => {
  it('is a CoreError whose code follows the reason, with retryable from the reason', () => {
    const error = new CapabilityError('rate-limited', 'twilio throttled the send; slow down.', {
      provider: 'twilio',
      providerCode: '20429',
      retryAfterMs: 2000,
    });
    expect(isCoreError(error, 'rate-limited')).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual({
      reason: 'rate-limited',
      provider: 'twilio',
      providerCode: '20429',
      retryAfterMs: 2000,
    });
    expect(error.toJSON()).toMatchObject({ name: 'CapabilityError', code: 'rate-limited' });
    expect(new CapabilityError('invalid-number', 'x').retryable).toBe(false);
    expect(new CapabilityError('invalid-number', 'x').code).toBe('invalid-request');
  });

  it('maps every reason to a core code', () => {
    for (const reason of CAPABILITY_ERROR_REASONS) {
      expect(isCoreError(new CapabilityError(reason, 'x'), REASON_CORE_CODES[reason])).toBe(true);
    }
  });

  it('is recognized across module copies, where instanceof fails', async () => {
    vi.resetModules();
    const other = await import('../src/errors/capability-error.js');
    const foreign = new other.CapabilityError('blocked', 'the recipient opted out.');
    expect(foreign).not.toBeInstanceOf(CapabilityError);
    expect(isCapabilityError(foreign)).toBe(true);
    expect(isCapabilityError(foreign, 'blocked')).toBe(true);
    expect(isCapabilityError(foreign, 'unknown')).toBe(false);
    expect(isCapabilityError(new InvalidRequestError('x'))).toBe(false);
    expect(isCapabilityError({ reason: 'blocked' })).toBe(false);
    expect(isCapabilityError(null)).toBe(false);
  });
});

describe('classifyError', () => {
  it.each([
    [new NetworkError('refused', { beforeSend: true }), 'provider-unavailable'],
    [new TimeoutError('slow'), 'provider-unavailable'],
    [new InvalidResponseError('html'), 'provider-unavailable'],
    [new DeadlineExceededError('late'), 'provider-unavailable'],
    [new RateLimitedError('queue full'), 'rate-limited'],
    [new AuthError('bad token'), 'auth-failed'],
    [new InvalidRequestError('bad'), 'invalid-request'],
    [new AbortedError(), 'unknown'],
    [new ConfigurationError('bad option'), 'unknown'],
    [new ApiError('x', { status: 503 }), 'provider-unavailable'],
    [new ApiError('x', { status: 429 }), 'rate-limited'],
    [new ApiError('x', { status: 401 }), 'auth-failed'],
    [new ApiError('x', { status: 403 }), 'not-permitted'],
    [new ApiError('x', { status: 400 }), 'invalid-request'],
    [
      new RetriesExhaustedError('x', { attempts: 3, cause: new RateLimitedError('x') }),
      'rate-limited',
    ],
    [new RetriesExhaustedError('x', { attempts: 3 }), 'provider-unavailable'],
    [new CapabilityError('blocked', 'x'), 'blocked'],
    [new TypeError('bug'), 'unknown'],
    ['a string', 'unknown'],
  ])('%s is %s', (error, reason) => {
    expect(classifyError(error)).toBe(reason);
  });

  it('maps HTTP statuses by RFC 9110 / RFC 6585 meaning', () => {
    expect([401, 403, 404, 408, 429, 500, 502, 200].map(reasonForStatus)).toEqual([
      'auth-failed',
      'not-permitted',
      'invalid-request',
      'provider-unavailable',
      'rate-limited',
      'provider-unavailable',
      'provider-unavailable',
      'unknown',
    ]);
  });
});

describe('toCapabilityError', () => {
  it('wraps a core error with the provider, the reason and the cause, never its message', () => {
    const cause = new NetworkError('connect ECONNREFUSED 10.0.0.7:443 token=abc', {
      beforeSend: true,
    });
    const error = toCapabilityError(cause, 'twilio');
    expect(error.reason).toBe('provider-unavailable');
    expect(error.provider).toBe('twilio');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'twilio failed: provider-unavailable (network); retry later or route to another provider.',
    );
  });

  it('keeps the server-requested wait of a rate limit', () => {
    const error = toCapabilityError(new RateLimitedError('x', { retryAfterMs: 1500 }), 'acs');
    expect(error.retryAfterMs).toBe(1500);
    expect(error.retryable).toBe(true);
  });

  it('returns a CapabilityError unchanged', () => {
    const error = new CapabilityError('blocked', 'x');
    expect(toCapabilityError(error, 'other')).toBe(error);
  });
});
