import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RateLimitInfo, rateLimitPolicy } from '../../src/rate-limit/index.js';
import { createTransport, defaultPolicies } from '../../src/transport/index.js';
import type { Handler } from '../../src/transport/types.js';
import { callContext } from './helpers.js';

/** A real server on 127.0.0.1: the first request gets 429 + Retry-After: 1, the rest 200. */
function rateLimitedServer() {
  const arrivals: { at: number; tenant: string; status: number }[] = [];
  let sent429At = 0;
  const server: Server = createServer((req, res) => {
    const status = arrivals.length === 0 ? 429 : 200;
    arrivals.push({ at: Date.now(), tenant: String(req.headers['x-tenant']), status });
    if (status === 429) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
      sent429At = Date.now();
      res.end('slow down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  return {
    server,
    arrivals,
    sent429At: () => sent429At,
    async start(): Promise<string> {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}

describe('rateLimitPolicy against a real HTTP server', () => {
  let fixture: ReturnType<typeof rateLimitedServer>;
  let base: string;

  beforeEach(async () => {
    fixture = rateLimitedServer();
    base = await fixture.start();
  });
  afterEach(async () => {
    fixture.server.closeAllConnections();
    fixture.server.close();
    await once(fixture.server, 'close');
  });

  it('a 429 with Retry-After holds the next request of that tenant, not of another', async () => {
    // The tiny chain: the policy over a handler that really fetches.
    const fetchHandler: Handler = (request) => fetch(request);
    const handler = rateLimitPolicy().wrap(fetchHandler);
    const get = (tenant: string) =>
      handler(
        new Request(`${base}/items`, { headers: { 'x-tenant': tenant } }),
        callContext({ tenant }),
      );

    const first = await get('AC1');
    expect(first.status).toBe(429);
    await first.text();
    const [same, other] = await Promise.all([get('AC1'), get('AC2')]);
    expect([same.status, other.status]).toEqual([200, 200]);

    const at = (tenant: string) =>
      fixture.arrivals.filter((a) => a.status === 200 && a.tenant === tenant)[0]?.at ?? 0;
    // Same tenant: not before the pause the server asked for (Date.now has 1 ms steps).
    expect(at('AC1') - fixture.sent429At()).toBeGreaterThanOrEqual(999);
    // Other tenant: at once.
    expect(at('AC2') - fixture.sent429At()).toBeLessThan(500);
  });

  it('in the default pipeline, a call made during the pause waits for it; retry re-sends the 429ed call', async () => {
    let resolveSecond: (response: Promise<Response>) => void = () => {};
    const second = new Promise<Response>((resolve) => {
      resolveSecond = (response) => resolve(response);
    });
    const infos: RateLimitInfo[] = [];
    const transport = createTransport({
      vendor: 'acme',
      tenant: 'AC1',
      deadlineMs: 10_000,
      policies: defaultPolicies({
        retry: { maxAttempts: 2 },
        rateLimit: rateLimitPolicy(
          {},
          {
            onLimit: (info) => {
              infos.push(info);
              // Another call of the same tenant, made the moment the server said stop.
              if (info.source === 'server') resolveSecond(transport(`${base}/other`));
            },
          },
        ),
      }),
    });

    const first = await transport(`${base}/items`);
    expect(first.status).toBe(200);
    expect((await second).status).toBe(200);
    expect(fixture.arrivals.map((a) => a.status)).toEqual([429, 200, 200]);
    for (const arrival of fixture.arrivals.slice(1)) {
      expect(arrival.at - fixture.sent429At()).toBeGreaterThanOrEqual(999);
    }
    expect(infos[0]).toMatchObject({
      source: 'server',
      reason: 'too-many-requests',
      status: 429,
      key: 'acme:AC1:*',
    });
  });
});
