import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { ROOT, SNAPSHOTS } from './support.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    tty: false,
    text: () => out.join(''),
    errors: () => err.join(''),
  };
}

describe('conformance CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints usage with --help', async () => {
    const cli = io();
    expect(await main(['--help'], cli)).toBe(0);
    expect(cli.text()).toContain('--profile ci|full');
  });

  it('exits 2 on a bad option, profile, scenario or pack', async () => {
    for (const argv of [
      ['--nope'],
      ['--profile', 'fast'],
      ['--only', 'wires'],
      ['--root', ROOT, '--pack', 'nope'],
    ]) {
      const cli = io();
      expect(await main(argv, cli), argv.join(' ')).toBe(2);
      expect(cli.errors()).toMatch(/^conformance: /);
    }
  });

  it('certifies a pack, one progress line per scenario, then the table and the reports', async () => {
    const cli = io();
    const reports = join(dir, 'reports');
    const code = await main(
      [
        '--root',
        ROOT,
        '--pack',
        'twilio',
        '--only',
        'webhooks,auth',
        '--report-dir',
        reports,
        '--snapshot-dir',
        SNAPSHOTS,
      ],
      cli,
    );
    const text = cli.text();
    expect(text).toMatch(/\n {2}✓ auth +\d+ ms {2}basic: 2 credential shape/);
    expect(text).toMatch(/\n {2}- wire +0 ms {2}not selected \(--only\)/);
    expect(text).toMatch(/\ntwilio +0\.\d+\.\d+ +- +- +- +- +- +✓ +- +✓ /);
    // Deselected scenarios are required and not run: the pack is not certified.
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(join(reports, 'twilio.json'), 'utf8'));
    expect(json.passed).toBe(false);
    expect(json.scenarios.find((s: { id: string }) => s.id === 'wire')).toMatchObject({
      required: true,
      result: 'skipped',
    });
  });
});
