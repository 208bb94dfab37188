import { describe, expect, it, vi } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import {
  createMemoryReplayStore,
  createWebhookVerifier,
  isWebhookVerificationError,
  type ReplayStore,
} from '../../src/webhooks/index.js';
import { hmacHex, standardHeaders, WHSEC } from './sign.js';

const NOW = 1_700_000_000;
const BODY = '{"ok":true}';
const githubHeaders = (delivery: string) => ({
  'x-hub-signature-256': `sha256=${hmacHex('s', BODY)}`,
  'x-github-delivery': delivery,
});

async function verdict(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (isWebhookVerificationError(error)) return error.reason;
    throw error;
  }
}

describe('memory replay store', () => {
  it('claims a key once until its TTL passes', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    expect(store.claim('a', 1_000)).toBe(true);
    expect(store.claim('a', 1_000)).toBe(false);
    now = 999;
    expect(store.claim('a', 1_000)).toBe(false);
    now = 1_000;
    expect(store.claim('a', 1_000)).toBe(true);
    store.release?.('a');
    expect(store.claim('a', 1_000)).toBe(true);
  });

  it('stays within maxEntries, dropping the oldest first', () => {
    const store = createMemoryReplayStore({ maxEntries: 3, now: () => 0 });
    for (const key of ['a', 'b', 'c', 'd']) expect(store.claim(key, 60_000)).toBe(true);
    expect(store.claim('a', 60_000)).toBe(true);
    expect(store.claim('d', 60_000)).toBe(false);
  });

  it('is per instance: two stores share nothing', () => {
    const one = createMemoryReplayStore();
    const two = createMemoryReplayStore();
    expect(one.claim('k', 1_000)).toBe(true);
    expect(two.claim('k', 1_000)).toBe(true);
  });
});

describe('replay guard in a verifier', () => {
  it('is on by default, keyed by delivery id, per verifier', async () => {
    const github = createWebhookVerifier('github', { secret: 's' });
    expect(await verdict(github.verify({ headers: githubHeaders('d-1'), body: BODY }))).toBe(
      'accepted',
    );
    const error = await github
      .verify({ headers: githubHeaders('d-1'), body: BODY })
      .catch((e: unknown) => e);
    expect(isWebhookVerificationError(error, 'replayed')).toBe(true);
    expect((error as Error).message).toMatch(/Answer 2xx/);
    expect(await verdict(github.verify({ headers: githubHeaders('d-2'), body: BODY }))).toBe(
      'accepted',
    );
    const another = createWebhookVerifier('github', { secret: 's' });
    expect(await verdict(another.verify({ headers: githubHeaders('d-1'), body: BODY }))).toBe(
      'accepted',
    );
  });

  it('records only verified deliveries, so forgeries cannot burn an id', async () => {
    const github = createWebhookVerifier('github', { secret: 's' });
    const forged = {
      ...githubHeaders('d-9'),
      'x-hub-signature-256': `sha256=${hmacHex('x', BODY)}`,
    };
    expect(await verdict(github.verify({ headers: forged, body: BODY }))).toBe('bad-signature');
    expect(await verdict(github.verify({ headers: githubHeaders('d-9'), body: BODY }))).toBe(
      'accepted',
    );
  });

  it('refuses an id too long to be a vendor id, before it reaches the store', async () => {
    const claim = vi.fn(() => true);
    const github = createWebhookVerifier('github', { secret: 's', replay: { store: { claim } } });
    expect(
      await verdict(github.verify({ headers: githubHeaders('x'.repeat(257)), body: BODY })),
    ).toBe('malformed-header');
    expect(
      await verdict(github.verify({ headers: githubHeaders('x'.repeat(256)), body: BODY })),
    ).toBe('accepted');
    expect(claim).toHaveBeenCalledTimes(1);
  });

  it('defaults the TTL to twice the tolerance for timestamped schemes, 24 h otherwise', async () => {
    const claims: [string, number][] = [];
    const store: ReplayStore = {
      claim: (key, ttl) => {
        claims.push([key, ttl]);
        return true;
      },
    };
    const now = () => NOW * 1000;
    const standard = createWebhookVerifier('standard-webhooks', {
      secret: WHSEC,
      now,
      replay: { store },
    });
    await standard.verify({ headers: standardHeaders(BODY, NOW, 'msg_7'), body: BODY });
    const narrow = createWebhookVerifier('standard-webhooks', {
      secret: WHSEC,
      now,
      toleranceSeconds: 60,
      replay: { store },
    });
    await narrow.verify({ headers: standardHeaders(BODY, NOW, 'msg_8'), body: BODY });
    const github = createWebhookVerifier('github', { secret: 's', replay: { store } });
    await github.verify({ headers: githubHeaders('d-3'), body: BODY });
    const custom = createWebhookVerifier('github', {
      secret: 's',
      replay: { store, ttlSeconds: 5 },
    });
    await custom.verify({ headers: githubHeaders('d-4'), body: BODY });
    expect(claims).toEqual([
      ['standard-webhooks:msg_7', 600_000],
      ['standard-webhooks:msg_8', 120_000],
      ['github:d-3', 86_400_000],
      ['github:d-4', 5_000],
    ]);
  });

  it('keys a timestamped delivery without an id by its signature; id-less untimed schemes are unguarded', async () => {
    const secret = 'slack-secret';
    const now = () => NOW * 1000;
    const slack = createWebhookVerifier('slack', { secret, now });
    const headers = {
      'x-slack-request-timestamp': String(NOW),
      'x-slack-signature': `v0=${hmacHex(secret, `v0:${NOW}:${BODY}`)}`,
    };
    expect(await verdict(slack.verify({ headers, body: BODY }))).toBe('accepted');
    expect(await verdict(slack.verify({ headers, body: BODY }))).toBe('replayed');
    const meta = createWebhookVerifier('meta', { secret });
    const metaHeaders = { 'x-hub-signature-256': `sha256=${hmacHex(secret, BODY)}` };
    expect(await verdict(meta.verify({ headers: metaHeaders, body: BODY }))).toBe('accepted');
    expect(await verdict(meta.verify({ headers: metaHeaders, body: BODY }))).toBe('accepted');
    const keyed = createWebhookVerifier('meta', {
      secret,
      replay: { key: (event) => String((event.payload as { ok: boolean }).ok) },
    });
    expect(await verdict(keyed.verify({ headers: metaHeaders, body: BODY }))).toBe('accepted');
    expect(await verdict(keyed.verify({ headers: metaHeaders, body: BODY }))).toBe('replayed');
  });

  it('takes an async store (as over Redis) and release() lets a retry in', async () => {
    const seen = new Map<string, number>();
    const store: ReplayStore = {
      claim: async (key) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (seen.has(key)) return false;
        seen.set(key, 1);
        return true;
      },
      release: async (key) => {
        seen.delete(key);
      },
    };
    const github = createWebhookVerifier('github', { secret: 's', replay: { store } });
    const event = await github.verify({ headers: githubHeaders('d-5'), body: BODY });
    expect(await verdict(github.verify({ headers: githubHeaders('d-5'), body: BODY }))).toBe(
      'replayed',
    );
    await github.release(event);
    expect(await verdict(github.verify({ headers: githubHeaders('d-5'), body: BODY }))).toBe(
      'accepted',
    );
  });

  it('expires ids with the clock, not a timer', async () => {
    vi.useFakeTimers({ now: NOW * 1000 });
    try {
      const github = createWebhookVerifier('github', { secret: 's', replay: { ttlSeconds: 10 } });
      expect(await verdict(github.verify({ headers: githubHeaders('d-6'), body: BODY }))).toBe(
        'accepted',
      );
      vi.setSystemTime(NOW * 1000 + 9_999);
      expect(await verdict(github.verify({ headers: githubHeaders('d-6'), body: BODY }))).toBe(
        'replayed',
      );
      vi.setSystemTime(NOW * 1000 + 10_000);
      expect(await verdict(github.verify({ headers: githubHeaders('d-6'), body: BODY }))).toBe(
        'accepted',
      );
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails closed with a retryable store-unavailable error when the store throws', async () => {
    for (const claim of [
      () => {
        throw new Error('ECONNREFUSED');
      },
      async () => {
        throw new Error('ECONNREFUSED');
      },
    ]) {
      const github = createWebhookVerifier('github', { secret: 's', replay: { store: { claim } } });
      const error = await github
        .verify({ headers: githubHeaders('d-7'), body: BODY })
        .catch((e: unknown) => e);
      expect(isCoreError(error, 'store-unavailable')).toBe(true);
      expect((error as { retryable: boolean }).retryable).toBe(true);
    }
  });
});
