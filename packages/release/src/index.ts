export { isReleaseError, ReleaseError } from './errors.js';
export {
  BUMPS,
  type Bump,
  bumpBetween,
  bumpRank,
  compareVersions,
  isBump,
  maxBump,
  parseVersion,
} from './semver.js';
export { CHANGE_BUMPS, type ChangeKind, type SpecChange } from './spec-diff/changes.js';
export { diffSpecs, requiredBump } from './spec-diff/diff.js';
