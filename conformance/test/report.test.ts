import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { PackReport } from '../src/report/types.js';
import { writeReports } from '../src/report/write.js';

const report: PackReport = {
  pack: 'acme',
  npm: '@org/acme-client',
  version: '1.2.3',
  specSha256: 'a'.repeat(64),
  generatedAt: '2025-01-02T03:04:05.000Z',
  profile: 'ci',
  passed: false,
  scenarios: [
    {
      id: 'wire',
      title: 'Requests match the spec',
      required: true,
      result: 'pass',
      durationMs: 120,
      details: 'all good',
      metrics: { called: 3 },
    },
    {
      id: 'retry',
      title: 'Retries',
      required: true,
      result: 'fail',
      durationMs: 2100,
      details: '500 every time: 1 attempts | <script>alert(1)</script>\nsecond line',
    },
    {
      id: 'quota',
      title: 'Quota',
      required: false,
      waived: { reason: 'the vendor publishes no limit' },
      result: 'waived',
      durationMs: 5,
    },
    {
      id: 'webhooks',
      title: 'Webhooks',
      required: false,
      result: 'skipped',
      durationMs: 0,
      details: 'the pack declares no webhooks',
    },
  ],
};

describe('summary.md', () => {
  it('has a row per pack and per scenario, with waivers and escaped pipes', () => {
    const markdown = renderMarkdown([report]);
    expect(markdown).toContain(
      '| acme | `@org/acme-client` | 1.2.3 | `aaaaaaaaaaaa` | ci | ✗ NOT certified | 1/4 passed, 1 failed, 1 waived, 1 skipped | 2.2 s |',
    );
    expect(markdown).toContain(
      '| ✗ | **retry**: Retries | yes | fail | 2.1 s | 500 every time: 1 attempts \\| <script>',
    );
    expect(markdown).toContain(
      '| ~ | **quota**: Quota | no | waived | 5 ms | waived: the vendor publishes no limit |',
    );
  });
});

describe('index.html', () => {
  const html = renderHtml([report]);

  it('is self-contained: no script, no stylesheet link, no external URL', () => {
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\//i);
    expect(html).toContain('<style>');
  });

  it('escapes report text and shows every scenario with its result', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const s of report.scenarios)
      expect(html).toContain(`<span class="badge ${s.result}">${s.result}</span>`);
    expect(html).toContain('waived: the vendor publishes no limit');
    expect(html).toContain('0 of 1 pack certified');
  });
});

describe('writeReports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <pack>.json (the contract), summary.md and index.html', () => {
    const written = writeReports(join(dir, 'conformance'), [report]);
    expect(written.json).toEqual([join(dir, 'conformance', 'acme.json')]);
    expect(JSON.parse(readFileSync(written.json[0] as string, 'utf8'))).toEqual(report);
    expect(readFileSync(written.markdown, 'utf8')).toContain('# Conformance certification');
    expect(readFileSync(written.html, 'utf8')).toContain('<!doctype html>');
  });
});
