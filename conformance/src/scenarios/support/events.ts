import type { EventSink } from '@org/core/transport';

export interface RecordedEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  /** Epoch ms when it was emitted. */
  readonly at: number;
}

/** An EventSink that keeps every event, for scenarios that assert on RetryScheduled and friends. */
export function recordEvents(): { sink: EventSink; events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    sink: {
      active: true,
      emit(type, data) {
        events.push({ type, data, at: performance.timeOrigin + performance.now() });
      },
    },
  };
}
