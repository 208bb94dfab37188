import * as otel from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { attemptTelemetryPolicy, callTelemetryPolicy } from '../../src/telemetry/index.js';
import type { Handler } from '../../src/transport/types.js';
import { compose, makeContext } from './helpers.js';

const response = new Response(null, { status: 204 });
const terminal: Handler = () => Promise.resolve(response);
const request = new Request('https://api.example.com/v1/items?page=1', { method: 'GET' });

async function loop(handler: Handler, calls: number): Promise<number> {
  const ctx = makeContext();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await handler(request, ctx);
  return ((performance.now() - start) * 1000) / calls;
}

/**
 * µs each handler adds over the bare terminal: batches interleaved so machine
 * load drifts alike for all, then the median difference per handler.
 */
async function overheadMicros(
  handlers: readonly Handler[],
  calls = 20_000,
  batches = 9,
): Promise<number[]> {
  for (const handler of [terminal, ...handlers]) await loop(handler, calls);
  const diffs: number[][] = handlers.map(() => []);
  for (let batch = 0; batch < batches; batch++) {
    const bare = await loop(terminal, calls);
    for (const [index, handler] of handlers.entries())
      diffs[index]?.push((await loop(handler, calls)) - bare);
  }
  return diffs.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number);
}

describe('overhead with nothing subscribed and no tracer', () => {
  it('stays under the 2 µs target, with room for a loaded machine', async () => {
    const off = compose(
      [callTelemetryPolicy({ otel: false }), attemptTelemetryPolicy({ otel: false })],
      terminal,
    );
    // The api bound but no SDK registered: the policies see the no-op providers and step aside.
    const noop = compose(
      [callTelemetryPolicy({ otel }), attemptTelemetryPolicy({ otel })],
      terminal,
    );
    const [offMicros, noopMicros] = await overheadMicros([off, noop]);
    expect(offMicros).toBeLessThan(3);
    expect(noopMicros).toBeLessThan(3);
  });
});
