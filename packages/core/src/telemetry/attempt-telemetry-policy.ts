import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { deriveRequest } from '../internal/body-source.js';
import type { CallContext, Handler } from '../transport/types.js';
import { DEFAULT_ALLOWED_QUERY_PARAMS, type RedactionOptions, toNameSet } from './allow-lists.js';
import { type AttemptInstruments, createAttemptInstruments } from './call-instruments.js';
import type { TelemetryPolicy } from './call-telemetry-policy.js';
import { describeRequest, errorTypeOf, fullUrl, type RequestInfo } from './http-attributes.js';
import { ATTEMPT_EVENT_NAME, ATTRIBUTE_NAMES } from './names.js';
import { OtelBinding, type OtelOptions } from './otel-binding.js';
import { endSpan } from './span-helpers.js';
import { CALL_INFO, CALL_SPAN } from './state-keys.js';

export interface AttemptTelemetryOptions extends OtelOptions {
  /**
   * How attempts show in a trace. `events` (default): one `org.http.attempt`
   * event per attempt on the call span, so a trace holds one span per call.
   * `spans`: one CLIENT child span per attempt, carrying
   * `http.request.resend_count` as the conventions describe for resends.
   * Without a call span (no `callTelemetryPolicy` outside) attempts are spans.
   */
  attempts?: 'events' | 'spans';
  redaction?: Pick<RedactionOptions, 'allowedQueryParams'>;
}

interface AttemptSetup {
  readonly binding: OtelBinding<AttemptInstruments>;
  readonly mode: 'events' | 'spans';
  readonly allowedQuery: ReadonlySet<string>;
}

/**
 * The innermost policy, once per attempt: the `http.client.request.duration`
 * histogram and retries counter, the attempt as a span event or child span,
 * and W3C trace-context propagation: the active propagator injects
 * `traceparent` (and `tracestate`, baggage) into a copy of the request. A new
 * Request is built only when the propagator wrote something.
 */
export function attemptTelemetryPolicy(options: AttemptTelemetryOptions = {}): TelemetryPolicy {
  const setup: AttemptSetup = {
    binding: new OtelBinding(options, createAttemptInstruments),
    mode: options.attempts ?? 'events',
    allowedQuery: toNameSet(options.redaction?.allowedQueryParams ?? DEFAULT_ALLOWED_QUERY_PARAMS),
  };
  return {
    name: 'attemptTelemetry',
    ready: setup.binding.ready,
    wrap(next: Handler): Handler {
      return (request, ctx) => {
        const { binding } = setup;
        if (!binding.enabled) return next(request, ctx);
        const tracer = binding.tracer();
        const instruments = binding.instruments();
        const propagates = binding.propagates();
        if (tracer === undefined && instruments === undefined && !propagates)
          return next(request, ctx);
        return observeAttempt(setup, next, request, ctx, { tracer, instruments, propagates });
      };
    },
  };
}

interface Live {
  readonly tracer: Tracer | undefined;
  readonly instruments: AttemptInstruments | undefined;
  readonly propagates: boolean;
}

async function observeAttempt(
  setup: AttemptSetup,
  next: Handler,
  request: Request,
  ctx: CallContext,
  live: Live,
): Promise<Response> {
  const { binding } = setup;
  const { tracer, instruments, propagates } = live;
  const start = performance.now();
  const info =
    (ctx.state.get(CALL_INFO) as RequestInfo | undefined) ??
    binding.guard(() => describeRequest(request, ctx.operation));
  if (info === undefined) return next(request, ctx);
  const callSpan = ctx.state.get(CALL_SPAN) as Span | undefined;
  const resends = ctx.attempt - 1;
  if (instruments !== undefined && resends > 0) {
    binding.guard(() => instruments.retries.add(1, metricAttributes(info, ctx)));
  }
  const span =
    tracer !== undefined && (setup.mode === 'spans' || callSpan === undefined)
      ? binding.guard(() => startAttemptSpan(setup, tracer, info, callSpan, resends))
      : undefined;
  if (span !== undefined) binding.guard(() => decorateAttemptSpan(setup, span, request, ctx));
  const outgoing = propagates
    ? (binding.guard(() => propagate(setup, span ?? callSpan, request)) ?? request)
    : request;
  let response: Response;
  try {
    response = await next(outgoing, ctx);
  } catch (error) {
    finishAttempt(
      setup,
      { info, ctx, start, span, callSpan, resends, instruments },
      undefined,
      error,
    );
    throw error;
  }
  finishAttempt(
    setup,
    { info, ctx, start, span, callSpan, resends, instruments },
    response,
    undefined,
  );
  return response;
}

function startAttemptSpan(
  setup: AttemptSetup,
  tracer: Tracer,
  info: RequestInfo,
  parent: Span | undefined,
  resends: number,
): Span {
  const { api } = setup.binding;
  const attributes: Attributes = { ...info.attributes };
  if (resends > 0) attributes['http.request.resend_count'] = resends;
  // The parent is passed explicitly: without an async context manager the
  // active context would not carry the call span across the awaits in between.
  const parentContext =
    api === undefined || parent === undefined
      ? undefined
      : api.trace.setSpan(api.context.active(), parent);
  return tracer.startSpan(info.spanName, { kind: 2, attributes }, parentContext);
}

function decorateAttemptSpan(
  setup: AttemptSetup,
  span: Span,
  request: Request,
  ctx: CallContext,
): void {
  if (!span.isRecording()) return;
  // This attempt's own URL: an auth policy inside the call span may have added a query key.
  span.setAttribute('url.full', fullUrl(request.url, setup.allowedQuery));
  span.setAttribute(ATTRIBUTE_NAMES.vendor, ctx.vendor);
  if (ctx.operation !== undefined) span.setAttribute(ATTRIBUTE_NAMES.operationId, ctx.operation.id);
}

function propagate(setup: AttemptSetup, span: Span | undefined, request: Request): Request {
  const api = setup.binding.api;
  if (api === undefined) return request;
  const active = api.context.active();
  const carrier: Record<string, string> = {};
  api.propagation.inject(span === undefined ? active : api.trace.setSpan(active, span), carrier);
  const names = Object.keys(carrier);
  // No propagator registered (the api's default is a no-op): keep the caller's Request as is.
  if (names.length === 0) return request;
  const headers = new Headers(request.headers);
  for (const name of names) headers.set(name, carrier[name] as string);
  return deriveRequest(request, { headers });
}

interface AttemptRecord {
  readonly info: RequestInfo;
  readonly ctx: CallContext;
  readonly start: number;
  readonly span: Span | undefined;
  readonly callSpan: Span | undefined;
  readonly resends: number;
  readonly instruments: AttemptInstruments | undefined;
}

function finishAttempt(
  setup: AttemptSetup,
  attempt: AttemptRecord,
  response: Response | undefined,
  error: unknown,
): void {
  const { binding } = setup;
  const seconds = (performance.now() - attempt.start) / 1000;
  const status = response?.status;
  const failed = response === undefined || response.status >= 400;
  const errorType =
    response === undefined ? errorTypeOf(error) : failed ? String(status) : undefined;
  if (attempt.span !== undefined) {
    const span = attempt.span;
    binding.guard(() =>
      endSpan(span, { status, errorType, failed, error, resends: attempt.resends }),
    );
  } else if (attempt.callSpan !== undefined) {
    const callSpan = attempt.callSpan;
    binding.guard(() => {
      if (!callSpan.isRecording()) return;
      const attributes: Attributes = {
        'http.request.resend_count': attempt.resends,
        [ATTRIBUTE_NAMES.attemptDuration]: seconds,
      };
      if (status !== undefined) attributes['http.response.status_code'] = status;
      if (errorType !== undefined) attributes['error.type'] = errorType;
      callSpan.addEvent(ATTEMPT_EVENT_NAME, attributes);
    });
  }
  if (attempt.instruments !== undefined) {
    const instruments = attempt.instruments;
    binding.guard(() => {
      const attributes = metricAttributes(attempt.info, attempt.ctx);
      if (status !== undefined) attributes['http.response.status_code'] = status;
      if (errorType !== undefined) attributes['error.type'] = errorType;
      instruments.requestDuration.record(seconds, attributes);
    });
  }
}

function metricAttributes(info: RequestInfo, ctx: CallContext): Attributes {
  const attributes: Attributes = { ...info.attributes, [ATTRIBUTE_NAMES.vendor]: ctx.vendor };
  if (ctx.operation !== undefined) attributes[ATTRIBUTE_NAMES.operationId] = ctx.operation.id;
  return attributes;
}
