import { REDACTED } from './allow-lists.js';
import { sanitizeError } from './sanitize-error.js';
import { sanitizeText } from './sanitize-text.js';

/**
 * Property names whose values never leave in an event, whatever emitted them
 * (compared lower-case with `-` and `_` removed). A safety net under the
 * allow-lists: events are built from safe facts, this catches a mistake.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'accesstoken',
  'apikey',
  'authorization',
  'clientsecret',
  'cookie',
  'credential',
  'credentials',
  'idtoken',
  'passwd',
  'password',
  'privatekey',
  'proxyauthorization',
  'refreshtoken',
  'secret',
  'setcookie',
  'signature',
  'token',
];

const MAX_DEPTH = 8;

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/**
 * A lookup for `scrubData`. Event data repeats the same few property names,
 * so verdicts are memoized (up to 1,000 names, then recomputed).
 */
export function sensitiveKeyMatcher(keys: readonly string[]): (key: string) => boolean {
  const normalized = new Set(keys.map(normalizeKey));
  const verdicts = new Map<string, boolean>();
  return (key) => {
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = normalized.has(normalizeKey(key));
      if (verdicts.size < 1000) verdicts.set(key, verdict);
    }
    return verdict;
  };
}

/**
 * A JSON-safe, deeply frozen copy of event data: sensitive keys redacted,
 * strings scrubbed (URLs, auth schemes, JWTs), errors sanitized, functions and
 * symbols dropped, anything deeper than eight levels cut. Every object and
 * array is frozen as it is built, so the copy needs no second walk to freeze.
 */
export function scrubData(
  value: unknown,
  isSensitiveKey: (key: string) => boolean,
  depth = 0,
): unknown {
  switch (typeof value) {
    case 'string':
      // Most header values in an event already read REDACTED, which scrubs to itself.
      return value === REDACTED ? value : sanitizeText(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return deepFreeze(sanitizeError(value));
  if (Array.isArray(value)) {
    return Object.freeze(value.map((item) => scrubData(item, isSensitiveKey, depth + 1) ?? null));
  }
  const out: Record<string, unknown> = {};
  // The keys and values Object.entries would give (own enumerable string keys,
  // in order), without allocating a pair per property: a quarter of an event's cost.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = (value as Record<string, unknown>)[key];
    if (isSensitiveKey(key)) {
      out[key] = REDACTED;
      continue;
    }
    const scrubbed = scrubData(item, isSensitiveKey, depth + 1);
    if (scrubbed !== undefined) out[key] = scrubbed;
  }
  return Object.freeze(out);
}

/** Freezes `value` and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
