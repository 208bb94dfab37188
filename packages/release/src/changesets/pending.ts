import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReleaseError } from '../errors.js';
import { type Bump, isBump, maxBump } from '../semver.js';

/** What the pending changesets ask for one package. */
export interface PendingBump {
  readonly bump: Bump;
  /** The changeset files that name the package, relative to the root. */
  readonly files: readonly string[];
}

/**
 * Reads `.changeset/*.md` (README.md excepted) and returns, per package, the
 * highest bump its changesets declare. Only explicit entries count: the bump
 * changesets may add to dependents (`updateInternalDependencies`) never
 * covers a spec change of the dependent itself.
 */
export function readPendingBumps(root: string): Map<string, PendingBump> {
  const dir = join(root, '.changeset');
  const bumps = new Map<string, { bumps: Bump[]; files: string[] }>();
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort();
  for (const name of files) {
    const file = `.changeset/${name}`;
    for (const [pkg, bump] of parseChangeset(readFileSync(join(dir, name), 'utf8'), file)) {
      const entry = bumps.get(pkg) ?? { bumps: [], files: [] };
      entry.bumps.push(bump);
      entry.files.push(file);
      bumps.set(pkg, entry);
    }
  }
  return new Map(
    [...bumps].map(([pkg, entry]) => [pkg, { bump: maxBump(entry.bumps), files: entry.files }]),
  );
}

/**
 * The frontmatter of one changeset: a YAML map of package name to bump
 * between `---` lines, the format `changeset add` writes.
 */
export function parseChangeset(text: string, file: string): Map<string, Bump> {
  const match = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m.exec(text);
  if (!match || match.index !== text.search(/\S/)) {
    throw new ReleaseError(
      `${file}: no frontmatter; a changeset starts with ---, lines like "@org/core": minor, then ---`,
    );
  }
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    throw new ReleaseError(`${file}: frontmatter is not YAML: ${(error as Error).message}`);
  }
  if (data === null || data === undefined) return new Map();
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ReleaseError(`${file}: frontmatter must map package names to major, minor or patch`);
  }
  const bumps = new Map<string, Bump>();
  for (const [pkg, bump] of Object.entries(data)) {
    if (!isBump(bump)) {
      throw new ReleaseError(
        `${file}: "${pkg}" has bump ${JSON.stringify(bump)}; use major, minor, patch or none`,
      );
    }
    bumps.set(pkg, bump);
  }
  return bumps;
}
