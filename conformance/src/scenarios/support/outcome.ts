import { isCoreError } from '@org/core/errors';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `fn` and keeps a throw as a value, so a case can assert on either. */
export async function settle<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The stable `code` of a core error (any copy, any realm), else undefined. */
export function thrownCode(error: unknown): string | undefined {
  return isCoreError(error) ? error.code : undefined;
}
