import { CodegenError } from '../errors.js';
import { getAt, parsePointer } from '../internal/json-pointer.js';
import type { PackPagination } from '../pack/schema.js';
import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;
/** RFC 9110 §9.2.2: methods whose repetition has the same effect as one request. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** A `PaginationStyle` of `@org/core/pagination` plus the items field. */
export type OperationPagination = PackPagination extends infer Rule
  ? Rule extends unknown
    ? Omit<Rule, 'operations'>
    : never
  : never;

export interface OperationMetadata {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly idempotent?: boolean;
  readonly requestClass: string;
  readonly deprecated?: true;
  readonly requestContentTypes?: readonly string[];
  readonly pagination?: OperationPagination;
  readonly idempotencyKey?: { readonly in: 'header' | 'body' | 'query'; readonly name: string };
  readonly sensitive?: readonly string[];
}

interface RawOperation {
  readonly path: string;
  readonly method: string;
  readonly operation: Record<string, any>;
  readonly pathItem: Record<string, any>;
}

/** Operations in spec order (paths, then methods in HTTP_METHODS order), minus `exclude`. */
export function listOperations(ctx: PackContext): RawOperation[] {
  const excluded = new Set(ctx.pack.exclude);
  const result: RawOperation[] = [];
  for (const [path, pathItem] of Object.entries<Record<string, any>>(ctx.document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const id = operationId(operation, method, path);
      if (excluded.has(id) || excluded.has(`${method.toUpperCase()} ${path}`)) continue;
      result.push({ path, method, operation, pathItem });
    }
  }
  return result;
}

export function operationId(operation: Record<string, any>, method: string, path: string): string {
  return typeof operation.operationId === 'string'
    ? operation.operationId
    : `${method.toUpperCase()} ${path}`;
}

export function buildOperationTable(ctx: PackContext): OperationMetadata[] {
  const { pack } = ctx;
  const keyByOperation = new Map<string, { in: 'header' | 'body' | 'query'; name: string }>();
  for (const key of pack.idempotency.keys) {
    for (const id of key.operations ?? []) keyByOperation.set(id, { in: key.in, name: key.name });
  }
  const table = listOperations(ctx).map(({ path, method, operation, pathItem }) => {
    const id = operationId(operation, method, path);
    const verb = method.toUpperCase();
    const contentTypes = Object.keys(deref(ctx, operation.requestBody)?.content ?? {});
    const key =
      keyByOperation.get(id) ??
      bodyOrQueryKey(ctx, pack.idempotency.keys, operation, pathItem) ??
      (pack.idempotency.header !== null && !IDEMPOTENT_METHODS.has(verb)
        ? { in: 'header' as const, name: pack.idempotency.header }
        : undefined);
    const entry: OperationMetadata = {
      id,
      method: verb,
      path,
      // Left out when a header key decides per call: core's retry policy lets an
      // explicit flag win over the header (isRetrySafe), so none is written.
      ...(pack.idempotency.operations[id] === undefined && key?.in === 'header'
        ? {}
        : { idempotent: pack.idempotency.operations[id] ?? IDEMPOTENT_METHODS.has(verb) }),
      requestClass:
        pack.requestClasses.operations[id] ??
        (verb === 'GET' || verb === 'HEAD' ? 'read' : 'write'),
      ...(operation.deprecated === true ? { deprecated: true as const } : {}),
      ...(contentTypes.length ? { requestContentTypes: contentTypes } : {}),
      ...paginationOf(ctx, id, method, operation, pathItem),
      ...(key ? { idempotencyKey: key } : {}),
      ...sensitiveOf(ctx, operation, pathItem),
    };
    return entry;
  });
  checkReferencedOperations(ctx, new Set(table.map((op) => op.id)));
  return table;
}

/** Keys without an operation list apply to every operation that has that parameter. */
function bodyOrQueryKey(
  ctx: PackContext,
  keys: PackContext['pack']['idempotency']['keys'],
  operation: Record<string, any>,
  pathItem: Record<string, any>,
): { in: 'header' | 'body' | 'query'; name: string } | undefined {
  for (const key of keys) {
    if (key.operations) continue;
    if (key.in === 'body') {
      for (const media of Object.values<any>(deref(ctx, operation.requestBody)?.content ?? {})) {
        if (deref(ctx, media.schema)?.properties?.[key.name]) return { in: key.in, name: key.name };
      }
    } else if (
      parameters(ctx, operation, pathItem).some((p) => p.in === key.in && p.name === key.name)
    ) {
      return { in: key.in, name: key.name };
    }
  }
  return undefined;
}

function paginationOf(
  ctx: PackContext,
  id: string,
  method: string,
  operation: Record<string, any>,
  pathItem: Record<string, any>,
): { pagination?: OperationPagination } {
  for (const rule of ctx.pack.pagination) {
    const { operations, itemsField: explicitItems, ...style } = rule;
    if (operations ? !operations.includes(id) : method !== 'get') continue;
    const props = deref(ctx, successJsonSchema(ctx, operation))?.properties as
      | Record<string, any>
      | undefined;
    if (!operations && !showsPattern(ctx, rule, props, operation, pathItem)) continue;
    const itemsField =
      explicitItems ??
      Object.entries(props ?? {}).find(([, schema]) => deref(ctx, schema)?.type === 'array')?.[0];
    return {
      pagination: { ...style, ...(itemsField ? { itemsField } : {}) } as OperationPagination,
    };
  }
  return {};
}

/** Whether an operation shows a rule's pattern: the body field or query parameter it reads. */
function showsPattern(
  ctx: PackContext,
  style: PackPagination,
  props: Record<string, any> | undefined,
  operation: Record<string, any>,
  pathItem: Record<string, any>,
): boolean {
  const query = (name: string) =>
    parameters(ctx, operation, pathItem).some((p) => p?.in === 'query' && p.name === name);
  const field = (path: string) => props?.[path.split('.')[0]!] !== undefined;
  switch (style.style) {
    case 'next-url':
      return field(style.nextField);
    case 'cursor':
      return field(style.cursorField) && query(style.cursorParam);
    case 'page':
      return query(style.pageParam);
    case 'offset':
      return query(style.offsetParam);
    case 'continuation-token':
      return query(style.tokenParam ?? 'continuationToken');
    case 'link':
      return successHeaders(ctx, operation).some((name) => name.toLowerCase() === 'link');
  }
}

/**
 * Fields whose values must never reach logs, events or spans: `format:
 * password`, `writeOnly` and `x-sensitive: true`, in parameters, request
 * bodies and 2xx JSON responses, as `query.X`, `body.A.B`, `response.items[].x`.
 */
function sensitiveOf(
  ctx: PackContext,
  operation: Record<string, any>,
  pathItem: Record<string, any>,
): { sensitive?: string[] } {
  const found = new Set<string>();
  for (const parameter of parameters(ctx, operation, pathItem)) {
    if (parameter['x-sensitive'] === true || isSensitive(deref(ctx, parameter.schema))) {
      found.add(`${parameter.in}.${parameter.name}`);
    }
  }
  for (const media of Object.values<any>(deref(ctx, operation.requestBody)?.content ?? {})) {
    collectSensitive(ctx, media.schema, 'body', found, 0, new Set());
  }
  collectSensitive(ctx, successJsonSchema(ctx, operation), 'response', found, 0, new Set());
  return found.size ? { sensitive: [...found] } : {};
}

const MAX_DEPTH = 6;

function collectSensitive(
  ctx: PackContext,
  schemaOrRef: unknown,
  prefix: string,
  found: Set<string>,
  depth: number,
  seen: Set<unknown>,
): void {
  const schema = deref(ctx, schemaOrRef);
  if (!schema || depth > MAX_DEPTH || seen.has(schema)) return;
  seen.add(schema);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    collectSensitive(ctx, part, prefix, found, depth + 1, seen);
  }
  if (schema.items) collectSensitive(ctx, schema.items, `${prefix}[]`, found, depth + 1, seen);
  for (const [name, propOrRef] of Object.entries<any>(schema.properties ?? {})) {
    const prop = deref(ctx, propOrRef);
    const field = `${prefix}.${name}`;
    // A $ref with siblings (OpenAPI 3.1) may carry x-sensitive next to it.
    if (isSensitive(prop) || isSensitive(propOrRef)) found.add(field);
    else collectSensitive(ctx, prop, field, found, depth + 1, seen);
  }
  seen.delete(schema);
}

function isSensitive(schema: any): boolean {
  return (
    !!schema &&
    (schema.format === 'password' || schema.writeOnly === true || schema['x-sensitive'] === true)
  );
}

function successHeaders(ctx: PackContext, operation: Record<string, any>): string[] {
  for (const [status, responseOrRef] of Object.entries<any>(operation.responses ?? {})) {
    if (/^2/.test(status)) return Object.keys(deref(ctx, responseOrRef)?.headers ?? {});
  }
  return [];
}

function successJsonSchema(ctx: PackContext, operation: Record<string, any>): unknown {
  for (const [status, responseOrRef] of Object.entries<any>(operation.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const content = deref(ctx, responseOrRef)?.content ?? {};
    const json = Object.keys(content).find((type) => /[/+]json\b/.test(type));
    if (json) return content[json].schema;
  }
  return undefined;
}

function parameters(
  ctx: PackContext,
  operation: Record<string, any>,
  pathItem: Record<string, any>,
): any[] {
  return [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    deref(ctx, p),
  );
}

/** Follows local `$ref`s (validated earlier, so they resolve). */
export function deref(ctx: PackContext, value: any): any {
  let node = value;
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 32; hops++) {
    node = getAt(ctx.document, parsePointer(node.$ref));
  }
  return node;
}

function checkReferencedOperations(ctx: PackContext, ids: Set<string>): void {
  const { pack } = ctx;
  const refs: [string, string][] = [
    ...Object.entries(pack.capabilities).map(([cap, id]): [string, string] => [
      `capabilities.${cap}`,
      id,
    ]),
    ...pack.usage.map((u, i): [string, string] => [`usage.${i}.operation`, u.operation]),
    ...Object.keys(pack.idempotency.operations).map((id): [string, string] => [
      `idempotency.operations.${id}`,
      id,
    ]),
    ...pack.pagination.flatMap((p, i) =>
      (p.operations ?? []).map((id, j): [string, string] => [
        `pagination.${i}.operations.${j}`,
        id,
      ]),
    ),
  ];
  for (const [field, id] of refs) {
    if (!ids.has(id)) {
      throw new CodegenError(`operation "${id}" is not in the spec (or is excluded)`, {
        file: `${ctx.specDir}/pack.yaml`,
        field,
      });
    }
  }
}

export function renderOperations(ctx: PackContext, table: readonly OperationMetadata[]): string {
  // One JSON row per line, parsed when the module loads: V8 reads JSON text
  // faster than the same data written as object literals
  // (https://v8.dev/blog/cost-of-javascript-2019#json), which took ~0.4 ms off
  // the cold import of @org/twilio-client and its 580-row table. String.raw
  // keeps the JSON's backslash escapes as they are; a row with a backtick or
  // `${` (none in today's specs) falls back to a JSON string literal.
  const json = `[\n${table.map((op) => JSON.stringify(op)).join(',\n')}\n]`;
  const literal =
    json.includes('`') || json.includes('${') ? JSON.stringify(json) : `String.raw\`${json}\``;
  return `${tsBanner(ctx)}import type { OperationMetadata } from '@org/core/client';

export type { OperationMetadata };

export const operationTable: readonly OperationMetadata[] = JSON.parse(${literal});
`;
}
