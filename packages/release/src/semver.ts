import { ReleaseError } from './errors.js';

/** The bump levels of a changeset, ordered; `none` means "no release". */
export const BUMPS = ['none', 'patch', 'minor', 'major'] as const;
export type Bump = (typeof BUMPS)[number];

export function isBump(value: unknown): value is Bump {
  return typeof value === 'string' && (BUMPS as readonly string[]).includes(value);
}

export function bumpRank(bump: Bump): number {
  return BUMPS.indexOf(bump);
}

export function maxBump(bumps: Iterable<Bump>): Bump {
  let highest: Bump = 'none';
  for (const bump of bumps) if (bumpRank(bump) > bumpRank(highest)) highest = bump;
  return highest;
}

interface Parsed {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(version: string): Parsed {
  const match = VERSION.exec(version);
  if (!match) throw new ReleaseError(`"${version}" is not a semver version (x.y.z)`);
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ?? '',
  };
}

/** Negative, zero or positive like a sort comparator (SemVer 2.0.0 precedence, section 11). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (x[key] !== y[key]) return x[key] - y[key];
  }
  if (x.prerelease === y.prerelease) return 0;
  // A version without a pre-release tag ranks above one with it: 1.0.0-rc.1 < 1.0.0.
  if (!x.prerelease) return 1;
  if (!y.prerelease) return -1;
  const xs = x.prerelease.split('.');
  const ys = y.prerelease.split('.');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn) return -1;
    if (qn) return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * The bump that took `from` to `to`: the highest of major, minor, patch that
 * changed. No special case for 0.x: a breaking change needs a major bump
 * there too, the rule changesets applies when it computes versions.
 */
export function bumpBetween(from: string, to: string): Bump {
  const x = parseVersion(from);
  const y = parseVersion(to);
  if (compareVersions(from, to) >= 0) return 'none';
  if (y.major !== x.major) return 'major';
  if (y.minor !== x.minor) return 'minor';
  return 'patch';
}
