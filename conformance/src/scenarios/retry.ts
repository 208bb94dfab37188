import type { RetryOptions } from '@org/core/retry';
import type { CallResult } from '../pack/types.js';
import type { HintForm } from '../simulator/quota.js';
import type { SimulatorFault } from '../simulator/simulator.js';
import { expectedRetry } from './support/client.js';
import { recordEvents } from './support/events.js';
import { describeThrown, Findings } from './support/findings.js';
import { callArgs, invoke, isRetrySafe, pickTarget } from './support/operations.js';
import { type Outcome, settle, thrownCode } from './support/outcome.js';
import type { Scenario, ScenarioContext } from './types.js';

/** Per-attempt timeout in the timeout and slow-body cases, so each costs a fraction of a second. */
const ATTEMPT_TIMEOUT_MS = 150;
/** Scheduling slack allowed between a wait's end and the next request's arrival, in ms. */
const SLACK_MS = 3;

type Expect =
  | { kind: 'success'; attempts: number }
  | { kind: 'status'; status: number; attempts: number }
  | { kind: 'error'; code: string; cause?: string; attempts: number };

interface RetryCase {
  readonly name: string;
  readonly faults: SimulatorFault[];
  readonly attemptTimeoutMs?: number;
  readonly deadlineMs?: number;
  /** The call must end within this many ms (a refusal that must not sleep first). */
  readonly withinMs?: number;
  /** What the pack's policy makes of it. */
  expect(policy: RetryOptions): Expect;
  /** Bounds a server-hinted wait must fall in, in ms. */
  readonly hint?: { readonly min: number; readonly max: number };
}

const forever = (fault: SimulatorFault, policy: RetryOptions) =>
  Array.from({ length: policy.maxAttempts + 1 }, () => fault);

/**
 * A 429 once, then success: how the wait is read from each hint form. Delta
 * forms are exact; an HTTP-date or epoch reset has whole seconds, so a
 * 1000 ms wait is sent as the next whole second after now + 1 s and the
 * client waits 1-2 s, less however late a loaded machine reads the answer.
 * A client that ignores the hint waits its own backoff: tens of ms.
 */
function hintCase(
  name: string,
  form: HintForm,
  waitMs: number,
  min: number,
  max: number,
): RetryCase {
  return {
    name,
    faults: [{ kind: 'rate-limited', waitMs, hints: [form] }],
    hint: { min, max },
    expect: (policy) => {
      if (!policy.retryStatuses.includes(429) || policy.maxAttempts < 2)
        return { kind: 'status', status: 429, attempts: 1 };
      if (max > policy.maxServerDelayMs)
        return { kind: 'error', code: 'rate-limited', attempts: 1 };
      return { kind: 'success', attempts: 2 };
    },
  };
}

/** A 5xx may follow a side effect: re-sent only when the operation is retry-safe. */
function statusCase(status: number, policy: RetryOptions, safe: boolean): RetryCase {
  return {
    name: `${status} every time`,
    faults: forever({ kind: 'status', status }, policy),
    expect: (p) => ({
      kind: 'status',
      status,
      attempts: safe && p.retryStatuses.includes(status) ? p.maxAttempts : 1,
    }),
  };
}

/** A network-level failure on every attempt: retried while the policy allows, then RetriesExhaustedError. */
function networkCase(
  name: string,
  fault: SimulatorFault,
  cause: string,
  policy: RetryOptions,
  safe: boolean,
  attemptTimeoutMs?: number,
): RetryCase {
  return {
    name,
    faults: forever(fault, policy),
    ...(attemptTimeoutMs ? { attemptTimeoutMs } : {}),
    // The request was sent: only a retry-safe operation may go again.
    expect: (p) =>
      safe && p.retryNetworkErrors && p.maxAttempts > 1
        ? { kind: 'error', code: 'retries-exhausted', cause, attempts: p.maxAttempts }
        : { kind: 'error', code: cause, attempts: 1 },
  };
}

/**
 * The fault matrix, each case on its own simulator: 429 with each hint form
 * (Retry-After seconds and HTTP-date, retry-after-ms, an epoch reset), 5xx,
 * a reset connection, a timeout, a slow body, malformed JSON, an HTML error
 * page and a truncated body. Attempts, every wait (RetryScheduled `delayMs`
 * against the gaps the simulator measured) and the final typed error must be
 * exactly what the pack's retry policy says for the target operation
 * (`safe`: retry-safe by method or operation table).
 */
function cases(policy: RetryOptions, safe: boolean): RetryCase[] {
  return [
    hintCase('429 + Retry-After: 1 (seconds)', 'retry-after', 1000, 1000, 1000),
    hintCase('429 + Retry-After (HTTP-date)', 'retry-after-date', 1000, 500, 2000),
    hintCase('429 + retry-after-ms: 150', 'retry-after-ms', 150, 150, 150),
    hintCase('429 + X-RateLimit-Reset (epoch seconds)', 'reset-epoch', 1000, 500, 2000),
    ...[500, 502, 503, 504].map((status) => statusCase(status, policy, safe)),
    networkCase('connection reset', { kind: 'reset' }, 'network', policy, safe),
    networkCase(
      'attempt timeout (no answer)',
      { kind: 'hang' },
      'timeout',
      policy,
      safe,
      ATTEMPT_TIMEOUT_MS,
    ),
    networkCase(
      'truncated body',
      { kind: 'truncated', body: '{"sid":"SM' },
      'network',
      policy,
      safe,
    ),
    {
      name: 'slow body past the attempt timeout, then a good answer',
      faults: [
        {
          kind: 'slow-body',
          chunks: ['{', '"a"', ':1}'],
          delayMs: 100,
          headers: { 'content-type': 'application/json' },
        },
      ],
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      expect: (p) =>
        safe && p.retryNetworkErrors && p.maxAttempts > 1
          ? { kind: 'success', attempts: 2 }
          : { kind: 'error', code: 'timeout', attempts: 1 },
    },
    {
      name: '429 asking for 5 s under a 1 s deadline',
      faults: [{ kind: 'rate-limited', waitMs: 5000, hints: ['retry-after'] }],
      deadlineMs: 1000,
      withinMs: 500,
      // A wait that would end past the deadline (or past maxServerDelayMs) is refused at once, not slept.
      expect: (p) =>
        p.retryStatuses.includes(429) && p.maxAttempts > 1
          ? {
              kind: 'error',
              code: 5000 > p.maxServerDelayMs ? 'rate-limited' : 'deadline-exceeded',
              attempts: 1,
            }
          : { kind: 'status', status: 429, attempts: 1 },
    },
    {
      name: 'malformed JSON in a 200',
      faults: [{ kind: 'malformed-json' }],
      // A 2xx is an answer: re-sending cannot fix a body the server already produced.
      expect: () => ({ kind: 'error', code: 'invalid-response', attempts: 1 }),
    },
    {
      name: 'HTML error page (502) every time',
      faults: forever({ kind: 'html-error', status: 502 }, policy),
      expect: (p) => ({
        kind: 'status',
        status: 502,
        attempts: safe && p.retryStatuses.includes(502) ? p.maxAttempts : 1,
      }),
    },
  ];
}

export const retryScenario: Scenario = {
  id: 'retry',
  title: 'Retries, waits and final errors follow the pack policy',
  async run(ctx) {
    const findings = new Findings();
    const policy = expectedRetry(ctx.pack);
    const target = pickTarget(ctx.pack, await ctx.simulator());
    const safe = isRetrySafe(ctx.pack, target);
    const all = cases(policy, safe);
    const results = await Promise.all(all.map((c) => runCase(ctx, policy, c)));
    let waits = 0;
    results.forEach((result, i) => {
      const name = (all[i] as RetryCase).name;
      waits += result.waits;
      findings.checks += result.checks;
      for (const failure of result.failures) findings.failures.push(`${name}: ${failure}`);
      if (result.failures.length === 0) findings.note(`${name}: ${result.summary}`);
    });
    return findings.outcome(
      {
        cases: all.length,
        casesPassed: results.filter((r) => r.failures.length === 0).length,
        maxAttempts: policy.maxAttempts,
        waitsChecked: waits,
      },
      `${all.length} fault cases on ${target.operationId} (${safe ? 'retry-safe' : 'not retry-safe'}): attempts, ${waits} waits and final errors as the policy says (up to ${policy.maxAttempts} attempts)`,
    );
  },
};

interface CaseResult {
  failures: string[];
  checks: number;
  waits: number;
  summary: string;
}

async function runCase(
  ctx: ScenarioContext,
  policy: RetryOptions,
  c: RetryCase,
): Promise<CaseResult> {
  const simulator = await ctx.simulator();
  const route = pickTarget(ctx.pack, simulator);
  simulator.fault(route.operationId, ...c.faults);
  const { sink, events } = recordEvents();
  const client = ctx.client(simulator, {
    events: sink,
    ...(c.attemptTimeoutMs ? { attemptTimeoutMs: c.attemptTimeoutMs } : {}),
    ...(c.deadlineMs ? { deadlineMs: c.deadlineMs } : {}),
  });
  const started = performance.now();
  const outcome = await settle(() => invoke(client, route, callArgs(ctx.pack.document, route)));
  const elapsed = performance.now() - started;
  const expected = c.expect(policy);
  const f = new Findings();
  if (c.withinMs !== undefined)
    f.expect(
      elapsed <= c.withinMs,
      `took ${Math.round(elapsed)} ms; a wait the policy refuses must fail at once (within ${c.withinMs} ms)`,
    );
  const requests = simulator.requests.filter((r) => r.operationId === route.operationId);
  f.expect(
    requests.length === expected.attempts,
    `${requests.length} attempts reached the simulator; the policy allows ${expected.attempts}`,
  );
  checkOutcome(f, outcome, expected);
  const scheduled = events.filter((e) => e.type === 'RetryScheduled');
  f.expect(
    scheduled.length === Math.max(0, requests.length - 1),
    `${scheduled.length} RetryScheduled events for ${requests.length} attempts`,
  );
  scheduled.forEach((event, i) => {
    const delay = Number(event.data.delayMs);
    const attempt = Number(event.data.attempt);
    if (c.hint) {
      f.expect(
        event.data.fromServer === true,
        `wait ${i + 1} ignored the server's hint (fromServer false)`,
      );
      f.expect(
        delay >= c.hint.min && delay <= c.hint.max,
        `wait ${i + 1} was ${delay} ms; the hint asks for ${c.hint.min === c.hint.max ? c.hint.min : `${c.hint.min}-${c.hint.max}`} ms`,
      );
    } else {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      f.expect(
        delay >= 0 && delay <= ceiling,
        `wait after attempt ${attempt} was ${delay} ms; full jitter allows 0-${ceiling} ms`,
      );
    }
    const gap =
      (requests[i + 1]?.receivedAt ?? Number.POSITIVE_INFINITY) - (requests[i]?.receivedAt ?? 0);
    f.expect(
      gap >= delay - SLACK_MS,
      `attempt ${i + 2} came ${gap.toFixed(1)} ms after attempt ${i + 1}, before its ${delay} ms wait ended`,
    );
  });
  const waited = scheduled.map((e) => `${String(e.data.delayMs)} ms`).join(', ');
  return {
    failures: f.failures,
    checks: f.checks,
    waits: scheduled.length,
    summary: `${requests.length} attempt(s)${waited ? `, waits ${waited}` : ''}, ${describeOutcome(outcome)}`,
  };
}

function checkOutcome(f: Findings, outcome: Outcome<CallResult>, expected: Expect): void {
  if (expected.kind === 'error') {
    if (
      !f.expect(
        !outcome.ok,
        `resolved with status ${outcome.ok ? outcome.value.response.status : ''}; expected ${expected.code}`,
      )
    )
      return;
    const error = outcome.ok ? undefined : outcome.error;
    f.expect(
      thrownCode(error) === expected.code,
      `threw ${describeThrown(error)}; expected ${expected.code}`,
    );
    if (expected.code === 'retries-exhausted') {
      const attempts = (error as { attempts?: unknown }).attempts;
      f.expect(
        attempts === expected.attempts,
        `RetriesExhaustedError.attempts is ${String(attempts)}, expected ${expected.attempts}`,
      );
      const cause = thrownCode((error as { cause?: unknown }).cause);
      f.expect(
        cause === expected.cause,
        `the last failure (cause) is ${cause}, expected ${expected.cause}`,
      );
    }
    return;
  }
  if (
    !f.expect(
      outcome.ok,
      `threw ${outcome.ok ? '' : describeThrown(outcome.error)}; expected a response`,
    )
  )
    return;
  const result = outcome.ok ? outcome.value : undefined;
  const status = result?.response.status ?? 0;
  if (expected.kind === 'success') {
    f.expect(
      status >= 200 && status < 300 && result?.data !== undefined,
      `answered ${status} without data; expected success`,
    );
  } else {
    f.expect(status === expected.status, `final status ${status}, expected ${expected.status}`);
    f.expect(result?.error !== undefined, 'the final error response carries no `error` body');
  }
}

function describeOutcome(outcome: Outcome<CallResult>): string {
  return outcome.ok
    ? `answered ${outcome.value.response.status}`
    : `threw ${thrownCode(outcome.error) ?? 'a non-core error'}`;
}
