import { type Json, resolveRef } from './refs.js';

/** The value at a dotted path (`meta.next`), or undefined. */
export function getPath(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

/** Sets the value at a dotted path, creating objects on the way; `undefined` deletes the leaf. */
export function setPath(target: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof current[key] !== 'object' || current[key] === null) current[key] = {};
    current = current[key];
  }
  const last = keys.at(-1) as string;
  if (value === undefined) delete current[last];
  else current[last] = value;
}

/** The schema of the property at a dotted path, following refs and allOf parts. */
export function schemaAtPath(document: Json, schema: unknown, dotted: string): Json | undefined {
  let current: Json | undefined = resolveRef(document, schema);
  for (const key of dotted.split('.')) {
    if (!current) return undefined;
    current = propertyOf(document, current, key);
  }
  return current;
}

function propertyOf(document: Json, schema: Json, key: string): Json | undefined {
  const direct = schema.properties?.[key];
  if (direct) return resolveRef(document, direct);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const found = propertyOf(document, resolveRef(document, part), key);
    if (found) return found;
  }
  return undefined;
}
