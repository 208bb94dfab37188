import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackReport } from '../src/report/types.js';

/** The workspace root, two levels above this file. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SNAPSHOTS = join(ROOT, 'conformance', 'snapshots');

/** Ids of the required scenarios that failed, sorted. */
export function failures(report: PackReport): string[] {
  return report.scenarios
    .filter((s) => s.required && s.result === 'fail')
    .map((s) => s.id)
    .sort();
}
