import { createHash } from 'node:crypto';
import { createWebhookVerifier, isWebhookVerificationError } from '@org/core/webhooks';
import type { PackUnderTest } from '../pack/types.js';
import { type Delivery, SIGNERS, type Signer, secretFor } from '../webhooks/signers.js';
import { recordEvents } from './support/events.js';
import { describeThrown, Findings, guarded } from './support/findings.js';
import { settle } from './support/outcome.js';
import type { Scenario } from './types.js';

interface WebhookEntry {
  readonly id: string;
  readonly scheme: string;
  readonly secret: string;
}

interface Verifier {
  verify(request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string;
  }): Promise<unknown>;
}

type MakeVerifier = (options: Record<string, unknown>) => Verifier;

const CALLBACK = 'https://hooks.example.com/vendor/events?tenant=42';
/** Core's default timestamp tolerance, seconds; an expired delivery is older than this. */
const TOLERANCE_SECONDS = 300;

/**
 * Each webhook scheme the pack declares, through the verifier the package
 * generates for it (or `createWebhookVerifier` of `@org/core/webhooks` when
 * it generates none), with deliveries the suite signs itself from the
 * scheme's definition: valid ones (form and JSON bodies) pass and emit
 * WebhookVerified; a tampered body, a wrong secret, an expired timestamp
 * (schemes that sign one) and a replay are refused with a
 * WebhookVerificationError; a rotated secret still verifies.
 */
export const webhooksScenario: Scenario = {
  id: 'webhooks',
  title: 'Webhooks: valid, tampered, expired and replayed deliveries',
  async run(ctx) {
    const hooks = (ctx.pack.manifest.webhooks ?? []) as WebhookEntry[];
    if (hooks.length === 0) return { result: 'skipped', details: 'the pack declares no webhooks' };
    const findings = new Findings();
    let covered = 0;
    for (const hook of hooks) {
      const signer = SIGNERS[hook.scheme];
      if (!signer) {
        findings.note(
          `${hook.id}: the suite has no signer for scheme ${hook.scheme}; not exercised`,
        );
        continue;
      }
      covered++;
      await guarded(findings, hook.id, () => exercise(ctx.pack, findings, hook, signer));
    }
    if (covered === 0) return { result: 'skipped', details: findings.notes.join('\n') };
    return findings.outcome(
      { webhooks: hooks.length, exercised: covered },
      `${covered} webhook scheme(s): valid deliveries accepted; tampered, wrong-secret, expired and replayed refused`,
    );
  },
};

async function exercise(
  pack: PackUnderTest,
  findings: Findings,
  hook: WebhookEntry,
  signer: Signer,
): Promise<void> {
  const make = verifierFactory(pack, hook);
  const secret = secretFor(hook.scheme);
  const now = Math.floor(Date.now() / 1000);
  const sign = (over: Partial<Parameters<Signer['sign']>[0]> = {}) =>
    signer.sign({
      secret,
      url: CALLBACK,
      payload: { MessageSid: 'SM0123', MessageStatus: 'delivered', ErrorCode: '' },
      timestamp: now,
      id: `evt_${Math.random().toString(36).slice(2)}`,
      ...over,
    });
  const label = (what: string) => `${hook.id} (${hook.scheme}) ${what}`;
  const { sink, events } = recordEvents();
  const verifier = make({ [hook.secret]: secret, replay: false, events: sink });
  const accepts = async (what: string, delivery: Delivery, v: Verifier = verifier) => {
    const outcome = await settle(() => v.verify(delivery));
    findings.expect(
      outcome.ok,
      `${label(what)} was refused: ${outcome.ok ? '' : describeThrown(outcome.error)}`,
    );
  };
  const refuses = async (
    what: string,
    delivery: Delivery,
    reason?: string,
    v: Verifier = verifier,
  ) => {
    const outcome = await settle(() => v.verify(delivery));
    const ok =
      !outcome.ok &&
      isWebhookVerificationError(outcome.error) &&
      (reason === undefined || isWebhookVerificationError(outcome.error, reason as never));
    findings.expect(
      ok,
      `${label(what)} was ${outcome.ok ? 'accepted' : `refused with ${describeThrown(outcome.error)}`}; expected a WebhookVerificationError${reason ? ` (${reason})` : ''}`,
    );
  };

  await accepts('valid form delivery', sign());
  await accepts(
    'valid JSON delivery',
    sign({ payload: { json: { id: 'evt_1', type: 'message.delivered' } } }),
  );
  findings.expect(
    events.some((e) => e.type === 'WebhookVerified'),
    `${label('valid delivery')} emitted no WebhookVerified event`,
  );

  const valid = sign();
  await refuses('tampered body', { ...valid, body: tamper(valid.body) }, 'bad-signature');
  await refuses(
    'wrong secret',
    signer.sign({ ...inputOf(valid, now), secret: secretFor(hook.scheme) }),
  );
  findings.expect(
    events.some((e) => e.type === 'WebhookRejected'),
    `${label('refused delivery')} emitted no WebhookRejected event`,
  );

  if (signer.timed)
    await refuses(
      'expired delivery',
      sign({ timestamp: now - TOLERANCE_SECONDS - 60 }),
      'timestamp-too-old',
    );
  else findings.note(`${label('expired delivery')}: not applicable, the scheme signs no timestamp`);

  // Schemes with neither an id nor a signed timestamp are guarded only by an app-chosen key (core's rule).
  const replay =
    signer.id || signer.timed
      ? {}
      : { key: (event: { body: string | Uint8Array }) => sha256(event.body) };
  const guardedVerifier = make({ [hook.secret]: secret, replay });
  const once = sign();
  await accepts('first delivery (replay guard on)', once, guardedVerifier);
  await refuses('replayed delivery', once, 'replayed', guardedVerifier);

  const rotated = make({ [hook.secret]: [secretFor(hook.scheme), secret], replay: false });
  await accepts('delivery under a rotated secret list', sign(), rotated);
  if (findings.failures.length === 0)
    findings.note(
      `${hook.id} (${hook.scheme}): valid, tampered, wrong-secret, ${signer.timed ? 'expired, ' : ''}replayed and rotated deliveries behave`,
    );
}

/** The package's generated `create<Pack><Hook>Verifier`, else core's verifier for the scheme. */
function verifierFactory(pack: PackUnderTest, hook: WebhookEntry): MakeVerifier {
  const name = `create${pascal(pack.id)}${pascal(hook.id)}Verifier`;
  const generated = pack.exports[name];
  if (typeof generated === 'function') return generated as MakeVerifier;
  return (options) => {
    const { [hook.secret]: secret, ...rest } = options;
    return createWebhookVerifier(
      hook.scheme as never,
      { ...rest, secret } as never,
    ) as unknown as Verifier;
  };
}

function inputOf(delivery: Delivery, now: number): Parameters<Signer['sign']>[0] {
  return {
    secret: '',
    url: CALLBACK,
    payload: { MessageSid: 'SM0123', MessageStatus: 'delivered', ErrorCode: '' },
    timestamp: now,
    id: delivery.headers['webhook-id'] ?? 'evt_x',
  };
}

/** Flips one character of the body, so the signature no longer covers it. */
function tamper(body: string): string {
  const at = body.search(/[a-z]/);
  const char = body[at] === 'x' ? 'y' : 'x';
  return body.slice(0, at) + char + body.slice(at + 1);
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function sha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
