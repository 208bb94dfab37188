import { validateValue } from '../schema/validate.js';
import type { Route } from '../simulator/routes.js';
import { describeThrown, Findings } from './support/findings.js';
import { callArgs, invoke } from './support/operations.js';
import type { Scenario, ScenarioContext } from './types.js';

/** Operations the CI profile sends on the wire, at most; the full profile sends all. */
export const CI_WIRE_SAMPLE = 100;

/**
 * Every operation (or, in the CI profile on a big spec, a deterministic
 * sample) is called through the pack's client with spec-valid arguments. The
 * simulator checks what arrives (path, query, content type, body schema,
 * auth shape); the client must then parse the schema-valid response into
 * exactly the body that was sent.
 */
export const wireScenario: Scenario = {
  id: 'wire',
  title: 'Requests match the spec; responses parse',
  async run(ctx) {
    const findings = new Findings();
    const simulator = await ctx.simulator();
    const client = ctx.client(simulator, { retry: false });
    const routes = selectRoutes(ctx, simulator.routes);
    let violations = 0;
    for (const route of routes) {
      const label = `${route.operationId} (${route.method} ${route.template})`;
      const before = simulator.requests.length;
      const violationsBefore = simulator.violations.length;
      try {
        const result = await invoke(client, route, callArgs(ctx.pack.document, route, 'full'));
        const seen = simulator.requests.slice(before);
        const problems = simulator.violations.slice(violationsBefore).map((v) => v.problem);
        violations += problems.length;
        if (
          !findings.expect(
            seen.length === 1,
            `${label}: ${seen.length} requests reached the simulator, expected 1`,
          )
        )
          continue;
        if (!findings.expect(problems.length === 0, `${label}: ${problems.join('; ')}`)) continue;
        const status = result.response.status;
        if (!findings.expect(status >= 200 && status < 300, `${label}: answered ${status}`))
          continue;
        checkBody(ctx, findings, route, label, result.data, seen[0]?.responseBody);
      } catch (error) {
        findings.fail(`${label}: threw ${describeThrown(error)}`);
      }
    }
    return findings.outcome(
      { operations: simulator.routes.length, called: routes.length, violations },
      `${routes.length} of ${simulator.routes.length} operations called (${ctx.profile} profile): every request on-spec, every response parsed`,
    );
  },
};

function checkBody(
  ctx: ScenarioContext,
  findings: Findings,
  route: Route,
  label: string,
  data: unknown,
  sent: string | undefined,
): void {
  if (!route.success.schema || sent === undefined || sent === '') {
    findings.expect(
      data === undefined || data === null || data === '',
      `${label}: data from an empty body`,
    );
    return;
  }
  const expected = JSON.parse(sent) as unknown;
  findings.expect(
    JSON.stringify(data) === JSON.stringify(expected),
    `${label}: the parsed body differs from the body sent`,
  );
  const issues = validateValue(ctx.pack.document, route.success.schema, data, 'data');
  findings.expect(
    issues.length === 0,
    `${label}: parsed body ${issues[0]?.path} ${issues[0]?.message}`,
  );
}

/**
 * The full profile takes every operation. The CI profile takes every
 * operation of a spec of up to CI_WIRE_SAMPLE, else the pack's capability
 * operations plus an even spread over the rest, sorted by id so the sample is
 * the same on every run and every machine.
 */
export function selectRoutes(ctx: ScenarioContext, routes: readonly Route[]): Route[] {
  const sorted = [...routes].sort((a, b) => a.operationId.localeCompare(b.operationId));
  if (ctx.profile === 'full' || sorted.length <= CI_WIRE_SAMPLE) return sorted;
  const capabilities = new Set(Object.values(ctx.pack.pack.capabilities ?? {}));
  const chosen = sorted.filter((route) => capabilities.has(route.operationId));
  const rest = sorted.filter((route) => !capabilities.has(route.operationId));
  const room = Math.max(0, CI_WIRE_SAMPLE - chosen.length);
  const step = rest.length / room;
  for (let i = 0; i < room; i++) chosen.push(rest[Math.floor(i * step)] as Route);
  return chosen.sort((a, b) => a.operationId.localeCompare(b.operationId));
}
