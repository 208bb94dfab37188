import type { EventSink } from '../transport/types.js';

/**
 * The method an `EventBus` answers "would an event of this type reach anyone?"
 * with. A symbol, not a public method: the `EventSink` contract stays
 * `active` + `emit`, and a sink without it (another implementation, or a bus
 * from a second copy of this package) gets every event, as before.
 */
export const LISTENS_TO: unique symbol = Symbol('telemetry.listensTo');

interface ListeningSink extends EventSink {
  [LISTENS_TO]?: (type: string) => boolean;
}

/**
 * False when the sink says emitting `type` now would reach no subscriber. A
 * policy that already saw `sink.active` asks before building an event, so a
 * bus whose subscribers want other types (rate limits, drift) costs nothing
 * per call beyond the check. A sink that cannot say is assumed to listen.
 */
export function listensTo(sink: EventSink, type: string): boolean {
  const probe = (sink as ListeningSink)[LISTENS_TO];
  return typeof probe === 'function' ? probe.call(sink, type) : true;
}
