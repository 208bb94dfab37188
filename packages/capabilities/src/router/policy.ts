import type { EventSink } from '@org/core/transport';
import type { CapabilityErrorReason } from '../errors/reasons.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';

/**
 * How candidates are ordered; the first is tried first, the rest are the
 * failover order.
 * - `priority`: the order given (the rule's `providers`, else the adapters' order).
 * - `weighted`: a weighted random order (drawn without replacement); weight 0 means fallback only.
 * - `cheapest`: ascending price for the destination; providers without a price go last.
 */
export type RouteStrategy = 'priority' | 'weighted' | 'cheapest';

/**
 * Price per segment by destination prefix, e.g. `{ '+1': 0.0079, '+972': 0.031, '*': 0.05 }`.
 * The longest matching prefix wins; `*` matches any destination. One currency across all tables.
 */
export type PriceTable = Readonly<Record<string, number>>;

/** A rule applies when every condition it states matches; the first that applies wins. */
export interface RouteRule {
  /** Named in events. Default `rules[<index>]`. */
  readonly name?: string;
  /** Destination prefixes in E.164 form, e.g. `+972` or `['+1', '+44']`. */
  readonly countryPrefix?: string | readonly string[];
  /** Tenants (from `SmsCallOptions.tenant`) the rule is for. */
  readonly tenant?: string | readonly string[];
  /** Candidate provider names in priority order. Default: every adapter, in their order. */
  readonly providers?: readonly string[];
  /** Overrides the policy's strategy for this rule. */
  readonly strategy?: RouteStrategy;
  /** Overrides the policy's weights for this rule. */
  readonly weights?: Readonly<Record<string, number>>;
}

export interface RouterFailoverOptions {
  /** Providers tried per send, the first included. Default: every candidate. */
  readonly maxAttempts?: number;
  /**
   * Reasons that move on to the next candidate. Default
   * `['provider-unavailable', 'rate-limited']`. Per-account reasons
   * (`auth-failed`, `insufficient-funds`, `not-permitted`) may be added;
   * request-specific ones (`invalid-number`, `blocked`, `invalid-request`,
   * `content-rejected`, `unknown`) are refused.
   */
  readonly on?: readonly CapabilityErrorReason[];
}

export interface RouterPolicy {
  /** Rules, checked in order. Default none: every adapter is a candidate. */
  readonly rules?: readonly RouteRule[];
  /** Default `priority`. */
  readonly strategy?: RouteStrategy;
  /** Weights by provider name for `weighted`. Default: 1 each. */
  readonly weights?: Readonly<Record<string, number>>;
  /** Price tables by provider name for `cheapest`. Default none. */
  readonly prices?: Readonly<Record<string, PriceTable>>;
  /**
   * Try the next candidate when one fails with `provider-unavailable` or
   * `rate-limited` (never on `invalid-number`, `blocked`, `invalid-request`
   * and the other request-specific reasons). Default on, every candidate.
   */
  readonly failover?: boolean | RouterFailoverOptions;
  /** One breaker per provider; `false` turns them off. Default on with DEFAULT_CIRCUIT_BREAKER_OPTIONS. */
  readonly circuitBreaker?: false | CircuitBreakerOptions;
  /** Receives every routing decision (see ROUTER_EVENT_TYPES). Default none. */
  readonly events?: EventSink;
  /** Uniform in [0, 1) for `weighted`. Default `Math.random`. */
  readonly random?: () => number;
  /** The clock, epoch ms, for the breakers. Default `Date.now`. */
  readonly now?: () => number;
}
