import type { Fault } from '@org/test-utils';
import type { Json } from '../schema/refs.js';
import type { AuthExpectation } from './check-auth.js';
import type { PaginationRule } from './pager.js';
import type { HintForm, QuotaSettings } from './quota.js';

/** A fault the simulator plays instead of (or after) serving a request. */
export type SimulatorFault =
  /** A wire fault of `@org/test-utils` (reset, close, hang, slow body, malformed JSON, HTML page, truncation, raw response). */
  | Fault
  /** The spec's error body with this status, e.g. 500 or 503. */
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** 429 with the spec's error body and the hint headers in the given forms. */
  | { kind: 'rate-limited'; waitMs: number; hints: readonly HintForm[] }
  /** The request is processed (its side effect counted), then the fault is played: a lost response. */
  | { kind: 'after-effect'; answer: Fault | { kind: 'status'; status: number } };

/** Where a non-idempotent operation takes its idempotency key. */
export interface IdempotencyKeySpec {
  readonly in: 'header' | 'body' | 'query';
  readonly name: string;
}

export interface SimulatorOptions {
  /** The OpenAPI document, overlay applied. */
  readonly document: Json;
  /** The path of the vendor's server URL (`/v1` of `https://api.example.com/v1`); default none. */
  readonly basePath?: string;
  readonly auth: AuthExpectation;
  /** operationId -> how its list pages (the generated operation table's `pagination`). */
  readonly pagination?: Readonly<Record<string, PaginationRule>>;
  /** operationId -> the idempotency key it honors (the operation table's `idempotencyKey`). */
  readonly idempotencyKeys?: Readonly<Record<string, IdempotencyKeySpec>>;
  /** A header honored as an idempotency key on every unsafe call (pack `idempotency.header`). */
  readonly idempotencyHeader?: string | null;
  readonly quota?: QuotaSettings;
  /** Delay before a successful answer, in ms. Default 0. */
  readonly latencyMs?: number;
}

/** One request as the simulator saw and answered it. */
export interface SimulatedRequest {
  readonly index: number;
  readonly operationId: string | undefined;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Epoch ms, sub-millisecond precision. */
  readonly receivedAt: number;
  /** The spec violations this request showed. */
  readonly problems: readonly string[];
  /** Label of the credential it carried (`basic#0`), never the secret. */
  readonly credential: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body as text. */
  readonly body: string;
  /** What was answered: a status, or the fault kind played. */
  outcome: string;
  /** The JSON text answered, when the simulator answered with a body of its own. */
  responseBody?: string;
}

export interface Violation {
  readonly operationId: string | undefined;
  readonly request: string;
  readonly problem: string;
}
