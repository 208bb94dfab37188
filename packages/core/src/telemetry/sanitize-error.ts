import { sanitizeText } from './sanitize-text.js';

const MAX_MESSAGE = 500;
const MAX_CAUSE_DEPTH = 3;

/** An error reduced to facts that are safe to record: no stack, no body, no secret. */
export type SanitizedError = {
  name: string;
  /** The CoreError `code`, or a Node system error code such as `ECONNRESET`. */
  code?: string;
  message: string;
  retryable?: boolean;
  /** Numeric and boolean CoreError details (status, attempts, waits). */
  details?: Record<string, number | boolean>;
  cause?: SanitizedError;
};

export interface SanitizeErrorOptions {
  /** Known secret values to scrub wherever they appear (e.g. the current credential). */
  secrets?: readonly string[];
}

/**
 * A JSON-safe summary of `error` for events and span status. Messages go
 * through URL, header, auth-scheme, JWT and secret-pair scrubbing; the stack is
 * dropped (its first line repeats the raw message); the cause chain is kept to
 * three levels. A thrown non-Error is described by its type only, since its
 * value could be anything.
 */
export function sanitizeError(error: unknown, options: SanitizeErrorOptions = {}): SanitizedError {
  return sanitize(error, options.secrets ?? [], 0);
}

function sanitize(error: unknown, secrets: readonly string[], depth: number): SanitizedError {
  if (!(error instanceof Error) && !isErrorLike(error)) {
    const kind = error === null ? 'null' : typeof error;
    return { name: 'NonError', message: `A non-Error value (${kind}) was thrown.` };
  }
  const source = error as Error & { code?: unknown; retryable?: unknown; details?: unknown };
  const out: SanitizedError = {
    name: sanitizeText(String(source.name ?? 'Error'), secrets).slice(0, 100),
    message: truncate(sanitizeText(String(source.message ?? ''), secrets)),
  };
  if (typeof source.code === 'string') out.code = sanitizeText(source.code, secrets).slice(0, 100);
  if (typeof source.retryable === 'boolean') out.retryable = source.retryable;
  const details = safeDetails(source.details);
  if (details !== undefined) out.details = details;
  if (source.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    out.cause = sanitize(source.cause, secrets, depth + 1);
  }
  return out;
}

function isErrorLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

function safeDetails(details: unknown): Record<string, number | boolean> | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const out: Record<string, number | boolean> = {};
  let any = false;
  for (const [key, value] of Object.entries(details)) {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
