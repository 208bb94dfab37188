import * as otel from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { attemptTelemetryPolicy, callTelemetryPolicy, EventBus } from '@org/core/telemetry';

export interface TelemetryRig {
  /** Pass as the client's `telemetry` option. */
  readonly telemetry: { call: unknown; attempt: unknown };
  /** Pass as the client's `events` option. */
  readonly events: EventBus;
  /** CloudEvents envelopes received, in order. */
  readonly received: Array<{ type: string; data: Record<string, unknown> }>;
  spans(): ReadableSpan[];
  shutdown(): Promise<void>;
}

/**
 * The real OpenTelemetry SDK with an in-memory exporter, handed to core's
 * call and attempt telemetry policies through `tracerProvider` (nothing is
 * registered globally), and an EventBus recording every event.
 */
export async function telemetryRig(packVersion: string): Promise<TelemetryRig> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const call = callTelemetryPolicy({ packVersion, otel, tracerProvider: provider });
  const attempt = attemptTelemetryPolicy({ attempts: 'spans', otel, tracerProvider: provider });
  await Promise.all([call.ready, attempt.ready]);
  const events = new EventBus();
  const received: TelemetryRig['received'] = [];
  events.onAny((event) => {
    received.push({ type: event.type, data: event.data as Record<string, unknown> });
  });
  return {
    telemetry: { call, attempt },
    events,
    received,
    spans: () => exporter.getFinishedSpans(),
    shutdown: () => provider.shutdown(),
  };
}
