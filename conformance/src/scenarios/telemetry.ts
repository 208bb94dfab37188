import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { statusOf } from '../simulator/bodies.js';
import type { Route } from '../simulator/routes.js';
import type { SimulatorFault } from '../simulator/simulator.js';
import { expectedRetry } from './support/client.js';
import { Findings } from './support/findings.js';
import { callArgs, invoke, isRetrySafe, pickTarget } from './support/operations.js';
import { telemetryRig } from './support/otel.js';
import { settle } from './support/outcome.js';
import type { Scenario } from './types.js';

/** OpenTelemetry HTTP client semantic conventions plus the core's own attributes, on every call span. */
export const REQUIRED_SPAN_ATTRIBUTES = [
  'http.request.method',
  'server.address',
  'server.port',
  'url.template',
  'url.full',
  'org.vendor',
  'org.operation.id',
] as const;

const SPAN_KIND_CLIENT = 2;

interface Call {
  readonly name: string;
  readonly faults: SimulatorFault[];
  /** What the call ends with: a status, or a thrown error (no status). */
  readonly status?: number;
  readonly attempts: number;
  readonly failed: boolean;
}

/**
 * Four calls through the pack's client with core's call and attempt
 * telemetry on the real OpenTelemetry SDK: a success, a success after one
 * retry, an error status and a network failure. Every call must produce one
 * CLIENT span named `{method} {url.template}` carrying the HTTP semantic
 * convention attributes, one child span per attempt, and the matching
 * ApiCallSucceeded / ApiCallFailed / RetryScheduled events with vendor,
 * operation, template, status and attempt.
 */
export const telemetryScenario: Scenario = {
  id: 'telemetry',
  title: 'Telemetry: events and spans carry the required attributes',
  async run(ctx) {
    const findings = new Findings();
    const policy = expectedRetry(ctx.pack);
    const rig = await telemetryRig(ctx.pack.version);
    const simulator = await ctx.simulator();
    const route = pickTarget(ctx.pack, simulator);
    const client = ctx.client(simulator, { events: rig.events, telemetry: rig.telemetry });
    const safe = isRetrySafe(ctx.pack, route);
    const ok = statusOf(route.success.status);
    // Re-sent by the policy: a 503 on a retry-safe operation, a 429 (refused before processing) on any.
    const resent = safe ? 503 : 429;
    const planned: Call[] = [
      { name: 'success', faults: [], status: ok, attempts: 1, failed: false },
      {
        name: 'success after a retry',
        faults: [{ kind: 'status', status: resent }],
        status: ok,
        attempts: policy.retryStatuses.includes(resent) && policy.maxAttempts > 1 ? 2 : 1,
        failed: false,
      },
      {
        name: 'error status',
        faults: [{ kind: 'status', status: 404 }],
        status: 404,
        attempts: 1,
        failed: true,
      },
      {
        name: 'network failure',
        faults: Array.from({ length: policy.maxAttempts }, () => ({ kind: 'reset' }) as const),
        attempts: safe && policy.retryNetworkErrors ? policy.maxAttempts : 1,
        failed: true,
      },
    ];
    const calls = planned.filter(
      (call) => call.name !== 'success after a retry' || call.attempts === 2,
    );
    for (const call of calls) {
      simulator.fault(route.operationId, ...call.faults);
      await settle(() => invoke(client, route, callArgs(ctx.pack.document, route)));
    }
    const spans = rig.spans();
    await rig.shutdown();
    const callEvents = rig.received.filter(
      (e) => e.type === 'ApiCallSucceeded' || e.type === 'ApiCallFailed',
    );
    if (spans.length === 0 && callEvents.length === 0) {
      findings.fail(
        `${ctx.pack.factoryName} installed no telemetry: no span and no ApiCallSucceeded/ApiCallFailed event came out of ${calls.length} calls. The generated factory must pass its \`telemetry\` option ({ call, attempt } policies of @org/core/telemetry) to createApiClient.`,
      );
      return findings.outcome({ spans: 0, events: rig.received.length });
    }
    checkEvents(findings, callEvents, calls, route, ctx.pack.id, ctx.pack.version);
    const retries = rig.received.filter((e) => e.type === 'RetryScheduled');
    findings.expect(
      retries.length === calls.reduce((n, c) => n + c.attempts - 1, 0),
      `${retries.length} RetryScheduled events for ${calls.reduce((n, c) => n + c.attempts - 1, 0)} retries`,
    );
    checkSpans(findings, spans, calls, route);
    return findings.outcome(
      { spans: spans.length, events: rig.received.length },
      `${spans.length} spans and ${rig.received.length} events from ${calls.length} calls: required attributes present`,
    );
  },
};

function checkEvents(
  findings: Findings,
  events: Array<{ type: string; data: Record<string, unknown> }>,
  calls: readonly Call[],
  route: Route,
  vendor: string,
  packVersion: string,
): void {
  if (
    !findings.expect(
      events.length === calls.length,
      `${events.length} ApiCall* events for ${calls.length} calls`,
    )
  )
    return;
  events.forEach((event, i) => {
    const call = calls[i] as Call;
    const where = `${call.name}: ${event.type}`;
    findings.expect(
      event.type === (call.failed ? 'ApiCallFailed' : 'ApiCallSucceeded'),
      `${call.name}: got ${event.type}`,
    );
    const d = event.data;
    findings.expect(
      d.vendor === vendor,
      `${where}.vendor is ${String(d.vendor)}, expected ${vendor}`,
    );
    findings.expect(
      d.packVersion === packVersion,
      `${where}.packVersion is ${String(d.packVersion)}, expected ${packVersion}`,
    );
    findings.expect(
      d.operationId === route.operationId,
      `${where}.operationId is ${String(d.operationId)}`,
    );
    findings.expect(d.method === route.method, `${where}.method is ${String(d.method)}`);
    findings.expect(
      d.urlTemplate === route.template,
      `${where}.urlTemplate is ${String(d.urlTemplate)}`,
    );
    findings.expect(
      d.status === call.status,
      `${where}.status is ${String(d.status)}, expected ${String(call.status)}`,
    );
    findings.expect(
      d.attempt === call.attempts,
      `${where}.attempt is ${String(d.attempt)}, expected ${call.attempts}`,
    );
    findings.expect(
      typeof d.durationMs === 'number' && d.durationMs >= 0,
      `${where}.durationMs is missing`,
    );
    if (call.failed)
      findings.expect(
        typeof d.errorType === 'string' && d.errorType !== '',
        `${where}.errorType is missing`,
      );
  });
}

function checkSpans(
  findings: Findings,
  spans: readonly ReadableSpan[],
  calls: readonly Call[],
  route: Route,
): void {
  const roots = spans.filter((span) => !span.parentSpanContext);
  const children = spans.filter((span) => span.parentSpanContext);
  if (
    !findings.expect(
      roots.length === calls.length,
      `${roots.length} call spans for ${calls.length} calls`,
    )
  )
    return;
  const attempts = calls.reduce((n, c) => n + c.attempts, 0);
  findings.expect(
    children.length === attempts,
    `${children.length} attempt spans for ${attempts} attempts`,
  );
  const ordered = [...roots].sort((a, b) => hr(a.startTime) - hr(b.startTime));
  ordered.forEach((span, i) => {
    const call = calls[i] as Call;
    const where = `${call.name} span`;
    findings.expect(
      span.name === `${route.method} ${route.template}`,
      `${where} is named "${span.name}", expected "${route.method} ${route.template}"`,
    );
    findings.expect(span.kind === SPAN_KIND_CLIENT, `${where} is not a CLIENT span`);
    const missing = REQUIRED_SPAN_ATTRIBUTES.filter((name) => span.attributes[name] === undefined);
    findings.expect(missing.length === 0, `${where} lacks ${missing.join(', ')}`);
    findings.expect(
      span.attributes['url.template'] === route.template,
      `${where} url.template is ${String(span.attributes['url.template'])}`,
    );
    if (call.status !== undefined)
      findings.expect(
        span.attributes['http.response.status_code'] === call.status,
        `${where} http.response.status_code is ${String(span.attributes['http.response.status_code'])}, expected ${call.status}`,
      );
    if (call.failed)
      findings.expect(span.attributes['error.type'] !== undefined, `${where} lacks error.type`);
    if (call.attempts > 1)
      findings.expect(
        span.attributes['http.request.resend_count'] === call.attempts - 1,
        `${where} http.request.resend_count is ${String(span.attributes['http.request.resend_count'])}, expected ${call.attempts - 1}`,
      );
  });
}

function hr(time: [number, number]): number {
  return time[0] * 1e9 + time[1];
}
