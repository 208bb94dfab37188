import { ConfigurationError } from '@org/core/errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  readonly failureThreshold?: number;
  /** Failure share within `windowMs` that opens the circuit, 0 < x <= 1. Default 0.5. */
  readonly failureRate?: number;
  /** Calls within `windowMs` needed before `failureRate` applies. Default 10. */
  readonly minimumCalls?: number;
  /**
   * The failure-rate window, in ms. Outcomes are counted in 10 buckets, so one
   * leaves the window between `windowMs` and 1.1 × `windowMs` after it happened.
   * Default 60 000.
   */
  readonly windowMs?: number;
  /** How long the circuit stays open before one probe may go through, in ms. Default 30 000. */
  readonly coolDownMs?: number;
}

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: Required<CircuitBreakerOptions> = Object.freeze({
  failureThreshold: 5,
  failureRate: 0.5,
  minimumCalls: 10,
  windowMs: 60_000,
  coolDownMs: 30_000,
});

/** Why the circuit opened. */
export type CircuitOpenTrigger = 'consecutive-failures' | 'failure-rate' | 'probe-failed';

export type CircuitTransition =
  | {
      readonly to: 'open';
      readonly from: CircuitState;
      readonly trigger: CircuitOpenTrigger;
      readonly consecutiveFailures: number;
      readonly windowCalls: number;
      readonly windowFailures: number;
      readonly coolDownMs: number;
    }
  | { readonly to: 'half-open'; readonly from: 'open' }
  | { readonly to: 'closed'; readonly from: 'half-open' };

/** A permit to call: `probe` is true for the one half-open trial call. */
export type CircuitPermit =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** How a permitted call ended, for the breaker. */
export type CircuitOutcome = 'success' | 'failure' | 'ignored';

const BUCKETS = 10;

interface Bucket {
  start: number;
  calls: number;
  failures: number;
}

/**
 * One provider's circuit breaker. Closed: calls pass; `failureThreshold`
 * consecutive failures, or a `failureRate` share of at least `minimumCalls`
 * calls in `windowMs`, open it. Open: calls are refused until `coolDownMs`
 * has passed, then the circuit is half-open. Half-open: exactly one probe
 * passes; its success closes the circuit, its failure opens it again for a
 * new cool-down. Time comes from `now`, so fake timers drive it. State moves
 * on access (the next call or `state` read after the cool-down), so the
 * breaker owns no timer and `CircuitHalfOpened` is emitted at that access.
 */
export class CircuitBreaker {
  readonly #options: Required<CircuitBreakerOptions>;
  readonly #now: () => number;
  readonly #onTransition: (transition: CircuitTransition) => void;
  #state: CircuitState = 'closed';
  #openedAt = 0;
  #probeInFlight = false;
  #consecutiveFailures = 0;
  #buckets: Bucket[] = [];

  constructor(
    options: CircuitBreakerOptions = {},
    now: () => number = () => Date.now(),
    onTransition: (transition: CircuitTransition) => void = () => {},
  ) {
    this.#options = resolveCircuitBreakerOptions(options);
    this.#now = now;
    this.#onTransition = onTransition;
  }

  /** The current state; an open circuit past its cool-down reads (and becomes) half-open. */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#options.coolDownMs) {
      this.#state = 'half-open';
      this.#probeInFlight = false;
      this.#onTransition({ to: 'half-open', from: 'open' });
    }
    return this.#state;
  }

  /** Asks to make one call. Every allowed permit must be settled with `record`. */
  acquire(): CircuitPermit {
    const state = this.state;
    if (state === 'closed') return { allowed: true, probe: false };
    if (state === 'half-open' && !this.#probeInFlight) {
      this.#probeInFlight = true;
      return { allowed: true, probe: true };
    }
    const left = this.#openedAt + this.#options.coolDownMs - this.#now();
    // Half-open with the probe out: the probe decides soon; say "now".
    return { allowed: false, retryAfterMs: Math.max(0, left) };
  }

  /** Settles a permit. `ignored`: the call ended for a reason that says nothing about the provider. */
  record(permit: CircuitPermit, outcome: CircuitOutcome): void {
    if (!permit.allowed) return;
    if (permit.probe) {
      this.#probeInFlight = false;
      if (this.#state !== 'half-open') return;
      if (outcome === 'failure') this.#open('probe-failed');
      else if (outcome === 'success') this.#close();
      // ignored (the caller aborted): the circuit stays half-open for the next probe
      return;
    }
    if (outcome === 'ignored' || this.#state !== 'closed') return;
    const bucket = this.#bucket();
    bucket.calls += 1;
    if (outcome === 'success') {
      this.#consecutiveFailures = 0;
      return;
    }
    bucket.failures += 1;
    this.#consecutiveFailures += 1;
    if (this.#consecutiveFailures >= this.#options.failureThreshold) {
      this.#open('consecutive-failures');
      return;
    }
    const { calls, failures } = this.#window();
    if (calls >= this.#options.minimumCalls && failures / calls >= this.#options.failureRate) {
      this.#open('failure-rate');
    }
  }

  #open(trigger: CircuitOpenTrigger): void {
    const from = this.#state;
    const { calls, failures } = this.#window();
    const consecutiveFailures = this.#consecutiveFailures;
    this.#state = 'open';
    this.#openedAt = this.#now();
    this.#onTransition({
      to: 'open',
      from,
      trigger,
      consecutiveFailures,
      windowCalls: calls,
      windowFailures: failures,
      coolDownMs: this.#options.coolDownMs,
    });
  }

  #close(): void {
    this.#state = 'closed';
    this.#consecutiveFailures = 0;
    this.#buckets = [];
    this.#onTransition({ to: 'closed', from: 'half-open' });
  }

  #bucket(): Bucket {
    const width = this.#options.windowMs / BUCKETS;
    const start = Math.floor(this.#now() / width) * width;
    const last = this.#buckets.at(-1);
    if (last && last.start === start) return last;
    const bucket = { start, calls: 0, failures: 0 };
    this.#buckets.push(bucket);
    if (this.#buckets.length > BUCKETS + 1) this.#buckets.shift();
    return bucket;
  }

  #window(): { calls: number; failures: number } {
    const since = this.#now() - this.#options.windowMs;
    let calls = 0;
    let failures = 0;
    for (const bucket of this.#buckets) {
      if (bucket.start + this.#options.windowMs / BUCKETS <= since) continue;
      calls += bucket.calls;
      failures += bucket.failures;
    }
    return { calls, failures };
  }
}

/** Fills defaults and rejects values that cannot work, naming the option. */
export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions,
): Required<CircuitBreakerOptions> {
  const resolved = { ...DEFAULT_CIRCUIT_BREAKER_OPTIONS, ...definedOnly(options) };
  const wholeAtLeastOne = (name: keyof CircuitBreakerOptions) => {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(
        `circuitBreaker.${name} must be a whole number of at least 1, got ${value}.`,
      );
    }
  };
  wholeAtLeastOne('failureThreshold');
  wholeAtLeastOne('minimumCalls');
  if (!(resolved.failureRate > 0 && resolved.failureRate <= 1)) {
    throw new ConfigurationError(
      `circuitBreaker.failureRate must be above 0 and at most 1, got ${resolved.failureRate}.`,
    );
  }
  for (const name of ['windowMs', 'coolDownMs'] as const) {
    if (!(Number.isFinite(resolved[name]) && resolved[name] > 0)) {
      throw new ConfigurationError(
        `circuitBreaker.${name} must be a positive number of milliseconds, got ${resolved[name]}.`,
      );
    }
  }
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
