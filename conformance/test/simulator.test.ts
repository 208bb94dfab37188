import { hmacSha256Signer } from '@org/core/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator, type SimulatorOptions } from '../src/simulator/simulator.js';

/** A small vendor: a form-encoded create, a JSON update, a paged list and a fetch by id. */
const document = {
  openapi: '3.0.3',
  paths: {
    '/v1/Accounts/{AccountSid}/Messages.json': {
      get: {
        operationId: 'ListMessage',
        parameters: [
          {
            name: 'AccountSid',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^AC[0-9a-f]{4}$' },
          },
          { name: 'PageSize', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'PageToken', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
                    next_page_uri: { type: 'string', nullable: true },
                  },
                },
              },
            },
          },
        },
      },
      post: {
        operationId: 'CreateMessage',
        parameters: [
          { name: 'AccountSid', in: 'path', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['To'],
                properties: {
                  To: { type: 'string' },
                  MediaUrl: { type: 'array', items: { type: 'string' } },
                  Attempt: { type: 'integer' },
                  IdempotencyKey: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
          },
        },
      },
    },
    '/v1/things/{id}': {
      patch: {
        operationId: 'UpdateThing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' } },
              },
            },
          },
        },
        responses: { '204': { description: 'done' } },
      },
    },
  },
  components: {
    schemas: {
      Message: {
        type: 'object',
        required: ['sid', 'status'],
        properties: {
          sid: { type: 'string', pattern: '^SM[0-9a-f]{8}$' },
          status: { type: 'string', enum: ['queued'] },
        },
      },
      Error: {
        type: 'object',
        properties: {
          code: { type: 'integer' },
          status: { type: 'integer' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const USER = 'AC0123';
const PASSWORD = 'secret-token';
const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';
let simulator: Simulator | undefined;

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  simulator = await Simulator.start({
    document,
    auth: { type: 'basic', accept: [{ username: USER, password: PASSWORD }] },
    pagination: {
      ListMessage: { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
    },
    idempotencyKeys: { CreateMessage: { in: 'body', name: 'IdempotencyKey' } },
    ...options,
  });
  return simulator;
}

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const messages = (sim: Simulator) => `${sim.url}/v1/Accounts/AC0123/Messages.json`;
const send = (sim: Simulator, body: string, headers: Record<string, string> = {}) =>
  fetch(messages(sim), {
    method: 'POST',
    headers: { authorization: basic, 'content-type': FORM, ...headers },
    body,
  });

describe('requests checked against the spec', () => {
  it('answers a conforming request with a schema-valid sample and records no violation', async () => {
    const sim = await start();
    const response = await send(sim, 'To=%2B15550001&MediaUrl=a&MediaUrl=b&Attempt=2');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-f]{8}$/),
      status: 'queued',
    });
    expect(sim.violations).toEqual([]);
    expect(sim.requests[0]).toMatchObject({
      operationId: 'CreateMessage',
      credential: 'basic#0',
      outcome: '201',
    });
  });

  it('answers 400 and records each way a request breaks the spec', async () => {
    const sim = await start();
    expect((await send(sim, 'MediaUrl[]=a&Attempt=two')).status).toBe(400);
    expect((await send(sim, '{"To":"+1"}', { 'content-type': 'application/json' })).status).toBe(
      400,
    );
    const list = await fetch(`${sim.url}/v1/Accounts/ACnope/Messages.json?PageSize=0&Extra=1`, {
      headers: { authorization: basic },
    });
    expect(list.status).toBe(400);
    const patch = await fetch(`${sim.url}/v1/things/1`, {
      method: 'PATCH',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(patch.status).toBe(400);
    expect(sim.violations.map((v) => v.problem)).toEqual([
      'body.To is required but missing',
      'body["MediaUrl[]"] is not a property the schema declares',
      'body.Attempt is a string; the schema wants integer',
      'content-type application/json is not one the operation accepts (application/x-www-form-urlencoded)',
      'path.AccountSid does not match the pattern ^AC[0-9a-f]{4}$',
      'query.PageSize is below the minimum 1',
      'query.Extra is not a parameter the operation declares',
      'query.api-version is required but missing',
      'body.name is required but missing',
    ]);
  });

  it('refuses unknown paths and methods', async () => {
    const sim = await start();
    expect((await fetch(`${sim.url}/v2/nothing`)).status).toBe(404);
    expect(
      (
        await fetch(`${sim.url}/v1/things/1`, {
          method: 'DELETE',
          headers: { authorization: basic },
        })
      ).status,
    ).toBe(405);
    expect(sim.violations.map((v) => v.problem)).toEqual([
      'no operation of the spec matches GET /v2/nothing',
      'DELETE is not an operation of /v1/things/1 (the spec has PATCH)',
    ]);
  });
});

describe('auth', () => {
  it('records a malformed or missing credential as a violation, and answers 401 to a wrong one', async () => {
    const sim = await start();
    const url = messages(sim);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Basic !!' } })).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${USER}:other`).toString('base64')}`;
    expect((await fetch(url, { headers: { authorization: wrong } })).status).toBe(401);
    expect(sim.violations.map((v) => v.problem)).toEqual([
      'auth: no Authorization header (Basic auth expected)',
      'auth: Authorization is not `Basic <base64>` (RFC 7617 §2)',
    ]);
  });

  it('checks bearer tokens and API keys in their place', async () => {
    let sim = await start({ auth: { type: 'bearer', accept: ['tok-1'] } });
    expect(
      (await fetch(messages(sim), { headers: { authorization: 'Bearer tok-1' } })).status,
    ).toBe(200);
    expect(
      (await fetch(messages(sim), { headers: { authorization: 'Bearer tok-2' } })).status,
    ).toBe(401);
    await sim.close();
    sim = await start({
      auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', accept: ['k1'] },
    });
    expect((await fetch(messages(sim), { headers: { 'x-api-key': 'k1' } })).status).toBe(200);
    expect((await fetch(messages(sim))).status).toBe(401);
    expect(sim.violations.map((v) => v.problem)).toEqual(['auth: no API key in header X-Api-Key']);
  });

  it('verifies ACS HMAC-SHA256 signatures made by core, and refuses a body the signature does not cover', async () => {
    const accessKey = Buffer.from('a'.repeat(32)).toString('base64');
    const sim = await start({ auth: { type: 'hmac-sha256', accept: [accessKey] } });
    const signer = hmacSha256Signer({ accessKey });
    const ctx = { signal: new AbortController().signal } as never;
    const request = new Request(`${sim.url}/v1/things/7?api-version=1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    const signed = await signer(request, ctx);
    expect((await fetch(signed)).status).toBe(204);
    const again = await signer(
      new Request(request.url, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"x"}',
      }),
      ctx,
    );
    const tampered = new Request(again.url, {
      method: 'PATCH',
      headers: again.headers,
      body: '{"name":"y"}',
    });
    expect((await fetch(tampered)).status).toBe(401);
    expect(sim.violations.map((v) => v.problem)).toEqual([
      'auth: x-ms-content-sha256 is not base64(SHA-256(body))',
    ]);
  });
});

describe('scripted behavior', () => {
  it('plays queued faults per operation in order, then serves normally', async () => {
    const sim = await start();
    sim.fault(
      'ListMessage',
      { kind: 'status', status: 503 },
      { kind: 'rate-limited', waitMs: 1500, hints: ['retry-after', 'retry-after-ms'] },
    );
    const first = await fetch(messages(sim), { headers: { authorization: basic } });
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ status: 503, message: 'simulated failure' });
    const second = await fetch(messages(sim), { headers: { authorization: basic } });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(second.headers.get('retry-after-ms')).toBe('1500');
    expect((await fetch(messages(sim), { headers: { authorization: basic } })).status).toBe(200);
  });

  it('counts the side effect of a request whose answer is lost, and replays a repeated idempotency key', async () => {
    const sim = await start();
    sim.fault('CreateMessage', { kind: 'after-effect', answer: { kind: 'reset' } });
    await expect(send(sim, 'To=1')).rejects.toThrow();
    expect(sim.sideEffects('CreateMessage')).toBe(1);
    sim.fault('CreateMessage', { kind: 'after-effect', answer: { kind: 'status', status: 500 } });
    expect((await send(sim, 'To=1&IdempotencyKey=k1')).status).toBe(500);
    const replay = await send(sim, 'To=1&IdempotencyKey=k1');
    expect(replay.status).toBe(201);
    expect(sim.sideEffects('CreateMessage')).toBe(2);
  });

  it('enforces a request-rate quota with 429 and Retry-After, and a concurrency limit', async () => {
    const sim = await start({
      quota: { requestsPerInterval: 3, intervalMs: 10_000, hints: ['retry-after'] },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await fetch(messages(sim), { headers: { authorization: basic } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(sim.quota?.stats).toMatchObject({ admitted: 3, rejected: 1 });
    sim.setQuota({ concurrency: 2 });
    sim.latencyMs = 100;
    const parallel = await Promise.all(
      Array.from({ length: 3 }, () =>
        fetch(messages(sim), { headers: { authorization: basic } }).then((r) => r.status),
      ),
    );
    expect(parallel.sort()).toEqual([200, 200, 429]);
    expect(sim.quota?.stats.peakConcurrency).toBe(2);
  });

  it('pages a list with next links of its own making', async () => {
    const sim = await start();
    sim.paging = { totalItems: 5, pageSize: 2 };
    const pages: unknown[][] = [];
    let next: string | null = '/v1/Accounts/AC0123/Messages.json?PageSize=2';
    while (next) {
      const response = await fetch(new URL(next, sim.url), { headers: { authorization: basic } });
      const body = (await response.json()) as { messages: unknown[]; next_page_uri: string | null };
      pages.push(body.messages);
      next = body.next_page_uri;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat().map((m) => JSON.stringify(m))).size).toBe(5);
    expect(sim.violations).toEqual([]);
  });
});
