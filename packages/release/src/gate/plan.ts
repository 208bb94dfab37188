/** What the release does with one publishable package. */
export type Status =
  | 'publish'
  | 'held'
  | 'already-published'
  | 'not-selected'
  | 'published'
  | 'dry-run'
  | 'failed';

export interface PlanEntry {
  readonly name: string;
  readonly version: string;
  readonly kind: 'pack' | 'library';
  /** Workspace packages it needs at run time. */
  readonly needs: readonly string[];
  status: Status;
  /** Why it is held or failed; empty otherwise. */
  reasons: string[];
  /** Shown for packages that go out (waivers, skipped checks). */
  notes: string[];
}

export function hold(entry: PlanEntry, reason: string): void {
  entry.status = 'held';
  entry.reasons.push(reason);
}

/**
 * Holds every package that needs a workspace package which will not be on
 * the registry at the version it asks for: one held back or failed in this
 * run, or one left out of it and never published. Repeats until nothing
 * changes, so a hold travels down the dependency chain.
 */
export function holdDependents(
  entries: readonly PlanEntry[],
  onRegistry: ReadonlySet<string>,
): void {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const entry of entries) {
      if (entry.status !== 'publish') continue;
      for (const dep of entry.needs) {
        const needed = byName.get(dep);
        if (!needed) continue;
        const key = `${needed.name}@${needed.version}`;
        // Goes out in this run (or would, in a dry run) or is there already.
        const coming = ['publish', 'published', 'dry-run'].includes(needed.status);
        if (coming || onRegistry.has(key)) continue;
        entry.status = 'held';
        entry.reasons.push(
          needed.status === 'held'
            ? `needs ${key}, which is held back`
            : needed.status === 'failed'
              ? `needs ${key}, which failed to publish`
              : `needs ${key}, which is not on the registry and not in this release`,
        );
        changed = true;
        break;
      }
    }
  }
}
