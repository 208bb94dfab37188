import { isCoreError } from '@org/core/errors';
import { isWebhookVerificationError } from '@org/core/webhooks';
import { describe, expect, it } from 'vitest';
import {
  createEventGridAuthenticator,
  type EventGridRequest,
  readEventGridDelivery,
  SMS_DELIVERY_REPORT_EVENT,
} from '../src/event-grid.js';
import { createEntraStandIn } from './support/entra.js';

const URL_ = 'https://app.example.com/acs/events';

function post(body: unknown, headers: Record<string, string> = {}): EventGridRequest {
  return {
    method: 'POST',
    url: URL_,
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The event page's example (learn.microsoft.com/azure/event-grid/communication-services-telephony-sms-events). */
const DELIVERED = {
  id: 'Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910',
  topic:
    '/subscriptions/{subscription-id}/resourceGroups/{group-name}/providers/microsoft.communication/communicationservices/{communication-services-resource-name}',
  subject: '/phonenumber/15555555555',
  data: {
    messageId: 'Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910',
    from: '15555555555',
    to: '+15555555555',
    deliveryStatus: 'Delivered',
    deliveryStatusDetails: 'No error.',
    receivedTimestamp: '2020-09-18T00:22:20.2855749Z',
    deliveryAttempts: [
      { timestamp: '2020-09-18T00:22:14.9315918Z', segmentsSucceeded: 1, segmentsFailed: 0 },
    ],
    Tag: 'Optional customer-tag set in the original message',
  },
  eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
  dataVersion: '1.0',
  metadataVersion: '1',
  eventTime: '2020-09-18T00:22:20Z',
};

describe('readEventGridDelivery', () => {
  it('answers the subscription validation handshake with the validation code', () => {
    const delivery = readEventGridDelivery(
      post([
        {
          id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
          topic:
            '/subscriptions/xx/resourceGroups/rg/providers/microsoft.communication/communicationservices/acs',
          subject: '',
          data: {
            validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
            validationUrl:
              'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=512d38b6',
          },
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          eventTime: '2026-02-16T10:00:00Z',
          metadataVersion: '1',
          dataVersion: '2',
        },
      ]),
    );
    expect(delivery.reply).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}',
    });
    expect(delivery.smsDeliveryReports).toEqual([]);
  });

  it('answers the CloudEvents OPTIONS handshake with WebHook-Allowed-Origin', () => {
    const delivery = readEventGridDelivery({
      method: 'OPTIONS',
      url: URL_,
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
      rawBody: '',
    });
    expect(delivery.reply).toEqual({
      status: 200,
      headers: { 'webhook-allowed-origin': 'eventgrid.azure.net', 'webhook-allowed-rate': '*' },
      body: '',
    });
  });

  it("reads the event page's SMS delivery report (Event Grid schema)", () => {
    const delivery = readEventGridDelivery(post([DELIVERED]));
    expect(delivery.reply).toBeUndefined();
    expect(delivery.events.map((event) => event.schema)).toEqual(['eventgrid']);
    expect(delivery.smsDeliveryReports).toEqual([
      {
        eventId: DELIVERED.id,
        messageId: DELIVERED.data.messageId,
        from: '15555555555',
        to: '+15555555555',
        deliveryStatus: 'Delivered',
        deliveryStatusDetails: 'No error.',
        receivedTimestamp: new Date('2020-09-18T00:22:20.2855749Z'),
        tag: 'Optional customer-tag set in the original message',
        deliveryAttempts: [
          {
            timestamp: new Date('2020-09-18T00:22:14.9315918Z'),
            segmentsSucceeded: 1,
            segmentsFailed: 0,
          },
        ],
      },
    ]);
  });

  it('reads PascalCase data, as older versions of the page show it', () => {
    const { smsDeliveryReports } = readEventGridDelivery(
      post([
        {
          ...DELIVERED,
          data: {
            MessageId: 'Outgoing_1',
            From: '15555555555',
            To: '+15555555555',
            DeliveryStatus: 'Failed',
            DeliveryStatusDetails: 'ErrorCode: 5002. ErrorMessage: Message Delivery Timeout',
            ReceivedTimestamp: '2020-09-18T00:22:20Z',
            DeliveryAttempts: [
              { Timestamp: '2020-09-18T00:22:14Z', SegmentsSucceeded: 0, SegmentsFailed: 2 },
            ],
          },
        },
      ]),
    );
    expect(smsDeliveryReports[0]).toMatchObject({
      messageId: 'Outgoing_1',
      deliveryStatus: 'Failed',
      tag: undefined,
      deliveryAttempts: [{ segmentsSucceeded: 0, segmentsFailed: 2 }],
    });
  });

  it('reads a CloudEvents 1.0 event and keeps other event types out of the reports', () => {
    const delivery = readEventGridDelivery(
      post([
        {
          specversion: '1.0',
          id: 'ce-1',
          type: SMS_DELIVERY_REPORT_EVENT,
          source:
            '/subscriptions/xx/resourceGroups/rg/providers/microsoft.communication/communicationservices/acs',
          time: '2026-03-01T08:30:05Z',
          data: { ...DELIVERED.data, messageId: 'Outgoing_ce' },
        },
        {
          specversion: '1.0',
          id: 'ce-2',
          type: 'Microsoft.Communication.SMSReceived',
          source: '/subscriptions/xx',
          data: {
            messageId: 'Incoming_1',
            from: '+15555555555',
            to: '+18005550100',
            message: 'STOP',
          },
        },
      ]),
    );
    expect(delivery.events.map((event) => [event.schema, event.type])).toEqual([
      ['cloudevents', SMS_DELIVERY_REPORT_EVENT],
      ['cloudevents', 'Microsoft.Communication.SMSReceived'],
    ]);
    expect(delivery.smsDeliveryReports.map((report) => report.messageId)).toEqual(['Outgoing_ce']);
  });

  it.each([
    ['a body that is not JSON', 'not json {'],
    ['an event without eventType', [{ id: '1', data: {} }]],
    [
      'a validation event without a code',
      [{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} }],
    ],
    [
      'a delivery report without messageId',
      [{ ...DELIVERED, data: { deliveryStatus: 'Delivered' } }],
    ],
  ])('rejects %s with schema-mismatch, never quoting the body', async (_name, body) => {
    const error = await rejection(() => readEventGridDelivery(post(body)));
    expect(isWebhookVerificationError(error, 'schema-mismatch')).toBe(true);
    expect((error as Error).message).not.toContain('not json');
  });

  it('rejects invalid UTF-8 bytes', async () => {
    const error = await rejection(() =>
      readEventGridDelivery({
        url: URL_,
        headers: {},
        rawBody: new Uint8Array([0x5b, 0xff, 0x5d]),
      }),
    );
    expect(isWebhookVerificationError(error, 'schema-mismatch')).toBe(true);
  });

  it('rejects an OPTIONS request that is no handshake', async () => {
    const error = await rejection(() =>
      readEventGridDelivery({ method: 'OPTIONS', url: URL_, headers: {}, rawBody: '' }),
    );
    expect(isWebhookVerificationError(error, 'missing-header')).toBe(true);
  });
});

describe('createEventGridAuthenticator: Microsoft Entra ID', () => {
  const entra = createEntraStandIn();
  const auth = createEventGridAuthenticator({
    entra: { tenantId: entra.tenantId, audience: entra.audience, jwks: entra.jwks },
  });
  const withToken = (token: string) => post([DELIVERED], { authorization: `Bearer ${token}` });

  it('accepts a token of the tenant for the audience, v1 or v2 issuer, as often as Event Grid reuses it', async () => {
    const token = entra.token();
    await expect(auth.authenticate(withToken(token))).resolves.toBeUndefined();
    await expect(auth.authenticate(withToken(token))).resolves.toBeUndefined();
    const v2 = entra.token({
      claims: { iss: `https://login.microsoftonline.com/${entra.tenantId}/v2.0` },
    });
    await expect(auth.authenticate(withToken(v2))).resolves.toBeUndefined();
    expect(auth.method).toBe('entra');
  });

  it.each([
    ['signed with another key', () => entra.token({ key: 'other' }), 'bad-signature'],
    [
      'for another audience',
      () => entra.token({ claims: { aud: 'api://someone-else' } }),
      'bad-signature',
    ],
    [
      'from another tenant',
      () => entra.token({ claims: { iss: 'https://sts.windows.net/another-tenant/' } }),
      'bad-signature',
    ],
    [
      'expired',
      () => entra.token({ nowSeconds: Math.floor(Date.now() / 1000) - 7200 }),
      'timestamp-too-old',
    ],
  ] as const)('rejects a token %s', async (_name, token, reason) => {
    const error = await rejection(auth.authenticate(withToken(token())));
    expect(isWebhookVerificationError(error, reason)).toBe(true);
  });

  it('rejects a request without a token', async () => {
    const error = await rejection(auth.authenticate(post([DELIVERED])));
    expect(isWebhookVerificationError(error, 'missing-header')).toBe(true);
  });

  it('refuses a tenant id that is not one', () => {
    expect(() =>
      createEventGridAuthenticator({ entra: { tenantId: 'a/b', audience: 'x' } }),
    ).toThrow(/tenantId/);
  });
});

describe('createEventGridAuthenticator: shared secret', () => {
  const secret = 'k3y-6f1d0e9c8b7a-for-event-grid';
  const next = 'rotated-2b4c6d8e0f1a3c5e7a9b';

  it('accepts the secret in the `code` query parameter of the endpoint URL', async () => {
    const auth = createEventGridAuthenticator({ sharedSecret: { secret } });
    await expect(
      auth.authenticate({
        ...post([DELIVERED]),
        url: `${URL_}?code=${encodeURIComponent(secret)}`,
      }),
    ).resolves.toBeUndefined();
    expect(auth.method).toBe('shared-secret');
  });

  it('accepts any of several secrets while rotating, and a header instead of the query', async () => {
    const auth = createEventGridAuthenticator({
      sharedSecret: { secret: [secret, next], in: 'header', name: 'X-Webhook-Secret' },
    });
    await expect(
      auth.authenticate(post([DELIVERED], { 'x-webhook-secret': next })),
    ).resolves.toBeUndefined();
  });

  it('rejects a wrong or missing secret without quoting either', async () => {
    const auth = createEventGridAuthenticator({ sharedSecret: { secret } });
    const wrong = await rejection(
      auth.authenticate({ ...post([DELIVERED]), url: `${URL_}?code=${secret.slice(0, -1)}x` }),
    );
    expect(isWebhookVerificationError(wrong, 'bad-signature')).toBe(true);
    expect(JSON.stringify(wrong) + (wrong as Error).message).not.toContain(secret.slice(0, 12));
    const missing = await rejection(auth.authenticate(post([DELIVERED])));
    expect(isWebhookVerificationError(missing, 'missing-header')).toBe(true);
    const shorter = await rejection(
      auth.authenticate({ ...post([DELIVERED]), url: `${URL_}?code=${secret.slice(0, 10)}` }),
    );
    expect(isWebhookVerificationError(shorter, 'bad-signature')).toBe(true);
  });

  it('refuses a short secret and a missing configuration', async () => {
    expect(() => createEventGridAuthenticator({ sharedSecret: { secret: 'short' } })).toThrow(
      /at least 16 characters/,
    );
    const none = await rejection(() =>
      createEventGridAuthenticator(
        {} as unknown as Parameters<typeof createEventGridAuthenticator>[0],
      ),
    );
    expect(isCoreError(none, 'configuration')).toBe(true);
  });
});
