import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SmsSimulatorControls, StagedSendFailure } from '@org/capabilities/testing';
import { type RecordedRequest, startTestServer } from '@org/test-utils';
import type { EntraStandIn } from './entra.js';

/**
 * Azure Communication Services SMS on 127.0.0.1, as the 2021-03-07 spec and
 * the access-key tutorial describe it. Every request's HMAC-SHA256
 * signature is recomputed from what arrived (method, path and query, the
 * x-ms-date header, the Host header, the body's SHA-256) and compared in
 * constant time; a mismatch is a 401 and the request has no effect.
 * Repeatability is honoured: a repeated `repeatabilityRequestId` gets the
 * first answer back and sends nothing new.
 */
export interface AcsSimulator {
  readonly url: string;
  readonly port: number;
  readonly accessKey: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Messages actually sent (one per new repeatability id), in order. */
  readonly sent: ReadonlyArray<SentMessage>;
  /** Requests refused for their signature, with why. */
  readonly signatureFailures: string[];
  failNextSend(failure: StagedSendFailure): void;
  /** The Event Grid request ACS would cause for a sent message. */
  deliveryReport(
    messageId: string,
    deliveryStatus: string,
    signature: 'valid' | 'wrong-secret',
  ): { headers: Record<string, string>; rawBody: string; url: string; method: string };
  /** The contract suite's view. */
  controls(secrets: readonly string[]): SmsSimulatorControls;
  close(): Promise<void>;
}

export interface SentMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly message: string;
  readonly tag: string | undefined;
  readonly repeatabilityRequestId: string | undefined;
  readonly repeatabilityFirstSent: string | undefined;
}

const API_VERSION = '2021-03-07';
const SIGNED = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(.+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 1123, as `Date.prototype.toUTCString` writes it. */
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** A random 32-byte key, base64, like the portal's. */
export function randomAccessKey(): string {
  return randomBytes(32).toString('base64');
}

/** Why a request's signature does not hold, or undefined when it does. */
export function signatureProblem(request: RecordedRequest, accessKey: string): string | undefined {
  const date = header(request, 'x-ms-date');
  const contentHash = header(request, 'x-ms-content-sha256');
  const authorization = header(request, 'authorization');
  const host = header(request, 'host');
  if (!date || !contentHash || !authorization || !host) return 'a signing header is missing';
  if (!RFC1123.test(date)) return 'x-ms-date is not an RFC 1123 date';
  const bodyHash = createHash('sha256').update(request.rawBody).digest('base64');
  if (contentHash !== bodyHash) return 'x-ms-content-sha256 is not the SHA-256 of the body';
  const match = SIGNED.exec(authorization);
  if (!match)
    return 'Authorization is not HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…';
  const stringToSign = `${request.method}\n${request.url}\n${date};${host};${contentHash}`;
  const expected = createHmac('sha256', Buffer.from(accessKey, 'base64'))
    .update(stringToSign, 'utf8')
    .digest();
  const given = Buffer.from(match[1] as string, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'the signature does not match';
  return undefined;
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export async function startAcsSimulator(
  options: { accessKey?: string; entra?: EntraStandIn } = {},
): Promise<AcsSimulator> {
  const accessKey = options.accessKey ?? randomAccessKey();
  const sent: SentMessage[] = [];
  const signatureFailures: string[] = [];
  /** repeatabilityRequestId -> the answer given the first time. */
  const repeats = new Map<string, { status: number; item: Record<string, unknown> }>();
  const staged: StagedSendFailure[] = [];
  /** Failures bound to a call (its repeatability id), so every attempt of it fails alike. */
  const failing = new Map<string, StagedSendFailure>();

  const server = await startTestServer((request, response) => {
    const problem = signatureProblem(request, accessKey);
    if (problem) {
      signatureFailures.push(problem);
      json(response, 401, errorBody('Unauthorized', 'Denied by the resource provider.'));
      return;
    }
    const url = new URL(request.url, 'http://simulator');
    if (request.method !== 'POST' || url.pathname !== '/sms') {
      json(response, 404, errorBody('NotFound', 'Resource not found.'));
      return;
    }
    if (url.searchParams.get('api-version') !== API_VERSION) {
      json(response, 400, errorBody('InvalidApiVersion', 'Unsupported api-version.'));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      json(response, 422, errorBody('InvalidRequest', 'The body is not JSON.'));
      return;
    }
    const recipients = body.smsRecipients as Array<Record<string, unknown>> | undefined;
    if (
      typeof body.from !== 'string' ||
      typeof body.message !== 'string' ||
      !Array.isArray(recipients) ||
      recipients.length < 1 ||
      recipients.length > 100 ||
      recipients.some((r) => typeof r?.to !== 'string')
    ) {
      json(
        response,
        400,
        errorBody('BadRequest', 'from, message and 1 to 100 smsRecipients are required.'),
      );
      return;
    }
    const firstId = recipients[0]?.repeatabilityRequestId as string | undefined;
    const callKey = firstId ?? `request-${request.index}`;
    if (!failing.has(callKey) && staged.length > 0 && !repeats.has(callKey))
      failing.set(callKey, staged.shift() as StagedSendFailure);
    const failure = failing.get(callKey);
    if (failure === 'rate-limited') {
      json(response, 429, errorBody('TooManyRequests', 'Too many requests.'));
      return;
    }
    if (failure === 'provider-unavailable') {
      json(response, 503, errorBody('ServiceUnavailable', 'The service is unavailable.'));
      return;
    }
    const tag = (body.smsSendOptions as { tag?: string } | undefined)?.tag;
    const value = recipients.map((recipient) => {
      const id = recipient.repeatabilityRequestId as string | undefined;
      const firstSent = recipient.repeatabilityFirstSent as string | undefined;
      if (id !== undefined && (!UUID.test(id) || !firstSent || !RFC1123.test(firstSent))) {
        return {
          to: recipient.to,
          httpStatusCode: 400,
          repeatabilityResult: 'rejected',
          errorMessage:
            'Request sent with Invalid DateTime value for repeatability-first-sent. Expected is DateTime ,RFC1123 pattern.',
          successful: false,
        };
      }
      const earlier = id === undefined ? undefined : repeats.get(id);
      if (earlier) return earlier.item;
      const item: Record<string, unknown> =
        failure === 'invalid-number'
          ? {
              to: recipient.to,
              httpStatusCode: 400,
              errorMessage: 'Invalid To phone number format.',
              successful: false,
            }
          : {
              to: recipient.to,
              messageId: `Outgoing_${Date.now()}${randomUUID()}`,
              httpStatusCode: 202,
              successful: true,
            };
      if (id !== undefined) {
        item.repeatabilityResult = 'accepted';
        repeats.set(id, { status: 202, item });
      }
      if (item.successful) {
        sent.push({
          messageId: item.messageId as string,
          from: body.from as string,
          to: recipient.to as string,
          message: body.message as string,
          tag,
          repeatabilityRequestId: id,
          repeatabilityFirstSent: firstSent,
        });
      }
      return item;
    });
    json(response, 202, { value });
  });

  const deliveryReport: AcsSimulator['deliveryReport'] = (messageId, deliveryStatus, signature) => {
    const message = sent.find((m) => m.messageId === messageId);
    const failed = deliveryStatus === 'Failed';
    const event = {
      id: randomUUID(),
      topic:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/microsoft.communication/communicationservices/simulated',
      subject: `/phonenumber/${(message?.from ?? '').replace('+', '')}`,
      data: {
        messageId,
        from: message?.from ?? '',
        to: message?.to ?? '',
        deliveryStatus,
        deliveryStatusDetails: failed
          ? 'ErrorCode: 5002. ErrorMessage: Message Delivery Timeout'
          : 'No error.',
        receivedTimestamp: new Date().toISOString(),
        deliveryAttempts: [
          {
            timestamp: new Date().toISOString(),
            segmentsSucceeded: failed ? 0 : 1,
            segmentsFailed: failed ? 1 : 0,
          },
        ],
        ...(message?.tag === undefined ? {} : { tag: message.tag }),
      },
      eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
      dataVersion: '1.0',
      metadataVersion: '1',
      eventTime: new Date().toISOString(),
    };
    const entra = options.entra;
    if (!entra) throw new Error('startAcsSimulator({ entra }) is needed for delivery reports');
    return {
      method: 'POST',
      url: 'https://app.example.com/acs/events',
      headers: {
        'content-type': 'application/json',
        'aeg-event-type': 'Notification',
        authorization: `Bearer ${entra.token({ key: signature === 'valid' ? 'trusted' : 'other' })}`,
      },
      rawBody: JSON.stringify([event]),
    };
  };

  return {
    url: server.url,
    port: server.port,
    accessKey,
    requests: server.requests,
    sent,
    signatureFailures,
    failNextSend: (failure) => staged.push(failure),
    deliveryReport,
    controls(secrets) {
      return {
        requestCount: () => server.requests.length,
        failNextSend: (failure) => staged.push(failure),
        statuses: [
          { providerStatus: 'Delivered', expected: 'delivered' },
          { providerStatus: 'Failed', expected: 'undelivered' },
        ],
        deliveryReport,
        // An Entra bearer token authenticates Event Grid, not the body.
        signsBody: false,
        secrets,
      };
    },
    close: () => server.close(),
  };
}
