import type { CapabilityErrorReason } from '../errors/reasons.js';
import type { SmsStatus } from './status.js';

/** An amount in major units (dollars, shekels) of an ISO 4217 currency. For routing, not accounting. */
export interface Money {
  readonly amount: number;
  /** ISO 4217 code, upper case, e.g. `USD`. */
  readonly currency: string;
}

/** One message to send. Validated before any network call; see the README for the exact rules. */
export interface SendSmsInput {
  /** The destination in E.164, e.g. `+14155550100`. */
  readonly to: string;
  /** A sender number in E.164, or a short code (3 to 8 digits). Give this or `senderId`, not both. */
  readonly from?: string;
  /** An alphanumeric sender id (1 to 11 letters, digits or spaces, at least one letter). */
  readonly senderId?: string;
  /** The text, 1 to 1600 characters (adapters may allow less, e.g. 019: 1005). */
  readonly body: string;
  /** Where the vendor should post delivery reports for this message (http or https URL). */
  readonly statusCallback?: string;
  /** Your correlation id, echoed in results and reports where the vendor carries one (1 to 64 of `A-Z a-z 0-9 . _ : -`). */
  readonly clientReference?: string;
}

/** What the provider said when it took the message. */
export interface SendSmsResult {
  /** The adapter that sent it, e.g. `twilio`. */
  readonly provider: string;
  /** The vendor's id for the message, e.g. Twilio's `SM…` sid. */
  readonly providerMessageId: string;
  readonly status: SmsStatus;
  /** The vendor's own status word, e.g. `accepted`. */
  readonly providerStatus?: string;
  /** Billed segments, when the vendor says. */
  readonly segments?: number;
  /** The price, when the vendor says at send time (Twilio often does not yet). */
  readonly cost?: Money;
  readonly clientReference?: string;
}

/** A delivery failure's reason, mapped from the vendor's code. */
export interface SmsFailure {
  readonly reason: CapabilityErrorReason;
  /** The vendor's code, e.g. `30003`. */
  readonly providerCode: string;
}

/** A message's status at one moment: from `getStatus` or from a delivery report. */
export interface SmsStatusReport {
  readonly provider: string;
  readonly providerMessageId: string;
  readonly status: SmsStatus;
  /** The vendor's own status word or code. */
  readonly providerStatus: string;
  /** Why it failed, for `failed` and `undelivered` when the vendor gives a code. */
  readonly error?: SmsFailure;
  readonly segments?: number;
  readonly cost?: Money;
  /** When the vendor says the status changed. */
  readonly occurredAt?: Date;
  readonly clientReference?: string;
}

/** Fetch `Headers`, or a Node-style record (`IncomingMessage.headers`). */
export type DeliveryReportHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One incoming delivery-report HTTP request, exactly as received. */
export interface DeliveryReportRequest {
  readonly headers: DeliveryReportHeaders;
  /** The raw body bytes or text: signatures cover the bytes, never a re-serialized object. */
  readonly rawBody: string | Uint8Array | ArrayBuffer;
  /** The public URL the vendor called (Twilio signs it), absolute. */
  readonly url: string;
  /** Default `POST`. */
  readonly method?: string;
}

/** What the webhook endpoint should answer, when the vendor expects more than an empty 200. */
export interface DeliveryReportReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A verified delivery-report request. One request may carry several reports
 * (Event Grid batches events), or none (Event Grid's subscription validation
 * handshake, answered through `reply`).
 */
export interface DeliveryReportBatch {
  readonly reports: readonly SmsStatusReport[];
  /** The answer the vendor expects; when absent, answer 200 with an empty body. */
  readonly reply?: DeliveryReportReply;
}

/** Per-call options. */
export interface SmsCallOptions {
  /** Aborts the call (and a router's failover). */
  readonly signal?: AbortSignal;
  /** The tenant the call is made for: router rules match on it. */
  readonly tenant?: string;
  /** Which provider a router should ask (for `getStatus` and `parseDeliveryReport`). */
  readonly provider?: string;
}

/**
 * The SMS capability. Owning code depends on this, never on a vendor client.
 * Build one with `defineSmsSender` so inputs and outputs are validated the same
 * way for every vendor. `getStatus` and `parseDeliveryReport` exist only where
 * the vendor has them (ACS has no status GET; 019 has no push reports).
 */
export interface SmsSender {
  /** The provider name, e.g. `twilio`; a router's is `router`. */
  readonly provider: string;
  /**
   * Sends one message. Rejects with an InvalidRequestError (code
   * `invalid-request`, `details.field`) before any network call when the
   * input is invalid, or a CapabilityError with a `reason`.
   */
  send(input: SendSmsInput, options?: SmsCallOptions): Promise<SendSmsResult>;
  /** The message's current status, when the vendor can be asked. */
  getStatus?(providerMessageId: string, options?: SmsCallOptions): Promise<SmsStatusReport>;
  /**
   * Verifies a delivery-report request's signature (through `@org/core/webhooks`)
   * and normalizes it. Rejects with a WebhookVerificationError (code
   * `webhook-verification`) when the signature does not match.
   */
  parseDeliveryReport?(
    request: DeliveryReportRequest,
    options?: SmsCallOptions,
  ): Promise<DeliveryReportBatch>;
}
