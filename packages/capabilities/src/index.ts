// @org/capabilities: the vendor-neutral models (errors, reasons), the router
// and its circuit breaker, and the SMS capability's types. The SMS helpers
// and vendor tables are in `@org/capabilities/sms`, the contract suite in
// `@org/capabilities/testing`.
export {
  CapabilityError,
  type CapabilityErrorOptions,
  isCapabilityError,
  isCapabilityErrorReason,
} from './errors/capability-error.js';
export { adviceFor, classifyError, reasonForStatus, toCapabilityError } from './errors/classify.js';
export {
  CAPABILITY_ERROR_REASONS,
  type CapabilityErrorReason,
  REASON_CORE_CODES,
  RETRYABLE_REASONS,
} from './errors/reasons.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitOpenTrigger,
  type CircuitOutcome,
  type CircuitPermit,
  type CircuitState,
  type CircuitTransition,
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
} from './router/circuit-breaker.js';
export { createRouter, type SmsAdapters, type SmsRouter } from './router/create-router.js';
export {
  ROUTER_EVENT_TYPES,
  type RouterEventDataMap,
  type RouterEventType,
} from './router/events.js';
export type {
  PriceTable,
  RouteRule,
  RouterFailoverOptions,
  RouterPolicy,
  RouteStrategy,
} from './router/policy.js';
export { SMS_STATUSES, type SmsStatus } from './sms/status.js';
export type {
  DeliveryReportBatch,
  DeliveryReportRequest,
  Money,
  SendSmsInput,
  SendSmsResult,
  SmsCallOptions,
  SmsSender,
  SmsStatusReport,
} from './sms/types.js';
