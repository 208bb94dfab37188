import type { Bump } from '../semver.js';

/**
 * Every kind of spec change the diff reports, with the semver bump it needs
 * for a generated client. The generated package exports the spec's `paths`,
 * `operations` and `components` as types, so what breaks a caller's compile
 * or a caller's assumptions about a response is major; what adds surface is
 * minor; prose is patch. Widening a type or enum is minor even in a response
 * (policy: a new enum value is an addition; code that switches exhaustively
 * over it needs a default branch anyway).
 */
export const CHANGE_BUMPS = {
  'operation-removed': 'major',
  'operation-added': 'minor',
  'operation-id-changed': 'major',
  'operation-id-added': 'minor',
  'security-changed': 'major',
  'parameter-removed': 'major',
  'required-parameter-added': 'major',
  'optional-parameter-added': 'minor',
  'parameter-became-required': 'major',
  'parameter-became-optional': 'minor',
  'request-body-added-required': 'major',
  'request-body-added-optional': 'minor',
  'request-body-removed': 'major',
  'request-body-became-required': 'major',
  'request-body-became-optional': 'minor',
  'request-field-removed': 'major',
  'required-request-field-added': 'major',
  'optional-request-field-added': 'minor',
  'request-field-became-required': 'major',
  'request-field-became-optional': 'minor',
  'media-type-removed': 'major',
  'media-type-added': 'minor',
  'response-removed': 'major',
  'response-added': 'minor',
  'response-field-removed': 'major',
  'response-field-added': 'minor',
  'response-field-became-optional': 'major',
  'response-field-became-required': 'minor',
  'type-narrowed': 'major',
  'type-changed': 'major',
  'type-widened': 'minor',
  'enum-value-removed': 'major',
  'enum-introduced': 'major',
  'enum-value-added': 'minor',
  'enum-dropped': 'minor',
  'constraint-tightened': 'major',
  'constraint-relaxed': 'minor',
  'schema-removed': 'major',
  'schema-added': 'minor',
  deprecated: 'minor',
  'other-changed': 'minor',
  'documentation-changed': 'patch',
} as const satisfies Record<string, Exclude<Bump, 'none'>>;

export type ChangeKind = keyof typeof CHANGE_BUMPS;

export interface SpecChange {
  readonly kind: ChangeKind;
  readonly bump: Exclude<Bump, 'none'>;
  /**
   * RFC 6901 pointer to where the change is: into the current spec for
   * additions and edits, into the released spec for removals. A change inside
   * a shared `$ref` target is reported once, at the target.
   */
  readonly pointer: string;
  readonly message: string;
  /** The first operation (`POST /path`) through which the change was reached, if any. */
  readonly operation?: string;
}
