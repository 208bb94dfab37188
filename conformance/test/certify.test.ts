import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPackUnderTest } from '../src/pack/load.js';
import type { PackUnderTest } from '../src/pack/types.js';
import type { PackReport } from '../src/report/types.js';
import { certifyPack } from '../src/run/certify.js';
import { ALL_SCENARIOS } from '../src/scenarios/all.js';
import { BROKEN_PACKS } from './fixtures/broken-packs/index.js';
import { failures, ROOT, SNAPSHOTS } from './support.js';

// The suite as CI runs it (CI profile) on the real Twilio pack, then on
// deliberately broken variants of it: each must be caught by exactly the
// scenario that owns the defect, and by no other.

let pack: PackUnderTest;
let report: PackReport;

beforeAll(async () => {
  pack = await loadPackUnderTest(ROOT, join(ROOT, 'specs', 'twilio'));
  report = await certifyPack(pack, {
    root: ROOT,
    profile: 'ci',
    snapshots: { dir: SNAPSHOTS, update: false },
  });
});

describe('the Twilio pack on the CI profile', () => {
  it('passes every required scenario', () => {
    const failed = report.scenarios.filter((s) => s.result === 'fail');
    expect(failed.map((s) => `${s.id}: ${s.details}`)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('runs every scenario, in order, and waives only what pack.yaml waives', () => {
    expect(report.scenarios.map((s) => s.id)).toEqual(ALL_SCENARIOS.map((s) => s.id));
    const waived = report.scenarios.filter((s) => s.result === 'waived').map((s) => s.id);
    expect(waived).toEqual(pack.waivers.map((w) => w.scenario));
    for (const scenario of report.scenarios) {
      expect(scenario.durationMs).toBeGreaterThanOrEqual(0);
      if (scenario.result === 'skipped') expect(scenario.required).toBe(false);
    }
  });

  it('identifies what it certified: pack, package, version and spec hash', () => {
    expect(report).toMatchObject({
      pack: 'twilio',
      npm: '@org/twilio-client',
      version: pack.version,
      specSha256: pack.specSha256,
      profile: 'ci',
    });
    expect(report.specSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);
  });

  it('measures the quota and the retry waits it asserted', () => {
    const quota = report.scenarios.find((s) => s.id === 'quota');
    expect(quota?.metrics?.refused).toBe(0);
    expect(Number(quota?.metrics?.concurrencyUtilization)).toBeGreaterThanOrEqual(0.9);
    const retry = report.scenarios.find((s) => s.id === 'retry');
    expect(retry?.metrics?.casesPassed).toBe(retry?.metrics?.cases);
    expect(Number(retry?.metrics?.waitsChecked)).toBeGreaterThan(20);
  });
});

// Packaging is left out: the defects live under the client's transport, the
// tarball is the real one, and packing it again proves nothing new.
const RUNTIME_SCENARIOS = ALL_SCENARIOS.filter((s) => s.id !== 'packaging');

describe.each(BROKEN_PACKS)('broken pack: $name', (broken) => {
  it(`is caught by ${broken.caughtBy.join(', ')} and nothing else`, async () => {
    const caught = await certifyPack(broken.wrap(pack), {
      root: ROOT,
      profile: 'ci',
      scenarios: RUNTIME_SCENARIOS,
      snapshots: { dir: SNAPSHOTS, update: false },
    });
    expect(failures(caught)).toEqual([...broken.caughtBy].sort());
    expect(caught.passed).toBe(false);
    for (const id of broken.caughtBy) {
      const details = caught.scenarios.find((s) => s.id === id)?.details ?? '';
      expect(details).toMatch(broken.evidence);
    }
  });
});
