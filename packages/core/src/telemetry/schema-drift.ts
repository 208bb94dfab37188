/** JSON Schema type names, plus OpenAPI 3.0's `integer` (a number with no fraction). */
export type JsonSchemaType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'object'
  | 'array'
  | 'null';

/**
 * The subset of JSON Schema (and OpenAPI 3.0/3.1 Schema Object) the drift check
 * reads: `type`, `nullable`, `required`, `enum`, `properties`, `items`, `allOf`,
 * `anyOf`, `oneOf`. Other keywords are ignored, so a spec's schemas can be
 * passed as they are (dereferenced: `$ref` is not followed).
 */
export interface JsonSchema {
  type?: JsonSchemaType | readonly JsonSchemaType[];
  /** OpenAPI 3.0: `null` is allowed too. */
  nullable?: boolean;
  required?: readonly string[];
  enum?: readonly unknown[];
  properties?: Readonly<Record<string, JsonSchema>>;
  items?: JsonSchema;
  allOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  format?: string;
  writeOnly?: boolean;
  'x-sensitive'?: boolean;
  readonly [keyword: string]: unknown;
}

/**
 * One difference between a response and its schema. Only the path and type
 * names: a value from the body never appears, since bodies may hold secrets.
 */
export type DriftIssue = {
  /** JSONPath-style location, e.g. `$.messages[0].status`. Keys come from the schema, not the body. */
  path: string;
  kind: 'type' | 'required' | 'enum' | 'invalid-json' | 'content-type' | 'schema';
  expected?: string;
  received?: string;
  /**
   * True for differences a client must survive: an enum value the spec does not
   * list yet (vendors add them without a new API version). Strict mode ignores
   * tolerated issues; report mode includes them.
   */
  tolerated?: boolean;
};

const MAX_ISSUES = 20;
const MAX_DEPTH = 64;

/**
 * Compares a parsed JSON value with a schema and lists the differences (at
 * most 20). Extra properties are not drift: vendors add fields in minor
 * releases. An unknown enum value is a tolerated issue.
 */
export function findSchemaDrift(schema: JsonSchema, value: unknown): DriftIssue[] {
  const issues: DriftIssue[] = [];
  check(schema, value, '$', issues, 0);
  return issues;
}

function check(
  schema: JsonSchema,
  value: unknown,
  path: string,
  issues: DriftIssue[],
  depth: number,
): void {
  if (issues.length >= MAX_ISSUES || depth > MAX_DEPTH) return;
  if (schema.allOf !== undefined) {
    for (const part of schema.allOf) check(part, value, path, issues, depth + 1);
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    // oneOf is read as anyOf: telling "matches two" apart is validation, not drift.
    checkAlternatives(alternatives, value, path, issues, depth);
  }
  const received = typeOf(value);
  if (value === null && schema.nullable === true) return;
  const types =
    schema.type === undefined
      ? undefined
      : typeof schema.type === 'string'
        ? [schema.type]
        : schema.type;
  if (
    types !== undefined &&
    types.length > 0 &&
    !types.some((type) => matches(type, value, received))
  ) {
    issues.push({ path, kind: 'type', expected: types.join(' | '), received });
    return;
  }
  if (
    schema.enum !== undefined &&
    schema.enum.length > 0 &&
    !schema.enum.some((item) => item === value)
  ) {
    const knownKind = schema.enum.some((item) => typeOf(item) === received);
    issues.push(
      knownKind
        ? {
            path,
            kind: 'enum',
            expected: 'a listed enum value',
            received: `unlisted ${received}`,
            tolerated: true,
          }
        : {
            path,
            kind: 'type',
            expected: `enum of ${[...new Set(schema.enum.map(typeOf))].join(' | ')}`,
            received,
          },
    );
    return;
  }
  if (received === 'object')
    checkObject(schema, value as Record<string, unknown>, path, issues, depth);
  else if (received === 'array' && schema.items !== undefined) {
    const items = value as unknown[];
    for (let i = 0; i < items.length && issues.length < MAX_ISSUES; i++) {
      check(schema.items, items[i], `${path}[${i}]`, issues, depth + 1);
    }
  }
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  issues: DriftIssue[],
  depth: number,
): void {
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name))
      issues.push({ path: join(path, name), kind: 'required', expected: 'present' });
  }
  if (schema.properties === undefined) return;
  // Only keys the schema names are walked, so a path never carries a key taken from the body.
  for (const [name, child] of Object.entries(schema.properties)) {
    if (Object.hasOwn(value, name) && value[name] !== undefined) {
      check(child, value[name], join(path, name), issues, depth + 1);
    }
  }
}

function checkAlternatives(
  alternatives: readonly JsonSchema[],
  value: unknown,
  path: string,
  issues: DriftIssue[],
  depth: number,
): void {
  let best: DriftIssue[] | undefined;
  for (const alternative of alternatives) {
    const found: DriftIssue[] = [];
    check(alternative, value, path, found, depth + 1);
    if (found.every((issue) => issue.tolerated === true)) {
      if (best === undefined || found.length < best.length) best = found;
    }
  }
  if (best !== undefined) {
    issues.push(...best);
    return;
  }
  issues.push({
    path,
    kind: 'schema',
    expected: `one of ${alternatives.length} schemas`,
    received: typeOf(value),
  });
}

function matches(type: JsonSchemaType, value: unknown, received: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return type === received || (type === 'number' && received === 'integer');
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function join(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}
