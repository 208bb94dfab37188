/**
 * Metric instrument names. `http.client.request.duration` is the OpenTelemetry
 * HTTP client semantic convention (stable); the `org.client.*` instruments are
 * this package's own and keep their names within a major version.
 */
export const METRIC_NAMES = {
  /** Histogram, seconds, one point per attempt (physical request), as the convention defines it. */
  requestDuration: 'http.client.request.duration',
  /** Histogram, seconds, one point per logical call: every attempt, backoff and rate-limit wait. */
  callDuration: 'org.client.call.duration',
  /** Counter, one per resend (attempt 2 and later). */
  retries: 'org.client.retries',
  /** Histogram, seconds, from `RateLimitHit` events (see `recordEventMetrics`). */
  rateLimitWait: 'org.client.rate_limit.wait.duration',
  /** Counter, one per logical call, by vendor, tenant, operation and outcome. */
  calls: 'org.client.calls',
  /** Counter of the pack's cost units, by vendor, tenant, operation and unit. */
  usage: 'org.client.usage',
} as const;

/** Attribute names this package adds next to the semantic-convention ones. */
export const ATTRIBUTE_NAMES = {
  vendor: 'org.vendor',
  packVersion: 'org.pack.version',
  operationId: 'org.operation.id',
  tenant: 'org.tenant',
  outcome: 'org.call.outcome',
  usageUnit: 'org.usage.unit',
  rateLimitSource: 'org.rate_limit.source',
  attemptDuration: 'org.attempt.duration',
} as const;

/** Span event added to the call span per attempt when attempts are recorded as events. */
export const ATTEMPT_EVENT_NAME = 'org.http.attempt';

/**
 * Bucket boundaries (seconds) the semantic conventions advise for
 * `http.client.request.duration`.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
