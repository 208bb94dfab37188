import type { EventSink } from '@org/core/transport';
import type { SendSmsInput, SmsSender } from '../../src/sms/types.js';
import { createMemorySmsSender, type MemorySmsControls } from '../../src/testing/index.js';

export const US: SendSmsInput = { to: '+14155550100', from: '+14155550199', body: 'hello' };
export const IL: SendSmsInput = { to: '+972501234567', senderId: 'Shop', body: 'שלום' };
export const UK: SendSmsInput = { to: '+447700900123', senderId: 'Shop', body: 'hello' };

export interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** An EventSink that keeps what it is given. */
export function recordingSink(): EventSink & { events: RecordedEvent[]; types(): string[] } {
  const events: RecordedEvent[] = [];
  return {
    active: true,
    events,
    emit(type, data) {
      events.push({ type, data });
    },
    types: () => events.map((event) => event.type),
  };
}

/** Memory senders named as given, each with its controls. */
export function memoryAdapters<const Names extends readonly string[]>(
  ...names: Names
): {
  adapters: Record<Names[number], SmsSender>;
  controls: Record<Names[number], MemorySmsControls>;
} {
  const adapters = {} as Record<string, SmsSender>;
  const controls = {} as Record<string, MemorySmsControls>;
  for (const name of names) {
    const made = createMemorySmsSender({ provider: name });
    adapters[name] = made.sender;
    controls[name] = made.controls;
  }
  return { adapters, controls } as never;
}

/** Calls each adapter's vendor received, by name. */
export function callCounts(controls: Record<string, MemorySmsControls>): Record<string, number> {
  return Object.fromEntries(Object.entries(controls).map(([name, c]) => [name, c.requestCount()]));
}

/** A `random` that answers the given values in turn, then fails loudly. */
export function sequence(...values: number[]): () => number {
  let index = 0;
  return () => {
    if (index >= values.length) throw new Error('random() called more often than the test expects');
    return values[index++]!;
  };
}
