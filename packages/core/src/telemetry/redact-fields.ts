import { REDACTED } from './allow-lists.js';

/**
 * A copy of `data` with the value at each path replaced by `REDACTED`. Paths
 * are dot-separated property names; `[]` steps into every array item and `*`
 * into every property: `password`, `auth.clientSecret`, `recipients[].token`,
 * `metadata.*`. Paths that do not exist are ignored (no key is added), and
 * `data` itself is never mutated: only the branches on a path are copied.
 *
 * The paths come from the generated metadata table: fields the spec marks
 * `format: password` or `writeOnly: true`, or an overlay marks `x-sensitive`
 * (see `findSensitivePaths`).
 */
export function redactFields<T>(data: T, paths: readonly string[]): T {
  let out: unknown = data;
  for (const path of paths) {
    const segments = parsePath(path);
    if (segments.length > 0) out = redactAt(out, segments, 0);
  }
  return out as T;
}

function parsePath(path: string): string[] {
  const segments: string[] = [];
  for (const part of path.split('.')) {
    let name = part;
    let items = 0;
    while (name.endsWith('[]')) {
      name = name.slice(0, -2);
      items++;
    }
    if (name !== '') segments.push(name);
    for (let i = 0; i < items; i++) segments.push('[]');
  }
  return segments;
}

function redactAt(value: unknown, segments: readonly string[], index: number): unknown {
  if (index === segments.length) return value === undefined ? value : REDACTED;
  if (typeof value !== 'object' || value === null) return value;
  const segment = segments[index] as string;
  if (Array.isArray(value)) {
    if (segment !== '[]' && segment !== '*') return value;
    return value.map((item) => redactAt(item, segments, index + 1));
  }
  const record = value as Record<string, unknown>;
  if (segment === '*') {
    const copy: Record<string, unknown> = { ...record };
    for (const key of Object.keys(copy)) copy[key] = redactAt(record[key], segments, index + 1);
    return copy;
  }
  if (!Object.hasOwn(record, segment)) return value;
  return { ...record, [segment]: redactAt(record[segment], segments, index + 1) };
}
