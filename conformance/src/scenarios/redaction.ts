import type { Canary } from './support/canary.js';
import { authExpectation, makeCanary } from './support/canary.js';
import { Findings } from './support/findings.js';
import { callArgs, invoke, pickTarget, pickUnsafeWrite } from './support/operations.js';
import { telemetryRig } from './support/otel.js';
import { settle } from './support/outcome.js';
import type { Scenario } from './types.js';

/**
 * The client runs with canary credentials and is driven into every kind of
 * failure: a 401, a reset connection, a timeout, malformed JSON, exhausted
 * 5xx retries, a write whose answer is lost and an abort. No canary (nor
 * its Basic-header base64) may appear in any thrown error (message, cause
 * chain, details, JSON form), any error body handed back, any event or any
 * span (name, attributes, span events, status).
 */
export const redactionScenario: Scenario = {
  id: 'redaction',
  title: 'Canary secrets appear in no error, event or span',
  async run(ctx) {
    const findings = new Findings();
    const rig = await telemetryRig(ctx.pack.version);
    const simulator = await ctx.simulator();
    const refusing = await ctx.simulator({
      auth: authExpectation(ctx.pack.pack, [makeCanary('other')]),
    });
    const read = pickTarget(ctx.pack, simulator);
    const write = pickUnsafeWrite(ctx.pack, simulator);
    const options = { events: rig.events, telemetry: rig.telemetry, attemptTimeoutMs: 150 };
    const client = ctx.client(simulator, options);
    const readArgs = callArgs(ctx.pack.document, read);
    const seen: Array<{ where: string; value: unknown }> = [];
    const run = async (where: string, fn: () => Promise<unknown>) => {
      const outcome = await settle(fn);
      seen.push({ where, value: outcome.ok ? outcome.value : outcome.error });
    };
    const many = <T>(fault: T) => Array.from({ length: 6 }, () => fault);

    await run('401 answer', () => invoke(ctx.client(refusing, options), read, readArgs));
    simulator.fault(read.operationId, ...many({ kind: 'reset' } as const));
    await run('connection reset', () => invoke(client, read, readArgs));
    simulator.fault(read.operationId, ...many({ kind: 'hang' } as const));
    await run('timeout', () => invoke(client, read, readArgs));
    simulator.fault(read.operationId, { kind: 'malformed-json' });
    await run('malformed JSON', () => invoke(client, read, readArgs));
    simulator.fault(read.operationId, ...many({ kind: 'status', status: 500 } as const));
    await run('5xx until retries ran out', () => invoke(client, read, readArgs));
    if (write) {
      simulator.fault(write.operationId, { kind: 'after-effect', answer: { kind: 'reset' } });
      await run('write with a lost answer', () =>
        invoke(client, write, callArgs(ctx.pack.document, write)),
      );
    }
    simulator.fault(read.operationId, { kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await run('abort', () => invoke(client, read, readArgs, { signal: controller.signal }));

    const spans = rig.spans();
    await rig.shutdown();
    let places = 0;
    for (const { where, value } of seen) places += scan(findings, ctx.canary, where, value);
    for (const event of rig.received)
      places += scan(findings, ctx.canary, `event ${event.type}`, event.data);
    for (const span of spans) {
      places += scan(findings, ctx.canary, `span "${span.name}"`, {
        name: span.name,
        attributes: span.attributes,
        events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
        status: span.status,
      });
    }
    return findings.outcome(
      {
        failuresProvoked: seen.length,
        events: rig.received.length,
        spans: spans.length,
        stringsSearched: places,
      },
      `${seen.length} failures, ${rig.received.length} events and ${spans.length} spans searched (${places} strings): no canary secret`,
    );
  },
};

/** Walks a value (errors included: message, stack, cause, details, JSON form) and fails on any canary. */
function scan(findings: Findings, canary: Canary, where: string, value: unknown): number {
  let strings = 0;
  const seen = new Set<unknown>();
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node === 'string') {
      strings++;
      if (canary.forms.some((form) => node.includes(form)))
        findings.fail(`a canary secret leaked into ${where} at ${path || '(the value itself)'}`);
      return;
    }
    if (typeof node !== 'object' || node === null || seen.has(node) || depth > 8) return;
    seen.add(node);
    if (node instanceof Response) {
      visit({ status: node.status, headers: [...node.headers] }, path, depth);
      return;
    }
    if (node instanceof Error) {
      visit(node.message, `${path}.message`, depth + 1);
      visit(node.stack, `${path}.stack`, depth + 1);
      visit(String(node), `${path}.toString()`, depth + 1);
      visit(node.cause, `${path}.cause`, depth + 1);
      const json = (node as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function')
        visit(JSON.stringify(json.call(node)), `${path}.toJSON()`, depth + 1);
    }
    for (const key of Object.keys(node))
      visit((node as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  };
  visit(value, '', 0);
  findings.checks++;
  return strings;
}
