import type { JsonSchema } from './schema-drift.js';

const MAX_DEPTH = 32;

/**
 * The `redactFields` paths of every property a schema marks sensitive:
 * `format: password` or `writeOnly: true` (OpenAPI Schema Object), or
 * `x-sensitive: true` (an overlay for vendors whose spec forgets). Codegen
 * runs it over each operation's request schema to build the metadata table
 * `EventBus({ sensitiveFields })` reads. `prefix` roots the paths, e.g. `body`.
 */
export function findSensitivePaths(schema: JsonSchema, prefix = ''): string[] {
  const found = new Set<string>();
  walk(schema, prefix, found, new Set(), 0);
  return [...found];
}

function walk(
  schema: JsonSchema,
  path: string,
  found: Set<string>,
  seen: Set<JsonSchema>,
  depth: number,
): void {
  if (depth > MAX_DEPTH || seen.has(schema)) return;
  if (path !== '' && isSensitive(schema)) {
    found.add(path);
    return;
  }
  seen.add(schema);
  for (const part of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    walk(part, path, found, seen, depth + 1);
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    walk(child, path === '' ? name : `${path}.${name}`, found, seen, depth + 1);
  }
  if (schema.items !== undefined) walk(schema.items, `${path}[]`, found, seen, depth + 1);
  seen.delete(schema);
}

function isSensitive(schema: JsonSchema): boolean {
  return (
    schema.format === 'password' || schema.writeOnly === true || schema['x-sensitive'] === true
  );
}
