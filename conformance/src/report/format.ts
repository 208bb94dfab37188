import type { PackReport, ScenarioReport } from './types.js';

export const RESULT_MARK: Record<ScenarioReport['result'], string> = {
  pass: '✓',
  fail: '✗',
  waived: '~',
  skipped: '-',
};

/** `1.2 s` or `340 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function totalDuration(report: PackReport): number {
  return report.scenarios.reduce((sum, s) => sum + s.durationMs, 0);
}

/** `9/11 passed, 1 waived, 1 skipped`. */
export function tally(report: PackReport): string {
  const count = (result: ScenarioReport['result']) =>
    report.scenarios.filter((s) => s.result === result).length;
  const parts = [`${count('pass')}/${report.scenarios.length} passed`];
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('waived')) parts.push(`${count('waived')} waived`);
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  return parts.join(', ');
}

export function verdict(report: PackReport): string {
  return report.passed ? 'certified' : 'NOT certified';
}
