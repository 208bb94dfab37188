import type { PaginationStyle } from '../pagination/index.js';
import type { OperationInfo } from '../transport/types.js';

/**
 * One row of a generated client's operation table: what the core policies
 * read (retry safety, limiter class, pagination, redaction). Defined once
 * here so every generated package shares the type instead of repeating it.
 */
export interface OperationMetadata extends OperationInfo {
  readonly method: string;
  /**
   * Retry-safe after the request may have reached the server. Absent when an
   * idempotency-key header decides per call (core retries when it is sent).
   */
  readonly idempotent?: boolean;
  readonly requestClass: string;
  readonly deprecated?: true;
  /** How the list pages, as `paginate()` of `@org/core/pagination` takes it. */
  readonly pagination?: PaginationStyle & { readonly itemsField?: string };
}
