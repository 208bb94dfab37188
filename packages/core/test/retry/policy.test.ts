import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isCoreError } from '../../src/errors/index.js';
import { createTransport, defaultPolicies, type FetchFn } from '../../src/transport/index.js';

/** A per-instance fetch answering from a script; records when each attempt arrived. */
function scripted(...answers: (() => Response | Promise<Response>)[]) {
  const calls: { at: number; request: Request }[] = [];
  const fetch: FetchFn = async (request) => {
    calls.push({ at: Date.now(), request });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] as () => Response;
    return answer();
  };
  return { fetch, calls };
}

const T0 = Date.parse('2026-11-21T10:00:00.000Z');

describe('retry policy with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const hintForms: [string, Record<string, string>, number][] = [
    ['Retry-After seconds', { 'retry-after': '3' }, 3_000],
    ['Retry-After HTTP-date', { 'retry-after': new Date(T0 + 4_000).toUTCString() }, 4_000],
    ['retry-after-ms', { 'retry-after-ms': '1250' }, 1_250],
    ['X-RateLimit-Reset epoch seconds', { 'x-ratelimit-reset': String(T0 / 1000 + 7) }, 7_000],
    [
      'X-RateLimit-Reset ISO 8601',
      { 'x-ratelimit-reset': new Date(T0 + 2_000).toISOString() },
      2_000,
    ],
    ['x-ratelimit-reset-requests duration', { 'x-ratelimit-reset-requests': '1m5s' }, 59_999],
  ];

  it.each(hintForms)('waits exactly as %s asks', async (_name, headers, expected) => {
    // The 1m5s case asks for 65 s, more than the 60 s ceiling: it must stop instead.
    const { fetch, calls } = scripted(
      () => new Response('slow down', { status: 429, headers }),
      () => new Response('{"ok":true}', { status: 200 }),
    );
    const transport = createTransport({ vendor: 'test', fetch, deadlineMs: 120_000 });
    const pending = transport('https://api.example.test/items').then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    if (expected === 59_999) {
      const outcome = await pending;
      expect(calls).toHaveLength(1);
      expect(isCoreError((outcome as { error: unknown }).error, 'rate-limited')).toBe(true);
      expect((outcome as { error: { retryAfterMs: number } }).error.retryAfterMs).toBe(65_000);
      return;
    }
    await vi.advanceTimersByTimeAsync(expected - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBe(expected);
    const outcome = await pending;
    expect((outcome as { response: Response }).response.status).toBe(200);
  });

  it('backs off with full jitter when the server names no wait', async () => {
    const { fetch, calls } = scripted(
      () => new Response(null, { status: 503 }),
      () => new Response(null, { status: 503 }),
      () => new Response(null, { status: 200 }),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const transport = createTransport({ vendor: 'test', fetch });
    const pending = transport('https://api.example.test/items');
    await vi.advanceTimersByTimeAsync(250 + 500);
    expect((await pending).status).toBe(200);
    expect(calls.map((call) => call.at - T0)).toEqual([0, 250, 750]);
  });

  it('returns the last HTTP error response when attempts run out, so `{ error }` stays typed', async () => {
    const { fetch, calls } = scripted(() => new Response('{"code":20500}', { status: 500 }));
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const transport = createTransport({ vendor: 'test', fetch });
    const pending = transport('https://api.example.test/items');
    await vi.advanceTimersByTimeAsync(10);
    const response = await pending;
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 20500 });
    expect(calls).toHaveLength(3);
  });

  it('fails at once with the requested wait when the server asks to wait past the deadline', async () => {
    const { fetch, calls } = scripted(
      () => new Response(null, { status: 429, headers: { 'retry-after': '30' } }),
    );
    const transport = createTransport({ vendor: 'test', fetch, deadlineMs: 10_000 });
    const error = await transport('https://api.example.test/items').catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(Date.now()).toBe(T0);
    expect(isCoreError(error, 'deadline-exceeded')).toBe(true);
    expect((error as { requestedWaitMs: number }).requestedWaitMs).toBe(30_000);
  });

  it('honors the caller abort during a retry sleep', async () => {
    const { fetch, calls } = scripted(
      () => new Response(null, { status: 429, headers: { 'retry-after': '5' } }),
    );
    const controller = new AbortController();
    const transport = createTransport({ vendor: 'test', fetch });
    const pending = transport('https://api.example.test/items', {
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const error = await pending;
    expect(isCoreError(error, 'aborted')).toBe(true);
    expect(calls).toHaveLength(1);
    expect(Date.now() - T0).toBe(1_000);
  });

  it('ends a retry sleep when the deadline passes mid-wait', async () => {
    // Backoff of 0.999 * 500 ms fits the 600 ms deadline; the second backoff does not.
    const { fetch, calls } = scripted(() => new Response(null, { status: 502 }));
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const transport = createTransport({ vendor: 'test', fetch, deadlineMs: 600 });
    const pending = transport('https://api.example.test/items').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(600);
    const error = await pending;
    expect(isCoreError(error, 'deadline-exceeded')).toBe(true);
    expect((error as { requestedWaitMs: number }).requestedWaitMs).toBe(999);
    expect(calls).toHaveLength(2);
  });

  it('x-should-retry: false stops a retryable status; true retries a POST', async () => {
    const stop = scripted(
      () => new Response(null, { status: 503, headers: { 'x-should-retry': 'false' } }),
    );
    const response = await createTransport({ vendor: 'test', fetch: stop.fetch })(
      'https://api.example.test/a',
    );
    expect(response.status).toBe(503);
    expect(stop.calls).toHaveLength(1);

    const go = scripted(
      () =>
        new Response(null, {
          status: 400,
          headers: { 'x-should-retry': 'true', 'retry-after-ms': '10' },
        }),
      () => new Response(null, { status: 201 }),
    );
    const pending = createTransport({ vendor: 'test', fetch: go.fetch })(
      'https://api.example.test/a',
      {
        method: 'POST',
        body: 'x=1',
      },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect((await pending).status).toBe(201);
    expect(go.calls).toHaveLength(2);
  });

  it('retries a POST after a 429 (refused before processing) but not after a 503', async () => {
    const limited = scripted(
      () => new Response(null, { status: 429, headers: { 'retry-after': '1' } }),
      () => new Response(null, { status: 201 }),
    );
    const pending = createTransport({ vendor: 'test', fetch: limited.fetch })(
      'https://api.example.test/a',
      {
        method: 'POST',
        body: 'x=1',
      },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).status).toBe(201);
    expect(await limited.calls[1]!.request.text()).toBe('x=1');

    const unavailable = scripted(() => new Response(null, { status: 503 }));
    const response = await createTransport({ vendor: 'test', fetch: unavailable.fetch })(
      'https://api.example.test/a',
      {
        method: 'POST',
        body: 'x=1',
      },
    );
    expect(response.status).toBe(503);
    expect(unavailable.calls).toHaveLength(1);
  });

  it('an operation marked idempotent is retried whatever its method', async () => {
    const { fetch, calls } = scripted(
      () => new Response(null, { status: 503 }),
      () => new Response(null, { status: 200 }),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const transport = createTransport({
      vendor: 'test',
      fetch,
      resolveOperation: () => ({ id: 'search', method: 'POST', path: '/search', idempotent: true }),
    });
    const pending = transport('https://api.example.test/search', { method: 'POST', body: '{}' });
    await vi.advanceTimersByTimeAsync(10);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('emits RetryScheduled with the wait and never the URL', async () => {
    const events: [string, Record<string, unknown>][] = [];
    const { fetch } = scripted(
      () => new Response(null, { status: 429, headers: { 'retry-after': '2' } }),
      () => new Response(null, { status: 200 }),
    );
    const transport = createTransport({
      vendor: 'test',
      fetch,
      events: { active: true, emit: (type, data) => events.push([type, data]) },
      policies: defaultPolicies({ retry: { maxAttempts: 2 } }),
    });
    const pending = transport('https://api.example.test/items?token=secret-canary');
    await vi.advanceTimersByTimeAsync(2_000);
    await pending;
    expect(events).toEqual([
      [
        'RetryScheduled',
        expect.objectContaining({
          vendor: 'test',
          attempt: 1,
          delayMs: 2_000,
          fromServer: true,
          status: 429,
        }),
      ],
    ]);
    expect(JSON.stringify(events)).not.toContain('secret-canary');
  });
});
