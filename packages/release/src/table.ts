import type { PlanEntry, Status } from './gate/plan.js';

const LABELS: Record<Status, string> = {
  publish: 'to publish',
  published: 'published',
  'dry-run': 'would publish',
  held: 'held back',
  failed: 'publish failed',
  'already-published': 'already published',
  'not-selected': 'not selected',
};

/** The release table: one row per publishable package, every reason spelled out. */
export function renderTable(entries: readonly PlanEntry[]): string[] {
  const rows = entries.map((entry) => [
    entry.name,
    entry.version,
    entry.kind,
    LABELS[entry.status],
    [...entry.reasons, ...entry.notes].join('; ') || '-',
  ]);
  const header = ['package', 'version', 'kind', 'result', 'reason'];
  const widths = header.map((title, col) =>
    Math.max(title.length, ...rows.map((row) => (col < 4 ? row[col]!.length : 0))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col < 4 ? cell.padEnd(widths[col]!) : cell))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w, col) => '-'.repeat(col < 4 ? w : 6))),
    ...rows.map(line),
  ];
}
