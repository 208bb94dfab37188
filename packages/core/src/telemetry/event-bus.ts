import type { EventSink } from '../transport/types.js';
import type { AnyTelemetryEvent, TelemetryEvent } from './envelope.js';
import { EVENT_TYPES, type EventDataMap, type EventType } from './event-types.js';
import { redactFields } from './redact-fields.js';
import { DEFAULT_SENSITIVE_KEYS, scrubData, sensitiveKeyMatcher } from './scrub-data.js';
import { LISTENS_TO } from './sink-listens.js';

/** A subscriber may be async; its rejection is caught like a throw. */
export type EventHandler<T extends EventType> = (
  event: TelemetryEvent<T>,
) => void | PromiseLike<void>;
export type AnyEventHandler = (event: AnyTelemetryEvent) => void | PromiseLike<void>;

export interface EventBusOptions {
  /** URI-reference prefix of every event's `source`; the vendor is appended. Default `/org/core`. */
  source?: string;
  /** Told when a subscriber throws or rejects; the request never is. Errors thrown here are dropped. */
  onSubscriberError?: (error: unknown, event: AnyTelemetryEvent) => void;
  /**
   * Paths (see `redactFields`) into event data to redact, per operation id: the
   * generated metadata table's `format: password` / `writeOnly` / `x-sensitive` fields.
   */
  sensitiveFields?: Readonly<Record<string, readonly string[]>>;
  /** Property names redacted at any depth. Default `DEFAULT_SENSITIVE_KEYS`. */
  sensitiveKeys?: readonly string[];
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);
const MAX_CACHED_SOURCES = 64;

// The last `time` made, by the millisecond it stands for: events emitted in
// the same millisecond (every call at high concurrency) share one string
// instead of a Date and a toISOString each. Same value as
// `new Date().toISOString()`, which is built from that millisecond alone.
let lastTimeMs = Number.NaN;
let lastTime = '';
function isoNow(): string {
  const now = Date.now();
  if (now !== lastTimeMs) {
    lastTime = new Date(now).toISOString();
    lastTimeMs = now;
  }
  return lastTime;
}

/**
 * The `EventSink` the transport's policies emit into, and where users
 * subscribe. Create one per client (or share one between clients); there is no
 * process-wide bus. `active` is false until someone subscribes, so policies
 * build no event at all on an unobserved client.
 *
 * Delivery is synchronous and in subscription order. A subscriber that throws
 * or rejects is reported to `onSubscriberError` and never reaches the request;
 * the other subscribers still get the event. Types outside `EVENT_TYPES` are
 * dropped: the type set is a public contract, not free text.
 */
export class EventBus implements EventSink {
  readonly #source: string;
  readonly #onSubscriberError: EventBusOptions['onSubscriberError'];
  readonly #sensitiveFields: Readonly<Record<string, readonly string[]>> | undefined;
  readonly #isSensitiveKey: (key: string) => boolean;
  // Copy-on-write arrays: emit iterates without copying, and a subscriber that
  // unsubscribes mid-delivery does not shift the loop.
  readonly #byType = new Map<string, readonly AnyEventHandler[]>();
  #any: readonly AnyEventHandler[] = [];
  #count = 0;
  readonly #deprecatedSeen = new Set<string>();
  // Event ids: a random per-bus prefix and a counter. CloudEvents asks only that
  // source + id be unique; this costs a fraction of a UUID per event.
  readonly #idPrefix = globalThis.crypto.randomUUID();
  #sequence = 0;
  readonly #sources = new Map<string, string>();

  constructor(options: EventBusOptions = {}) {
    this.#source = (options.source ?? '/org/core').replace(/\/+$/, '');
    this.#onSubscriberError = options.onSubscriberError;
    this.#sensitiveFields = options.sensitiveFields;
    this.#isSensitiveKey = sensitiveKeyMatcher(options.sensitiveKeys ?? DEFAULT_SENSITIVE_KEYS);
  }

  get active(): boolean {
    return this.#count > 0;
  }

  /** Subscribes to one type; returns the unsubscribe function (idempotent). */
  on<T extends EventType>(type: T, handler: EventHandler<T>): () => void {
    const list = this.#byType.get(type) ?? [];
    const entry = handler as AnyEventHandler;
    this.#byType.set(type, [...list, entry]);
    this.#count++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const current = this.#byType.get(type) ?? [];
      const index = current.indexOf(entry);
      const next = [...current.slice(0, index), ...current.slice(index + 1)];
      if (next.length === 0) this.#byType.delete(type);
      else this.#byType.set(type, next);
      this.#count--;
    };
  }

  /** Subscribes to every type; returns the unsubscribe function (idempotent). */
  onAny(handler: AnyEventHandler): () => void {
    this.#any = [...this.#any, handler];
    this.#count++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const index = this.#any.indexOf(handler);
      this.#any = [...this.#any.slice(0, index), ...this.#any.slice(index + 1)];
      this.#count--;
    };
  }

  /** Whether `emit(type, ...)` would deliver to anyone now (see `listensTo`). */
  [LISTENS_TO](type: string): boolean {
    if (this.#count === 0 || !KNOWN_TYPES.has(type)) return false;
    return this.#any.length > 0 || this.#byType.has(type);
  }

  /** Publishes an event. Never throws. `DeprecatedOperationCalled` is delivered once per operation id. */
  emit<T extends EventType>(type: T, data: EventDataMap[T]): void;
  emit(type: string, data: Record<string, unknown>): void;
  emit(type: string, data: Record<string, unknown>): void {
    if (this.#count === 0 || !KNOWN_TYPES.has(type)) return;
    const typed = this.#byType.get(type);
    const any = this.#any;
    if (typed === undefined && any.length === 0) return;
    let event: AnyTelemetryEvent;
    try {
      if (type === 'DeprecatedOperationCalled') {
        const id = String(data.operationId ?? `${data.method} ${data.urlTemplate}`);
        if (this.#deprecatedSeen.has(id)) return;
        this.#deprecatedSeen.add(id);
      }
      event = this.#envelope(type as EventType, data);
    } catch {
      // Data that cannot even be copied is dropped rather than thrown into a request.
      return;
    }
    if (typed !== undefined) for (const handler of typed) this.#deliver(handler, event);
    for (const handler of any) this.#deliver(handler, event);
  }

  #envelope(type: EventType, data: Record<string, unknown>): AnyTelemetryEvent {
    const operationId = typeof data.operationId === 'string' ? data.operationId : undefined;
    const paths = operationId === undefined ? undefined : this.#sensitiveFields?.[operationId];
    const redacted = paths === undefined ? data : redactFields(data, paths);
    const vendor = typeof data.vendor === 'string' && data.vendor !== '' ? data.vendor : undefined;
    const id = `${this.#idPrefix}-${++this.#sequence}`;
    const source = vendor === undefined ? this.#source : this.#sourceOf(vendor);
    const time = isoNow();
    // scrubData returns the data frozen all the way down; the envelope's own
    // fields are strings, so freezing it makes the whole event immutable.
    const scrubbed = scrubData(redacted, this.#isSensitiveKey);
    // Two literals rather than a spread: the same fields in the same order, one allocation.
    const event =
      operationId === undefined
        ? {
            specversion: '1.0',
            id,
            source,
            type,
            time,
            datacontenttype: 'application/json',
            data: scrubbed,
          }
        : {
            specversion: '1.0',
            id,
            source,
            type,
            time,
            subject: operationId,
            datacontenttype: 'application/json',
            data: scrubbed,
          };
    return Object.freeze(event) as AnyTelemetryEvent;
  }

  /** `<source>/<vendor>`, kept per vendor: a bus sees a handful of vendors, each on every event. */
  #sourceOf(vendor: string): string {
    let source = this.#sources.get(vendor);
    if (source === undefined) {
      source = `${this.#source}/${encodeURIComponent(vendor)}`;
      if (this.#sources.size < MAX_CACHED_SOURCES) this.#sources.set(vendor, source);
    }
    return source;
  }

  #deliver(handler: AnyEventHandler, event: AnyTelemetryEvent): void {
    try {
      const result = handler(event);
      if (result !== undefined && typeof (result as PromiseLike<void>).then === 'function') {
        (result as PromiseLike<void>).then(undefined, (error: unknown) =>
          this.#report(error, event),
        );
      }
    } catch (error) {
      this.#report(error, event);
    }
  }

  #report(error: unknown, event: AnyTelemetryEvent): void {
    try {
      this.#onSubscriberError?.(error, event);
    } catch {
      // A failing error reporter must not turn into a failing request either.
    }
  }
}
