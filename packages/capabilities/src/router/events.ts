import type { EventSink } from '@org/core/transport';
import type { CapabilityErrorReason } from '../errors/reasons.js';
import type { CircuitOpenTrigger } from './circuit-breaker.js';
import type { RouteStrategy } from './policy.js';

/**
 * Every decision the router takes, as NounVerbPastTense event types (the
 * CloudEvents convention @org/core/telemetry follows). A public contract:
 * never renamed within a major version. Event data never holds a phone
 * number, a body or a credential: destinations appear as the rule prefix
 * that matched, if any.
 */
export const ROUTER_EVENT_TYPES = [
  'RouteSelected',
  'ProviderSkipped',
  'ProviderFailedOver',
  'RouteFailed',
  'CircuitOpened',
  'CircuitHalfOpened',
  'CircuitClosed',
] as const;

export type RouterEventType = (typeof ROUTER_EVENT_TYPES)[number];

export interface RouterEventDataMap {
  /** Candidates chosen and ordered for one send, before any attempt. */
  RouteSelected: {
    rule?: string;
    matchedPrefix?: string;
    tenant?: string;
    strategy: RouteStrategy;
    candidates: string[];
  };
  /** A candidate was passed over without a call: its circuit is open, or half-open with the probe out. */
  ProviderSkipped: { provider: string; reason: 'circuit-open'; retryAfterMs: number };
  /** A provider failed with a failover reason; the next candidate is tried. */
  ProviderFailedOver: {
    from: string;
    to: string;
    reason: CapabilityErrorReason;
    providerCode?: string;
    attempt: number;
  };
  /** The send failed through the router: the last reason, and every attempt. */
  RouteFailed: {
    reason: CapabilityErrorReason;
    attempts: { provider: string; reason: CapabilityErrorReason }[];
    skipped: string[];
  };
  CircuitOpened: {
    provider: string;
    trigger: CircuitOpenTrigger;
    consecutiveFailures: number;
    windowCalls: number;
    windowFailures: number;
    coolDownMs: number;
  };
  CircuitHalfOpened: { provider: string };
  CircuitClosed: { provider: string };
}

/** Emits when someone listens; a sink that throws never breaks a send. */
export function emit<T extends RouterEventType>(
  events: EventSink | undefined,
  type: T,
  data: RouterEventDataMap[T],
): void {
  if (!events?.active) return;
  try {
    events.emit(type, data as Record<string, unknown>);
  } catch {
    // Telemetry observes, never breaks.
  }
}
