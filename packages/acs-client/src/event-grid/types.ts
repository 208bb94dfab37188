import type { HeadersInput, RawBody } from '@org/core/webhooks';

/** Event Grid's handshake event, sent when a webhook subscription is created or updated. */
export const SUBSCRIPTION_VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/** Published when a carrier's delivery report for an SMS sent by the resource arrives. */
export const SMS_DELIVERY_REPORT_EVENT = 'Microsoft.Communication.SMSDeliveryReportReceived';

/** One HTTP request from Event Grid, exactly as received. */
export interface EventGridRequest {
  readonly headers: HeadersInput;
  /** The raw body bytes or text. */
  readonly rawBody: RawBody;
  /** The URL Event Grid called, absolute or path + query (a shared secret may ride in its query). */
  readonly url: string;
  /** Default `POST`; `OPTIONS` is the CloudEvents abuse-protection handshake. */
  readonly method?: string;
}

/** One event, from either delivery schema, with the names normalized. */
export interface EventGridEvent {
  readonly id: string;
  /** `eventType` (Event Grid schema) or `type` (CloudEvents 1.0). */
  readonly type: string;
  /** `topic` (Event Grid schema) or `source` (CloudEvents): the resource that published it. */
  readonly source: string | undefined;
  readonly subject: string | undefined;
  /** `eventTime` or `time`, as sent (ISO 8601). */
  readonly time: string | undefined;
  readonly data: unknown;
  readonly schema: 'eventgrid' | 'cloudevents';
}

/** What the endpoint must answer, when Event Grid expects more than an empty 200. */
export interface EventGridReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One attempt of the carrier to deliver the message. */
export interface AcsSmsDeliveryAttempt {
  readonly timestamp: Date | undefined;
  readonly segmentsSucceeded: number | undefined;
  readonly segmentsFailed: number | undefined;
}

/**
 * The data of a `Microsoft.Communication.SMSDeliveryReportReceived` event
 * (https://learn.microsoft.com/azure/event-grid/communication-services-telephony-sms-events).
 */
export interface AcsSmsDeliveryReport {
  /** The Event Grid event id: Event Grid delivers at least once, so dedupe on it. */
  readonly eventId: string;
  /** The id Sms_Send answered with (`Outgoing_…`). */
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  /** `Delivered` or `Failed`, the two values the event page lists. */
  readonly deliveryStatus: string;
  /** Free text, e.g. `No error.` or `ErrorCode: 5002. ErrorMessage: Message Delivery Timeout`. */
  readonly deliveryStatusDetails: string | undefined;
  readonly receivedTimestamp: Date | undefined;
  /** The `smsSendOptions.tag` of the send, echoed back. */
  readonly tag: string | undefined;
  readonly deliveryAttempts: readonly AcsSmsDeliveryAttempt[];
}

/** A verified request, read. */
export interface EventGridDelivery {
  /** Every event of the batch, whatever its type. */
  readonly events: readonly EventGridEvent[];
  /** The SMS delivery reports among them. */
  readonly smsDeliveryReports: readonly AcsSmsDeliveryReport[];
  /** Set for a handshake: answer exactly this. Otherwise answer 200 with an empty body. */
  readonly reply?: EventGridReply;
}
