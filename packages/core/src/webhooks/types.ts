import type { StandardSchemaV1 } from '../internal/standard-schema.js';
import type { EventSink } from '../transport/types.js';
import type { CryptoPreference } from './internal/crypto-engine.js';
import type { ReplayStore } from './replay-store.js';

/** The body exactly as it came off the wire. A parsed object is refused (`body-not-raw`). */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** Fetch `Headers`, or a Node-style record (`IncomingMessage.headers`); names match case-insensitively. */
export type HeadersInput =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One incoming delivery. */
export interface WebhookRequest {
  readonly headers: HeadersInput;
  /** The raw body: a Buffer/Uint8Array or ArrayBuffer is best; a string must be the exact text received. */
  readonly body: RawBody;
  /** The request URL, absolute or path + query. Needed by `twilio`, `jwt` with `qsh`, and `{url}` templates. */
  readonly url?: string;
  /** The HTTP method. Needed by `jwt` with `qsh`. */
  readonly method?: string;
}

/** A secret as the vendor shows it (text) or as bytes. */
export type WebhookSecret = string | Uint8Array;

/**
 * One secret, several (rotation: any one may match), or a function choosing
 * them per delivery (one secret per tenant). A function answering nothing
 * rejects the delivery with `no-secret`.
 */
export type WebhookSecretSource =
  | WebhookSecret
  | readonly WebhookSecret[]
  | ((
      request: WebhookRequest,
    ) =>
      | WebhookSecret
      | readonly WebhookSecret[]
      | undefined
      | Promise<WebhookSecret | readonly WebhookSecret[] | undefined>);

export interface ReplayOptions {
  /** Where delivery ids are recorded. Default: an in-memory store owned by this verifier (10,000 ids). */
  readonly store?: ReplayStore;
  /**
   * How long an id is remembered, in seconds. Default: twice `toleranceSeconds`
   * (600) for schemes that sign a timestamp, since an older replay fails the
   * timestamp check anyway; 86,400 (24 h) for schemes that sign none.
   */
  readonly ttlSeconds?: number;
  /**
   * The replay key of a verified delivery; `undefined` skips the guard for it.
   * Default: the delivery id, or for a timestamped scheme without one
   * (Slack, Stripe) the matched signature; schemes with neither (Meta,
   * Twilio) are not guarded unless this is given.
   */
  readonly key?: (event: VerifiedWebhook) => string | undefined;
}

/** Options every scheme takes. */
export interface CommonVerifierOptions<Schema extends StandardSchemaV1 | undefined = undefined> {
  /** Accepted clock difference, past and future, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Replay guard: a delivery id (or, for schemes without one, the signature
   * of a timestamped delivery) is accepted once. `false` turns it off.
   * Default: on, in memory.
   */
  readonly replay?: false | ReplayOptions;
  /** Validates the parsed payload (zod 4, valibot, arktype: any Standard Schema). Default none. */
  readonly schema?: Schema;
  /** Receives `WebhookVerified` / `WebhookRejected` when `events.active`. Default none. */
  readonly events?: EventSink;
  /** The vendor named in events. Default: the scheme name. */
  readonly vendor?: string;
  /** `auto` (default) uses node:crypto where it exists, else Web Crypto. */
  readonly crypto?: CryptoPreference;
}

/** A delivery that passed every check. */
export interface VerifiedWebhook<Payload = unknown> {
  /** The scheme that verified it, e.g. `github`. */
  readonly scheme: string;
  /** The vendor's delivery id, when the scheme carries one. */
  readonly id: string | undefined;
  /** The signed timestamp, when the scheme signs one. */
  readonly timestamp: Date | undefined;
  /** The raw body, as given (an ArrayBuffer is viewed as a Uint8Array). */
  readonly body: string | Uint8Array;
  /**
   * The body parsed as JSON or form fields (`Record<string, string | string[]>`).
   * With a `schema`, its validated output, parsed during `verify`. Without one
   * it is parsed on first read, and a body that is not valid JSON throws a
   * WebhookVerificationError (`schema-mismatch`) there.
   */
  readonly payload: Payload;
  /** The verified JWT claims (`jwt` scheme only). */
  readonly claims: Readonly<Record<string, unknown>> | undefined;
}

export interface WebhookVerifier<Payload = unknown> {
  /** The scheme name, e.g. `github`. */
  readonly scheme: string;
  /** Verifies one delivery; rejects with a WebhookVerificationError. */
  verify(request: WebhookRequest): Promise<VerifiedWebhook<Payload>>;
  /** Verifies a Fetch `Request` (reads its body as bytes). */
  verifyRequest(request: Request): Promise<VerifiedWebhook<Payload>>;
  /**
   * Forgets a delivery recorded by the replay guard, so the vendor's retry is
   * accepted: call it when processing failed after `verify`.
   */
  release(event: VerifiedWebhook<Payload>): Promise<void>;
}
