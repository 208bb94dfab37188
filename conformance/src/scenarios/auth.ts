import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  type CredentialProvider,
  rotatingCredential,
} from '@org/core/auth';
import type { Pack } from '../pack/types.js';
import { authExpectation, type Canary, makeCanary } from './support/canary.js';
import { describeThrown, Findings, guarded } from './support/findings.js';
import { callArgs, invoke, pickTarget } from './support/operations.js';
import { settle } from './support/outcome.js';
import type { Scenario, ScenarioContext } from './types.js';

/**
 * Auth as the pack declares it: every credential variant arrives in the
 * scheme's exact shape (Basic per RFC 7617, Bearer per RFC 6750, the API key
 * in its header or query parameter); a 401 to a fixed credential comes back
 * as one typed error response, not retried; and a rotating credential the
 * vendor revoked is refreshed once and the call goes through.
 */
export const authScenario: Scenario = {
  id: 'auth',
  title: 'Auth: header shape, credential refresh, 401 handling',
  async run(ctx) {
    const auth = ctx.pack.pack.auth;
    if (auth.type === 'none') return { result: 'skipped', details: 'the pack declares no auth' };
    const findings = new Findings();
    const variants = auth.type === 'basic' ? auth.variants.length : 1;
    for (let variant = 0; variant < variants; variant++) {
      const name = auth.type === 'basic' ? `variant ${auth.variants[variant]?.id}` : auth.type;
      await guarded(findings, `shape (${name})`, () => shape(ctx, findings, variant, name));
    }
    await guarded(findings, '401', () => unauthorized(ctx, findings));
    await guarded(findings, 'refresh', () => refresh(ctx, findings));
    return findings.outcome(
      { scheme: auth.type, variants },
      `${auth.type}: ${variants} credential shape(s) accepted, 401 not retried, a revoked credential replaced`,
    );
  },
};

async function shape(
  ctx: ScenarioContext,
  findings: Findings,
  variant: number,
  name: string,
): Promise<void> {
  const canary = makeCanary(`v${variant}`);
  const simulator = await ctx.simulator({ auth: authExpectation(ctx.pack.pack, [canary]) });
  const route = pickTarget(ctx.pack, simulator);
  const result = await invoke(
    ctx.client(simulator, { canary, variant }),
    route,
    callArgs(ctx.pack.document, route),
  );
  const problems = simulator.violations.map((v) => v.problem);
  findings.expect(problems.length === 0, `${name}: ${problems.join('; ')}`);
  findings.expect(
    result.response.ok,
    `${name}: the simulator refused the credential (${result.response.status})`,
  );
  if (problems.length === 0 && result.response.ok)
    findings.note(`${name}: ${ctx.pack.pack.auth.type} credential accepted`);
}

async function unauthorized(ctx: ScenarioContext, findings: Findings): Promise<void> {
  const simulator = await ctx.simulator({
    auth: authExpectation(ctx.pack.pack, [makeCanary('other')]),
  });
  const route = pickTarget(ctx.pack, simulator);
  const outcome = await settle(() =>
    invoke(ctx.client(simulator), route, callArgs(ctx.pack.document, route)),
  );
  const sent = simulator.requests.length;
  if (
    !findings.expect(
      outcome.ok,
      `401: threw ${outcome.ok ? '' : describeThrown(outcome.error)}; expected the 401 as a typed error response`,
    )
  )
    return;
  const result = outcome.ok ? outcome.value : undefined;
  findings.expect(
    result?.response.status === 401,
    `401: answered ${result?.response.status}, expected 401`,
  );
  findings.expect(
    result?.error !== undefined,
    '401: the error response carries no typed `error` body',
  );
  findings.expect(
    sent === 1,
    `401: sent ${sent} times; a fixed credential the vendor refused must not be re-sent`,
  );
  if (sent === 1 && result?.response.status === 401)
    findings.note('401 to a fixed credential: 1 attempt, typed error body');
}

async function refresh(ctx: ScenarioContext, findings: Findings): Promise<void> {
  const revoked = makeCanary('revoked');
  const current = makeCanary('current');
  const auth = ctx.pack.pack.auth;
  if (auth.type === 'hmac-sha256') return rotateKey(ctx, findings, auth.option, revoked, current);
  const simulator = await ctx.simulator({ auth: authExpectation(ctx.pack.pack, [current]) });
  const route = pickTarget(ctx.pack, simulator);
  let fetched = 0;
  const issued = [revoked, current];
  const provider = rotatingCredential(async () => ({
    value: issued[Math.min(fetched++, 1)] as Canary,
  }));
  const policy = rotatingPolicy(ctx.pack.pack, provider);
  const result = await invoke(
    ctx.client(simulator, { auth: policy }),
    route,
    callArgs(ctx.pack.document, route),
  );
  const sent = simulator.requests.length;
  findings.expect(
    result.response.ok,
    `refresh: answered ${result.response.status} after the credential was revoked; expected a refresh and success`,
  );
  findings.expect(
    sent === 2,
    `refresh: sent ${sent} times; expected the revoked credential once, then the fresh one`,
  );
  findings.expect(
    fetched === 2,
    `refresh: the credential was fetched ${fetched} times, expected 2`,
  );
  if (result.response.ok && sent === 2)
    findings.note('refresh: 401 to a revoked credential, one refresh, then success');
}

/**
 * A signing scheme has no 401 refresh (the vendor cannot say which key it
 * wants): the access key rotates through the key provider, and the next call
 * must be signed with the new key.
 */
async function rotateKey(
  ctx: ScenarioContext,
  findings: Findings,
  option: string,
  revoked: Canary,
  current: Canary,
): Promise<void> {
  const simulator = await ctx.simulator({ auth: authExpectation(ctx.pack.pack, [current]) });
  const route = pickTarget(ctx.pack, simulator);
  let key = revoked.secret;
  const client = ctx.client(simulator, { [option]: { get: () => key } });
  const args = callArgs(ctx.pack.document, route);
  const before = await invoke(client, route, args);
  key = current.secret;
  const after = await invoke(client, route, args);
  findings.expect(
    before.response.status === 401,
    `rotation: the revoked key was answered ${before.response.status}, expected 401`,
  );
  findings.expect(
    after.response.ok,
    `rotation: the call after the key rotated answered ${after.response.status}`,
  );
  if (before.response.status === 401 && after.response.ok)
    findings.note('rotation: the rotated access key signs the next call');
}

/** The core auth policy for the pack's scheme, over a credential provider of canaries. */
function rotatingPolicy(pack: Pack, provider: CredentialProvider<Canary>): unknown {
  const map = <T>(read: (canary: Canary) => T) => ({
    get: async (context?: object) => read(await provider.get(context)),
    // The policy hands back the value it applied; the provider caches canaries, so drop that.
    invalidate: () => provider.invalidate?.(),
  });
  switch (pack.auth.type) {
    case 'basic':
      return basicAuth(map((c) => ({ username: c.username, password: c.secret })));
    case 'bearer':
      return bearerAuth(map((c) => c.secret));
    case 'apiKey':
      return apiKeyAuth({ in: pack.auth.in, name: pack.auth.name, key: map((c) => c.secret) });
    default:
      return undefined;
  }
}
