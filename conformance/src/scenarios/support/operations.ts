import type { CallResult, OperationRow, PackClient, PackUnderTest } from '../../pack/types.js';
import type { Json } from '../../schema/refs.js';
import { sampleValue } from '../../schema/sample.js';
import type { Route } from '../../simulator/routes.js';
import type { Simulator } from '../../simulator/simulator.js';

/** Arguments of one openapi-fetch call, built from the spec. */
export interface CallArgs {
  readonly path: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body?: unknown;
}

/**
 * A spec-valid request for an operation, deterministic per operation.
 * `full` (the wire scenario): every query parameter the spec declares (odd
 * names such as `DateSent<` included) and every body field, so their
 * encoding is exercised. `minimal` (every other scenario, where the payload
 * is not the point): required query parameters and required body fields.
 */
export function callArgs(
  document: Json,
  route: Route,
  fill: 'full' | 'minimal' = 'minimal',
): CallArgs {
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  for (const param of route.parameters) {
    const value = sampleValue(document, param.schema ?? { type: 'string' }, {
      direction: 'request',
      seed: `${route.operationId}.${param.name}`,
    });
    if (param.in === 'path') path[param.name] = String(value);
    else if (fill === 'minimal' && !param.required) continue;
    // Paging tokens are the server's to hand out; a made-up one asks for a page that never existed.
    else if (param.in === 'query' && !/token|cursor/i.test(param.name)) query[param.name] = value;
  }
  const mediaType = route.body ? Object.keys(route.body.content)[0] : undefined;
  if (mediaType === undefined) return { path, query };
  const body = sampleValue(document, route.body?.content[mediaType] ?? {}, {
    direction: 'request',
    seed: `${route.operationId}.body`,
    fill: fill === 'full' ? 'all' : 'required',
  });
  return { path, query, body };
}

/** Calls the operation through the generated client, by method and path template. */
export function invoke(
  client: PackClient,
  route: Route,
  args: CallArgs,
  extra: Record<string, unknown> = {},
): Promise<CallResult> {
  const method = client[route.method] as (
    path: string,
    init?: Record<string, unknown>,
  ) => Promise<CallResult>;
  if (typeof method !== 'function') throw new Error(`the client has no ${route.method} method`);
  return method(route.template, {
    params: { path: args.path, query: args.query },
    ...(args.body === undefined ? {} : { body: args.body }),
    ...extra,
  });
}

export function routeOf(simulator: Simulator, operationId: string): Route {
  const route = simulator.routes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`the spec has no operation ${operationId}`);
  return route;
}

/** Capability operations first (the ones apps use), then table order: picks are stable and meaningful. */
function ranked(pack: PackUnderTest): OperationRow[] {
  const preferred = new Set(Object.values(pack.pack.capabilities ?? {}));
  return [...pack.operations].sort(
    (a, b) => Number(preferred.has(b.id)) - Number(preferred.has(a.id)),
  );
}

/**
 * The operation to aim faults at: preferably a retry-safe read (a GET with
 * a JSON body that is not a list, paging being its own scenario); a pack with no such read (a send-only API)
 * gets its first operation with a JSON answer, and the scenarios expect
 * what the policy does with an unsafe call.
 */
export function pickTarget(pack: PackUnderTest, simulator: Simulator): Route {
  const fits = (op: OperationRow) => routeOf(simulator, op.id).success.mediaType !== undefined;
  const all = ranked(pack);
  const reads = all.filter((op) => op.method === 'GET');
  const op =
    reads.find((c) => !c.pagination && fits(c)) ?? reads.find(fits) ?? all.find(fits) ?? all[0];
  if (!op) throw new Error('the pack has no operation');
  return routeOf(simulator, op.id);
}

/** RFC 9110 §9.2.2 methods, unless the operation table says otherwise. */
export function isRetrySafe(pack: PackUnderTest, route: Route): boolean {
  const row = pack.operations.find((op) => op.id === route.operationId);
  if (row?.idempotent !== undefined) return row.idempotent;
  return ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'].includes(route.method);
}

/** A non-idempotent write the vendor takes no idempotency key for (a POST that must never repeat). */
export function pickUnsafeWrite(pack: PackUnderTest, simulator: Simulator): Route | undefined {
  const op = ranked(pack).find(
    (candidate) =>
      !['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(candidate.method) &&
      candidate.idempotent !== true &&
      !candidate.idempotencyKey,
  );
  return op ? routeOf(simulator, op.id) : undefined;
}

/** A write that takes an idempotency key, with the key's place. */
export function pickKeyedWrite(
  pack: PackUnderTest,
  simulator: Simulator,
): { route: Route; key: NonNullable<OperationRow['idempotencyKey']> } | undefined {
  const header = pack.pack.idempotency?.header;
  for (const op of ranked(pack)) {
    if (['GET', 'HEAD', 'OPTIONS'].includes(op.method)) continue;
    const key = op.idempotencyKey ?? (header ? { in: 'header' as const, name: header } : undefined);
    if (key) return { route: routeOf(simulator, op.id), key };
  }
  return undefined;
}
