import type { PackClient, PackUnderTest } from '../pack/types.js';
import type { Simulator, SimulatorOptions } from '../simulator/simulator.js';
import type { Canary } from './support/canary.js';
import type { ClientOverrides } from './support/client.js';

export type Profile = 'ci' | 'full';

export type Metrics = Record<string, number | string | boolean>;

/** What one scenario concluded. Waivers are decided by the runner, not here. */
export interface ScenarioOutcome {
  readonly result: 'pass' | 'fail' | 'skipped';
  /** Why it failed or was skipped, or what it covered; plain text, no secrets. */
  readonly details?: string;
  readonly metrics?: Metrics;
}

export interface ScenarioContext {
  readonly pack: PackUnderTest;
  readonly profile: Profile;
  /** The workspace root (for packaging: tarballs, changesets, snapshots). */
  readonly root: string;
  /** Secrets the client runs with; none may show up in errors, events or spans. */
  readonly canary: Canary;
  /** Where API surface snapshots live, and whether to rewrite them. */
  readonly snapshots: { readonly dir: string; readonly update: boolean };
  /** A simulator of the pack's vendor, closed when the scenario ends. */
  simulator(overrides?: Partial<SimulatorOptions>): Promise<Simulator>;
  /**
   * The pack's own client against `simulator`: canary credentials, the pack's
   * retry policy with short backoff (`FAST_RETRY`), anything in `overrides`.
   */
  client(simulator: Simulator, overrides?: ClientOverrides): PackClient;
}

export interface Scenario {
  /** Stable id, as waivers name it: `wire`, `retry`, `idempotency`, ... */
  readonly id: string;
  readonly title: string;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}
