import type { QuotaSettings } from '../simulator/quota.js';
import { Findings } from './support/findings.js';
import { callArgs, invoke, pickTarget } from './support/operations.js';
import { settle } from './support/outcome.js';
import type { Scenario } from './types.js';

/** Utilization a client must reach without a single 429. */
export const MIN_UTILIZATION = 0.9;
/** Scaled quota: at most this many requests per window, windows of this length. */
const SCALED_REQUESTS = 20;
const SCALED_INTERVAL_MS = 500;
const SCALED_CONCURRENCY = 20;
/** How long each simulated call takes, so concurrency limits bind. */
const LATENCY_MS = 60;

interface RateProfile {
  requestsPerInterval?: number;
  intervalMs?: number;
  concurrency?: number;
  [key: string]: unknown;
}

/**
 * The pack's documented limit (its rate-limit profile), scaled down so the
 * run takes about a second: a request rate becomes at most 20 per 500 ms,
 * concurrency at most 20. The simulator enforces the scaled limit (token
 * bucket; 429 with Retry-After beyond it); the client, given the same scaled
 * profile, must use at least 90% of it and never be refused.
 */
export const quotaScenario: Scenario = {
  id: 'quota',
  title: 'Quota: the client uses >= 90% of the limit with zero 429s',
  async run(ctx) {
    const profile = (ctx.pack.manifest.defaults?.rateLimit ?? {}) as RateProfile;
    if (profile.requestsPerInterval === undefined && profile.concurrency === undefined)
      return {
        result: 'skipped',
        details: 'the pack documents no request-rate or concurrency limit',
      };
    const scaled: QuotaSettings = {
      ...(profile.requestsPerInterval !== undefined
        ? {
            requestsPerInterval: Math.min(profile.requestsPerInterval, SCALED_REQUESTS),
            intervalMs: Math.min(profile.intervalMs ?? 1000, SCALED_INTERVAL_MS),
          }
        : {}),
      ...(profile.concurrency !== undefined
        ? { concurrency: Math.min(profile.concurrency, SCALED_CONCURRENCY) }
        : {}),
      hints: ['retry-after'],
    };
    // Per-class rules are the pack's business; the scaled rule applies to the whole tenant.
    const { classes: _classes, ...rest } = profile;
    const { hints: _hints, ...limits } = scaled;
    const clientProfile = { ...rest, ...limits };
    const simulator = await ctx.simulator({ latencyMs: LATENCY_MS });
    const route = pickTarget(ctx.pack, simulator);
    const args = callArgs(ctx.pack.document, route);
    // One call first, outside the quota: connection set-up and first-use costs would
    // otherwise delay the first window's arrivals and crowd them into the next one.
    await settle(() => invoke(ctx.client(simulator, { rateLimit: false }), route, args));
    simulator.requests.length = 0;
    simulator.setQuota(scaled);
    const client = ctx.client(simulator, { rateLimit: clientProfile });
    const calls =
      scaled.requestsPerInterval !== undefined
        ? scaled.requestsPerInterval * 3
        : (scaled.concurrency ?? 1) * 5;
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: calls }, () => settle(() => invoke(client, route, args))),
    );
    const elapsedMs = performance.now() - started;
    const stats = simulator.quota?.stats ?? {
      admitted: 0,
      rejected: 0,
      peakConcurrency: 0,
      inFlight: 0,
    };
    const findings = new Findings();
    const failed = outcomes.filter((o) => !o.ok || !o.value.response.ok).length;
    findings.expect(
      stats.rejected === 0,
      `the simulator refused ${stats.rejected} requests with 429: the client exceeded the limit`,
    );
    findings.expect(failed === 0, `${failed} of ${calls} calls did not succeed`);
    const utilization: Record<string, number> = {};
    if (scaled.requestsPerInterval !== undefined) {
      // Most a token bucket admits between the first and last arrival: a full bucket plus the refill.
      const times = simulator.requests.map((r) => r.receivedAt);
      const span = Math.max(...times) - Math.min(...times);
      const allowed =
        scaled.requestsPerInterval +
        (span * scaled.requestsPerInterval) / (scaled.intervalMs ?? 1000);
      utilization.rate = Math.min(1, stats.admitted / allowed);
    }
    if (scaled.concurrency !== undefined)
      utilization.concurrency = stats.peakConcurrency / scaled.concurrency;
    for (const [kind, value] of Object.entries(utilization)) {
      findings.expect(
        value >= MIN_UTILIZATION,
        `${kind} utilization ${(value * 100).toFixed(1)}% is below ${MIN_UTILIZATION * 100}%: the client leaves quota unused`,
      );
    }
    const shown = Object.entries(utilization).map(
      ([kind, value]) => `${kind} ${(value * 100).toFixed(1)}%`,
    );
    const headline = `${calls} calls in ${Math.round(elapsedMs)} ms against ${describe(scaled)}: ${shown.join(', ')} utilization, ${stats.rejected} refused`;
    return findings.outcome(
      {
        calls,
        refused: stats.rejected,
        peakConcurrency: stats.peakConcurrency,
        ...(utilization.rate !== undefined ? { rateUtilization: round(utilization.rate) } : {}),
        ...(utilization.concurrency !== undefined
          ? { concurrencyUtilization: round(utilization.concurrency) }
          : {}),
        elapsedMs: Math.round(elapsedMs),
      },
      headline,
    );
  },
};

function describe(quota: QuotaSettings): string {
  const parts: string[] = [];
  if (quota.requestsPerInterval !== undefined)
    parts.push(`${quota.requestsPerInterval} requests / ${quota.intervalMs} ms`);
  if (quota.concurrency !== undefined) parts.push(`${quota.concurrency} in flight`);
  return parts.join(' and ');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
