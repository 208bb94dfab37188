/**
 * A problem the person running the release has to fix: a missing script, an
 * unreadable changeset, a registry that cannot be reached. The CLI prints the
 * message alone, never a stack trace, so the message says what to do.
 */
export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
}

export function isReleaseError(value: unknown): value is ReleaseError {
  return value instanceof Error && value.name === 'ReleaseError';
}
