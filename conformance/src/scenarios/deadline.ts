import type { SimulatorFault } from '../simulator/simulator.js';
import { expectedRetry } from './support/client.js';
import { describeThrown, Findings, guarded } from './support/findings.js';
import { callArgs, invoke, pickRead } from './support/operations.js';
import { settle, thrownCode } from './support/outcome.js';
import type { Scenario, ScenarioContext } from './types.js';

/** How late an error may come after the moment it was due, in ms (two loaded cores). */
const LATE_MS = 250;

interface Case {
  readonly name: string;
  readonly faults: SimulatorFault[];
  readonly deadlineMs?: number;
  /** Abort the caller's signal this long after the call starts. */
  readonly abortAfterMs?: number;
  readonly code: string;
  /** When the error is due, in ms after the call started. */
  readonly dueMs: number;
  readonly attempts: number;
}

/**
 * One deadline bounds a whole call, and an abort ends it at once: a hung
 * server past the deadline, a Retry-After that would end past it (refused at
 * once, without sleeping into a certain failure), and the caller's abort
 * both mid-request and mid-wait. Each must end with its typed error, on
 * time, without further attempts.
 */
export const deadlineScenario: Scenario = {
  id: 'deadline',
  title: 'Deadline and abort are honored',
  async run(ctx) {
    const findings = new Findings();
    const policy = expectedRetry(ctx.pack);
    const cases: Case[] = [
      {
        name: 'no answer, 300 ms deadline',
        faults: [{ kind: 'hang' }, { kind: 'hang' }],
        deadlineMs: 300,
        code: 'deadline-exceeded',
        dueMs: 300,
        attempts: 1,
      },
      {
        name: '429 asking for 5 s, 1 s deadline',
        faults: [{ kind: 'rate-limited', waitMs: 5000, hints: ['retry-after'] }],
        deadlineMs: 1000,
        // The policy refuses a wait past the deadline, or past maxServerDelayMs, straight away.
        code: 5000 > policy.maxServerDelayMs ? 'rate-limited' : 'deadline-exceeded',
        dueMs: 0,
        attempts: 1,
      },
      {
        name: 'caller aborts during the request',
        faults: [{ kind: 'hang' }],
        abortAfterMs: 100,
        code: 'aborted',
        dueMs: 100,
        attempts: 1,
      },
      {
        name: 'caller aborts during a retry wait',
        faults: [{ kind: 'rate-limited', waitMs: 2000, hints: ['retry-after'] }],
        abortAfterMs: 150,
        code: 'aborted',
        dueMs: 150,
        attempts: 1,
      },
    ];
    const applicable = policy.retryStatuses.includes(429)
      ? cases
      : cases.filter((c) => c.faults[0]?.kind !== 'rate-limited');
    await Promise.all(
      applicable.map((c) => guarded(findings, c.name, () => runCase(ctx, findings, c))),
    );
    return findings.outcome(
      { cases: applicable.length },
      `${applicable.length} cases: deadline and abort end the call on time with their typed errors`,
    );
  },
};

async function runCase(ctx: ScenarioContext, findings: Findings, c: Case): Promise<void> {
  const simulator = await ctx.simulator();
  const route = pickRead(ctx.pack, simulator);
  simulator.fault(route.operationId, ...c.faults);
  const client = ctx.client(simulator, c.deadlineMs ? { deadlineMs: c.deadlineMs } : {});
  const controller = new AbortController();
  const timer =
    c.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), c.abortAfterMs);
  const started = performance.now();
  const outcome = await settle(() =>
    invoke(client, route, callArgs(ctx.pack.document, route), { signal: controller.signal }),
  );
  const elapsed = performance.now() - started;
  clearTimeout(timer);
  const attempts = simulator.requests.filter((r) => r.operationId === route.operationId).length;
  const code = outcome.ok ? undefined : thrownCode(outcome.error);
  findings.expect(
    code === c.code,
    `${c.name}: ${outcome.ok ? `answered ${outcome.value.response.status}` : `threw ${describeThrown(outcome.error)}`}; expected ${c.code}`,
  );
  findings.expect(
    elapsed <= c.dueMs + LATE_MS,
    `${c.name}: ended after ${Math.round(elapsed)} ms; due at ${c.dueMs} ms`,
  );
  findings.expect(
    attempts === c.attempts,
    `${c.name}: ${attempts} attempts, expected ${c.attempts}`,
  );
  if (code === c.code) findings.note(`${c.name}: ${c.code} after ${Math.round(elapsed)} ms`);
}
