import { describe, expect, it } from 'vitest';
import { ConfigurationError, isCoreError } from '../../src/errors/index.js';
import {
  DEFAULT_PROFILE_SETTINGS,
  GRANTED,
  MemoryRateLimitStore,
  type RateLimitBucket,
  type RateLimitRule,
  rateLimitKey,
  requestClassOf,
  resolveRule,
  resolveSettings,
} from '../../src/rate-limit/index.js';

function bucket(key: string, rule: RateLimitRule): RateLimitBucket {
  return { key, rule: resolveRule(rule) };
}

describe('MemoryRateLimitStore', () => {
  it('answers the shared GRANTED object when under quota (no allocation on the fast path)', () => {
    const store = new MemoryRateLimitStore();
    expect(store.acquire([bucket('a:t:*', { requestsPerInterval: 2 })], 1, 0)).toBe(GRANTED);
  });

  it('keys isolate tenants and vendors', () => {
    const store = new MemoryRateLimitStore();
    const rule = resolveRule({ requestsPerInterval: 1, intervalMs: 1000 });
    const one = { key: rateLimitKey('acme', 'tenant-1', '*'), rule };
    const two = { key: rateLimitKey('acme', 'tenant-2', '*'), rule };
    const other = { key: rateLimitKey('globex', 'tenant-1', '*'), rule };
    expect(store.acquire([one], 1, 0).ok).toBe(true);
    expect(store.acquire([one], 1, 0)).toMatchObject({
      ok: false,
      key: 'acme:tenant-1:*',
      waitMs: 1000,
    });
    expect(store.acquire([two], 1, 0).ok).toBe(true);
    expect(store.acquire([other], 1, 0).ok).toBe(true);
    store.pause(one.key, 5_000, 0);
    expect(store.pausedUntil(one.key, 0)).toBe(5_000);
    expect(store.pausedUntil(two.key, 0)).toBe(0);
  });

  it('a pause holds every request of the key until it ends, and only extends', () => {
    const store = new MemoryRateLimitStore();
    const b = bucket('a:t:*', {});
    store.pause(b.key, 3_000, 0);
    store.pause(b.key, 1_000, 0); // shorter: ignored
    expect(store.acquire([b], 1, 0)).toEqual({
      ok: false,
      key: 'a:t:*',
      reason: 'paused',
      waitMs: 3_000,
    });
    expect(store.acquire([b], 1, 2_500)).toMatchObject({ waitMs: 500 });
    expect(store.acquire([b], 1, 3_000).ok).toBe(true);
    expect(store.pausedUntil(b.key, 3_000)).toBe(0);
  });

  it('setRemaining lets that many start before the reset, less those in flight', () => {
    const store = new MemoryRateLimitStore();
    const b = bucket('a:t:*', {});
    store.acquire([b], 1, 0); // one in flight, not yet counted by the server
    store.setRemaining(b.key, 3, 10_000, 0);
    expect(store.acquire([b], 1, 1).ok).toBe(true);
    expect(store.acquire([b], 1, 2).ok).toBe(true);
    expect(store.acquire([b], 1, 3)).toEqual({
      ok: false,
      key: 'a:t:*',
      reason: 'quota',
      waitMs: 9_997,
    });
    expect(store.acquire([b], 1, 10_000).ok).toBe(true);
  });

  it('setRemaining within one window keeps the lowest figure (responses arrive out of order)', () => {
    const store = new MemoryRateLimitStore();
    const b = bucket('a:t:*', {});
    store.setRemaining(b.key, 1, 60_000, 0);
    store.setRemaining(b.key, 5, 60_400, 10); // older response, same window
    expect(store.acquire([b], 1, 20).ok).toBe(true);
    store.release([b], 20);
    expect(store.acquire([b], 1, 30)).toMatchObject({ ok: false, reason: 'quota' });
    store.setRemaining(b.key, 5, 120_000, 60_000); // the next window
    expect(store.acquire([b], 1, 60_001).ok).toBe(true);
  });

  it('0 remaining works as a pause until the reset', () => {
    const store = new MemoryRateLimitStore();
    const b = bucket('a:t:*', {});
    store.setRemaining(b.key, 0, 2_000, 0);
    expect(store.acquire([b], 1, 0)).toMatchObject({ ok: false, reason: 'quota', waitMs: 2_000 });
  });

  it('concurrency is reported as an open-ended wait, the longest reason wins otherwise', () => {
    const store = new MemoryRateLimitStore();
    const b = bucket('a:t:*', { concurrency: 1, minSpacingMs: 50 });
    store.acquire([b], 1, 0);
    expect(store.acquire([b], 1, 0)).toMatchObject({ reason: 'concurrency', waitMs: Infinity });
    store.release([b], 10);
    expect(store.acquire([b], 1, 10)).toMatchObject({ reason: 'spacing', waitMs: 40 });
  });

  it('forgets idle keys as it grows, keeps busy ones', () => {
    const store = new MemoryRateLimitStore();
    const rule = resolveRule({ requestsPerInterval: 1, intervalMs: 1000 });
    const busy = { key: 'a:busy:*', rule };
    store.acquire([busy], 1, 0); // held: in flight
    for (let i = 0; i < 5_000; i++) store.acquire([{ key: `a:t${i}:*`, rule }], 1, 0);
    for (let i = 0; i < 5_000; i++) store.release([{ key: `a:t${i}:*`, rule }], 0);
    // Long after, new tenants arrive: the idle ones are swept.
    for (let i = 0; i < 5_000; i++) store.acquire([{ key: `a:n${i}:*`, rule }], 1, 10_000);
    expect(store.size).toBeLessThan(8_000);
    expect(store.inFlight(busy.key)).toBe(1);
  });
});

describe('profiles as data', () => {
  it('fills documented defaults', () => {
    expect(resolveRule({})).toEqual({
      requestsPerInterval: Infinity,
      intervalMs: 1000,
      concurrency: Infinity,
      minSpacingMs: 0,
    });
    expect(resolveSettings({})).toEqual(DEFAULT_PROFILE_SETTINGS);
    expect(DEFAULT_PROFILE_SETTINGS).toEqual({
      maxQueue: 10_000,
      maxWaitMs: 60_000,
      adaptive: true,
      pauseScope: 'tenant',
      defaultPauseMs: 1000,
      maxPauseMs: 3_600_000,
    });
  });

  it.each([
    [{ requestsPerInterval: 0 }, 'rateLimit.requestsPerInterval'],
    [{ requestsPerInterval: 1.5 }, 'rateLimit.requestsPerInterval'],
    [{ intervalMs: 0 }, 'rateLimit.intervalMs'],
    [{ concurrency: -1 }, 'rateLimit.concurrency'],
    [{ minSpacingMs: Number.NaN }, 'rateLimit.minSpacingMs'],
  ])('rejects %j naming %s', (rule, path) => {
    try {
      resolveRule(rule);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(isCoreError(error, 'configuration')).toBe(true);
      expect((error as ConfigurationError).message).toContain(`\`${path}\``);
    }
  });

  it('rejects bad settings', () => {
    expect(() => resolveSettings({ maxQueue: -1 })).toThrow(/maxQueue/);
    expect(() => resolveSettings({ pauseScope: 'global' as 'tenant' })).toThrow(/pauseScope/);
  });

  it('request class by method', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].map(requestClassOf)).toEqual(['read', 'read', 'read']);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(requestClassOf)).toEqual([
      'write',
      'write',
      'write',
      'write',
    ]);
  });
});
