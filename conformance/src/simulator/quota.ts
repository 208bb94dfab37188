/** How a simulated 429 tells the client when to come back. */
export type HintForm = 'retry-after' | 'retry-after-date' | 'retry-after-ms' | 'reset-epoch';

export interface QuotaSettings {
  /** Requests admitted per `intervalMs` (a token bucket of that capacity, refilled evenly). */
  readonly requestsPerInterval?: number;
  readonly intervalMs?: number;
  /** Requests allowed in flight at once. */
  readonly concurrency?: number;
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
 * The vendor's documented limit, enforced: a token bucket for request rate
 * (capacity `requestsPerInterval`, refilled at requestsPerInterval/intervalMs)
 * and a counter for concurrency. A client pacing with a sliding window of the
 * same limit never exceeds the bucket, so any 429 is the client's fault.
 */
export class Quota {
  readonly stats: QuotaStats = { admitted: 0, rejected: 0, peakConcurrency: 0, inFlight: 0 };
  #tokens: number;
  #refilledAt: number;

  constructor(
    readonly settings: QuotaSettings,
    readonly now: () => number = performance.now.bind(performance),
  ) {
    this.#tokens = settings.requestsPerInterval ?? Number.POSITIVE_INFINITY;
    this.#refilledAt = now();
  }

  admit(): Admission {
    const { requestsPerInterval, intervalMs = 1000, concurrency } = this.settings;
    if (concurrency !== undefined && this.stats.inFlight >= concurrency) {
      this.stats.rejected++;
      return { ok: false, retryAfterMs: 1000, reason: 'concurrency' };
    }
    if (requestsPerInterval !== undefined) {
      const now = this.now();
      const rate = requestsPerInterval / intervalMs;
      this.#tokens = Math.min(requestsPerInterval, this.#tokens + (now - this.#refilledAt) * rate);
      this.#refilledAt = now;
      if (this.#tokens < 1) {
        this.stats.rejected++;
        return { ok: false, retryAfterMs: Math.ceil((1 - this.#tokens) / rate), reason: 'rate' };
      }
      this.#tokens -= 1;
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
