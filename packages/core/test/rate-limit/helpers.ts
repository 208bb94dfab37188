import { Call } from '../../src/transport/context.js';
import type { EventSink, OperationInfo } from '../../src/transport/types.js';

export const T0 = Date.parse('2026-11-21T10:00:00.000Z');

/** Events kept in order, with `active` on. */
export function recordingEvents(): EventSink & {
  events: { type: string; data: Record<string, unknown> }[];
} {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  return {
    active: true,
    events,
    emit(type, data) {
      events.push({ type, data });
    },
  };
}

const SILENT: EventSink = { active: false, emit() {} };

/** A real CallContext (the transport's own class), deadline relative to now. */
export function callContext(
  options: {
    vendor?: string;
    tenant?: string;
    operation?: OperationInfo;
    signal?: AbortSignal;
    deadlineMs?: number;
    events?: EventSink;
  } = {},
): Call {
  return new Call(
    options.vendor ?? 'acme',
    options.operation,
    options.tenant,
    options.signal,
    options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.deadlineMs,
    options.events ?? SILENT,
  );
}

/** Settles a promise into a value to inspect without awaiting it (so timers can be advanced first). */
export function track<T>(promise: Promise<T> | undefined): {
  readonly done: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
  readonly settled: Promise<void>;
} {
  const state = {
    done: promise === undefined,
    value: undefined as T | undefined,
    error: undefined as unknown,
  };
  const settled = (promise ?? Promise.resolve(undefined as T)).then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return {
    get done() {
      return state.done;
    },
    get value() {
      return state.value;
    },
    get error() {
      return state.error;
    },
    settled,
  };
}
