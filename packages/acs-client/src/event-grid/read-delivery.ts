import type { RawBody } from '@org/core/webhooks';
import { WebhookVerificationError } from '@org/core/webhooks';
import { isRecord, stringField } from './internal/fields.js';
import { readHeader } from './internal/headers.js';
import { parseSmsDeliveryReport } from './sms-delivery-report.js';
import {
  type AcsSmsDeliveryReport,
  type EventGridDelivery,
  type EventGridEvent,
  type EventGridRequest,
  SMS_DELIVERY_REPORT_EVENT,
  SUBSCRIPTION_VALIDATION_EVENT,
} from './types.js';

const SCHEME = 'event-grid';

/**
 * Reads one Event Grid webhook request, already authenticated (see
 * `createEventGridAuthenticator`): the subscription validation handshake and
 * the events of a batch, in either delivery schema.
 *
 * - Event Grid schema: the body is a JSON array of events. A
 *   `Microsoft.EventGrid.SubscriptionValidationEvent` is answered with
 *   `200 {"validationResponse": "<data.validationCode>"}`, the synchronous
 *   handshake (https://learn.microsoft.com/azure/event-grid/webhook-event-delivery).
 * - CloudEvents 1.0 schema: one event (or an array). The handshake is an
 *   `OPTIONS` request carrying `WebHook-Request-Origin`, answered with
 *   `WebHook-Allowed-Origin` set to that origin and `WebHook-Allowed-Rate: *`
 *   (CloudEvents HTTP webhook spec, abuse protection, which Event Grid
 *   follows for this schema). That handshake establishes no authentication
 *   (Event Grid's page says so): it only consents to receive, so it may be
 *   answered before any check; the POSTs that follow are authenticated.
 *
 * A body that is not such JSON rejects with a WebhookVerificationError
 * (`schema-mismatch`): answer 400. Messages never quote the body.
 */
export function readEventGridDelivery(request: EventGridRequest): EventGridDelivery {
  if ((request.method ?? 'POST').toUpperCase() === 'OPTIONS') return abuseProtection(request);
  const parsed = parseJson(request.rawBody);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const events = items.map(toEvent);
  const validation = events.find((event) => event.type === SUBSCRIPTION_VALIDATION_EVENT);
  if (validation) {
    const code = isRecord(validation.data)
      ? stringField(validation.data, 'validationCode')
      : undefined;
    if (!code) {
      throw new WebhookVerificationError(
        'schema-mismatch',
        'The subscription validation event has no data.validationCode to echo.',
        { scheme: SCHEME },
      );
    }
    return {
      events,
      smsDeliveryReports: [],
      reply: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ validationResponse: code }),
      },
    };
  }
  const smsDeliveryReports: AcsSmsDeliveryReport[] = [];
  for (const event of events) {
    if (event.type === SMS_DELIVERY_REPORT_EVENT)
      smsDeliveryReports.push(parseSmsDeliveryReport(event));
  }
  return { events, smsDeliveryReports };
}

function abuseProtection(request: EventGridRequest): EventGridDelivery {
  const origin = readHeader(request.headers, 'webhook-request-origin');
  if (!origin) {
    throw new WebhookVerificationError(
      'missing-header',
      'An OPTIONS request without WebHook-Request-Origin is not a CloudEvents validation handshake.',
      { scheme: SCHEME, header: 'webhook-request-origin' },
    );
  }
  return {
    events: [],
    smsDeliveryReports: [],
    // `*`: no limit on the delivery rate (CloudEvents HTTP webhook spec, WebHook-Allowed-Rate).
    reply: {
      status: 200,
      headers: { 'webhook-allowed-origin': origin, 'webhook-allowed-rate': '*' },
      body: '',
    },
  };
}

function parseJson(raw: RawBody): unknown {
  try {
    const text =
      typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return JSON.parse(text);
  } catch (cause) {
    throw new WebhookVerificationError(
      'schema-mismatch',
      'The Event Grid request body is not JSON (UTF-8); expected an array of events or a CloudEvent.',
      { scheme: SCHEME, cause },
    );
  }
}

function toEvent(item: unknown, index: number): EventGridEvent {
  if (isRecord(item)) {
    const id = stringField(item, 'id');
    if (typeof item.specversion === 'string') {
      const type = stringField(item, 'type');
      if (id && type) {
        return {
          id,
          type,
          source: stringField(item, 'source'),
          subject: stringField(item, 'subject'),
          time: stringField(item, 'time'),
          data: item.data,
          schema: 'cloudevents',
        };
      }
    } else {
      const type = stringField(item, 'eventType');
      if (id && type) {
        return {
          id,
          type,
          source: stringField(item, 'topic'),
          subject: stringField(item, 'subject'),
          time: stringField(item, 'eventTime'),
          data: item.data,
          schema: 'eventgrid',
        };
      }
    }
  }
  throw new WebhookVerificationError(
    'schema-mismatch',
    `Event ${index} of the request is not an Event Grid event (id and eventType) or a CloudEvent (specversion, id and type).`,
    { scheme: SCHEME },
  );
}
