import { beforeAll, describe, expect, it } from 'vitest';
import { discoverPacks, loadPackUnderTest } from '../src/pack/load.js';
import type { PackUnderTest } from '../src/pack/types.js';
import type { PackReport } from '../src/report/types.js';
import { certifyPack } from '../src/run/certify.js';
import { ALL_SCENARIOS } from '../src/scenarios/all.js';
import { ROOT, SNAPSHOTS } from './support.js';

// Every pack of the workspace, certified as `pnpm conformance` does it on the
// CI profile (sampled wire and pagination coverage on big specs; the full
// profile is `pnpm conformance --profile full`).

describe.each(discoverPacks(ROOT).map((dir) => [dir.split('/').at(-1) as string, dir]))(
  'pack %s',
  (_id, dir) => {
    let pack: PackUnderTest;
    let report: PackReport;

    beforeAll(async () => {
      pack = await loadPackUnderTest(ROOT, dir);
      report = await certifyPack(pack, {
        root: ROOT,
        profile: 'ci',
        snapshots: { dir: SNAPSHOTS, update: false },
      });
    });

    it('passes every required scenario', () => {
      const failed = report.scenarios.filter((s) => s.result === 'fail');
      expect(failed.map((s) => `${s.id}: ${s.details}`)).toEqual([]);
      expect(report.passed).toBe(true);
    });

    it('runs every scenario in order; only pack.yaml waives, only inapplicable ones skip', () => {
      expect(report.scenarios.map((s) => s.id)).toEqual(ALL_SCENARIOS.map((s) => s.id));
      const waived = report.scenarios.filter((s) => s.result === 'waived').map((s) => s.id);
      expect(waived).toEqual(pack.waivers.map((w) => w.scenario));
      for (const s of report.scenarios.filter((s) => s.result === 'skipped'))
        expect(s.required).toBe(false);
      for (const id of [
        'wire',
        'retry',
        'idempotency',
        'deadline',
        'auth',
        'redaction',
        'packaging',
      ])
        expect(report.scenarios.find((s) => s.id === id)?.result, id).toMatch(/^(pass|waived)$/);
    });

    it('identifies what it certified: pack, package, version and spec hash', () => {
      expect(report).toMatchObject({
        pack: pack.id,
        npm: pack.npm,
        version: pack.version,
        specSha256: pack.specSha256,
        profile: 'ci',
      });
      expect(report.specSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);
    });

    it('reaches the quota without a 429, when the pack documents one', () => {
      const quota = report.scenarios.find((s) => s.id === 'quota');
      if (quota?.result !== 'pass') return;
      expect(quota.metrics?.refused).toBe(0);
      const utilization = quota.metrics?.rateUtilization ?? quota.metrics?.concurrencyUtilization;
      expect(Number(utilization)).toBeGreaterThanOrEqual(0.9);
    });
  },
);
