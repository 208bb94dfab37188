import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import type { CallContext, Handler, OperationInfo, Policy } from '../transport/types.js';
import {
  DEFAULT_ALLOWED_HEADERS,
  DEFAULT_ALLOWED_QUERY_PARAMS,
  type RedactionOptions,
  toNameSet,
} from './allow-lists.js';
import { type CallEventSetup, callEventSetup, emitOutcome } from './call-events.js';
import { type CallInstruments, createCallInstruments } from './call-instruments.js';
import type { UsageUnits } from './event-types.js';
import { describeRequest, errorTypeOf, fullUrl, type RequestInfo } from './http-attributes.js';
import { ATTRIBUTE_NAMES } from './names.js';
import { OtelBinding, type OtelOptions } from './otel-binding.js';
import { listensTo } from './sink-listens.js';
import { endSpan, runInSpan } from './span-helpers.js';
import { CALL_INFO, CALL_SPAN } from './state-keys.js';

/**
 * The pack's cost units for one call, e.g. `{ segments: 2 }` from a Twilio
 * response header or `{ inputTokens, outputTokens }` from an OpenAI body.
 * Read bodies through `response.clone()`: the caller still needs the original.
 */
export type CostUnitsHook = (
  operation: OperationInfo | undefined,
  request: Request,
  response: Response,
) => UsageUnits | undefined;

export interface CallTelemetryOptions extends OtelOptions {
  /** The pack's version, copied into every event and the `org.pack.version` span attribute. */
  packVersion?: string;
  /** Usage metering; see `CostUnitsHook`. Runs only when something records the result. */
  costUnits?: CostUnitsHook;
  /** Response headers the request id is read from, first present wins. Default `DEFAULT_REQUEST_ID_HEADERS`. */
  requestIdHeaders?: readonly string[];
  redaction?: RedactionOptions;
}

/** A policy whose OpenTelemetry api may still be loading; await `ready` to be sure it is bound. */
export type TelemetryPolicy = Policy & { readonly ready: Promise<void> };

export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = [
  'x-request-id',
  'request-id',
  'x-ms-request-id',
  'x-amzn-requestid',
  'x-github-request-id',
  'twilio-request-id',
];

interface CallSetup {
  readonly binding: OtelBinding<CallInstruments>;
  readonly options: CallTelemetryOptions;
  readonly allowedQuery: ReadonlySet<string>;
  readonly events: CallEventSetup;
}

/**
 * The outermost policy: one OpenTelemetry CLIENT span per logical call (all
 * attempts), the `ApiCallSucceeded` / `ApiCallFailed` events, the call
 * duration histogram, call and usage counters, and `DeprecatedOperationCalled`.
 *
 * With no subscriber on the event sink and no OpenTelemetry api bound it
 * hands the request straight on. Every tracing, metrics and hook call is
 * guarded: telemetry observes a request, it never breaks one.
 */
export function callTelemetryPolicy(options: CallTelemetryOptions = {}): TelemetryPolicy {
  const setup: CallSetup = {
    binding: new OtelBinding(options, createCallInstruments),
    options,
    allowedQuery: toNameSet(options.redaction?.allowedQueryParams ?? DEFAULT_ALLOWED_QUERY_PARAMS),
    events: callEventSetup({
      packVersion: options.packVersion,
      allowedHeaders: options.redaction?.allowedHeaders ?? DEFAULT_ALLOWED_HEADERS,
      requestIdHeaders: options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS,
    }),
  };
  return {
    name: 'callTelemetry',
    ready: setup.binding.ready,
    wrap(next: Handler): Handler {
      return (request, ctx) => {
        const { binding } = setup;
        const eventsActive = ctx.events.active;
        if (!binding.enabled && !eventsActive) return next(request, ctx);
        const tracer = binding.enabled ? binding.tracer() : undefined;
        const instruments = binding.enabled ? binding.instruments() : undefined;
        if (tracer === undefined && instruments === undefined && !eventsActive)
          return next(request, ctx);
        return observeCall(setup, next, request, ctx, tracer, instruments, eventsActive);
      };
    },
  };
}

interface CallRecord {
  readonly request: Request;
  readonly ctx: CallContext;
  readonly info: RequestInfo;
  readonly start: number;
  readonly span: Span | undefined;
  readonly instruments: CallInstruments | undefined;
  readonly eventsActive: boolean;
}

async function observeCall(
  setup: CallSetup,
  next: Handler,
  request: Request,
  ctx: CallContext,
  tracer: Tracer | undefined,
  instruments: CallInstruments | undefined,
  eventsActive: boolean,
): Promise<Response> {
  const { binding } = setup;
  const start = performance.now();
  let info: RequestInfo;
  try {
    info = describeRequest(request, ctx.operation);
  } catch (error) {
    binding.report(error);
    return next(request, ctx);
  }
  if (eventsActive && ctx.operation?.deprecated === true) {
    binding.guard(() =>
      ctx.events.emit('DeprecatedOperationCalled', {
        ...baseData(setup, ctx),
        method: info.method,
        urlTemplate: info.urlTemplate,
      }),
    );
  }
  // SpanKind.CLIENT = 2 (a constant, so this file needs the api module for types only).
  const span =
    tracer === undefined
      ? undefined
      : binding.guard(() =>
          tracer.startSpan(info.spanName, { kind: 2, attributes: info.attributes }),
        );
  // Decorated apart from starting, so a span that started is always ended.
  if (span !== undefined) binding.guard(() => decorateCallSpan(setup, span, info, ctx));
  const call: CallRecord = {
    request,
    ctx,
    info,
    start,
    span,
    instruments,
    eventsActive,
  };
  ctx.state.set(CALL_INFO, info);
  if (span !== undefined) ctx.state.set(CALL_SPAN, span);
  let response: Response;
  try {
    response =
      span === undefined
        ? await next(request, ctx)
        : await runInSpan(binding, span, () => next(request, ctx));
  } catch (error) {
    finishCall(setup, call, undefined, error);
    throw error;
  }
  finishCall(setup, call, response, undefined);
  return response;
}

function decorateCallSpan(setup: CallSetup, span: Span, info: RequestInfo, ctx: CallContext): void {
  if (!span.isRecording()) return;
  const attributes: Attributes = {
    'url.full': fullUrl(info.url, setup.allowedQuery),
    [ATTRIBUTE_NAMES.vendor]: ctx.vendor,
  };
  if (ctx.operation !== undefined) attributes[ATTRIBUTE_NAMES.operationId] = ctx.operation.id;
  if (ctx.tenant !== undefined) attributes[ATTRIBUTE_NAMES.tenant] = ctx.tenant;
  if (setup.options.packVersion !== undefined)
    attributes[ATTRIBUTE_NAMES.packVersion] = setup.options.packVersion;
  span.setAttributes(attributes);
}

function finishCall(
  setup: CallSetup,
  call: CallRecord,
  response: Response | undefined,
  error: unknown,
): void {
  const { binding } = setup;
  const { ctx } = call;
  const durationMs = performance.now() - call.start;
  const status = response?.status;
  const failed = response === undefined || response.status >= 400;
  const errorType =
    response === undefined ? errorTypeOf(error) : failed ? String(status) : undefined;
  ctx.state.delete(CALL_SPAN);
  ctx.state.delete(CALL_INFO);
  const usage =
    response !== undefined &&
    setup.options.costUnits !== undefined &&
    (call.eventsActive || call.instruments)
      ? binding.guard(() => readUsage(setup, call, response))
      : undefined;
  if (call.span !== undefined) {
    const span = call.span;
    binding.guard(() => {
      const resends = ctx.attempt - 1;
      endSpan(span, { status, errorType, failed, error, resends });
    });
  }
  if (call.instruments !== undefined) {
    const instruments = call.instruments;
    binding.guard(() =>
      recordCallMetrics(instruments, call, { durationMs, status, errorType, failed, usage }),
    );
  }
  if (call.eventsActive) {
    try {
      // Built only when a subscriber takes it: a bus that listens for other
      // types (rate limits, drift) would drop it in `emit` anyway.
      if (listensTo(ctx.events, failed ? 'ApiCallFailed' : 'ApiCallSucceeded')) {
        emitOutcome(setup.events, call, response, error, durationMs, errorType, usage);
      }
    } catch (failure) {
      binding.report(failure);
    }
  }
}

function recordCallMetrics(
  instruments: CallInstruments,
  call: CallRecord,
  outcome: {
    durationMs: number;
    status?: number;
    errorType?: string;
    failed: boolean;
    usage?: UsageUnits;
  },
): void {
  const { ctx } = call;
  const attributes: Attributes = { ...call.info.attributes, [ATTRIBUTE_NAMES.vendor]: ctx.vendor };
  if (ctx.operation !== undefined) attributes[ATTRIBUTE_NAMES.operationId] = ctx.operation.id;
  if (outcome.status !== undefined) attributes['http.response.status_code'] = outcome.status;
  if (outcome.errorType !== undefined) attributes['error.type'] = outcome.errorType;
  instruments.callDuration.record(outcome.durationMs / 1000, attributes);
  // Tenant is on the counters (spend attribution needs it) but not on the
  // duration histogram, whose bucket series multiply by every attribute value.
  const owner: Attributes = { [ATTRIBUTE_NAMES.vendor]: ctx.vendor };
  if (ctx.tenant !== undefined) owner[ATTRIBUTE_NAMES.tenant] = ctx.tenant;
  if (ctx.operation !== undefined) owner[ATTRIBUTE_NAMES.operationId] = ctx.operation.id;
  instruments.calls.add(1, {
    ...owner,
    [ATTRIBUTE_NAMES.outcome]: outcome.failed ? 'failure' : 'success',
  });
  if (outcome.usage !== undefined) {
    for (const [unit, amount] of Object.entries(outcome.usage)) {
      instruments.usage.add(amount, { ...owner, [ATTRIBUTE_NAMES.usageUnit]: unit });
    }
  }
}

function readUsage(setup: CallSetup, call: CallRecord, response: Response): UsageUnits | undefined {
  const raw = setup.options.costUnits?.(call.ctx.operation, call.request, response);
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const usage: UsageUnits = {};
  let any = false;
  for (const [unit, amount] of Object.entries(raw)) {
    // Counters only go up (OpenTelemetry Counter contract): drop negatives and NaN.
    if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) {
      usage[unit] = amount;
      any = true;
    }
  }
  return any ? usage : undefined;
}

function baseData(setup: CallSetup, ctx: CallContext) {
  return {
    vendor: ctx.vendor,
    packVersion: setup.options.packVersion,
    operationId: ctx.operation?.id,
    tenant: ctx.tenant,
  };
}
