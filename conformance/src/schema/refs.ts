/** An OpenAPI document or schema node: plain JSON, read loosely. */
export type Json = Record<string, any>;

/**
 * Follows a local `$ref` (`#/components/schemas/x`, RFC 6901 pointer) to its
 * target, repeatedly, so a chain of aliases resolves in one call. External
 * refs were inlined when the spec was loaded, so anything else is a spec error.
 */
export function resolveRef(document: Json, node: unknown): Json {
  let current = node as Json;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${String(current.$ref)}`);
    current = pointer(document, current.$ref) as Json;
  }
  return current ?? {};
}

const cache = new WeakMap<Json, Map<string, unknown>>();

function pointer(document: Json, ref: string): unknown {
  let byRef = cache.get(document);
  if (!byRef) {
    byRef = new Map();
    cache.set(document, byRef);
  }
  if (byRef.has(ref)) return byRef.get(ref);
  if (!ref.startsWith('#/'))
    throw new Error(`unsupported $ref ${ref}: only local refs are resolved`);
  let value: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    value = (value as Json | undefined)?.[key];
    if (value === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  byRef.set(ref, value);
  return value;
}

/** The schema's declared types, OpenAPI 3.0 (`type` + `nullable`) and 3.1 (`type: [..., 'null']`) alike. */
export function typesOf(schema: Json): { types: string[]; nullable: boolean } {
  const raw = schema.type;
  const list: string[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const nullable = schema.nullable === true || list.includes('null');
  return { types: list.filter((type) => type !== 'null'), nullable };
}
