import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CertificationInput, checkCertification } from '../src/gate/certification.js';
import { type PackReport, type ReportRead, readReport } from '../src/gate/report.js';

const passing = JSON.parse(
  readFileSync(new URL('./fixtures/reports/messages-pass.json', import.meta.url), 'utf8'),
) as PackReport;
const SHA = passing.specSha256;
const OTHER_SHA = '2'.repeat(64);

function input(report: unknown, overrides: Partial<CertificationInput> = {}): CertificationInput {
  return {
    id: 'messages',
    npm: '@fixture/messages-client',
    version: '1.1.0',
    sourceSha256: SHA,
    fileSha256: SHA,
    read: { ok: true, report: report as PackReport },
    profile: 'full',
    ...overrides,
  };
}

function edited(edit: (report: any) => void): PackReport {
  const copy = structuredClone(passing) as any;
  edit(copy);
  return copy;
}

const rerun = 'run `pnpm conformance --profile full`';

describe('checkCertification', () => {
  it.each([
    { name: 'a passing report for the exact version and spec', report: passing, reasons: [] },
    {
      name: 'a report for the version before the bump',
      report: edited((r) => {
        r.version = '1.0.0';
      }),
      reasons: [`stale report: it certifies version 1.0.0, the package is 1.1.0; ${rerun}`],
    },
    {
      name: 'a report for another spec',
      report: edited((r) => {
        r.specSha256 = OTHER_SHA;
      }),
      reasons: [
        `stale report: it certifies spec 222222222222, SOURCE.yaml records 111111111111; ${rerun}`,
      ],
    },
    {
      name: 'a failed required scenario',
      report: edited((r) => {
        r.passed = false;
        r.scenarios[1].result = 'fail';
        r.scenarios[1].details = 'waited 0 ms after Retry-After: 2\nattempt log follows';
      }),
      reasons: ['failed required scenario(s): retry (waited 0 ms after Retry-After: 2)'],
    },
    {
      name: 'a required scenario left out',
      report: edited((r) => {
        r.scenarios[3].result = 'skipped';
        r.scenarios[3].details = 'not selected (--only)';
      }),
      reasons: ['required scenario(s) not run: packaging (not selected (--only))'],
    },
    {
      name: 'the reduced CI profile',
      report: edited((r) => {
        r.profile = 'ci';
      }),
      reasons: ['report ran profile "ci"; a release needs "full"'],
    },
    {
      name: 'another pack’s report',
      report: edited((r) => {
        r.pack = 'twilio';
        r.npm = '@org/twilio-client';
      }),
      reasons: [
        'report is for twilio (@org/twilio-client), not messages (@fixture/messages-client)',
      ],
    },
    {
      name: 'passed: true with a failed required scenario',
      report: edited((r) => {
        r.scenarios[0].result = 'fail';
      }),
      reasons: [
        'failed required scenario(s): wire',
        'report says it passed, yet required scenarios failed: the report is inconsistent',
      ],
    },
    {
      name: 'passed: false with nothing failed',
      report: edited((r) => {
        r.passed = false;
      }),
      reasons: ['report says it did not pass, though no required scenario is marked failed'],
    },
    {
      name: 'a failed waived scenario does not hold the pack',
      report: edited((r) => {
        r.scenarios[2].details = 'still fails';
      }),
      reasons: [],
    },
  ])('$name', ({ report, reasons }) => {
    expect(checkCertification(input(report)).reasons).toEqual(reasons);
  });

  it('lists every reason at once, so one run shows everything to fix', () => {
    const report = edited((r) => {
      r.version = '1.0.0';
      r.specSha256 = OTHER_SHA;
      r.profile = 'ci';
    });
    expect(checkCertification(input(report)).reasons).toHaveLength(3);
  });

  it('notes waivers with their reasons for the table', () => {
    expect(checkCertification(input(passing)).notes).toEqual([
      '1 waived: quota (the vendor documents no request-rate limit)',
    ]);
  });

  it('holds a report written before this release’s conformance run', () => {
    expect(
      checkCertification(input(passing, { notBefore: '2026-03-01T10:00:01.000Z' })).reasons,
    ).toEqual([
      "stale report: written 2026-03-01T10:00:00.000Z, before this release's conformance run",
    ]);
  });

  it('holds when the spec file no longer matches SOURCE.yaml, whatever the report says', () => {
    expect(checkCertification(input(passing, { fileSha256: OTHER_SHA })).reasons).toEqual([
      'specs/messages spec file hashes to 222222222222, SOURCE.yaml records 111111111111: update SOURCE.yaml and run `pnpm codegen`',
    ]);
  });

  it('turns a missing report into a reason that says what to run', () => {
    const read: ReportRead = {
      ok: false,
      problem: 'no conformance report at .reports/conformance/messages.json',
    };
    expect(checkCertification(input(passing, { read })).reasons).toEqual([
      `no conformance report at .reports/conformance/messages.json: ${rerun}`,
    ]);
  });
});

describe('readReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-reports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads a report in the contract shape', () => {
    const file = write('ok.json', JSON.stringify(passing));
    expect(readReport(file, 'ok.json')).toEqual({ ok: true, report: passing });
  });

  it('says which field is wrong in a malformed report', () => {
    const file = write('bad.json', JSON.stringify({ ...passing, passed: 'yes' }));
    expect(readReport(file, 'bad.json')).toEqual({
      ok: false,
      problem:
        'bad.json is not a conformance report: passed Invalid input: expected boolean, received string',
    });
  });

  it('says when a report is missing or not JSON', () => {
    expect(readReport(join(dir, 'none.json'), 'none.json')).toEqual({
      ok: false,
      problem: 'no conformance report at none.json',
    });
    const file = write('trunc.json', '{"pack":');
    expect(readReport(file, 'trunc.json')).toMatchObject({ ok: false });
    expect((readReport(file, 'trunc.json') as { problem: string }).problem).toMatch(
      /^trunc\.json is not JSON/,
    );
  });
});
