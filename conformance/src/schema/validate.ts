import { formatProblem } from './formats.js';
import { type Json, resolveRef, typesOf } from './refs.js';

/** One way a value does not match its schema. Messages name types and rules, never values. */
export interface SchemaIssue {
  /** Where, e.g. `body.MediaUrl[1]` or `query.PageSize`. */
  readonly path: string;
  readonly message: string;
}

export interface ValidateOptions {
  /**
   * Values came from a form body, a query string or a path: they are strings
   * (or lists of strings for a repeated name) to be read as the schema's
   * type, as OpenAPI's `form` style serializes them.
   */
  readonly strings?: boolean;
  /**
   * Report properties the schema does not declare (when it declares some and
   * says nothing of `additionalProperties`). A client must never invent
   * fields; a server may add them, so responses are checked without this.
   */
  readonly closed?: boolean;
}

/**
 * Validates `value` against the JSON Schema subset OpenAPI 3.0/3.1 uses:
 * `type` (+ `nullable`), `enum`, `const`, `required`, `properties`,
 * `additionalProperties`, `items`, `minItems`/`maxItems`,
 * `minLength`/`maxLength`/`pattern`, `minimum`/`maximum`, `format`
 * (date-time, date and uri, read loosely), `allOf`/`anyOf`/`oneOf` and local
 * `$ref`s. Unknown keywords are ignored, as JSON Schema asks.
 */
export function validateValue(
  document: Json,
  schema: unknown,
  value: unknown,
  path: string,
  options: ValidateOptions = {},
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(document, schema, value, path, options, issues, 0);
  return issues;
}

function check(
  document: Json,
  node: unknown,
  value: unknown,
  path: string,
  options: ValidateOptions,
  issues: SchemaIssue[],
  depth: number,
): void {
  if (node === undefined || node === true || depth > 64) return;
  const schema = resolveRef(document, node);
  if (value === null) {
    const { types, nullable } = typesOf(schema);
    if (!nullable && types.length > 0 && schema.enum?.includes(null) !== true)
      issues.push({
        path,
        message: `is null; the schema does not allow null (${types.join('|')})`,
      });
    return;
  }
  // Each allOf part sees only its own properties: closedness is judged once, on the union.
  const open = options.closed ? { ...options, closed: false } : options;
  for (const part of schema.allOf ?? [])
    check(document, part, value, path, open, issues, depth + 1);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches: unknown[] | undefined = schema[keyword];
    if (!branches?.length) continue;
    const matching = branches.filter(
      (branch) => validateValue(document, branch, value, path, options).length === 0,
    ).length;
    if (matching === 0) issues.push({ path, message: `matches none of the ${keyword} schemas` });
    // A string read from a form can satisfy several branches (`"1"` as string and integer): only JSON values are held to exactly one.
    else if (keyword === 'oneOf' && matching > 1 && !options.strings)
      issues.push({ path, message: `matches ${matching} oneOf schemas; exactly one must match` });
  }
  const typed = readAs(schema, value, options);
  if (typed.issue) {
    issues.push({ path, message: typed.issue });
    return;
  }
  const actual = typed.value;
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed: unknown) => equal(allowed, actual)))
    issues.push({ path, message: `is not one of the ${schema.enum.length} enum values` });
  if ('const' in schema && !equal(schema.const, actual))
    issues.push({ path, message: 'differs from the schema const' });
  if (typeof actual === 'string') checkString(schema, actual, path, issues);
  else if (typeof actual === 'number') checkNumber(schema, actual, path, issues);
  else if (Array.isArray(actual)) {
    if (typeof schema.minItems === 'number' && actual.length < schema.minItems)
      issues.push({
        path,
        message: `has ${actual.length} items; at least ${schema.minItems} required`,
      });
    if (typeof schema.maxItems === 'number' && actual.length > schema.maxItems)
      issues.push({
        path,
        message: `has ${actual.length} items; at most ${schema.maxItems} allowed`,
      });
    for (const [i, item] of actual.entries())
      check(document, schema.items, item, `${path}[${i}]`, options, issues, depth + 1);
  } else if (typeof actual === 'object' && actual !== null) {
    checkObject(document, schema, actual as Json, path, options, issues, depth);
  }
}

function checkObject(
  document: Json,
  schema: Json,
  value: Json,
  path: string,
  options: ValidateOptions,
  issues: SchemaIssue[],
  depth: number,
): void {
  const properties: Json = schema.properties ?? {};
  const declared = new Set(Object.keys(properties));
  for (const part of schema.allOf ?? [])
    for (const name of Object.keys(resolveRef(document, part).properties ?? {})) declared.add(name);
  for (const name of schema.required ?? []) {
    if (value[name] === undefined)
      issues.push({ path: join(path, name), message: 'is required but missing' });
  }
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (name in properties) {
      check(document, properties[name], item, join(path, name), options, issues, depth + 1);
      continue;
    }
    if (declared.has(name)) continue;
    const extra = schema.additionalProperties;
    if (extra === false || (extra === undefined && options.closed && declared.size > 0))
      issues.push({ path: join(path, name), message: 'is not a property the schema declares' });
    else if (typeof extra === 'object')
      check(document, extra, item, join(path, name), options, issues, depth + 1);
  }
}

function checkString(schema: Json, value: string, path: string, issues: SchemaIssue[]): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength)
    issues.push({
      path,
      message: `is ${length} characters; at least ${schema.minLength} required`,
    });
  if (typeof schema.maxLength === 'number' && length > schema.maxLength)
    issues.push({ path, message: `is ${length} characters; at most ${schema.maxLength} allowed` });
  if (typeof schema.pattern === 'string' && !patternOf(schema.pattern).test(value))
    issues.push({ path, message: `does not match the pattern ${schema.pattern}` });
  const problem = formatProblem(schema.format, value);
  if (problem) issues.push({ path, message: problem });
}

function checkNumber(schema: Json, value: number, path: string, issues: SchemaIssue[]): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum)
    issues.push({ path, message: `is below the minimum ${schema.minimum}` });
  if (typeof schema.maximum === 'number' && value > schema.maximum)
    issues.push({ path, message: `is above the maximum ${schema.maximum}` });
}

type Typed = { value: unknown; issue?: undefined } | { value?: undefined; issue: string };

/** The value as the schema's type: JSON values as they are, form strings parsed. */
function readAs(schema: Json, value: unknown, options: ValidateOptions): Typed {
  const { types } = typesOf(schema);
  if (types.length === 0) return { value };
  for (const type of types) {
    const read = options.strings ? fromString(type, value) : value;
    if (read !== NO_MATCH && matchesType(type, read)) return { value: read };
  }
  return { issue: `is ${describe(value)}; the schema wants ${types.join(' or ')}` };
}

const NO_MATCH = Symbol('no-match');

function fromString(type: string, value: unknown): unknown {
  if (type === 'array') return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.length === 1 ? fromString(type, value[0]) : NO_MATCH;
  if (typeof value !== 'string') return value;
  if (type === 'integer' || type === 'number') {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : NO_MATCH;
  }
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : NO_MATCH;
  return value;
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    // ECMA-262 dialect, unanchored, as JSON Schema defines `pattern`.
    pattern = new RegExp(source, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
}

function equal(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function join(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}
