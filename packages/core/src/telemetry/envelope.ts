import type { EventDataMap, EventType } from './event-types.js';

/**
 * One event, in the CloudEvents 1.0 structured shape
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md), so it
 * can be forwarded as-is to any CloudEvents sink (HTTP binding, Kafka, Event Grid).
 */
export interface TelemetryEvent<T extends EventType = EventType> {
  readonly specversion: '1.0';
  /** Unique per event: a per-bus UUID and a sequence number; `source` + `id` identify it. */
  readonly id: string;
  /** URI-reference of the producer: `<bus source>/<vendor>`, e.g. `/org/core/twilio`. */
  readonly source: string;
  readonly type: T;
  /** RFC 3339 timestamp of when it happened. */
  readonly time: string;
  /** The operation id the event is about, when there is one. */
  readonly subject?: string;
  readonly datacontenttype: 'application/json';
  /** Redacted, JSON-safe and frozen. */
  readonly data: Readonly<EventDataMap[T]>;
}

/** Any event, discriminated on `type`. */
export type AnyTelemetryEvent = { [K in EventType]: TelemetryEvent<K> }[EventType];
