/**
 * The contract every policy of the core transport is written against.
 *
 * The transport is the `fetch` handed to openapi-fetch's `createClient`.
 * openapi-fetch middleware is a linear chain that cannot re-send a request,
 * so everything that loops or waits (retry, rate limiting, deadline) is a
 * policy wrapping the transport instead.
 */

/** What the core knows about the operation a request belongs to (from the generated metadata table). */
export interface OperationInfo {
  /** The spec's operationId, or `METHOD /path/template` when the spec has none. */
  readonly id: string;
  readonly method: string;
  /** The spec's path template, e.g. `/2010-04-01/Accounts/{AccountSid}/Messages.json`. */
  readonly path: string;
  /**
   * Explicit retry safety. `undefined` means "by HTTP semantics": GET, HEAD,
   * PUT, DELETE, OPTIONS and TRACE are idempotent (RFC 9110 §9.2.2), POST and
   * PATCH are not.
   */
  readonly idempotent?: boolean;
  /** Rate-limit request class, e.g. `read` or `write`; default by method. */
  readonly requestClass?: string;
  readonly deprecated?: boolean;
  /** Request body media types, in spec order; the first is sent when the caller names none. */
  readonly requestContentTypes?: readonly string[];
  /** A key the vendor honors on this operation; a call carrying it is retry-safe. */
  readonly idempotencyKey?: { readonly in: 'header' | 'body' | 'query'; readonly name: string };
  /** Fields never to log: `query.X`, `header.X`, `body.A.B`, `response.items[].x`. */
  readonly sensitive?: readonly string[];
}

/** Receives telemetry events. Implemented by `@org/core/telemetry`; a no-op by default. */
export interface EventSink {
  /** True when anything listens; policies skip building events when false. */
  readonly active: boolean;
  emit(type: string, data: Record<string, unknown>): void;
}

/** Per-call state shared by the policies of one logical call (all its attempts). */
export interface CallContext {
  readonly vendor: string;
  readonly operation: OperationInfo | undefined;
  /** Limiter and telemetry key part: the tenant or credential the call runs as. */
  readonly tenant: string | undefined;
  /** Aborts when the caller aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** The caller's own signal, to tell an abort from a deadline. */
  readonly callerSignal: AbortSignal | undefined;
  /** Epoch ms by which the whole call (attempts, waits, queues) must end; Infinity for none. */
  readonly deadline: number;
  /** 1-based number of the attempt under way; the retry policy advances it. */
  attempt: number;
  readonly events: EventSink;
  /** Scratch space for policies, keyed by a symbol each policy owns. */
  readonly state: Map<symbol, unknown>;
}

export type Handler = (request: Request, ctx: CallContext) => Promise<Response>;

/** A named transport policy. `wrap` runs once when the transport is built, never per call. */
export interface Policy {
  readonly name: string;
  wrap(next: Handler): Handler;
}
