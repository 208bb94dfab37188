import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidResponseError, isCoreError } from '../../src/errors/index.js';
import {
  EventBus,
  type JsonSchema,
  responseDriftPolicy,
  type TelemetryEvent,
} from '../../src/telemetry/index.js';
import { compose, fetchHandler, makeContext, startServer, type TestServer } from './helpers.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['sid', 'status'],
  properties: { sid: { type: 'string' }, status: { type: 'string', enum: ['queued', 'sent'] } },
};
const schemas = {
  createMessage: { '201': schema, '4XX': { type: 'object', required: ['code'] } as JsonSchema },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/ok') return send(201, '{"sid":"SM1","status":"sent"}');
    if (path === '/new-enum') return send(201, '{"sid":"SM1","status":"scheduled"}');
    if (path === '/drift') return send(201, '{"sid":7,"secretNote":"canary-d1"}');
    if (path === '/html') return send(201, '<html>canary-d2</html>', 'text/html; charset=utf-8');
    if (path === '/broken')
      return send(201, '{"sid": "canary-d3" oops', 'application/json; charset=utf-8');
    if (path === '/bad-request') return send(400, '{"message":"nope"}', 'application/problem+json');
    if (path === '/no-content') return send(204, '');
    if (path === '/stream') {
      // An event stream that never ends: checking it must not wait for (or buffer) its body.
      res.writeHead(201, { 'content-type': 'text/event-stream' });
      res.write('data: canary-d4\n\n');
      return;
    }
    return send(500, '{}');
  });
});
afterAll(() => server.close());

function call(path: string, mode: 'strict' | 'report', events = new EventBus(), operation = true) {
  const handler = compose(
    [responseDriftPolicy({ schemas, mode, packVersion: '2.0.0' })],
    fetchHandler,
  );
  const ctx = makeContext({ events, ...(operation ? {} : { operation: undefined }) });
  return handler(new Request(`${server.url}${path}`, { method: 'POST' }), ctx);
}

function collect(bus: EventBus): TelemetryEvent<'ResponseDriftDetected'>[] {
  const events: TelemetryEvent<'ResponseDriftDetected'>[] = [];
  bus.on('ResponseDriftDetected', (event) => {
    events.push(event);
  });
  return events;
}

describe('responseDriftPolicy, strict', () => {
  it('passes a conforming response through with its body unread', async () => {
    const response = await call('/ok', 'strict');
    expect(await response.json()).toEqual({ sid: 'SM1', status: 'sent' });
  });

  it('tolerates an enum value the spec does not list', async () => {
    const response = await call('/new-enum', 'strict');
    expect(response.status).toBe(201);
  });

  it('throws InvalidResponseError naming paths and types, never values, and emits the drift', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    const error = await call('/drift', 'strict', bus).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(isCoreError(error, 'invalid-response')).toBe(true);
    expect((error as Error).message).toBe(
      "The 201 response of createMessage does not match the spec: $.status is missing; $.sid: expected string, got integer. The vendor's API has drifted from the pinned spec: update the spec (or its overlay) and regenerate, or run drift checks in report mode.",
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({
      vendor: 'acme',
      packVersion: '2.0.0',
      operationId: 'createMessage',
      tenant: 'tenant-a',
      status: 201,
      mode: 'strict',
      issues: [
        { path: '$.status', kind: 'required', expected: 'present' },
        { path: '$.sid', kind: 'type', expected: 'string', received: 'integer' },
      ],
    });
    expect(JSON.stringify(events)).not.toContain('canary-d1');
  });

  it('rejects a non-JSON body and malformed JSON without quoting them', async () => {
    const html = await call('/html', 'strict').catch((caught: unknown) => caught);
    expect((html as Error).message).toContain('$: expected application/json, got text/html');
    const broken = await call('/broken', 'strict').catch((caught: unknown) => caught);
    expect((broken as Error).message).toContain('$ is not valid JSON');
    for (const error of [html, broken]) {
      const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
      expect(text).not.toMatch(/canary-d/);
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('matches status ranges, and skips bodiless responses, unknown statuses and unknown operations', async () => {
    const bad = await call('/bad-request', 'strict').catch((caught: unknown) => caught);
    expect((bad as Error).message).toContain(
      'The 400 response of createMessage does not match the spec: $.code is missing',
    );
    expect((await call('/no-content', 'strict')).status).toBe(204);
    expect((await call('/unknown', 'strict')).status).toBe(500);
    expect((await call('/drift', 'strict', new EventBus(), false)).status).toBe(201);
  });

  it('accepts a Standard Schema validator (zod) and reports its issue paths only', async () => {
    const policy = responseDriftPolicy({
      mode: 'strict',
      schemas: (operation, status) =>
        operation.id === 'createMessage' && status === 201
          ? z.object({ sid: z.string(), status: z.enum(['queued', 'sent']) })
          : undefined,
    });
    const handler = compose([policy], fetchHandler);
    const ok = await handler(new Request(`${server.url}/ok`, { method: 'POST' }), makeContext());
    expect(ok.status).toBe(201);
    const error = await handler(
      new Request(`${server.url}/drift`, { method: 'POST' }),
      makeContext(),
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(
      'does not match the spec: $.sid is invalid; $.status is invalid.',
    );
  });
});

describe('responseDriftPolicy, streams', () => {
  it('judges a non-JSON response from its headers, without reading the body', async () => {
    const strict = await call('/stream', 'strict').catch((caught: unknown) => caught);
    expect((strict as Error).message).toContain(
      '$: expected application/json, got text/event-stream',
    );
    const bus = new EventBus();
    const events = collect(bus);
    const response = await call('/stream', 'report', bus);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]?.data.issues).toEqual([
      {
        path: '$',
        kind: 'content-type',
        expected: 'application/json',
        received: 'text/event-stream',
      },
    ]);
    const reader = response.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('data: canary-d4\n\n');
    await reader?.cancel();
  });
});

describe('responseDriftPolicy, report', () => {
  it('returns the response untouched, then emits ResponseDriftDetected in the background', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    const response = await call('/drift', 'report', bus);
    expect(await response.json()).toEqual({ sid: 7, secretNote: 'canary-d1' });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]?.data.mode).toBe('report');
    expect(events[0]?.data.issues.map((issue) => issue.path)).toEqual(['$.status', '$.sid']);
  });

  it('reports tolerated enum drift without failing the call', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    await (await call('/new-enum', 'report', bus)).text();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]?.data.issues).toEqual([
      {
        path: '$.status',
        kind: 'enum',
        expected: 'a listed enum value',
        received: 'unlisted string',
        tolerated: true,
      },
    ]);
  });

  it('does no work when nothing subscribes: the body is not cloned or parsed', async () => {
    const resolver = vi.fn(() => schema);
    const handler = compose([responseDriftPolicy({ schemas: resolver })], fetchHandler);
    const response = await handler(
      new Request(`${server.url}/drift`, { method: 'POST' }),
      makeContext(),
    );
    expect(await response.text()).toContain('canary-d1');
    expect(resolver).not.toHaveBeenCalled();
  });

  it('never throws, and reports a failing validator to onTelemetryError', async () => {
    const failures: unknown[] = [];
    const broken = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: () => {
          throw new Error('validator crashed');
        },
      },
    };
    const bus = new EventBus();
    bus.onAny(() => {});
    const handler = compose(
      [
        responseDriftPolicy({
          schemas: () => broken,
          onTelemetryError: (error) => failures.push(error),
        }),
      ],
      fetchHandler,
    );
    const response = await handler(
      new Request(`${server.url}/ok`, { method: 'POST' }),
      makeContext({ events: bus }),
    );
    expect(response.status).toBe(201);
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect((failures[0] as Error).message).toBe('validator crashed');
  });
});
