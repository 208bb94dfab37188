import { samplePattern } from './pattern-sample.js';
import { type Json, resolveRef, typesOf } from './refs.js';
import { validateValue } from './validate.js';

export interface SampleOptions {
  /** `request` leaves out readOnly properties, `response` writeOnly ones. */
  readonly direction: 'request' | 'response';
  /** Varies ids and choices between calls; the same seed always gives the same value. */
  readonly seed: string;
  /** Below this depth only required properties are filled, so recursive schemas end. Default 4. */
  readonly fullDepth?: number;
  /** `required`: the top-level object gets its required properties only (a minimal request). Default `all`. */
  readonly fill?: 'all' | 'required';
}

/**
 * A deterministic value valid against `schema`: the schema's own `example`,
 * `examples[0]` or `default` when they validate, else one built from the
 * types, formats, patterns and bounds. The simulator answers with these and
 * the wire scenario sends them.
 */
export function sampleValue(document: Json, schema: unknown, options: SampleOptions): unknown {
  return sample(document, schema, options, options.seed, 0);
}

function sample(
  document: Json,
  node: unknown,
  options: SampleOptions,
  path: string,
  depth: number,
): unknown {
  const schema = resolveRef(document, node);
  const declared = declaredExample(schema);
  if (declared !== undefined && validateValue(document, schema, declared, '').length === 0)
    return structuredClone(declared);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((value: unknown) => value !== null);
    if (values.length > 0) return values[0];
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged: Json = {};
    for (const part of schema.allOf) {
      const value = sample(document, part, options, path, depth);
      if (typeof value === 'object' && value !== null) Object.assign(merged, value);
    }
    return merged;
  }
  const branch = (schema.oneOf ?? schema.anyOf)?.[0];
  if (branch !== undefined) return sample(document, branch, options, path, depth);
  const { types, nullable } = typesOf(schema);
  const type = types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      return sampleString(schema, path);
    case 'integer':
    case 'number':
      return sampleNumber(schema, type);
    case 'boolean':
      return true;
    case 'array': {
      const scalar = !['object', 'array'].includes(
        typesOf(resolveRef(document, schema.items)).types[0] ?? '',
      );
      // Two items in a request show how the client repeats a list (form `a=1&a=2`); one in a response keeps bodies small.
      const wanted =
        options.direction === 'request' && scalar ? 2 : depth >= (options.fullDepth ?? 4) ? 0 : 1;
      const count = Math.min(
        Math.max(schema.minItems ?? 0, wanted),
        schema.maxItems ?? Number.POSITIVE_INFINITY,
      );
      return Array.from({ length: count }, (_, i) =>
        sample(document, schema.items, options, `${path}[${i}]`, depth + 1),
      );
    }
    case 'object':
      return sampleObject(document, schema, options, path, depth);
    default:
      return nullable ? null : 'sample';
  }
}

function sampleObject(
  document: Json,
  schema: Json,
  options: SampleOptions,
  path: string,
  depth: number,
): Json {
  const out: Json = {};
  const required = new Set<string>(schema.required ?? []);
  const full = depth < (options.fullDepth ?? 4) && !(depth === 0 && options.fill === 'required');
  for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) {
    const resolved = resolveRef(document, property);
    if (options.direction === 'request' && (resolved.readOnly || property.readOnly)) continue;
    if (options.direction === 'response' && (resolved.writeOnly || property.writeOnly)) continue;
    if (!full && !required.has(name)) continue;
    out[name] = sample(document, property, options, `${path}.${name}`, depth + 1);
  }
  return out;
}

function declaredExample(schema: Json): unknown {
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  return schema.default;
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-05-06T07:08:09Z',
  date: '2024-05-06',
  'date-time-rfc-2822': 'Mon, 06 May 2024 07:08:09 +0000',
  uri: 'https://example.com/resource',
  'uri-reference': '/resource',
  url: 'https://example.com/resource',
  email: 'someone@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  'phone-number': '+15017122661',
  'iso-country-code': 'US',
  currency: 'USD',
  'http-method': 'POST',
};

function sampleString(schema: Json, path: string): string {
  if (typeof schema.pattern === 'string') {
    const matched = samplePattern(schema.pattern, chooser(path));
    if (matched !== undefined) return matched;
  }
  let text = FORMAT_SAMPLES[schema.format as string] ?? `${leaf(path)}-sample`;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  if (text.length < min) text = text.padEnd(min, 'x');
  if (text.length > max) text = text.slice(0, max);
  return text;
}

function sampleNumber(schema: Json, type: 'integer' | 'number'): number {
  const low = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const high = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  let value = low ?? (high !== undefined ? Math.min(1, high) : 1);
  if (type === 'integer') value = Math.ceil(value);
  return value;
}

function leaf(path: string): string {
  const name = /([A-Za-z0-9_-]+)(\[\d+\])*$/.exec(path)?.[1] ?? 'value';
  return name.toLowerCase();
}

/** A deterministic choice function seeded by `key` (FNV-1a, then a xorshift stream). */
export function chooser(key: string): (n: number) => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 0x01000193);
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return n <= 1 ? 0 : (state >>> 0) % n;
  };
}
