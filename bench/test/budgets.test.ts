import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets, SIZE_METRICS } from '../lib/budgets.mjs';
import { measureBundle } from '../lib/bundle.mjs';
import { installedClosure } from '../lib/installed-size.mjs';
import { packAndInstall, publishedPackages } from '../lib/our-packages.mjs';
import { ORG_TWILIO_SMS_APP } from '../lib/sms-apps.mjs';

// Size budgets of every published package, measured as users receive them:
// packed with pnpm, installed outside the workspace (dependencies linked from
// the workspace's install, offline), and the "send one SMS" app bundled with
// esbuild. Sizes only: cold-import ratios are timings, checked by
// `pnpm bench` (bench/check-budgets.mjs) on medians of many runs, never here.
// Tests built output: `pnpm test` builds first.

const root = join(import.meta.dirname, '../..');
const budgets = JSON.parse(readFileSync(join(import.meta.dirname, '../budgets.json'), 'utf8'));
const published = publishedPackages(root).map((pkg) => pkg.name);

type Figures = Record<string, number>;
let work: string;
const measured: Record<string, Figures> = {};
let skipped: { name: string; reason?: string }[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'org-budgets-'));
  const ours = await packAndInstall(root, work, { mode: 'link' });
  skipped = ours.skipped;
  for (const p of ours.packed) {
    measured[p.name] = {
      packedBytes: p.packedBytes,
      installedBytes: installedClosure(join(ours.appDir, 'node_modules', p.name)).bytes,
    };
  }
  if (measured['@org/twilio-client']) {
    measured['@org/twilio-client'].smsAppBundleGzipBytes = measureBundle({
      esbuild: join(root, 'node_modules/.bin/esbuild'),
      appDir: ours.appDir,
      name: 'send-sms',
      source: ORG_TWILIO_SMS_APP,
      external: ['@opentelemetry/api'],
    }).gzipBytes;
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('size budgets', () => {
  it('every published package under packages/ was packed and has a budget', () => {
    expect(skipped).toEqual([]);
    expect(Object.keys(budgets.packages).sort()).toEqual([...published].sort());
  });

  it.each(published)('%s stays within its size budgets', (name) => {
    const { rows, problems } = checkBudgets(
      { [name]: measured[name] ?? {} },
      { ...budgets, packages: { [name]: budgets.packages[name] } },
      SIZE_METRICS,
    );
    expect(problems).toEqual([]);
    // Packed and installed sizes are budgeted for every package.
    expect(rows.map((row) => row.metric)).toEqual(
      expect.arrayContaining(['packedBytes', 'installedBytes']),
    );
  });

  it('budgets @org/twilio-client\'s "send one SMS" bundle', () => {
    expect(budgets.packages['@org/twilio-client']?.smsAppBundleGzipBytes).toBeGreaterThan(0);
    expect(measured['@org/twilio-client']?.smsAppBundleGzipBytes).toBeGreaterThan(0);
  });
});

describe('checkBudgets', () => {
  const budget = {
    tolerance: 0.1,
    packages: { '@org/x': { packedBytes: 1000, coldImportRatio: 2 } },
  };

  it('passes a figure up to 10% over its budget and fails one beyond', () => {
    expect(
      checkBudgets({ '@org/x': { packedBytes: 1100 } }, budget, ['packedBytes']).problems,
    ).toEqual([]);
    const over = checkBudgets({ '@org/x': { packedBytes: 1101 } }, budget, ['packedBytes']);
    expect(over.rows[0]).toMatchObject({ ok: false, limit: 1100 });
    expect(over.problems).toHaveLength(1);
    expect(over.problems[0]).toContain(
      '@org/x: packedBytes is 1101, 10.1% over its budget of 1000',
    );
  });

  it('checks only the metrics asked for', () => {
    const result = checkBudgets({ '@org/x': { packedBytes: 900, coldImportRatio: 9 } }, budget, [
      'packedBytes',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.metric)).toEqual(['packedBytes']);
  });

  it('reports a package without a budget and a budgeted package that was not measured', () => {
    const result = checkBudgets({ '@org/y': { packedBytes: 1 } }, budget, ['packedBytes']);
    expect(result.problems).toEqual([
      expect.stringContaining('@org/y has no budget'),
      expect.stringContaining('@org/x has a budget but was not measured'),
    ]);
  });

  it('reports a budgeted metric that was not measured', () => {
    const result = checkBudgets({ '@org/x': {} }, budget, ['packedBytes']);
    expect(result.problems).toEqual(['@org/x: packedBytes has a budget but was not measured']);
  });
});
