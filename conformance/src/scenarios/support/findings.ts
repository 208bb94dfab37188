import type { Metrics, ScenarioOutcome } from '../types.js';

/**
 * Collects a scenario's checks: each failed check is one line of the
 * report's details; `outcome()` passes only when none failed.
 */
export class Findings {
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  checks = 0;

  /** Records a check; `message` says what was expected and what happened. */
  expect(condition: boolean, message: string): boolean {
    this.checks++;
    if (!condition) this.failures.push(message);
    return condition;
  }

  fail(message: string): void {
    this.checks++;
    this.failures.push(message);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  /**
   * The verdict. A failure's details list what failed, first failure first
   * (the line tables show); a pass leads with `headline`, then the notes.
   */
  outcome(metrics: Metrics = {}, headline?: string): ScenarioOutcome {
    const failed = this.failures.length > 0;
    const lines = failed ? this.failures : headline ? [headline, ...this.notes] : this.notes;
    const shown = lines.slice(0, 12);
    if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
    return {
      result: failed ? 'fail' : 'pass',
      ...(shown.length ? { details: shown.join('\n') } : {}),
      metrics: { checks: this.checks, failed: this.failures.length, ...metrics },
    };
  }
}

/** Runs `fn`, turning a throw into a failure line, so one broken case does not hide the others. */
export async function guarded(
  findings: Findings,
  label: string,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (error) {
    findings.fail(`${label}: threw ${describeThrown(error)}`);
  }
}

/** `code: message` of a CoreError, the class and message of anything else. */
export function describeThrown(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
    const head = typeof code === 'string' ? code : String(name ?? 'Error');
    return `${head}: ${String(message ?? '').split('\n')[0]}`;
  }
  return String(error);
}
