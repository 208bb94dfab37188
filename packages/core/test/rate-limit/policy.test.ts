import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError, RateLimitedError } from '../../src/errors/index.js';
import {
  MemoryRateLimitStore,
  RateLimiter,
  type RateLimitInfo,
  rateLimitPolicy,
} from '../../src/rate-limit/index.js';
import type { Handler, OperationInfo } from '../../src/transport/types.js';
import { callContext, recordingEvents, T0, track } from './helpers.js';

/** The handler under the policy: answers from a script and records when each request got through. */
function server(answer: (request: Request, n: number) => Response = () => new Response('ok')) {
  const seen: { at: number; method: string; tenant: string | undefined }[] = [];
  const next: Handler = async (request, ctx) => {
    seen.push({ at: Date.now() - T0, method: request.method, tenant: ctx.tenant });
    return answer(request, seen.length);
  };
  return { next, seen };
}

const GET = () => new Request('https://api.example.test/items');
const POST = () => new Request('https://api.example.test/items', { method: 'POST', body: '{}' });

describe('rateLimitPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a Policy named rateLimit', () => {
    expect(rateLimitPolicy().name).toBe('rateLimit');
  });

  it('paces per class: writes have their own limit inside the shared one', async () => {
    const { next, seen } = server();
    const handler = rateLimitPolicy({
      requestsPerInterval: 3,
      intervalMs: 1000,
      classes: { write: { requestsPerInterval: 1, intervalMs: 1000 } },
    }).wrap(next);
    const ctx = () => callContext();
    const calls = [
      handler(POST(), ctx()), // t=0
      handler(POST(), ctx()), // waits for the write window: t=1000
      handler(GET(), ctx()), // t=0, shared 2/3
      handler(GET(), ctx()), // t=0, shared 3/3
      handler(GET(), ctx()), // waits for the shared window: t=1000
    ];
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((s) => `${s.method}@${s.at}`)).toEqual(['POST@0', 'GET@0', 'GET@0']);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(calls);
    expect(seen.map((s) => `${s.method}@${s.at}`).sort()).toEqual(
      ['POST@0', 'GET@0', 'GET@0', 'POST@1000', 'GET@1000'].sort(),
    );
  });

  it('takes the class from the operation when it names one', async () => {
    const { next, seen } = server();
    const handler = rateLimitPolicy({ classes: { search: { minSpacingMs: 500 } } }).wrap(next);
    const search: OperationInfo = {
      id: 'search',
      method: 'GET',
      path: '/search',
      requestClass: 'search',
    };
    const a = handler(GET(), callContext({ operation: search }));
    const b = handler(GET(), callContext({ operation: search }));
    const c = handler(GET(), callContext()); // plain read: not spaced
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((s) => s.at)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([a, b, c]);
    expect(seen.map((s) => s.at)).toEqual([0, 0, 500]);
  });

  it('holds the concurrency slot until the response arrives, and frees it when the attempt fails', async () => {
    let fail = true;
    const next: Handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (fail) {
        fail = false;
        throw new Error('socket hang up');
      }
      return new Response('ok');
    };
    const handler = rateLimitPolicy({ concurrency: 1 }).wrap(next);
    const first = track(handler(GET(), callContext()));
    const second = track(handler(GET(), callContext()));
    await vi.advanceTimersByTimeAsync(100);
    expect(first.error).toEqual(new Error('socket hang up'));
    expect(second.done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(second.done).toBe(true);
    expect((second.value as Response).status).toBe(200);
  });

  it('a 429 with Retry-After pauses the whole key, not just the one request', async () => {
    const { next, seen } = server((_request, n) =>
      n === 1
        ? new Response('slow down', { status: 429, headers: { 'retry-after': '2' } })
        : new Response('ok'),
    );
    const limiter = new RateLimiter();
    const handler = rateLimitPolicy({}, { limiter }).wrap(next);
    const first = await handler(GET(), callContext());
    expect(first.status).toBe(429); // returned as is: retrying is the retry policy's job
    expect(await limiter.pausedUntil('acme:default:*')).toBe(T0 + 2_000);
    // Reads and writes of the same tenant both wait for the pause to end.
    const read = handler(GET(), callContext());
    const write = handler(POST(), callContext());
    await vi.advanceTimersByTimeAsync(1_999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([read, write]);
    expect(seen.map((s) => s.at)).toEqual([0, 2_000, 2_000]);
  });

  it('keys isolate tenants: one tenant paused, another flows', async () => {
    const { next, seen } = server((_request, n) =>
      n === 1
        ? new Response('', { status: 429, headers: { 'retry-after': '5' } })
        : new Response('ok'),
    );
    const handler = rateLimitPolicy().wrap(next);
    await handler(GET(), callContext({ tenant: 'AC1' }));
    const paused = track(handler(GET(), callContext({ tenant: 'AC1' })));
    const other = await handler(GET(), callContext({ tenant: 'AC2' }));
    expect(other.status).toBe(200);
    expect(paused.done).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(paused.done).toBe(true);
    expect(seen.map((s) => `${s.tenant}@${s.at}`)).toEqual(['AC1@0', 'AC2@0', 'AC1@5000']);
  });

  it('pauseScope "class" pauses only the class the 429 came from', async () => {
    const { next, seen } = server((request) =>
      request.method === 'POST' && seen.length === 1
        ? new Response('', { status: 429, headers: { 'retry-after': '3' } })
        : new Response('ok'),
    );
    const handler = rateLimitPolicy({ pauseScope: 'class', classes: { write: {} } }).wrap(next);
    await handler(POST(), callContext());
    const write = track(handler(POST(), callContext()));
    await handler(GET(), callContext());
    expect(seen.map((s) => `${s.method}@${s.at}`)).toEqual(['POST@0', 'GET@0']);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(write.done).toBe(true);
  });

  it('a 429 without a hint pauses for defaultPauseMs; a huge hint is capped at maxPauseMs', async () => {
    const answers = [
      new Response('', { status: 429 }),
      new Response('', { status: 429, headers: { 'retry-after': '86400' } }),
    ];
    const { next } = server((_r, n) => answers[n - 1] ?? new Response('ok'));
    const limiter = new RateLimiter();
    const handler = rateLimitPolicy({ defaultPauseMs: 750, maxPauseMs: 60_000 }, { limiter }).wrap(
      next,
    );
    await handler(GET(), callContext());
    expect(await limiter.pausedUntil('acme:default:*')).toBe(T0 + 750);
    await vi.advanceTimersByTimeAsync(750);
    await handler(GET(), callContext());
    expect(await limiter.pausedUntil('acme:default:*')).toBe(T0 + 750 + 60_000);
  });

  it('remaining 0 with a reset pauses the key until the reset', async () => {
    const reset = String(Math.floor(T0 / 1000) + 30);
    const { next, seen } = server((_r, n) =>
      n === 1
        ? new Response('ok', {
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
          })
        : new Response('ok'),
    );
    const handler = rateLimitPolicy().wrap(next);
    await handler(GET(), callContext());
    const second = track(handler(GET(), callContext()));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(second.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.done).toBe(true);
    expect(seen.map((s) => s.at)).toEqual([0, 30_000]);
  });

  it('remaining N lets N more start before the reset, whatever the profile allows', async () => {
    const { next, seen } = server((_r, n) =>
      n === 1
        ? new Response('ok', { headers: { ratelimit: '"default";r=2;t=10' } })
        : new Response('ok'),
    );
    const handler = rateLimitPolicy().wrap(next);
    await handler(GET(), callContext());
    const more = [1, 2, 3].map(() => handler(GET(), callContext()));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(more);
    expect(seen.map((s) => s.at)).toEqual([0, 0, 0, 10_000]);
  });

  it('adopts an advertised quota stricter than the profile, and says so once', async () => {
    const events = recordingEvents();
    const policyHeaders = {
      'ratelimit-policy': '"default";q=2;w=1',
      ratelimit: '"default";r=1;t=1',
    };
    const { next, seen } = server(() => new Response('ok', { headers: policyHeaders }));
    const handler = rateLimitPolicy({ requestsPerInterval: 100, intervalMs: 1000 }).wrap(next);
    await handler(GET(), callContext({ events }));
    const rest = [1, 2, 3].map(() => handler(GET(), callContext({ events })));
    await vi.advanceTimersByTimeAsync(0);
    // The first response said r=1 (one more before the reset) and q=2 per second.
    expect(seen.map((s) => s.at)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(rest);
    expect(seen.map((s) => s.at)).toEqual([0, 0, 1_000, 1_000]);
    const adjusted = events.events.filter((e) => e.type === 'RateLimitProfileAdjusted');
    expect(adjusted).toEqual([
      {
        type: 'RateLimitProfileAdjusted',
        data: {
          vendor: 'acme',
          operationId: undefined,
          tenant: undefined,
          limiterKey: 'acme:default:*',
          limit: 2,
          remaining: 1,
          resetAt: T0 + 1_000,
          header: 'ratelimit',
        },
      },
    ]);
  });

  it('never adopts a quota looser than the profile', async () => {
    const { next, seen } = server(
      () => new Response('ok', { headers: { 'ratelimit-policy': '"default";q=100;w=1' } }),
    );
    const handler = rateLimitPolicy({ requestsPerInterval: 1, intervalMs: 1000 }).wrap(next);
    await handler(GET(), callContext());
    const second = handler(GET(), callContext());
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(seen).toHaveLength(2);
  });

  it('adaptive: false ignores the server', async () => {
    const { next, seen } = server(
      () => new Response('', { status: 429, headers: { 'retry-after': '60' } }),
    );
    const handler = rateLimitPolicy({ adaptive: false }).wrap(next);
    await handler(GET(), callContext());
    await handler(GET(), callContext());
    expect(seen.map((s) => s.at)).toEqual([0, 0]);
  });

  it('calls onLimit and emits RateLimitHit for server and proactive limits', async () => {
    const infos: RateLimitInfo[] = [];
    const events = recordingEvents();
    const { next } = server((_r, n) =>
      n === 1
        ? new Response('', { status: 429, headers: { 'retry-after': '1' } })
        : new Response('ok'),
    );
    const operation: OperationInfo = { id: 'listItems', method: 'GET', path: '/items' };
    const handler = rateLimitPolicy({}, { onLimit: (info) => void infos.push(info) }).wrap(next);
    await handler(GET(), callContext({ tenant: 'AC1', operation, events }));
    const queued = handler(GET(), callContext({ tenant: 'AC1', operation, events }));
    await vi.advanceTimersByTimeAsync(1_000);
    await queued;
    expect(infos).toEqual([
      {
        vendor: 'acme',
        tenant: 'AC1',
        requestClass: 'read',
        operationId: 'listItems',
        key: 'acme:AC1:*',
        source: 'server',
        reason: 'too-many-requests',
        waitMs: 1_000,
        status: 429,
        limit: undefined,
        remaining: undefined,
        resetAt: undefined,
      },
      {
        vendor: 'acme',
        tenant: 'AC1',
        requestClass: 'read',
        operationId: 'listItems',
        key: 'acme:AC1:*',
        source: 'proactive',
        reason: 'paused',
        waitMs: 1_000,
      },
    ]);
    expect(events.events.filter((e) => e.type === 'RateLimitHit').map((e) => e.data)).toEqual([
      {
        vendor: 'acme',
        operationId: 'listItems',
        tenant: 'AC1',
        waitMs: 1_000,
        limiterKey: 'acme:AC1:*',
        source: 'server',
        status: 429,
      },
      {
        vendor: 'acme',
        operationId: 'listItems',
        tenant: 'AC1',
        waitMs: 1_000,
        limiterKey: 'acme:AC1:*',
        source: 'proactive',
        status: undefined,
      },
    ]);
  });

  it('a throwing or rejecting onLimit never breaks the request', async () => {
    const { next } = server((_r, n) =>
      n === 1
        ? new Response('', { status: 429, headers: { 'retry-after': '1' } })
        : new Response('ok'),
    );
    let calls = 0;
    const handler = rateLimitPolicy(
      {},
      {
        onLimit: (info) => {
          calls++;
          if (info.source === 'server') throw new Error('hook bug');
          return Promise.reject(new Error('async hook bug'));
        },
      },
    ).wrap(next);
    expect((await handler(GET(), callContext())).status).toBe(429);
    const second = handler(GET(), callContext());
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await second).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('emits nothing when no one listens (events.active false)', async () => {
    const emitted: string[] = [];
    const events = { active: false, emit: (type: string) => void emitted.push(type) };
    const { next } = server(
      () => new Response('', { status: 429, headers: { 'retry-after': '1' } }),
    );
    await rateLimitPolicy().wrap(next)(GET(), callContext({ events }));
    expect(emitted).toEqual([]);
  });

  it('a pause past the call deadline fails at once with the requested wait', async () => {
    const { next } = server(
      () => new Response('', { status: 429, headers: { 'retry-after': '30' } }),
    );
    const handler = rateLimitPolicy().wrap(next);
    await handler(GET(), callContext());
    const ctx = callContext({ deadlineMs: 10_000 });
    await expect(handler(GET(), ctx)).rejects.toSatisfy(
      (error) => error instanceof DeadlineExceededError && error.requestedWaitMs === 30_000,
    );
    ctx.dispose();
  });

  it('a pause longer than maxWaitMs fails at once with RateLimitedError(retryAfterMs)', async () => {
    const { next } = server(
      () => new Response('', { status: 429, headers: { 'retry-after': '120' } }),
    );
    const handler = rateLimitPolicy({ maxWaitMs: 60_000 }).wrap(next);
    await handler(GET(), callContext());
    await expect(handler(GET(), callContext())).rejects.toSatisfy(
      (error) => error instanceof RateLimitedError && error.retryAfterMs === 120_000,
    );
  });

  it('one limiter shared by two clients spends one quota', async () => {
    const limiter = new RateLimiter({ store: new MemoryRateLimitStore() });
    const profile = { requestsPerInterval: 1, intervalMs: 1000 };
    const a = server();
    const b = server();
    const clientA = rateLimitPolicy(profile, { limiter }).wrap(a.next);
    const clientB = rateLimitPolicy(profile, { limiter }).wrap(b.next);
    await clientA(GET(), callContext());
    const fromB = clientB(GET(), callContext());
    await vi.advanceTimersByTimeAsync(1_000);
    await fromB;
    expect(b.seen.map((s) => s.at)).toEqual([1_000]);
    // Separate policies without a shared limiter do not share state (no module-level state).
    const c = server();
    await rateLimitPolicy(profile).wrap(c.next)(GET(), callContext());
    expect(c.seen.map((s) => s.at)).toEqual([1_000]);
  });
});
