import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { PackReport } from './types.js';

export interface WrittenReports {
  readonly json: string[];
  readonly markdown: string;
  readonly html: string;
}

/**
 * Writes `<dir>/<pack-id>.json` per pack, `<dir>/summary.md` and
 * `<dir>/index.html` over the packs of this run. Default dir:
 * `.reports/conformance` at the workspace root.
 */
export function writeReports(dir: string, reports: readonly PackReport[]): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const json = reports.map((report) => {
    const file = join(dir, `${report.pack}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    return file;
  });
  const markdown = join(dir, 'summary.md');
  writeFileSync(markdown, renderMarkdown(reports));
  const html = join(dir, 'index.html');
  writeFileSync(html, renderHtml(reports));
  return { json, markdown, html };
}
