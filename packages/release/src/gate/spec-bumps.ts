import type { PendingBump } from '../changesets/pending.js';
import { type Bump, bumpBetween, bumpRank, maxBump } from '../semver.js';
import type { SpecChange } from '../spec-diff/changes.js';
import { diffSpecs, requiredBump } from '../spec-diff/diff.js';
import {
  findLastRelease,
  loadCurrentSpec,
  loadReleasedSpec,
  type ReleasedVersion,
} from '../spec-diff/released.js';
import type { PackInfo } from '../workspace/packs.js';

/** Whether a pack's version bump covers its spec changes since its last release. */
export interface SpecBumpCheck {
  readonly pack: PackInfo;
  /** Version in the pack's package.json now. */
  readonly version: string;
  /** The last release (git tag); undefined before the first one. */
  readonly released: ReleasedVersion | undefined;
  readonly changes: readonly SpecChange[];
  readonly required: Bump;
  /**
   * The bump the release will carry: the version already moved since the
   * last release (after `changeset version`) combined with what pending
   * changesets still ask for (before it).
   */
  readonly declared: Bump;
  readonly ok: boolean;
  /** The changeset files naming the pack. */
  readonly changesets: readonly string[];
}

/**
 * Diffs each pack's current spec (under `root`) against the spec of its last
 * release (tags in `gitRoot`, the real working tree when `root` is a copy).
 */
export async function checkSpecBumps(
  root: string,
  gitRoot: string,
  packs: readonly PackInfo[],
  versions: ReadonlyMap<string, string>,
  pending: ReadonlyMap<string, PendingBump>,
): Promise<SpecBumpCheck[]> {
  const checks: SpecBumpCheck[] = [];
  for (const pack of packs) {
    const version = versions.get(pack.npm);
    if (version === undefined) continue;
    const released = await findLastRelease(gitRoot, pack.npm, version);
    const changesets = pending.get(pack.npm)?.files ?? [];
    const fromChangesets = pending.get(pack.npm)?.bump ?? 'none';
    if (!released) {
      checks.push({
        pack,
        version,
        released,
        changes: [],
        required: 'none',
        declared: fromChangesets,
        ok: true,
        changesets,
      });
      continue;
    }
    const before = await loadReleasedSpec(gitRoot, released.tag, pack.specDir);
    const after = await loadCurrentSpec(root, pack.specDir, pack.spec, pack.overlay);
    const changes = diffSpecs(before, after);
    const required = requiredBump(changes);
    const declared = maxBump([bumpBetween(released.version, version), fromChangesets]);
    checks.push({
      pack,
      version,
      released,
      changes,
      required,
      declared,
      ok: bumpRank(declared) >= bumpRank(required),
      changesets,
    });
  }
  return checks;
}

const MAX_LISTED = 200;

/**
 * What a person reads: per pack, the verdict and, when the bump is too low,
 * every change that needs more than was declared, with its JSON pointer.
 */
export function describeSpecBumps(checks: readonly SpecBumpCheck[]): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    const name = check.pack.npm;
    if (!check.released) {
      lines.push(`${name}: no release tag (${name}@<version>) yet: first release, nothing to diff`);
      continue;
    }
    const since = `since ${check.released.tag}`;
    if (check.changes.length === 0) {
      lines.push(`${name}: spec unchanged ${since}`);
      continue;
    }
    const counts = (['major', 'minor', 'patch'] as const)
      .map((bump) => [bump, check.changes.filter((c) => c.bump === bump).length] as const)
      .filter(([, n]) => n > 0)
      .map(([bump, n]) => `${n} ${bump}`)
      .join(', ');
    if (check.ok) {
      lines.push(
        `${name}: ${check.changes.length} spec change(s) ${since} (${counts}) need ${check.required}; the release is ${check.declared}: ok`,
      );
      continue;
    }
    const from =
      check.changesets.length > 0
        ? `the pending changesets (${check.changesets.join(', ')}) give ${check.declared}`
        : `no pending changeset names it (${check.declared})`;
    lines.push(
      `${name}: spec changes ${since} need a ${check.required} release, but ${from}. Add a changeset with "${name}": ${check.required} (pnpm changeset), or undo these changes:`,
    );
    const blocking = check.changes
      .filter((change) => bumpRank(change.bump) > bumpRank(check.declared))
      .sort((a, b) => bumpRank(b.bump) - bumpRank(a.bump));
    for (const change of blocking.slice(0, MAX_LISTED)) {
      const via = change.operation ? ` (via ${change.operation})` : '';
      lines.push(
        `  ${change.bump.padEnd(5)}  ${change.kind}  ${change.pointer}  ${change.message}${via}`,
      );
    }
    if (blocking.length > MAX_LISTED) lines.push(`  ... and ${blocking.length - MAX_LISTED} more`);
  }
  return lines;
}
