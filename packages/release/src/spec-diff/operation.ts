import type { DiffContext } from './context.js';
import { child, deepEqual, isObject, type Located, resolve } from './pointer.js';
import { compareSchema, type Direction } from './schema.js';

const OPERATION_HANDLED = new Set([
  'operationId',
  'security',
  'deprecated',
  'parameters',
  'requestBody',
  'responses',
]);
const PARAMETER_HANDLED = new Set(['name', 'in', 'required', 'schema', 'content', 'deprecated']);
const BODY_HANDLED = new Set(['required', 'content']);
const RESPONSE_HANDLED = new Set(['content', 'headers']);
const MEDIA_HANDLED = new Set(['schema']);
const HEADER_HANDLED = new Set(['schema', 'required', 'content']);

/** Both sides of one operation plus the path items holding their shared parameters. */
export interface OperationPair {
  readonly before: Located;
  readonly after: Located;
  readonly beforeItem: Located;
  readonly afterItem: Located;
}

export function compareOperation(ctx: DiffContext, pair: OperationPair): void {
  const { before, after } = pair;
  const idBefore = before.value.operationId;
  const idAfter = after.value.operationId;
  if (idBefore !== idAfter) {
    // The generated package exports `operations` keyed by operationId.
    if (idBefore === undefined)
      ctx.report(
        'operation-id-added',
        child(after, 'operationId').pointer,
        `operationId "${idAfter}" added`,
      );
    else
      ctx.report(
        'operation-id-changed',
        child(after, 'operationId').pointer,
        `operationId "${idBefore}" became ${idAfter === undefined ? 'unset' : `"${idAfter}"`}`,
      );
  }
  const securityBefore = before.value.security ?? ctx.before.security;
  const securityAfter = after.value.security ?? ctx.after.security;
  if (!deepEqual(securityBefore, securityAfter)) {
    const at = after.value.security !== undefined ? child(after, 'security').pointer : '/security';
    ctx.report('security-changed', at, 'security requirements changed');
  }
  if (Boolean(before.value.deprecated) !== Boolean(after.value.deprecated)) {
    ctx.report(
      'deprecated',
      child(after, 'deprecated').pointer,
      after.value.deprecated ? 'operation deprecated' : 'operation no longer deprecated',
    );
  }
  compareParameters(ctx, pair);
  compareRequestBody(ctx, child(before, 'requestBody'), child(after, 'requestBody'));
  compareResponses(ctx, child(before, 'responses'), child(after, 'responses'));
  ctx.rest(before, after, OPERATION_HANDLED, 'operation');
}

/**
 * Path-item parameters merged with the operation's, which override them by
 * location and name (OpenAPI 3.1, Path Item Object `parameters`). Header
 * names are case-insensitive (RFC 9110, section 5.1).
 */
function parametersOf(
  ctx: DiffContext,
  side: 'before' | 'after',
  item: Located,
  op: Located,
): Map<string, Located> {
  const doc = side === 'before' ? ctx.before : ctx.after;
  const merged = new Map<string, Located>();
  for (const owner of [item, op]) {
    const list = child(owner, 'parameters');
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((_: unknown, index: number) => {
      const param = resolve(doc, child(list, index));
      if (!isObject(param.value)) return;
      const name = String(param.value.name);
      const key = `${param.value.in} ${param.value.in === 'header' ? name.toLowerCase() : name}`;
      merged.set(key, param);
    });
  }
  return merged;
}

function compareParameters(ctx: DiffContext, pair: OperationPair): void {
  const before = parametersOf(ctx, 'before', pair.beforeItem, pair.before);
  const after = parametersOf(ctx, 'after', pair.afterItem, pair.after);
  for (const [key, param] of before) {
    if (!after.has(key)) ctx.report('parameter-removed', param.pointer, `parameter ${key} removed`);
  }
  for (const [key, param] of after) {
    const old = before.get(key);
    // Path parameters are always required (OpenAPI 3.1, Parameter Object `required`).
    const required = param.value.required === true || param.value.in === 'path';
    if (!old) {
      ctx.report(
        required ? 'required-parameter-added' : 'optional-parameter-added',
        param.pointer,
        `${required ? 'required' : 'optional'} parameter ${key} added`,
      );
      continue;
    }
    const wasRequired = old.value.required === true || old.value.in === 'path';
    if (wasRequired !== required) {
      ctx.report(
        required ? 'parameter-became-required' : 'parameter-became-optional',
        child(param, 'required').pointer,
        `parameter ${key} became ${required ? 'required' : 'optional'}`,
      );
    }
    if (Boolean(old.value.deprecated) !== Boolean(param.value.deprecated)) {
      ctx.report(
        'deprecated',
        child(param, 'deprecated').pointer,
        `parameter ${key} ${param.value.deprecated ? 'deprecated' : 'no longer deprecated'}`,
      );
    }
    compareSchema(ctx, child(old, 'schema'), child(param, 'schema'), 'request');
    compareContent(ctx, child(old, 'content'), child(param, 'content'), 'request');
    ctx.rest(old, param, PARAMETER_HANDLED, `parameter ${key}`);
  }
}

function compareRequestBody(ctx: DiffContext, beforeRef: Located, afterRef: Located): void {
  const before = resolve(ctx.before, beforeRef);
  const after = resolve(ctx.after, afterRef);
  if (!isObject(before.value) && !isObject(after.value)) return;
  if (!isObject(after.value)) {
    ctx.report('request-body-removed', before.pointer, 'request body removed');
    return;
  }
  const required = after.value.required === true;
  if (!isObject(before.value)) {
    ctx.report(
      required ? 'request-body-added-required' : 'request-body-added-optional',
      after.pointer,
      `${required ? 'required' : 'optional'} request body added`,
    );
    return;
  }
  if ((before.value.required === true) !== required) {
    ctx.report(
      required ? 'request-body-became-required' : 'request-body-became-optional',
      child(after, 'required').pointer,
      `request body became ${required ? 'required' : 'optional'}`,
    );
  }
  compareContent(ctx, child(before, 'content'), child(after, 'content'), 'request');
  ctx.rest(before, after, BODY_HANDLED, 'request body');
}

function compareResponses(ctx: DiffContext, before: Located, after: Located): void {
  const a: Record<string, unknown> = isObject(before.value) ? before.value : {};
  const b: Record<string, unknown> = isObject(after.value) ? after.value : {};
  for (const status of Object.keys(a)) {
    if (!(status in b))
      ctx.report('response-removed', child(before, status).pointer, `response ${status} removed`);
  }
  for (const status of Object.keys(b)) {
    if (!(status in a)) {
      ctx.report('response-added', child(after, status).pointer, `response ${status} added`);
      continue;
    }
    const old = resolve(ctx.before, child(before, status));
    const now = resolve(ctx.after, child(after, status));
    compareContent(ctx, child(old, 'content'), child(now, 'content'), 'response');
    compareHeaders(ctx, child(old, 'headers'), child(now, 'headers'));
    ctx.rest(old, now, RESPONSE_HANDLED, `response ${status}`);
  }
}

function compareHeaders(ctx: DiffContext, before: Located, after: Located): void {
  const a = byLowerName(before);
  const b = byLowerName(after);
  for (const [name, loc] of a) {
    if (!b.has(name))
      ctx.report('response-field-removed', loc.pointer, `response header ${name} removed`);
  }
  for (const [name, loc] of b) {
    const old = a.get(name);
    if (!old) {
      ctx.report('response-field-added', loc.pointer, `response header ${name} added`);
      continue;
    }
    const was = resolve(ctx.before, old);
    const now = resolve(ctx.after, loc);
    if (was.value?.required === true && now.value?.required !== true) {
      ctx.report(
        'response-field-became-optional',
        child(now, 'required').pointer,
        `response header ${name} became optional`,
      );
    }
    compareSchema(ctx, child(was, 'schema'), child(now, 'schema'), 'response');
    ctx.rest(was, now, HEADER_HANDLED, `response header ${name}`);
  }
}

function byLowerName(headers: Located): Map<string, Located> {
  const map = new Map<string, Located>();
  if (!isObject(headers.value)) return map;
  for (const name of Object.keys(headers.value)) map.set(name.toLowerCase(), child(headers, name));
  return map;
}

function compareContent(
  ctx: DiffContext,
  before: Located,
  after: Located,
  direction: Direction,
): void {
  const a: Record<string, unknown> = isObject(before.value) ? before.value : {};
  const b: Record<string, unknown> = isObject(after.value) ? after.value : {};
  for (const media of Object.keys(a)) {
    if (!(media in b))
      ctx.report(
        'media-type-removed',
        child(before, media).pointer,
        `${direction} media type ${media} removed`,
      );
  }
  for (const media of Object.keys(b)) {
    if (!(media in a)) {
      ctx.report(
        'media-type-added',
        child(after, media).pointer,
        `${direction} media type ${media} added`,
      );
      continue;
    }
    const old = child(before, media);
    const now = child(after, media);
    compareSchema(ctx, child(old, 'schema'), child(now, 'schema'), direction);
    ctx.rest(old, now, MEDIA_HANDLED, `${direction} ${media}`);
  }
}
