import { describe, expect, it, vi } from 'vitest';
import {
  isCredentialProvider,
  rotatingCredential,
  staticCredential,
} from '../../src/auth/index.js';
import { clock, deferred, makeContext, recordingSink } from './helpers.js';

describe('staticCredential', () => {
  it('answers synchronously with the value and cannot be invalidated', () => {
    const provider = staticCredential('k');
    expect(provider.get()).toBe('k');
    expect(provider.invalidate).toBeUndefined();
    expect(isCredentialProvider(provider)).toBe(true);
    expect(isCredentialProvider('k')).toBe(false);
  });
});

describe('rotatingCredential', () => {
  it('fetches once for concurrent callers and answers later calls from the cache synchronously', async () => {
    const c = clock(1_000);
    const pending = deferred<{ value: string; expiresAt: number }>();
    const fetcher = vi.fn(() => pending.promise);
    const provider = rotatingCredential(fetcher, { now: c.now });

    const waiting = Array.from({ length: 10 }, () => provider.get());
    expect(fetcher).toHaveBeenCalledTimes(1);
    pending.resolve({ value: 't1', expiresAt: 1_000 + 3_600_000 });
    expect(await Promise.all(waiting)).toEqual(Array(10).fill('t1'));

    expect(provider.get()).toBe('t1'); // not a promise: the hot path costs no await
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('refreshes in the background inside the window and waits only once expired', async () => {
    const c = clock(0);
    let n = 0;
    const fetcher = vi.fn(async () => ({ value: `t${++n}`, expiresAt: c.now() + 3_600_000 }));
    const provider = rotatingCredential(fetcher, { now: c.now, refreshBeforeMs: 60_000 });

    expect(await provider.get()).toBe('t1');
    c.set(3_540_000 - 1); // one ms before the window opens
    expect(provider.get()).toBe('t1');
    expect(fetcher).toHaveBeenCalledTimes(1);

    c.set(3_540_000); // window open: the old token is still served, one refresh starts
    expect(provider.get()).toBe('t1');
    expect(provider.get()).toBe('t1');
    expect(fetcher).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(provider.get()).toBe('t2'));
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('waits for a new credential once the cached one has expired', async () => {
    const c = clock(0);
    let n = 0;
    const fetcher = vi.fn(async () => ({ value: `t${++n}`, expiresAt: c.now() + 10_000 }));
    const provider = rotatingCredential(fetcher, { now: c.now, refreshBeforeMs: 1_000 });
    expect(await provider.get()).toBe('t1');
    c.set(10_000);
    const next = provider.get();
    expect(next).toBeInstanceOf(Promise);
    expect(await next).toBe('t2');
  });

  it('never refreshes earlier than half the lifetime, so a short-lived token is not fetched per call', async () => {
    const c = clock(0);
    const fetcher = vi.fn(async () => ({ value: 'short', expiresAt: c.now() + 30_000 }));
    const provider = rotatingCredential(fetcher, { now: c.now, refreshBeforeMs: 60_000 });
    await provider.get();
    c.set(14_999);
    provider.get();
    expect(fetcher).toHaveBeenCalledTimes(1);
    c.set(15_000);
    provider.get();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('keeps a credential without expiresAt until it is invalidated', async () => {
    const c = clock(0);
    let n = 0;
    const provider = rotatingCredential(async () => ({ value: `t${++n}` }), { now: c.now });
    expect(await provider.get()).toBe('t1');
    c.set(10 * 365 * 86_400_000);
    expect(provider.get()).toBe('t1');
    provider.invalidate?.();
    expect(await provider.get()).toBe('t2');
  });

  it('rejects every waiter when the fetch fails, and the next call tries again', async () => {
    const fetcher = vi
      .fn<() => Promise<{ value: string }>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce({ value: 'ok' });
    const provider = rotatingCredential(fetcher);
    const results = await Promise.allSettled([provider.get(), provider.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(await provider.get()).toBe('ok');
  });

  it('after a failed background refresh, waits retryAfterFailureMs before the next one', async () => {
    const c = clock(0);
    const fetcher = vi
      .fn<() => Promise<{ value: string; expiresAt: number }>>()
      .mockResolvedValueOnce({ value: 't1', expiresAt: 100_000 })
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce({ value: 't2', expiresAt: 200_000 });
    const provider = rotatingCredential(fetcher, {
      now: c.now,
      refreshBeforeMs: 20_000,
      retryAfterFailureMs: 5_000,
    });
    await provider.get();
    c.set(80_000);
    expect(provider.get()).toBe('t1');
    expect(fetcher).toHaveBeenCalledTimes(2);
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the failure settle at t=80 000
    c.set(84_999);
    expect(provider.get()).toBe('t1');
    expect(fetcher).toHaveBeenCalledTimes(2);
    c.set(85_000);
    expect(provider.get()).toBe('t1');
    expect(fetcher).toHaveBeenCalledTimes(3);
    await vi.waitFor(() => expect(provider.get()).toBe('t2'));
  });

  it('invalidate(rejected) drops only that credential, so concurrent 401s cost one refresh', async () => {
    let n = 0;
    const fetcher = vi.fn(async () => ({ value: `t${++n}` }));
    const provider = rotatingCredential(fetcher);
    const first = await provider.get();
    provider.invalidate?.(first);
    expect(await provider.get()).toBe('t2');
    provider.invalidate?.(first); // a late caller reporting the old token
    expect(provider.get()).toBe('t2');
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('an aborted caller stops waiting; the shared fetch still completes for the others', async () => {
    const pending = deferred<{ value: string }>();
    const fetcher = vi.fn(() => pending.promise);
    const provider = rotatingCredential(fetcher);
    const controller = new AbortController();
    const aborted = provider.get({ signal: controller.signal });
    const other = provider.get();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    pending.resolve({ value: 'shared' });
    expect(await other).toBe('shared');
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('reports CredentialRefreshed with the label and expiry, never the value', async () => {
    const sink = recordingSink();
    const provider = rotatingCredential(
      async () => ({ value: 'SECRET-VALUE', expiresAt: 60_000 }),
      {
        now: () => 0,
        credentialId: 'client-1',
      },
    );
    await provider.get(makeContext({ events: sink, tenant: 't1' }));
    expect(sink.events).toEqual([
      {
        type: 'CredentialRefreshed',
        data: {
          vendor: 'acme',
          tenant: 't1',
          credentialId: 'client-1',
          expiresAt: '1970-01-01T00:01:00.000Z',
        },
      },
    ]);
  });

  it('rejects a fetcher that resolves without a value with an AuthError', async () => {
    const provider = rotatingCredential(async () => ({}) as { value: string });
    await expect(provider.get()).rejects.toMatchObject({ code: 'auth-failed' });
  });
});
