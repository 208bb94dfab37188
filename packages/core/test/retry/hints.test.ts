import { describe, expect, it } from 'vitest';
import {
  parseDuration,
  parseResetHeader,
  parseRetryAfter,
  parseRetryAfterMs,
  parseShouldRetry,
  retryHintFromHeaders,
} from '../../src/retry/index.js';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');

describe('retry hints', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1_500],
    [' 7 ', 7_000],
    ['Sat, 21 Nov 2026 10:00:30 GMT', 30_000],
    ['Sat, 21 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
  ])('Retry-After %j is %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    ['250', 250],
    ['12.7', 13],
    ['-1', undefined],
    ['abc', undefined],
    ['', undefined],
  ])('retry-after-ms %j is %j ms', (value, expected) => {
    expect(parseRetryAfterMs(value)).toBe(expected);
  });

  it.each([
    [String(NOW / 1000 + 42), 42_000, 'epoch seconds (GitHub)'],
    [String(NOW + 1_500), 1_500, 'epoch ms'],
    ['2026-11-21T10:01:00Z', 60_000, 'ISO 8601'],
    ['30', 30_000, 'delta seconds'],
    ['6m0s', 360_000, 'Go duration (OpenAI)'],
    [String(NOW / 1000 - 5), 0, 'epoch in the past'],
    ['never', undefined, 'garbage'],
  ])('X-RateLimit-Reset %j is %j ms (%s)', (value, expected, _form) => {
    expect(parseResetHeader(value, NOW)).toBe(expected);
  });

  it.each([
    ['6m0s', 360_000],
    ['1.5s', 1_500],
    ['20ms', 20],
    ['1h2m3s', 3_723_000],
    ['500us', 1],
    ['6m', 360_000],
    ['m6', undefined],
    ['6 s', undefined],
  ])('duration %j is %j ms', (value, expected) => {
    expect(parseDuration(value)).toBe(expected);
  });

  it('x-should-retry is read as a boolean or ignored', () => {
    expect(parseShouldRetry('true')).toBe(true);
    expect(parseShouldRetry('FALSE')).toBe(false);
    expect(parseShouldRetry('maybe')).toBeUndefined();
    expect(parseShouldRetry(null)).toBeUndefined();
  });

  describe('retryHintFromHeaders precedence', () => {
    it('prefers retry-after-ms over Retry-After', () => {
      const headers = new Headers({ 'retry-after-ms': '1200', 'retry-after': '9' });
      expect(retryHintFromHeaders(headers, 429, NOW)).toBe(1_200);
    });

    it('reads a reset header only when the limit is spent', () => {
      const reset = String(NOW / 1000 + 10);
      expect(
        retryHintFromHeaders(new Headers({ 'x-ratelimit-reset': reset }), 500, NOW),
      ).toBeUndefined();
      expect(retryHintFromHeaders(new Headers({ 'x-ratelimit-reset': reset }), 429, NOW)).toBe(
        10_000,
      );
      const spent = new Headers({ 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '0' });
      expect(retryHintFromHeaders(spent, 403, NOW)).toBe(10_000);
    });

    it('takes the longest of the OpenAI duration resets', () => {
      const headers = new Headers({
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-reset-tokens': '6m0s',
      });
      expect(retryHintFromHeaders(headers, 429, NOW)).toBe(360_000);
    });

    it('names no wait when the response names none', () => {
      expect(retryHintFromHeaders(new Headers(), 503, NOW)).toBeUndefined();
    });
  });
});
