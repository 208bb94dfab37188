import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TWILIO_SMS_MAPPING } from '@org/capabilities/sms';
import type { SmsSimulatorControls, StagedSendFailure } from '@org/capabilities/testing';
import { type RecordedRequest, startTestServer, type TestServer } from '@org/test-utils';

export const ACCOUNT_SID = `AC${'5e'.repeat(16)}`;
export const AUTH_TOKEN = 'twilio-simulator-auth-token-7f3a9c';
/** The public URL the simulated account's StatusCallback points at. */
export const CALLBACK_URL = 'https://app.example.com/hooks/twilio/status?tenant=acme';

interface Message {
  sid: string;
  to: string;
  from: string;
  status: string;
  segments: number;
}

/**
 * Twilio's answers to staged failures, as its error dictionary documents them:
 * 21211 invalid 'To' number (400), 20429 over the concurrency limit (429,
 * https://www.twilio.com/docs/api/errors/20429), and a 503 outage.
 */
const STAGED: Record<StagedSendFailure, { status: number; code: number; retryAfter?: string }> = {
  'invalid-number': { status: 400, code: 21211 },
  'rate-limited': { status: 429, code: 20429, retryAfter: '1' },
  'provider-unavailable': { status: 503, code: 20503 },
};

function json(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function twilioErrorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** base64(HMAC-SHA1(token, URL + each form field name+value, sorted by name)). */
export function twilioSignature(token: string, url: string, params: URLSearchParams): string {
  const data = [...params.keys()]
    .sort()
    .reduce((acc, name) => acc + name + (params.get(name) ?? ''), url);
  return createHmac('sha1', token).update(data).digest('base64');
}

function resource(message: Message) {
  const now = new Date().toUTCString();
  return {
    sid: message.sid,
    account_sid: ACCOUNT_SID,
    to: message.to,
    from: message.from,
    status: message.status,
    num_segments: String(message.segments),
    price: message.status === 'delivered' ? '-0.00790' : null,
    price_unit: 'USD',
    error_code: ['failed', 'undelivered'].includes(message.status) ? 30003 : null,
    date_created: now,
    date_updated: now,
    api_version: '2010-04-01',
    direction: 'outbound-api',
  };
}

export interface TwilioSimulator {
  readonly server: TestServer;
  readonly controls: SmsSimulatorControls;
  close(): Promise<void>;
}

/**
 * A Twilio Messages API on 127.0.0.1: Basic auth, form-encoded CreateMessage,
 * FetchMessage, Twilio's JSON error bodies, and status callbacks signed as
 * Twilio signs them.
 */
export async function startTwilioSimulator(): Promise<TwilioSimulator> {
  const messages = new Map<string, Message>();
  const staged: StagedSendFailure[] = [];
  const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
  const base = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages`;

  const handle = (request: RecordedRequest, response: ServerResponse) => {
    if (request.headers.authorization !== basic) {
      return json(response, 401, twilioErrorBody(401, 20003, 'Authenticate'));
    }
    if (request.method === 'POST' && request.url === `${base}.json`) {
      const failure = staged.shift();
      if (failure) {
        const { status, code, retryAfter } = STAGED[failure];
        const headers = retryAfter ? { 'retry-after': retryAfter } : {};
        return json(response, status, twilioErrorBody(status, code, 'staged failure'), headers);
      }
      const form = new URLSearchParams(request.body);
      const body = form.get('Body') ?? '';
      const message: Message = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        status: 'queued',
        segments: Math.max(1, Math.ceil(body.length / 153)),
      };
      messages.set(message.sid, message);
      return json(response, 201, resource(message));
    }
    const match = new RegExp(`^${base}/([^/?]+)\\.json$`).exec(request.url);
    if (request.method === 'GET' && match) {
      const message = messages.get(decodeURIComponent(match[1]!));
      if (!message) {
        return json(
          response,
          404,
          twilioErrorBody(404, 20404, 'The requested resource was not found'),
        );
      }
      return json(response, 200, resource(message));
    }
    return json(response, 404, twilioErrorBody(404, 20404, 'The requested resource was not found'));
  };

  const server = await startTestServer(handle);
  const controls: SmsSimulatorControls = {
    requestCount: () => server.requests.length,
    failNextSend: (failure) => {
      staged.push(failure);
    },
    statuses: Object.entries(TWILIO_SMS_MAPPING.statuses).map(([providerStatus, expected]) => ({
      providerStatus,
      expected,
    })),
    setStatus: (sid, status) => {
      const message = messages.get(sid);
      if (!message) throw new Error(`setStatus: no message ${sid}`);
      message.status = status;
    },
    deliveryReport: (sid, status, signature) => {
      const message = messages.get(sid);
      const params = new URLSearchParams({
        AccountSid: ACCOUNT_SID,
        ApiVersion: '2010-04-01',
        From: message?.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message?.to ?? '',
        ...(['failed', 'undelivered'].includes(status) ? { ErrorCode: '30003' } : {}),
      });
      const token = signature === 'valid' ? AUTH_TOKEN : 'another-accounts-auth-token-00';
      return {
        url: CALLBACK_URL,
        method: 'POST',
        rawBody: params.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(token, CALLBACK_URL, params),
          'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
        },
      };
    },
    secrets: [AUTH_TOKEN],
  };
  return { server, controls, close: () => server.close() };
}
