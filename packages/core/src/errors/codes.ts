/**
 * Stable string codes. They are part of the public API: a code is never
 * renamed or reused for another meaning within a major version.
 */
export const ERROR_CODES = [
  'network',
  'timeout',
  'deadline-exceeded',
  'aborted',
  'retries-exhausted',
  'rate-limited',
  'auth-failed',
  'invalid-response',
  'invalid-request',
  'configuration',
  'webhook-verification',
  'store-unavailable',
  'api-error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
