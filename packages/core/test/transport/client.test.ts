import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/index.js';
import { formBodySerializer } from '../../src/serialization/index.js';
import { json, startFaultServer } from '../helpers/fault-server.js';

type Paths = {
  '/Payments.json': {
    post: {
      requestBody: {
        content: {
          'application/x-www-form-urlencoded': { Amount: string; IdempotencyKey?: string };
        };
      };
      responses: { 201: { content: { 'application/json': { sid: string } } } };
    };
  };
};

const operations = [
  {
    id: 'CreatePayment',
    method: 'POST',
    path: '/Payments.json',
    requestContentTypes: ['application/x-www-form-urlencoded'],
    idempotencyKey: { in: 'body', name: 'IdempotencyKey' },
  },
] as const;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

async function client(...script: Parameters<typeof startFaultServer>) {
  const server = await startFaultServer(...script);
  close = server.close;
  const api = createApiClient<Paths>({
    vendor: 'test',
    baseUrl: server.url,
    operations,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    bodySerializer: formBodySerializer(),
  });
  return { api, server };
}

describe('createApiClient', () => {
  it("sends the spec's body media type when the caller names none", async () => {
    const { api, server } = await client(json(201, { sid: 'PK1' }));
    const { data } = await api.POST('/Payments.json', { body: { Amount: '10' } });
    expect(data).toEqual({ sid: 'PK1' });
    expect(server.seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.seen[0]?.body).toBe('Amount=10');
  });

  it('keeps a content type the caller set', async () => {
    const { api, server } = await client(json(201, { sid: 'PK1' }));
    await api.POST('/Payments.json', {
      body: { Amount: '10' },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    expect(server.seen[0]?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded; charset=utf-8',
    );
  });

  it('retries a POST carrying the body idempotency key the operation declares, and only then', async () => {
    const keyed = await client(json(503, {}), json(201, { sid: 'PK2' }));
    const { data } = await keyed.api.POST('/Payments.json', {
      body: { Amount: '10', IdempotencyKey: 'k-1' },
    });
    expect(data).toEqual({ sid: 'PK2' });
    expect(keyed.server.seen.map((seen) => seen.body)).toEqual([
      'Amount=10&IdempotencyKey=k-1',
      'Amount=10&IdempotencyKey=k-1',
    ]);
    await close?.();

    const unkeyed = await client(json(503, {}), json(201, { sid: 'PK3' }));
    const { error, response } = await unkeyed.api.POST('/Payments.json', {
      body: { Amount: '10' },
    });
    expect(response.status).toBe(503);
    expect(error).toEqual({});
    expect(unkeyed.server.seen).toHaveLength(1);
  });

  it('names each request by the template called, where the URL alone would name another, also beside middleware and concurrent calls', async () => {
    type ItemPaths = {
      '/items/{id}': {
        get: {
          parameters: { path: { id: string } };
          responses: { 200: { content: { 'application/json': object } } };
        };
      };
      '/items/special': {
        get: { responses: { 200: { content: { 'application/json': object } } } };
      };
    };
    const server = await startFaultServer(json(200, {}));
    close = server.close;
    const seen: (string | undefined)[] = [];
    const api = createApiClient<ItemPaths>({
      vendor: 'test',
      baseUrl: server.url,
      operations: [
        { id: 'GetItem', method: 'GET', path: '/items/{id}' },
        { id: 'GetSpecial', method: 'GET', path: '/items/special' },
      ],
      retry: false,
      signing: {
        name: 'record-operation',
        wrap: (next) => (request, ctx) => {
          seen.push(ctx.operation?.id);
          return next(request, ctx);
        },
      },
    });
    // By URL, /items/special is GetSpecial (more literal segments); called
    // through the {id} template it is GetItem.
    await api.GET('/items/{id}', { params: { path: { id: 'special' } } });
    await api.request('get', '/items/special');
    // A middleware that awaits before the request is sent: calls interleave.
    api.use({ onRequest: async () => new Promise((resolve) => setTimeout(resolve, 1)) });
    await Promise.all([
      api.GET('/items/{id}', { params: { path: { id: 'special' } } }),
      api.GET('/items/special'),
      api.GET('/items/{id}', { params: { path: { id: 'special' } } }),
    ]);
    expect(seen).toEqual(['GetItem', 'GetSpecial', 'GetItem', 'GetSpecial', 'GetItem']);
  });
});
