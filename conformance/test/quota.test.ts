import { describe, expect, it } from 'vitest';
import { hintHeaders, Quota } from '../src/simulator/quota.js';

describe('Quota', () => {
  it('admits requestsPerInterval in any window (less the jitter tolerance) and says when the next slot frees', () => {
    let now = 0;
    const quota = new Quota(
      { requestsPerInterval: 3, intervalMs: 1000, toleranceMs: 100 },
      () => now,
    );
    expect([quota.admit().ok, quota.admit().ok, quota.admit().ok]).toEqual([true, true, true]);
    now = 400;
    const refused = quota.admit();
    expect(refused).toEqual({ ok: false, retryAfterMs: 500, reason: 'rate' });
    now = 899;
    expect(quota.admit().ok).toBe(false);
    // 900 ms = the 1000 ms window less 100 ms of tolerance: the first three have left it.
    now = 900;
    expect(quota.admit().ok).toBe(true);
    expect(quota.stats).toMatchObject({ admitted: 4, rejected: 2 });
  });

  it('counts requests in flight against a concurrency limit until each is released', () => {
    const quota = new Quota({ concurrency: 2 }, () => 0);
    const a = quota.admit();
    const b = quota.admit();
    expect(quota.admit()).toMatchObject({ ok: false, reason: 'concurrency' });
    if (a.ok) a.release();
    if (a.ok) a.release();
    expect(quota.stats.inFlight).toBe(1);
    expect(quota.admit().ok).toBe(true);
    expect(quota.stats.peakConcurrency).toBe(2);
    expect(b.ok).toBe(true);
  });
});

describe('hintHeaders', () => {
  const now = Date.UTC(2025, 0, 2, 3, 4, 5, 250);

  it('writes the wait in each form the retry policy reads', () => {
    expect(hintHeaders(['retry-after'], 1500, now)).toEqual({ 'retry-after': '2' });
    expect(hintHeaders(['retry-after-ms'], 1500, now)).toEqual({ 'retry-after-ms': '1500' });
    // HTTP-date has whole seconds: rounded up, never earlier than asked.
    expect(hintHeaders(['retry-after-date'], 1500, now)).toEqual({
      'retry-after': 'Thu, 02 Jan 2025 03:04:07 GMT',
    });
    expect(hintHeaders(['reset-epoch'], 1500, now)).toEqual({
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.UTC(2025, 0, 2, 3, 4, 7) / 1000),
    });
  });

  it('never asks for less than one second in delta-seconds', () => {
    expect(hintHeaders(['retry-after'], 10, now)).toEqual({ 'retry-after': '1' });
  });
});
