/** How a simulated 429 tells the client when to come back. */
export type HintForm = 'retry-after' | 'retry-after-date' | 'retry-after-ms' | 'reset-epoch';

export interface QuotaSettings {
  /** Requests admitted per `intervalMs` (a token bucket of that capacity, refilled evenly). */
  readonly requestsPerInterval?: number;
  readonly intervalMs?: number;
  /** Requests allowed in flight at once. */
  readonly concurrency?: number;
  /** Arrival jitter forgiven on a rate limit, in ms. Default 10% of `intervalMs`. */
  readonly toleranceMs?: number;
  /** The hint headers a 429 carries. Default `['retry-after']`. */
  readonly hints?: readonly HintForm[];
}

export interface QuotaStats {
  admitted: number;
  rejected: number;
  /** Most requests in flight at one time. */
  peakConcurrency: number;
  inFlight: number;
}

export type Admission =
  | { readonly ok: true; release(): void }
  | { readonly ok: false; readonly retryAfterMs: number; readonly reason: 'rate' | 'concurrency' };

/**
 * The vendor's documented limit, enforced: at most `requestsPerInterval`
 * arrivals in any `intervalMs` (a sliding window log, the strictest reading
 * of "N per interval"), and at most `concurrency` in flight. The window is
 * shortened by `toleranceMs` so a client releasing requests exactly on its
 * own clock is not refused for arrival jitter; anything more is the
 * client's fault.
 */
export class Quota {
  readonly stats: QuotaStats = { admitted: 0, rejected: 0, peakConcurrency: 0, inFlight: 0 };
  readonly #arrivals: number[] = [];

  constructor(
    readonly settings: QuotaSettings,
    readonly now: () => number = performance.now.bind(performance),
  ) {}

  admit(): Admission {
    const { requestsPerInterval, intervalMs = 1000, concurrency } = this.settings;
    if (concurrency !== undefined && this.stats.inFlight >= concurrency) {
      this.stats.rejected++;
      return { ok: false, retryAfterMs: 1000, reason: 'concurrency' };
    }
    if (requestsPerInterval !== undefined) {
      const now = this.now();
      const window = intervalMs - (this.settings.toleranceMs ?? intervalMs * 0.1);
      while (this.#arrivals.length > 0 && (this.#arrivals[0] as number) <= now - window)
        this.#arrivals.shift();
      if (this.#arrivals.length >= requestsPerInterval) {
        this.stats.rejected++;
        const oldest = this.#arrivals[0] as number;
        return {
          ok: false,
          retryAfterMs: Math.max(1, Math.ceil(oldest + window - now)),
          reason: 'rate',
        };
      }
      this.#arrivals.push(now);
    }
    this.stats.admitted++;
    this.stats.inFlight++;
    this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.stats.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.stats.inFlight--;
      },
    };
  }
}

/** The 429's hint headers in each form the retry policy must honor. */
export function hintHeaders(
  forms: readonly HintForm[],
  waitMs: number,
  nowMs = Date.now(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const form of forms) {
    // RFC 9110 §10.2.3: delay-seconds is a whole number; round up so the client never comes back early.
    if (form === 'retry-after')
      headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    if (form === 'retry-after-date')
      headers['retry-after'] = new Date(Math.ceil((nowMs + waitMs) / 1000) * 1000).toUTCString();
    if (form === 'retry-after-ms') headers['retry-after-ms'] = String(waitMs);
    if (form === 'reset-epoch') {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = String(Math.ceil((nowMs + waitMs) / 1000));
    }
  }
  return headers;
}
