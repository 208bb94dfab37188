/** RFC 6901 JSON pointers into a parsed OpenAPI document. */

export type Doc = Record<string, unknown>;

/** A value and where it sits in its document. */
export interface Located {
  readonly value: any;
  readonly pointer: string;
}

export function escapeToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function child(parent: Located, ...tokens: (string | number)[]): Located {
  let value: any = parent.value;
  for (const token of tokens)
    value = typeof value === 'object' && value !== null ? value[String(token)] : undefined;
  return { value, pointer: `${parent.pointer}${tokens.map((t) => `/${escapeToken(t)}`).join('')}` };
}

export function getPointer(doc: Doc, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Follows local `$ref`s (`#/components/...`) to their target, reporting the
 * target's pointer. External refs are inlined by the spec loader before the
 * diff; one left over is compared as an opaque value.
 */
export function resolve(doc: Doc, located: Located): Located {
  let current = located;
  for (let hops = 0; hops < 32; hops++) {
    const ref = isObject(current.value) ? current.value.$ref : undefined;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return current;
    const pointer = ref.slice(1);
    current = { value: getPointer(doc, pointer), pointer };
  }
  return current;
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every(
    (key) =>
      Object.hasOwn(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
