import type { Span } from '@opentelemetry/api';
import type { OtelBinding } from './otel-binding.js';
import { sanitizeError } from './sanitize-error.js';

/**
 * Runs `run` with `span` as the active span, so instrumentation below (an
 * undici or fetch instrumentation) nests under it. If the context manager
 * itself throws before `run` started, the request goes ahead without it.
 */
export function runInSpan<T>(
  binding: OtelBinding<unknown>,
  span: Span | undefined,
  run: () => T,
): T {
  const api = binding.api;
  if (span === undefined || api === undefined) return run();
  let started = false;
  const once = () => {
    started = true;
    return run();
  };
  try {
    return api.context.with(api.trace.setSpan(api.context.active(), span), once);
  } catch (error) {
    if (started) throw error;
    binding.report(error);
    return run();
  }
}

export interface SpanOutcome {
  status: number | undefined;
  errorType: string | undefined;
  failed: boolean;
  error: unknown;
  resends: number;
}

/**
 * Sets the response attributes and status, then ends the span. For CLIENT
 * spans the conventions make 4xx an error too. The thrown error is recorded as
 * an `exception` event with a sanitized message and no stack (`recordException`
 * would copy the raw message and stack, which may hold a signed URL).
 */
export function endSpan(span: Span, outcome: SpanOutcome): void {
  try {
    if (!span.isRecording()) return;
    if (outcome.status !== undefined)
      span.setAttribute('http.response.status_code', outcome.status);
    if (outcome.resends > 0) span.setAttribute('http.request.resend_count', outcome.resends);
    if (outcome.errorType !== undefined) span.setAttribute('error.type', outcome.errorType);
    if (outcome.error !== undefined) {
      const safe = sanitizeError(outcome.error);
      span.addEvent('exception', {
        'exception.type': safe.code ?? safe.name,
        'exception.message': safe.message,
      });
      // SpanStatusCode.ERROR = 2.
      span.setStatus({ code: 2, message: safe.message });
    } else if (outcome.failed) {
      // The conventions leave the description empty when the status code says it all.
      span.setStatus({ code: 2 });
    }
  } finally {
    // Ended even when decorating it failed: an unended span leaks in the SDK's processors.
    span.end();
  }
}
