import { withKeyAtPath } from '../simulator/respond.js';
import type { SimulatorFault } from '../simulator/simulator.js';
import { describeThrown, Findings, guarded } from './support/findings.js';
import {
  type CallArgs,
  callArgs,
  invoke,
  pickKeyedWrite,
  pickUnsafeWrite,
} from './support/operations.js';
import { settle, thrownCode } from './support/outcome.js';
import type { Scenario, ScenarioContext } from './types.js';

interface Case {
  readonly name: string;
  readonly faults: SimulatorFault[];
  /** Attempts the client may make: 1 when a repeat could repeat the effect. */
  readonly attempts: number;
  /** Whether the caller ends up with a success. */
  readonly succeeds: boolean;
}

/**
 * A non-idempotent operation (a POST with no key the vendor honors) under
 * faults that strike after the vendor acted: the simulator must count
 * exactly one side effect, so the client must not re-send. A 429 (refused
 * before processing, RFC 6585 §4) may be re-sent, and still one effect
 * results. An operation that takes an idempotency key gets one effect too,
 * however often it is sent.
 */
export const idempotencyScenario: Scenario = {
  id: 'idempotency',
  title: 'Non-idempotent calls take effect exactly once',
  async run(ctx) {
    const findings = new Findings();
    const probe = await ctx.simulator();
    const write = pickUnsafeWrite(ctx.pack, probe);
    const keyed = pickKeyedWrite(ctx.pack, probe);
    if (!write && !keyed)
      return { result: 'skipped', details: 'the pack has no non-idempotent operation' };
    if (write) {
      const cases: Case[] = [
        {
          name: '500 after the effect',
          faults: [{ kind: 'after-effect', answer: { kind: 'status', status: 500 } }],
          attempts: 1,
          succeeds: false,
        },
        {
          name: '503 after the effect',
          faults: [{ kind: 'after-effect', answer: { kind: 'status', status: 503 } }],
          attempts: 1,
          succeeds: false,
        },
        {
          name: 'connection reset after the effect',
          faults: [{ kind: 'after-effect', answer: { kind: 'reset' } }],
          attempts: 1,
          succeeds: false,
        },
        {
          name: 'response lost (no answer) after the effect',
          faults: [{ kind: 'after-effect', answer: { kind: 'close' } }],
          attempts: 1,
          succeeds: false,
        },
        {
          name: '429 before processing, then success',
          faults: [{ kind: 'rate-limited', waitMs: 20, hints: ['retry-after-ms'] }],
          attempts: 2,
          succeeds: true,
        },
      ];
      for (const c of cases) {
        await guarded(findings, `${write.operationId}: ${c.name}`, () =>
          runCase(ctx, findings, write.operationId, callArgs(ctx.pack.document, write), c),
        );
      }
    }
    if (keyed) {
      const args = callArgs(ctx.pack.document, keyed.route);
      const key = `conformance-${Date.now()}`;
      const withKey: CallArgs =
        keyed.key.in === 'body' && typeof args.body === 'object' && args.body !== null
          ? { ...args, body: withKeyAtPath(args.body, keyed.key.name, key) }
          : keyed.key.in === 'query'
            ? { ...args, query: { ...args.query, [keyed.key.name]: key } }
            : args;
      const headers = keyed.key.in === 'header' ? { [keyed.key.name]: key } : {};
      await guarded(findings, `${keyed.route.operationId} with its idempotency key`, async () => {
        const simulator = await ctx.simulator();
        simulator.fault(keyed.route.operationId, {
          kind: 'after-effect',
          answer: { kind: 'status', status: 503 },
        });
        const client = ctx.client(simulator);
        await settle(() => invoke(client, keyed.route, withKey, { headers }));
        const effects = simulator.sideEffects(keyed.route.operationId);
        findings.expect(
          effects === 1,
          `${keyed.route.operationId} with key ${keyed.key.in}.${keyed.key.name}: ${effects} side effects, expected exactly 1`,
        );
        findings.note(
          `${keyed.route.operationId} (key ${keyed.key.in}.${keyed.key.name}): ${simulator.requests.length} attempt(s), 1 effect`,
        );
      });
    }
    return findings.outcome(
      { operation: write?.operationId ?? '', keyedOperation: keyed?.route.operationId ?? '' },
      `${[write?.operationId, keyed?.route.operationId].filter(Boolean).join(' and ')}: exactly one side effect under every fault`,
    );
  },
};

async function runCase(
  ctx: ScenarioContext,
  findings: Findings,
  operationId: string,
  args: CallArgs,
  c: Case,
): Promise<void> {
  const simulator = await ctx.simulator();
  const route = simulator.routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route for ${operationId}`);
  simulator.fault(operationId, ...c.faults);
  const client = ctx.client(simulator);
  const outcome = await settle(() => invoke(client, route, args));
  const effects = simulator.sideEffects(operationId);
  const attempts = simulator.requests.filter((r) => r.operationId === operationId).length;
  const label = `${operationId}: ${c.name}`;
  findings.expect(
    effects === 1,
    `${label}: ${effects} side effects at the vendor, expected exactly 1`,
  );
  findings.expect(
    attempts === c.attempts,
    `${label}: sent ${attempts} times, expected ${c.attempts}`,
  );
  const succeeded = outcome.ok && outcome.value.response.ok;
  findings.expect(
    succeeded === c.succeeds,
    `${label}: ${outcome.ok ? `answered ${outcome.value.response.status}` : `threw ${describeThrown(outcome.error)}`}; expected ${c.succeeds ? 'success' : 'the failure reported, not retried'}`,
  );
  if (!outcome.ok && thrownCode(outcome.error) === undefined)
    findings.fail(
      `${label}: threw a value that is not a core error (${describeThrown(outcome.error)})`,
    );
  if (effects === 1 && attempts === c.attempts)
    findings.note(`${label}: ${attempts} attempt(s), 1 effect`);
}
