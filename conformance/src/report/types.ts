import type { Metrics, Profile } from '../scenarios/types.js';

/** One scenario's line in a pack's report. */
export interface ScenarioReport {
  readonly id: string;
  readonly title: string;
  /** False only when the pack waives it. */
  readonly required: boolean;
  readonly waived?: { readonly reason: string };
  readonly result: 'pass' | 'fail' | 'waived' | 'skipped';
  readonly durationMs: number;
  readonly details?: string;
  readonly metrics?: Metrics;
}

/**
 * `.reports/conformance/<pack-id>.json`: the certification of one pack at
 * one version and spec hash. The release gate publishes a pack only when
 * `passed` is true for the exact `version` and `specSha256` it is about to
 * publish. Stable: fields are only ever added.
 */
export interface PackReport {
  readonly pack: string;
  readonly npm: string;
  readonly version: string;
  readonly specSha256: string;
  /** ISO 8601 (UTC). */
  readonly generatedAt: string;
  readonly profile: Profile;
  /** True when every required scenario ran and passed. */
  readonly passed: boolean;
  readonly scenarios: readonly ScenarioReport[];
}
