import { InvalidResponseError } from '../errors/kinds.js';
import { isStandardSchema, type StandardSchemaV1 } from '../internal/standard-schema.js';
import type { CallContext, Handler, OperationInfo, Policy } from '../transport/types.js';
import type { ResponseDriftDetectedData } from './event-types.js';
import { type DriftIssue, findSchemaDrift, type JsonSchema } from './schema-drift.js';

/** A response schema: the spec's (dereferenced) JSON schema, or any Standard Schema validator (zod 4, valibot). */
export type ResponseSchema = JsonSchema | StandardSchemaV1;

/**
 * Response schemas per operation id, then per status: an exact code (`"200"`),
 * a range (`"2XX"`) or `"default"`, as in an OpenAPI Responses Object.
 */
export type ResponseSchemaTable = Readonly<
  Record<string, Readonly<Record<string, ResponseSchema>>>
>;

export type ResponseSchemaResolver = (
  operation: OperationInfo,
  status: number,
) => ResponseSchema | undefined;

export interface ResponseDriftOptions {
  schemas: ResponseSchemaTable | ResponseSchemaResolver;
  /**
   * `report` (default, production): validation runs beside the call on a
   * clone, emits `ResponseDriftDetected`, never delays or fails the call, and
   * is skipped when nothing subscribes. `strict` (tests, conformance): the
   * call waits for validation and throws `InvalidResponseError` on drift.
   * Unknown enum values are tolerated in both modes.
   */
  mode?: 'report' | 'strict';
  packVersion?: string;
  /** Told when a report-mode check fails unexpectedly; the request never is. */
  onTelemetryError?: (error: unknown) => void;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const MAX_MESSAGE_ISSUES = 5;

/**
 * Checks JSON responses against the spec's response schemas. Place it inside
 * `callTelemetryPolicy` (so a strict failure is an `ApiCallFailed`) and outside
 * retry (only the final response is checked). Operations without a schema,
 * and report mode with no subscriber, cost one lookup.
 */
export function responseDriftPolicy(options: ResponseDriftOptions): Policy {
  const strict = options.mode === 'strict';
  const resolve = toResolver(options.schemas);
  const table = typeof options.schemas === 'function' ? undefined : options.schemas;
  return {
    name: 'responseDrift',
    wrap(next: Handler): Handler {
      return async (request, ctx) => {
        const operation = ctx.operation;
        if (operation === undefined || (!strict && !ctx.events.active)) return next(request, ctx);
        if (table !== undefined && table[operation.id] === undefined) return next(request, ctx);
        const response = await next(request, ctx);
        const schema = resolve(operation, response.status);
        // No body to check: HEAD, 204, 304, or an explicitly empty one.
        if (
          schema === undefined ||
          response.body === null ||
          response.headers.get('content-length') === '0'
        ) {
          return response;
        }
        if (!strict) {
          check(schema, response).then(
            (issues) => {
              if (issues.length > 0)
                emitDrift(ctx, options, operation, response.status, 'report', issues);
            },
            (error: unknown) => report(options, error),
          );
          return response;
        }
        const issues = (await check(schema, response)).filter((issue) => issue.tolerated !== true);
        if (issues.length === 0) return response;
        emitDrift(ctx, options, operation, response.status, 'strict', issues);
        throw driftError(operation, response.status, issues);
      };
    },
  };
}

/**
 * Starts checking `response`. Only a JSON response is cloned, synchronously,
 * before the caller can read the original; any other media type is an issue
 * found from the headers alone, so a stream (SSE, a download) is never read
 * or buffered here.
 */
function check(schema: ResponseSchema, response: Response): Promise<DriftIssue[]> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    const mediaType = contentType.split(';')[0]?.trim() || 'none';
    return Promise.resolve([
      {
        path: '$',
        kind: 'content-type',
        expected: 'application/json',
        received: mediaType.slice(0, 100),
      },
    ]);
  }
  return validateBody(schema, response.clone());
}

async function validateBody(schema: ResponseSchema, copy: Response): Promise<DriftIssue[]> {
  const text = await copy.text();
  if (text === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The SyntaxError is dropped on purpose: V8 quotes the body in its message.
    return [{ path: '$', kind: 'invalid-json', expected: 'JSON' }];
  }
  if (!isStandardSchema(schema)) return findSchemaDrift(schema, value);
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined) return [];
  // Only the path: a validator's message may quote the value it rejected.
  return result.issues
    .slice(0, 20)
    .map((issue) => ({ path: standardPath(issue.path), kind: 'schema' as const }));
}

function toResolver(schemas: ResponseSchemaTable | ResponseSchemaResolver): ResponseSchemaResolver {
  if (typeof schemas === 'function') return schemas;
  return (operation, status) => {
    const byStatus = schemas[operation.id];
    if (byStatus === undefined) return undefined;
    return byStatus[String(status)] ?? byStatus[`${String(status)[0]}XX`] ?? byStatus.default;
  };
}

function standardPath(path: StandardSchemaPath | undefined): string {
  let out = '$';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}

type StandardSchemaPath = ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;

function emitDrift(
  ctx: CallContext,
  options: ResponseDriftOptions,
  operation: OperationInfo,
  status: number,
  mode: 'strict' | 'report',
  issues: DriftIssue[],
): void {
  if (!ctx.events.active) return;
  try {
    const data: ResponseDriftDetectedData = {
      vendor: ctx.vendor,
      packVersion: options.packVersion,
      operationId: operation.id,
      tenant: ctx.tenant,
      status,
      mode,
      issues,
    };
    ctx.events.emit('ResponseDriftDetected', data);
  } catch (error) {
    report(options, error);
  }
}

function driftError(
  operation: OperationInfo,
  status: number,
  issues: DriftIssue[],
): InvalidResponseError {
  const listed = issues.slice(0, MAX_MESSAGE_ISSUES).map(describeIssue).join('; ');
  const more =
    issues.length > MAX_MESSAGE_ISSUES ? `; and ${issues.length - MAX_MESSAGE_ISSUES} more` : '';
  return new InvalidResponseError(
    `The ${status} response of ${operation.id} does not match the spec: ${listed}${more}. ` +
      "The vendor's API has drifted from the pinned spec: update the spec (or its overlay) and regenerate, " +
      'or run drift checks in report mode.',
    { details: { status, issues: issues.length } },
  );
}

function describeIssue(issue: DriftIssue): string {
  switch (issue.kind) {
    case 'required':
      return `${issue.path} is missing`;
    case 'invalid-json':
      return `${issue.path} is not valid JSON`;
    case 'schema':
      return issue.expected === undefined
        ? `${issue.path} is invalid`
        : `${issue.path}: expected ${issue.expected}, got ${issue.received}`;
    default:
      return `${issue.path}: expected ${issue.expected}, got ${issue.received}`;
  }
}

function report(options: ResponseDriftOptions, error: unknown): void {
  try {
    options.onTelemetryError?.(error);
  } catch {
    // Never rethrown: report mode must not fail the call or leave an unhandled rejection.
  }
}
