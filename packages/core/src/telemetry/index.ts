export type {
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1Result,
} from '../internal/standard-schema.js';
export {
  DEFAULT_ALLOWED_HEADERS,
  DEFAULT_ALLOWED_QUERY_PARAMS,
  REDACTED,
  type RedactionOptions,
} from './allow-lists.js';
export {
  type AttemptTelemetryOptions,
  attemptTelemetryPolicy,
} from './attempt-telemetry-policy.js';
export {
  type CallTelemetryOptions,
  type CostUnitsHook,
  callTelemetryPolicy,
  DEFAULT_REQUEST_ID_HEADERS,
  type TelemetryPolicy,
} from './call-telemetry-policy.js';
export type { AnyTelemetryEvent, TelemetryEvent } from './envelope.js';
export {
  type AnyEventHandler,
  EventBus,
  type EventBusOptions,
  type EventHandler,
} from './event-bus.js';
export { type EventMetricsRecorder, recordEventMetrics } from './event-metrics.js';
export {
  type ApiCallFailedData,
  type ApiCallSucceededData,
  type CallEventBase,
  type CredentialExpiringData,
  type CredentialRefreshedData,
  type DeprecatedOperationCalledData,
  EVENT_TYPES,
  type EventDataMap,
  type EventType,
  type RateLimitHitData,
  type RateLimitProfileAdjustedData,
  type RateLimitStoreRecoveredData,
  type RateLimitStoreUnavailableData,
  type ResponseDriftDetectedData,
  type RetryScheduledData,
  type UsageUnits,
  type WebhookRejectedData,
  type WebhookVerifiedData,
} from './event-types.js';
export { ATTEMPT_EVENT_NAME, ATTRIBUTE_NAMES, METRIC_NAMES } from './names.js';
export { INSTRUMENTATION_SCOPE, type OtelApi, type OtelOptions } from './otel-binding.js';
export { redactFields } from './redact-fields.js';
export { type RedactHeadersOptions, redactHeaders } from './redact-headers.js';
export { type RedactUrlOptions, redactUrl } from './redact-url.js';
export {
  type ResponseDriftOptions,
  type ResponseSchema,
  type ResponseSchemaResolver,
  type ResponseSchemaTable,
  responseDriftPolicy,
} from './response-drift-policy.js';
export { type SanitizedError, type SanitizeErrorOptions, sanitizeError } from './sanitize-error.js';
export {
  type DriftIssue,
  findSchemaDrift,
  type JsonSchema,
  type JsonSchemaType,
} from './schema-drift.js';
export { DEFAULT_SENSITIVE_KEYS } from './scrub-data.js';
export { findSensitivePaths } from './sensitive-paths.js';
export { type UsageEntry, UsageMeter } from './usage-meter.js';
