import { isCoreError } from '@org/core/errors';
import { type RateLimitBucket, resolveRule } from '@org/core/rate-limit';
import type { EventSink } from '@org/core/transport';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore, type RedisRateLimitStoreOptions } from '../src/index.js';
import {
  freePort,
  type RedisServer,
  redisServerBinary,
  startRedisServer,
} from './scenario/redis-server.js';

// Every test here talks to a real redis-server started for this file.
const binary = redisServerBinary();

const bucket = (key: string, rule: Parameters<typeof resolveRule>[0]): RateLimitBucket => ({
  key,
  rule: resolveRule(rule),
});

function recorder(): EventSink & { seen: { type: string; data: Record<string, unknown> }[] } {
  const seen: { type: string; data: Record<string, unknown> }[] = [];
  return { active: true, seen, emit: (type, data) => void seen.push({ type, data }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(binary === undefined)('RedisRateLimitStore on a real Redis', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const stores: RedisRateLimitStore[] = [];

  /** A connection and store as one process would have them. */
  async function openProcess(options: Partial<RedisRateLimitStoreOptions> = {}, port?: number) {
    const client = new Redis({ host: '127.0.0.1', port: port ?? redis.port });
    client.on('error', () => {});
    clients.push(client);
    if (port === undefined) await new Promise((resolve) => client.once('ready', resolve));
    const store = new RedisRateLimitStore({ client, ...options });
    stores.push(store);
    return { client, store };
  }

  beforeAll(async () => {
    redis = await startRedisServer(binary as string);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('grants a full window, then says how long until its oldest start expires', async () => {
    const { client, store } = await openProcess();
    await client.flushall();
    const b = [bucket('acme:t1:*', { requestsPerInterval: 3, intervalMs: 1000 })];
    for (let i = 0; i < 3; i++) expect(await store.acquire(b, 1, Date.now())).toEqual({ ok: true });
    const denied = await store.acquire(b, 1, Date.now());
    expect(denied).toMatchObject({ ok: false, key: 'acme:t1:*', reason: 'interval' });
    // The window plus the default 25 ms margin.
    expect((denied as { waitMs: number }).waitMs).toBeGreaterThan(925);
    expect((denied as { waitMs: number }).waitMs).toBeLessThanOrEqual(1025);
    expect(store.mode).toBe('redis');
  });

  it('two processes share one window: what one takes, the other cannot', async () => {
    const a = await openProcess();
    const b = await openProcess();
    await a.client.flushall();
    const rule = { requestsPerInterval: 3, intervalMs: 5000 };
    expect(await a.store.acquire([bucket('acme:t1:*', rule)], 2, Date.now())).toEqual({ ok: true });
    expect(await b.store.acquire([bucket('acme:t1:*', rule)], 1, Date.now())).toEqual({ ok: true });
    expect(await b.store.acquire([bucket('acme:t1:*', rule)], 1, Date.now())).toMatchObject({
      ok: false,
      reason: 'interval',
    });
    // Another tenant has its own window.
    expect(await b.store.acquire([bucket('acme:t2:*', rule)], 1, Date.now())).toEqual({ ok: true });
  });

  it('takes a slot in every bucket or in none', async () => {
    const { client, store } = await openProcess();
    await client.flushall();
    const shared = bucket('acme:t1:*', { requestsPerInterval: 5, intervalMs: 5000 });
    const writes = bucket('acme:t1:write', { requestsPerInterval: 1, intervalMs: 5000 });
    expect(await store.acquire([shared, writes], 1, Date.now())).toEqual({ ok: true });
    expect(await store.acquire([shared, writes], 1, Date.now())).toMatchObject({
      ok: false,
      key: 'acme:t1:write',
    });
    // The refused write took nothing from the shared bucket: 4 of its 5 are still free.
    for (let i = 0; i < 4; i++)
      expect(await store.acquire([shared], 1, Date.now())).toEqual({ ok: true });
    expect(await store.acquire([shared], 1, Date.now())).toMatchObject({ ok: false });
    expect(await client.zcard('orgrl:acme:t1:*:w')).toBe(5);
  });

  it('keeps the minimum spacing between starts across processes', async () => {
    const a = await openProcess();
    const b = await openProcess();
    await a.client.flushall();
    const b1 = [bucket('acme:t1:*', { minSpacingMs: 300 })];
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    const denied = await b.store.acquire(b1, 1, Date.now());
    expect(denied).toMatchObject({ ok: false, reason: 'spacing' });
    expect((denied as { waitMs: number }).waitMs).toBeGreaterThan(250);
    expect((denied as { waitMs: number }).waitMs).toBeLessThanOrEqual(300);
  });

  it('shares concurrency slots; a refusal asks again after pollMs, a release frees the slot', async () => {
    const a = await openProcess({ pollMs: 25 });
    const b = await openProcess({ pollMs: 25 });
    await a.client.flushall();
    const b1 = [bucket('acme:t1:*', { concurrency: 2 })];
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(await b.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({
      ok: false,
      waitMs: 25,
      key: 'acme:t1:*',
      reason: 'concurrency',
    });
    await b.store.release(b1, Date.now());
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
  });

  it("frees a crashed process's slot when its lease runs out, and renews a live one's", async () => {
    const live = await openProcess({ leaseMs: 300 });
    const crashed = await openProcess({ leaseMs: 300 });
    const other = await openProcess({ leaseMs: 300 });
    await live.client.flushall();
    const b1 = [bucket('acme:t1:*', { concurrency: 1 })];
    const b2 = [bucket('acme:t2:*', { concurrency: 1 })];
    expect(await crashed.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    crashed.store.close(); // no more renewals, as if the process died
    expect(await live.store.acquire(b2, 1, Date.now())).toEqual({ ok: true });
    await sleep(700);
    // The crashed process's lease expired; the live one was renewed every 100 ms.
    expect(await other.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(await other.store.acquire(b2, 1, Date.now())).toMatchObject({
      ok: false,
      reason: 'concurrency',
    });
  });

  it("pauses every process on one process's word, and a shorter pause never shortens it", async () => {
    const a = await openProcess();
    const b = await openProcess();
    await a.client.flushall();
    const now = Date.now();
    await a.store.pause('acme:t1:*', now + 800, now);
    await a.store.pause('acme:t1:*', now + 100, now);
    const denied = await b.store.acquire([bucket('acme:t1:*', {})], 1, Date.now());
    expect(denied).toMatchObject({ ok: false, reason: 'paused', key: 'acme:t1:*' });
    expect((denied as { waitMs: number }).waitMs).toBeGreaterThan(700);
    const until = await b.store.pausedUntil('acme:t1:*', Date.now());
    expect(until).toBeGreaterThan(now + 750);
    expect(until).toBeLessThanOrEqual(now + 810);
    expect(await b.store.pausedUntil('acme:t2:*', Date.now())).toBe(0);
  });

  it('lets only the remaining budget start before the reset, less what is in flight', async () => {
    const a = await openProcess();
    const b = await openProcess();
    await a.client.flushall();
    const b1 = [bucket('acme:t1:*', {})];
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({ ok: true }); // one in flight
    await b.store.setRemaining('acme:t1:*', 3, Date.now() + 2000, Date.now());
    expect(await b.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(await a.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    const denied = await b.store.acquire(b1, 1, Date.now());
    expect(denied).toMatchObject({ ok: false, reason: 'quota' });
    expect((denied as { waitMs: number }).waitMs).toBeGreaterThan(1900);
  });

  it('recovers from FLUSHALL and SCRIPT FLUSH: writes its recent starts back instead of failing', async () => {
    const { client, store } = await openProcess();
    await client.flushall();
    const b1 = [bucket('acme:t1:*', { requestsPerInterval: 3, intervalMs: 5000 })];
    for (let i = 0; i < 3; i++)
      expect(await store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    await client.flushall();
    await client.script('FLUSH');
    // The window was lost in Redis, but this process remembers its 3 starts.
    expect(await store.acquire(b1, 1, Date.now())).toMatchObject({ ok: false, reason: 'interval' });
    expect(await client.zcard('orgrl:acme:t1:*:w')).toBe(3);
    expect(store.mode).toBe('redis');
  });

  it('falls back to its share when Redis is unreachable at start, with an event; returns once it is up', async () => {
    const port = await freePort();
    const events = recorder();
    const { store } = await openProcess(
      { connectTimeoutMs: 200, expectedProcesses: 4, events },
      port,
    );
    const b1 = [bucket('acme:t1:*', { requestsPerInterval: 10, intervalMs: 60_000 })];
    const started = Date.now();
    expect(await store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(store.mode).toBe('local');
    expect(events.seen).toEqual([
      {
        type: 'RateLimitStoreUnavailable',
        data: {
          store: 'redis',
          reason: 'connect-timeout',
          errorType: undefined,
          processes: 4,
          expectedProcesses: 4,
        },
      },
    ]);
    // 10 per window split between 4 processes: 2 here.
    expect(await store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(await store.acquire(b1, 1, Date.now())).toMatchObject({ ok: false, reason: 'interval' });

    const late = await startRedisServer(binary as string, port);
    try {
      const client = clients[clients.length - 1] as Redis;
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
      // Back on Redis: other processes may still be on their fallback, so the key is held
      // for its window (at most 1 s); the 2 local starts were written there, so 8 of 10 are left.
      const held = await store.acquire(b1, 1, Date.now());
      expect(held).toMatchObject({ ok: false, reason: 'paused' });
      expect((held as { waitMs: number }).waitMs).toBeGreaterThan(800);
      expect((held as { waitMs: number }).waitMs).toBeLessThanOrEqual(1000);
      await sleep((held as { waitMs: number }).waitMs);
      let granted = 0;
      while ((await store.acquire(b1, 1, Date.now())).ok) granted++;
      expect(granted).toBe(8);
      expect(store.mode).toBe('redis');
      expect(events.seen.map((e) => e.type)).toEqual([
        'RateLimitStoreUnavailable',
        'RateLimitStoreRecovered',
      ]);
    } finally {
      await late.stop();
    }
  });

  it('carries a pause learned while Redis was away to the other processes when it returns', async () => {
    const port = await freePort();
    const away = await openProcess({ connectTimeoutMs: 100, expectedProcesses: 2 }, port);
    const b1 = [bucket('acme:t1:*', { requestsPerInterval: 10, intervalMs: 1000 })];
    expect(await away.store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    expect(away.store.mode).toBe('local');
    const now = Date.now();
    await away.store.pause('acme:t1:*', now + 3000, now);
    const late = await startRedisServer(binary as string, port);
    try {
      if (away.client.status !== 'ready') {
        await new Promise((resolve) => away.client.once('ready', resolve));
      }
      expect(await away.store.acquire(b1, 1, Date.now())).toMatchObject({ reason: 'paused' });
      expect(away.store.mode).toBe('redis');
      // A process that never saw the 429 is held by it now.
      const other = await openProcess({}, port);
      await new Promise((resolve) =>
        other.client.status === 'ready' ? resolve(undefined) : other.client.once('ready', resolve),
      );
      const held = await other.store.acquire(b1, 1, Date.now());
      expect(held).toMatchObject({ ok: false, reason: 'paused' });
      expect((held as { waitMs: number }).waitMs).toBeGreaterThan(2000);
      expect(await other.store.pausedUntil('acme:t1:*', Date.now())).toBeGreaterThan(now + 2900);
    } finally {
      await late.stop();
    }
  });

  it('falls back when a command hangs past commandTimeoutMs, and never rejects', async () => {
    const events = recorder();
    const { client, store } = await openProcess({
      commandTimeoutMs: 100,
      expectedProcesses: 2,
      events,
    });
    await client.flushall();
    const b1 = [bucket('acme:t1:*', { requestsPerInterval: 4, intervalMs: 60_000 })];
    expect(await store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
    redis.freeze();
    try {
      const started = Date.now();
      // The other process's starts are unknown here: the fallback holds the key for its
      // window, at most 1 s, then grants the local share (4 / 2 = 2) less this process's own start.
      const held = await store.acquire(b1, 1, Date.now());
      expect(Date.now() - started).toBeLessThan(400);
      expect(held).toMatchObject({ ok: false, reason: 'paused' });
      expect((held as { waitMs: number }).waitMs).toBeGreaterThan(600);
      expect((held as { waitMs: number }).waitMs).toBeLessThanOrEqual(1000);
      await sleep((held as { waitMs: number }).waitMs);
      expect(await store.acquire(b1, 1, Date.now())).toEqual({ ok: true });
      expect(await store.acquire(b1, 1, Date.now())).toMatchObject({
        ok: false,
        reason: 'interval',
      });
      expect(events.seen[0]).toMatchObject({
        type: 'RateLimitStoreUnavailable',
        data: { reason: 'command-timeout', errorType: 'timeout', processes: 2 },
      });
      await expect(store.pause('acme:t1:*', Date.now() + 1000, Date.now())).resolves.toBe(
        undefined,
      );
    } finally {
      redis.thaw();
    }
  });

  it('rejects a missing client or a bad option with a ConfigurationError', () => {
    expect(() => new RedisRateLimitStore({} as RedisRateLimitStoreOptions)).toThrow(
      /needs `client`/,
    );
    try {
      new RedisRateLimitStore({ client: new Redis({ lazyConnect: true }), expectedProcesses: 0 });
      expect.fail('expected a ConfigurationError');
    } catch (error) {
      expect(isCoreError(error, 'configuration')).toBe(true);
      expect((error as Error).message).toContain('expectedProcesses');
    }
  });
});
