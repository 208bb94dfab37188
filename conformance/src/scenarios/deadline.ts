import type { SimulatorFault } from '../simulator/simulator.js';
import { expectedRetry } from './support/client.js';
import { describeThrown, Findings, guarded } from './support/findings.js';
import { callArgs, invoke, isRetrySafe, pickTarget } from './support/operations.js';
import { settle, thrownCode } from './support/outcome.js';
import type { Scenario, ScenarioContext } from './types.js';

/** How late an error may come after the moment it was due, in ms (two loaded cores). */
const LATE_MS = 500;

interface Case {
  readonly name: string;
  readonly faults: SimulatorFault[];
  readonly deadlineMs?: number;
  /** Abort the caller's signal this long after the call starts. */
  readonly abortAfterMs?: number;
  /** Backoff long enough that the deadline or abort lands inside a wait. */
  readonly slowBackoff?: boolean;
  readonly code: string;
  /** When the error is due, in ms after the call started. */
  readonly dueMs: number;
  /** Attempts allowed before the end: exactly 1 for a hung request, at most this for retried ones. */
  readonly attempts: number;
}

/** A backoff of up to 2 s (full jitter), so a wait is under way when the deadline or abort comes. */
const SLOW_BACKOFF = { baseDelayMs: 2000, maxDelayMs: 2000 };

/**
 * One deadline bounds a whole call, and an abort ends it at once, whether
 * the call is waiting for an answer or for its next attempt: a hung server
 * past the deadline, a deadline inside a backoff wait, and the caller's
 * abort in both places. Each must end with its typed error, on time. (A
 * server hint that would end past the deadline is a retry case.)
 */
export const deadlineScenario: Scenario = {
  id: 'deadline',
  title: 'Deadline and abort are honored',
  async run(ctx) {
    const findings = new Findings();
    const policy = expectedRetry(ctx.pack);
    const safe = isRetrySafe(ctx.pack, pickTarget(ctx.pack, await ctx.simulator()));
    // A status the policy re-sends on this operation: a 5xx when it is retry-safe, else a 429 (refused before processing).
    const failing = policy.retryStatuses.find((status) => (safe ? status >= 500 : status === 429));
    const retried = Array.from(
      { length: policy.maxAttempts },
      () => ({ kind: 'status', status: failing ?? 503 }) as const,
    );
    const cases: Case[] = [
      {
        name: 'no answer, 300 ms deadline',
        faults: [{ kind: 'hang' }],
        deadlineMs: 300,
        code: 'deadline-exceeded',
        dueMs: 300,
        attempts: 1,
      },
      {
        name: `${failing} with 2 s backoff, 300 ms deadline`,
        faults: retried,
        deadlineMs: 300,
        slowBackoff: true,
        code: 'deadline-exceeded',
        dueMs: 300,
        attempts: policy.maxAttempts,
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
        name: 'caller aborts during a backoff wait',
        faults: retried,
        abortAfterMs: 150,
        slowBackoff: true,
        code: 'aborted',
        dueMs: 150,
        attempts: policy.maxAttempts,
      },
    ];
    const applicable =
      policy.maxAttempts > 1 && failing !== undefined ? cases : cases.filter((c) => !c.slowBackoff);
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
  const route = pickTarget(ctx.pack, simulator);
  simulator.fault(route.operationId, ...c.faults);
  const client = ctx.client(simulator, {
    ...(c.deadlineMs ? { deadlineMs: c.deadlineMs } : {}),
    ...(c.slowBackoff ? { retry: SLOW_BACKOFF } : {}),
  });
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
    c.slowBackoff ? attempts >= 1 && attempts <= c.attempts : attempts === c.attempts,
    `${c.name}: ${attempts} attempts, expected ${c.slowBackoff ? `1 to ${c.attempts}` : c.attempts}`,
  );
  if (code === c.code) findings.note(`${c.name}: ${c.code} after ${Math.round(elapsed)} ms`);
}
