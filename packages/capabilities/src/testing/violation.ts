import { isCoreError } from '@org/core/errors';

/** An adapter broke the SmsSender contract; the message says which rule and how. */
export class ContractViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractViolation';
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

/** A short, safe description of what was thrown, for violation messages. */
export function describeThrown(error: unknown): string {
  if (isCoreError(error)) {
    const reason = (error as { reason?: unknown }).reason;
    return `${error.name} (code ${error.code}${typeof reason === 'string' ? `, reason ${reason}` : ''})`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error;
}

/** Resolves with what `promise` rejects with; a resolution is a violation. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new ContractViolation(`${what} resolved; it must reject.`);
}
