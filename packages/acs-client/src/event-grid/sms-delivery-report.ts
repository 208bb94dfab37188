import { WebhookVerificationError } from '@org/core/webhooks';
import { dateField, field, isRecord, numberField, stringField } from './internal/fields.js';
import type { AcsSmsDeliveryAttempt, AcsSmsDeliveryReport, EventGridEvent } from './types.js';

/**
 * The data of one `Microsoft.Communication.SMSDeliveryReportReceived` event
 * (https://learn.microsoft.com/azure/event-grid/communication-services-telephony-sms-events),
 * field names read in either case. A report without `messageId` or
 * `deliveryStatus` cannot be matched to a message and is refused.
 */
export function parseSmsDeliveryReport(event: EventGridEvent): AcsSmsDeliveryReport {
  const data = event.data;
  const messageId = isRecord(data) ? stringField(data, 'messageId') : undefined;
  const deliveryStatus = isRecord(data) ? stringField(data, 'deliveryStatus') : undefined;
  if (!isRecord(data) || !messageId || !deliveryStatus) {
    throw new WebhookVerificationError(
      'schema-mismatch',
      `Event ${event.id} (${event.type}) has no messageId or deliveryStatus in its data; it is not an SMS delivery report.`,
      { scheme: 'event-grid' },
    );
  }
  const attempts = field(data, 'deliveryAttempts');
  return {
    eventId: event.id,
    messageId,
    from: stringField(data, 'from') ?? '',
    to: stringField(data, 'to') ?? '',
    deliveryStatus,
    deliveryStatusDetails: stringField(data, 'deliveryStatusDetails'),
    receivedTimestamp: dateField(data, 'receivedTimestamp'),
    tag: stringField(data, 'tag'),
    deliveryAttempts: Array.isArray(attempts) ? attempts.filter(isRecord).map(toAttempt) : [],
  };
}

function toAttempt(attempt: Record<string, unknown>): AcsSmsDeliveryAttempt {
  return {
    timestamp: dateField(attempt, 'timestamp'),
    segmentsSucceeded: numberField(attempt, 'segmentsSucceeded'),
    segmentsFailed: numberField(attempt, 'segmentsFailed'),
  };
}
