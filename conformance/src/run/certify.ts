import type { PackUnderTest } from '../pack/types.js';
import type { PackReport, ScenarioReport } from '../report/types.js';
import { ALL_SCENARIOS } from '../scenarios/all.js';
import { authExpectation, type Canary, makeCanary } from '../scenarios/support/canary.js';
import { buildClient } from '../scenarios/support/client.js';
import { describeThrown } from '../scenarios/support/findings.js';
import type { Profile, Scenario, ScenarioContext, ScenarioOutcome } from '../scenarios/types.js';
import { Simulator, type SimulatorOptions } from '../simulator/simulator.js';
import { simulatorOptions } from './simulator-options.js';

export interface CertifyOptions {
  /** The workspace root. */
  readonly root: string;
  readonly profile: Profile;
  /** Scenarios to run, in order. Default: ALL_SCENARIOS. */
  readonly scenarios?: readonly Scenario[];
  /** Run only these scenario ids; the rest are reported `skipped`. */
  readonly only?: readonly string[];
  /** API surface snapshots: folder and whether to rewrite them. */
  readonly snapshots: { readonly dir: string; readonly update: boolean };
  /** Longest one scenario may run, in ms. Default 120 000. */
  readonly scenarioTimeoutMs?: number;
  /** Told as each scenario starts and ends, for progress output. */
  readonly onScenarioStart?: (pack: PackUnderTest, scenario: Scenario) => void;
  readonly onScenarioEnd?: (pack: PackUnderTest, entry: ScenarioReport) => void;
}

/**
 * Runs every scenario against one pack and builds its report. A waived
 * scenario still runs, so the report says whether its waiver is still
 * needed; the pack passes when every required scenario ran and passed.
 */
export async function certifyPack(
  pack: PackUnderTest,
  options: CertifyOptions,
): Promise<PackReport> {
  const scenarios = options.scenarios ?? ALL_SCENARIOS;
  const known = new Set(scenarios.map((s) => s.id));
  for (const waiver of pack.waivers) {
    if (!known.has(waiver.scenario))
      throw new Error(
        `${pack.id}: pack.yaml waives unknown scenario "${waiver.scenario}"; scenarios are ${[...known].join(', ')}`,
      );
  }
  const canary = makeCanary();
  const entries: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    options.onScenarioStart?.(pack, scenario);
    const waiver = pack.waivers.find((w) => w.scenario === scenario.id);
    const started = performance.now();
    const deselected = options.only !== undefined && !options.only.includes(scenario.id);
    const outcome: ScenarioOutcome = deselected
      ? { result: 'skipped', details: 'not selected (--only)' }
      : await runOne(
          scenario,
          contextFor(pack, options, canary),
          options.scenarioTimeoutMs ?? 120_000,
        );
    const durationMs = Math.round(performance.now() - started);
    const notApplicable = outcome.result === 'skipped' && !deselected;
    const details = outcome.details === undefined ? undefined : scrub(outcome.details, canary);
    const entry: ScenarioReport = {
      id: scenario.id,
      title: scenario.title,
      // A scenario that does not apply to the pack (no webhooks, no lists) is not required of it.
      required: waiver === undefined && !notApplicable,
      ...(waiver ? { waived: { reason: waiver.reason } } : {}),
      result: waiver ? 'waived' : outcome.result,
      durationMs,
      ...(waiver
        ? {
            details:
              `${outcome.result === 'pass' ? 'passes now: the waiver can go. ' : ''}${details ?? ''}`.trim(),
          }
        : details === undefined
          ? {}
          : { details }),
      ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
    };
    entries.push(entry);
    options.onScenarioEnd?.(pack, entry);
  }
  return {
    pack: pack.id,
    npm: pack.npm,
    version: pack.version,
    specSha256: pack.specSha256,
    generatedAt: new Date().toISOString(),
    profile: options.profile,
    // Certified only when every required scenario ran and passed (a deselected one was not run).
    passed: entries.every((entry) => !entry.required || entry.result === 'pass'),
    scenarios: entries,
  };
}

/** Builds a fresh context per scenario: its simulators close when it ends. */
function contextFor(
  pack: PackUnderTest,
  options: CertifyOptions,
  canary: Canary,
): ScenarioContext & { close(): Promise<void> } {
  const simulators: Simulator[] = [];
  return {
    pack,
    profile: options.profile,
    root: options.root,
    canary,
    snapshots: options.snapshots,
    async simulator(overrides: Partial<SimulatorOptions> = {}) {
      const simulator = await Simulator.start({
        ...simulatorOptions(pack, authExpectation(pack.pack, [canary])),
        ...overrides,
      });
      simulators.push(simulator);
      return simulator;
    },
    client: (simulator, overrides) => buildClient(pack, simulator, canary, overrides),
    async close() {
      await Promise.all(simulators.map((simulator) => simulator.close()));
    },
  };
}

async function runOne(
  scenario: Scenario,
  ctx: ScenarioContext & { close(): Promise<void> },
  timeoutMs: number,
): Promise<ScenarioOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ScenarioOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ result: 'fail', details: `did not finish within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      scenario.run(ctx).catch(
        (error: unknown): ScenarioOutcome => ({
          result: 'fail',
          details: `the scenario itself failed: ${describeThrown(error)}`,
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await ctx.close();
  }
}

/** Reports never carry the run's secrets, even when a broken client put them in an error message. */
function scrub(text: string, canary: Canary): string {
  let out = text;
  for (const form of canary.forms) out = out.split(form).join('[canary secret]');
  return out;
}
