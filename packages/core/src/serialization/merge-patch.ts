import { isPlainObject } from './plain-object.js';

/**
 * Applies an RFC 7396 JSON Merge Patch and returns the result, following the
 * MergePatch algorithm of §2 exactly: an object patch merges member by member,
 * a `null` member removes that member, and any other patch value (array,
 * string, number, boolean, null) replaces the target outright. Arrays are
 * never merged element-wise.
 *
 * Pure: neither argument is mutated, and the result shares no object or
 * array with either, so changing it cannot reach back into a spec or overlay.
 * Keys such as `__proto__` are copied as plain data, never as prototypes.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = {};
  // Members keep the target's order, new ones follow in the patch's order, so
  // overlays applied by codegen give byte-identical output run after run.
  if (isPlainObject(target)) {
    for (const key of Object.keys(target)) {
      if (!Object.hasOwn(patch, key)) {
        setOwn(result, key, cloneJson(target[key]));
      } else if (patch[key] !== null) {
        setOwn(result, key, applyMergePatch(target[key], patch[key]));
      }
    }
  }
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null || Object.hasOwn(result, key)) continue;
    setOwn(result, key, applyMergePatch(undefined, value));
  }
  return result;
}

/**
 * Builds the merge patch that turns `source` into `target`: changed members
 * are set, removed ones are `null`. Useful for sending a PATCH with only the
 * differences. A `null` inside `target` cannot be expressed (RFC 7396 §1) and
 * is sent as a removal.
 */
export function createMergePatch(source: unknown, target: unknown): unknown {
  if (!isPlainObject(source) || !isPlainObject(target)) return cloneJson(target);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(target, key)) setOwn(patch, key, null);
  }
  for (const key of Object.keys(target)) {
    const next = target[key];
    if (Object.hasOwn(source, key) && jsonEqual(source[key], next)) continue;
    setOwn(
      patch,
      key,
      Object.hasOwn(source, key) ? createMergePatch(source[key], next) : cloneJson(next),
    );
  }
  return patch;
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(copy, key, cloneJson(value[key]));
    return copy;
  }
  return value;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
