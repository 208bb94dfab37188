import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors/index.js';
import { rebuildableBody } from '../../src/serialization/index.js';
import { type LocalServer, sendJson, startLocalServer } from '../pagination/local-server.js';

describe('rebuildableBody', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, {}));
  });
  afterAll(() => server.close());

  it('sends the whole body on every attempt, where the consumed original cannot be sent again', async () => {
    const original = new Request(`${server.origin}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-attempt-key': 'k1' },
      body: 'To=%2B1555&Body=hello',
    });
    const rebuildable = await rebuildableBody(original);
    expect(rebuildable.byteLength).toBe(21);
    expect(original.bodyUsed).toBe(true);
    await expect(fetch(original)).rejects.toThrow();

    const before = server.requests.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(rebuildable.forAttempt());
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/messages');
      expect(request.body).toBe('To=%2B1555&Body=hello');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers['x-attempt-key']).toBe('k1');
      expect(request.headers['content-length']).toBe('21');
    }
  });

  it('buffers a streaming body once', async () => {
    const encoder = new TextEncoder();
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls <= 3) controller.enqueue(encoder.encode(`part${pulls};`));
        else controller.close();
      },
    });
    const original = new Request(`${server.origin}/upload`, {
      method: 'PUT',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const rebuildable = await rebuildableBody(original);
    const first = rebuildable.forAttempt();
    const second = rebuildable.forAttempt();
    expect(first).not.toBe(second);
    expect(await first.text()).toBe('part1;part2;part3;');
    expect(await second.text()).toBe('part1;part2;part3;');
    expect(pulls).toBe(4);
  });

  it('gives each attempt its own signal and keeps the original one otherwise', async () => {
    const callerController = new AbortController();
    const original = new Request(`${server.origin}/x`, {
      method: 'POST',
      body: 'x',
      signal: callerController.signal,
    });
    const rebuildable = await rebuildableBody(original);
    const attemptController = new AbortController();
    const withTimeout = rebuildable.forAttempt(attemptController.signal);
    attemptController.abort();
    expect(withTimeout.signal.aborted).toBe(true);
    const plain = rebuildable.forAttempt();
    expect(plain.signal.aborted).toBe(false);
    callerController.abort();
    expect(plain.signal.aborted).toBe(true);
  });

  it('rebuilds a bodiless GET without reading anything', async () => {
    const rebuildable = await rebuildableBody(new Request(`${server.origin}/list?page=2`));
    expect(rebuildable.byteLength).toBe(0);
    const a = rebuildable.forAttempt();
    const b = rebuildable.forAttempt();
    expect(a.url).toBe(`${server.origin}/list?page=2`);
    expect(a.body).toBeNull();
    expect(a).not.toBe(b);
  });

  it('refuses a request whose body was already read', async () => {
    const used = new Request(`${server.origin}/x`, { method: 'POST', body: 'x' });
    await used.text();
    await expect(rebuildableBody(used)).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
