import type { Histogram, Meter } from '@opentelemetry/api';
import type { EventBus } from './event-bus.js';
import { ATTRIBUTE_NAMES, METRIC_NAMES } from './names.js';
import { OtelBinding, type OtelOptions } from './otel-binding.js';

/** A running bridge from bus events to metrics. */
export interface EventMetricsRecorder {
  /** Settles once the lazily imported OpenTelemetry api is bound (or known absent). */
  readonly ready: Promise<void>;
  /** Unsubscribes from the bus. */
  stop(): void;
}

interface EventInstruments {
  readonly rateLimitWait: Histogram;
}

function createEventInstruments(meter: Meter): EventInstruments {
  return {
    rateLimitWait: meter.createHistogram(METRIC_NAMES.rateLimitWait, {
      unit: 's',
      description: 'Time calls waited for rate-limit capacity (local pacing or a vendor 429).',
      advice: { explicitBucketBoundaries: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] },
    }),
  };
}

/**
 * Records the `org.client.rate_limit.wait.duration` histogram from the bus's
 * `RateLimitHit` events. The wait happens inside the rate-limit policy, which
 * reports it only as an event; subscribing here keeps that policy free of
 * any OpenTelemetry code. Subscribing makes the bus active.
 */
export function recordEventMetrics(bus: EventBus, options: OtelOptions = {}): EventMetricsRecorder {
  const binding = new OtelBinding(options, createEventInstruments);
  const stop = bus.on('RateLimitHit', (event) => {
    const instruments = binding.instruments();
    if (instruments === undefined) return;
    const { data } = event;
    if (!Number.isFinite(data.waitMs) || data.waitMs < 0) return;
    binding.guard(() => {
      const attributes: Record<string, string> = { [ATTRIBUTE_NAMES.vendor]: data.vendor };
      if (data.operationId !== undefined)
        attributes[ATTRIBUTE_NAMES.operationId] = data.operationId;
      if (data.source !== undefined) attributes[ATTRIBUTE_NAMES.rateLimitSource] = data.source;
      instruments.rateLimitWait.record(data.waitMs / 1000, attributes);
    });
  });
  return { ready: binding.ready, stop };
}
