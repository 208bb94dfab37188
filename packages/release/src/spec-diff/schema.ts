import { CONSTRAINT_KEYS, compareConstraints } from './constraints.js';
import type { DiffContext } from './context.js';
import { child, deepEqual, isObject, type Located, resolve } from './pointer.js';

/** Which way a schema's values travel: a caller builds requests and reads responses. */
export type Direction = 'request' | 'response';

const HANDLED = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
  'deprecated',
  ...CONSTRAINT_KEYS,
]);

/**
 * Compares the schema at `before` (released spec) with the one at `after`
 * (current spec), following `$ref`s on both sides. Property rules depend on
 * the direction: a new required field breaks callers that build the request,
 * a removed field breaks callers that read the response.
 */
export function compareSchema(
  ctx: DiffContext,
  before: Located,
  after: Located,
  direction: Direction,
): void {
  const a = resolve(ctx.before, before);
  const b = resolve(ctx.after, after);
  ctx.once(`${a.pointer}|${b.pointer}|${direction}`, () => {
    if (!isObject(a.value) || !isObject(b.value)) {
      // Boolean schemas (OpenAPI 3.1) or a missing one: only equality is meaningful.
      if (!deepEqual(a.value, b.value))
        ctx.report(
          'type-changed',
          b.pointer,
          `schema changed from ${show(a.value)} to ${show(b.value)}`,
        );
      return;
    }
    compareTypes(ctx, a, b);
    compareEnum(ctx, a, b);
    compareConstraints(ctx, a, b);
    compareProperties(ctx, a, b, direction);
    compareAdditionalProperties(ctx, a, b, direction);
    compareItems(ctx, a, b, direction);
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const)
      compareVariants(ctx, a, b, key, direction);
    if (Boolean(a.value.deprecated) !== Boolean(b.value.deprecated)) {
      ctx.report(
        'deprecated',
        child(b, 'deprecated').pointer,
        b.value.deprecated ? 'schema deprecated' : 'schema no longer deprecated',
      );
    }
    ctx.rest(a, b, HANDLED, 'schema');
  });
}

/** The JSON types a schema admits; `undefined` when it admits any. `nullable` (3.0) adds null. */
function typesOf(schema: Record<string, any>): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  const types = new Set<string>(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (schema.nullable === true) types.add('null');
  return types;
}

/** Whether every type in `inner` is admitted by `outer` (an integer is a number). */
function admits(outer: Set<string> | undefined, inner: Set<string> | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return [...inner].every((t) => outer.has(t) || (t === 'integer' && outer.has('number')));
}

function compareTypes(ctx: DiffContext, a: Located, b: Located): void {
  const before = typesOf(a.value);
  const after = typesOf(b.value);
  const wider = admits(after, before);
  const narrower = admits(before, after);
  if (wider && narrower) return;
  // Point at the keyword that was edited: `nullable` (3.0) when `type` itself is unchanged.
  const key = deepEqual(a.value.type, b.value.type) ? 'nullable' : 'type';
  const at = child(key in b.value ? b : a, key).pointer;
  const message = `type ${showTypes(before)} became ${showTypes(after)}`;
  if (wider) ctx.report('type-widened', at, message);
  else if (narrower) ctx.report('type-narrowed', at, message);
  else ctx.report('type-changed', at, message);
}

function enumOf(schema: Record<string, any>): Map<string, unknown> | undefined {
  const values = Array.isArray(schema.enum)
    ? schema.enum
    : 'const' in schema
      ? [schema.const]
      : undefined;
  return values && new Map(values.map((value: unknown) => [JSON.stringify(value), value]));
}

function compareEnum(ctx: DiffContext, a: Located, b: Located): void {
  const before = enumOf(a.value);
  const after = enumOf(b.value);
  if (!before && !after) return;
  const key = (loc: Located) => ('enum' in loc.value ? 'enum' : 'const');
  if (!before) {
    ctx.report('enum-introduced', child(b, key(b)).pointer, `values restricted to ${list(after!)}`);
    return;
  }
  if (!after) {
    ctx.report(
      'enum-dropped',
      child(a, key(a)).pointer,
      `values no longer restricted to ${list(before)}`,
    );
    return;
  }
  const removed = [...before.keys()].filter((value) => !after.has(value));
  const added = [...after.keys()].filter((value) => !before.has(value));
  if (removed.length)
    ctx.report(
      'enum-value-removed',
      child(b, key(b)).pointer,
      `enum value(s) ${removed.join(', ')} removed`,
    );
  if (added.length)
    ctx.report(
      'enum-value-added',
      child(b, key(b)).pointer,
      `enum value(s) ${added.join(', ')} added`,
    );
}

function compareProperties(ctx: DiffContext, a: Located, b: Located, direction: Direction): void {
  const before: Record<string, unknown> = isObject(a.value.properties) ? a.value.properties : {};
  const after: Record<string, unknown> = isObject(b.value.properties) ? b.value.properties : {};
  const wasRequired = new Set<string>(Array.isArray(a.value.required) ? a.value.required : []);
  const isRequired = new Set<string>(Array.isArray(b.value.required) ? b.value.required : []);
  const side = direction === 'request' ? 'request' : 'response';
  for (const name of Object.keys(before)) {
    if (name in after) continue;
    const at = child(a, 'properties', name).pointer;
    ctx.report(`${side}-field-removed`, at, `${side} field "${name}" removed`);
  }
  for (const name of Object.keys(after)) {
    const at = child(b, 'properties', name).pointer;
    if (!(name in before)) {
      if (direction === 'response')
        ctx.report('response-field-added', at, `response field "${name}" added`);
      else if (isRequired.has(name))
        ctx.report('required-request-field-added', at, `required request field "${name}" added`);
      else ctx.report('optional-request-field-added', at, `optional request field "${name}" added`);
      continue;
    }
    const was = wasRequired.has(name);
    const is = isRequired.has(name);
    if (was !== is) {
      const kind = is ? `${side}-field-became-required` : `${side}-field-became-optional`;
      ctx.report(
        kind as 'request-field-became-required',
        at,
        `${side} field "${name}" became ${is ? 'required' : 'optional'}`,
      );
    }
    compareSchema(ctx, child(a, 'properties', name), child(b, 'properties', name), direction);
  }
}

/** false < a schema < absent or true: how much an object may carry beyond its properties. */
function openness(value: unknown): number {
  if (value === false) return 0;
  return value === undefined || value === true ? 2 : 1;
}

function compareAdditionalProperties(
  ctx: DiffContext,
  a: Located,
  b: Located,
  direction: Direction,
): void {
  const before = child(a, 'additionalProperties');
  const after = child(b, 'additionalProperties');
  const from = openness(before.value);
  const to = openness(after.value);
  if (from === 1 && to === 1) compareSchema(ctx, before, after, direction);
  else if (to < from)
    ctx.report('constraint-tightened', after.pointer, 'additionalProperties restricted');
  else if (to > from)
    ctx.report('constraint-relaxed', after.pointer, 'additionalProperties allowed');
}

function compareItems(ctx: DiffContext, a: Located, b: Located, direction: Direction): void {
  const before = child(a, 'items');
  const after = child(b, 'items');
  if (isObject(before.value) && isObject(after.value)) compareSchema(ctx, before, after, direction);
  else if (before.value === undefined && after.value !== undefined)
    ctx.report('constraint-tightened', after.pointer, 'array items restricted');
  else if (before.value !== undefined && after.value === undefined)
    ctx.report('constraint-relaxed', before.pointer, 'array items no longer restricted');
  else if (!deepEqual(before.value, after.value))
    ctx.report('type-changed', after.pointer, 'array items changed');
}

/**
 * oneOf/anyOf variants and allOf members. Members are paired by `$ref`, then
 * identical inline members, then the remaining inline members in order, so
 * reordering is no change. A variant removed narrows what is accepted; an
 * allOf member added adds constraints.
 */
function compareVariants(
  ctx: DiffContext,
  a: Located,
  b: Located,
  key: 'oneOf' | 'anyOf' | 'allOf',
  direction: Direction,
): void {
  const before = members(child(a, key));
  const after = members(child(b, key));
  if (before.length === 0 && after.length === 0) return;
  const [lessKind, moreKind] =
    key === 'allOf'
      ? (['constraint-relaxed', 'constraint-tightened'] as const)
      : (['type-narrowed', 'type-widened'] as const);
  const unmatched = new Set(after);
  const leftovers: Located[] = [];
  for (const member of before) {
    const ref = refOf(member);
    const match = [...unmatched].find((other) =>
      ref === undefined
        ? refOf(other) === undefined && deepEqual(other.value, member.value)
        : refOf(other) === ref,
    );
    if (match) {
      unmatched.delete(match);
      if (ref !== undefined) compareSchema(ctx, member, match, direction);
    } else if (ref !== undefined) {
      ctx.report(lessKind, member.pointer, `${key} member ${ref} removed`);
    } else {
      leftovers.push(member);
    }
  }
  const inline = [...unmatched].filter((member) => refOf(member) === undefined);
  leftovers.forEach((member, index) => {
    const match = inline[index];
    if (match) {
      unmatched.delete(match);
      compareSchema(ctx, member, match, direction);
    } else {
      ctx.report(lessKind, member.pointer, `${key} member ${show(member.value)} removed`);
    }
  });
  for (const member of unmatched) {
    ctx.report(
      moreKind,
      member.pointer,
      `${key} member ${refOf(member) ?? show(member.value)} added`,
    );
  }
}

function members(list: Located): Located[] {
  return Array.isArray(list.value) ? list.value.map((_: unknown, i: number) => child(list, i)) : [];
}

function refOf(member: Located): string | undefined {
  return isObject(member.value) && typeof member.value.$ref === 'string'
    ? member.value.$ref
    : undefined;
}

function showTypes(types: Set<string> | undefined): string {
  return types ? [...types].sort().join('|') : 'any';
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function list(values: Map<string, unknown>): string {
  return `[${[...values.keys()].join(', ')}]`;
}
