import type { SanitizedError } from './sanitize-error.js';
import type { DriftIssue } from './schema-drift.js';

/**
 * The closed set of event types. Names are NounVerbPastTense, the CloudEvents
 * recommendation for `type` (a fact that happened). The set is a public
 * contract: a type is never renamed within a major version.
 */
export const EVENT_TYPES = [
  'ApiCallSucceeded',
  'ApiCallFailed',
  'RetryScheduled',
  'RateLimitHit',
  'RateLimitProfileAdjusted',
  'CredentialRefreshed',
  'CredentialExpiring',
  'WebhookVerified',
  'WebhookRejected',
  'DeprecatedOperationCalled',
  'ResponseDriftDetected',
  'RateLimitStoreUnavailable',
  'RateLimitStoreRecovered',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Fields every call-scoped event carries, so spend and failures can be attributed. */
export type CallEventBase = {
  /** The vendor pack id, e.g. `twilio`. */
  vendor: string;
  /** The pack's version (from `pack.yaml`). */
  packVersion?: string;
  /** The spec's operationId (or `METHOD /path/template`). */
  operationId?: string;
  /** The tenant or credential the call runs as; never the credential itself. */
  tenant?: string;
};

/** Cost units the pack counts per call, e.g. `{ segments: 2 }` or `{ inputTokens: 812 }`. */
export type UsageUnits = Record<string, number>;

export type ApiCallSucceededData = CallEventBase & {
  method: string;
  /** The operation's path template (`url.template`), never the filled-in URL. */
  urlTemplate?: string;
  status: number;
  /** Number of the last attempt: 1 when no retry happened. */
  attempt: number;
  /** Whole logical call, retries and waits included. */
  durationMs: number;
  requestId?: string;
  usage?: UsageUnits;
};

export type ApiCallFailedData = CallEventBase & {
  method: string;
  urlTemplate?: string;
  /** Set when the server answered; absent for network failures, timeouts, aborts. */
  status?: number;
  attempt: number;
  durationMs: number;
  requestId?: string;
  /** OpenTelemetry `error.type`: the status code as a string, or the error's code or class name. */
  errorType: string;
  /** The thrown error with secrets, signed URLs and credentials scrubbed from its messages. */
  error?: SanitizedError;
  usage?: UsageUnits;
  /** Header values off the allow-list read `REDACTED`. */
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
};

export type RetryScheduledData = CallEventBase & {
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  /** Why: an error code (`network`, `timeout`) or the status (`503`). */
  reason: string;
  status?: number;
};

export type RateLimitHitData = CallEventBase & {
  /** How long the call waits (or would have had to wait) for capacity. */
  waitMs: number;
  limiterKey?: string;
  /** `proactive` when the local limiter paced the call, `server` when the vendor answered 429. */
  source?: 'proactive' | 'server';
  status?: number;
};

export type RateLimitProfileAdjustedData = CallEventBase & {
  limiterKey?: string;
  limit?: number;
  remaining?: number;
  /** Epoch ms at which the vendor's window resets. */
  resetAt?: number;
  /** The response header the adjustment was learned from, e.g. `x-ratelimit-remaining`. */
  header?: string;
};

export type CredentialRefreshedData = {
  vendor: string;
  tenant?: string;
  /** A non-secret label for the credential (client id, key name), never its value. */
  credentialId?: string;
  /** RFC 3339 time the new credential expires. */
  expiresAt?: string;
};

export type CredentialExpiringData = {
  vendor: string;
  tenant?: string;
  credentialId?: string;
  expiresAt: string;
  expiresInMs: number;
};

export type WebhookVerifiedData = {
  vendor: string;
  tenant?: string;
  /** The verification scheme, e.g. `github-hmac-sha256`, `standard-webhooks-v1`. */
  scheme: string;
  deliveryId?: string;
  eventType?: string;
};

export type WebhookRejectedData = {
  vendor: string;
  tenant?: string;
  scheme: string;
  /** The `WebhookVerificationError` reason code, e.g. `bad-signature`, `replayed`. */
  reason: string;
  deliveryId?: string;
};

export type DeprecatedOperationCalledData = CallEventBase & {
  method: string;
  urlTemplate?: string;
};

export type ResponseDriftDetectedData = CallEventBase & {
  status: number;
  /** `strict` throws after emitting; `report` lets the response through. */
  mode: 'strict' | 'report';
  /** Paths and expected/received types only: never a value from the body. */
  issues: DriftIssue[];
};

/** A shared rate-limit store (e.g. Redis) cannot be reached; the process limits itself locally. */
export type RateLimitStoreUnavailableData = {
  /** The store's kind, e.g. `redis`. */
  store: string;
  /** Why, e.g. `connect-timeout`, `disconnected`, `command-timeout`, `command-failed`. */
  reason: string;
  /** A socket error code or error class name; never a message, host or credential. */
  errorType?: string;
  /** Processes the quota is split between while the store is away (each takes 1/processes). */
  processes: number;
  expectedProcesses?: number;
};

export type RateLimitStoreRecoveredData = {
  store: string;
  /** How long the process limited itself locally. */
  unavailableMs: number;
};

/** The data shape of each event type. */
export type EventDataMap = {
  ApiCallSucceeded: ApiCallSucceededData;
  ApiCallFailed: ApiCallFailedData;
  RetryScheduled: RetryScheduledData;
  RateLimitHit: RateLimitHitData;
  RateLimitProfileAdjusted: RateLimitProfileAdjustedData;
  CredentialRefreshed: CredentialRefreshedData;
  CredentialExpiring: CredentialExpiringData;
  WebhookVerified: WebhookVerifiedData;
  WebhookRejected: WebhookRejectedData;
  DeprecatedOperationCalled: DeprecatedOperationCalledData;
  ResponseDriftDetected: ResponseDriftDetectedData;
  RateLimitStoreUnavailable: RateLimitStoreUnavailableData;
  RateLimitStoreRecovered: RateLimitStoreRecoveredData;
};
