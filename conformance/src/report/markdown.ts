import { formatDuration, RESULT_MARK, tally, totalDuration, verdict } from './format.js';
import type { PackReport } from './types.js';

/** `summary.md`: one row per pack, then each pack's scenarios. */
export function renderMarkdown(reports: readonly PackReport[]): string {
  const lines = [
    '# Conformance certification',
    '',
    '| pack | package | version | spec | profile | verdict | scenarios | time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...reports.map(
      (r) =>
        `| ${r.pack} | \`${r.npm}\` | ${r.version} | \`${r.specSha256.slice(0, 12)}\` | ${r.profile} | ${r.passed ? '✓' : '✗'} ${verdict(r)} | ${tally(r)} | ${formatDuration(totalDuration(r))} |`,
    ),
  ];
  for (const report of reports) {
    lines.push(
      '',
      `## ${report.pack} ${report.version}`,
      '',
      `Generated ${report.generatedAt}.`,
      '',
    );
    lines.push(
      '| | scenario | required | result | time | details |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const s of report.scenarios) {
      const details = s.waived
        ? `waived: ${s.waived.reason}${s.details ? ` (${firstLine(s.details)})` : ''}`
        : firstLine(s.details ?? '');
      lines.push(
        `| ${RESULT_MARK[s.result]} | **${s.id}**: ${cell(s.title)} | ${s.required ? 'yes' : 'no'} | ${s.result} | ${formatDuration(s.durationMs)} | ${cell(details)} |`,
      );
    }
  }
  lines.push(
    '',
    'Legend: ✓ pass, ✗ fail, ~ waived (reason in the pack.yaml), - skipped (not applicable to the pack).',
    '',
  );
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
