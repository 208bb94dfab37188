import { createHmac, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type RecordedRequest, startTestServer, type TestServer } from '@org/test-utils';
import type { DeliveryReportRequest } from '../../src/sms/types.js';
import type { SmsSimulatorControls, StagedSendFailure } from '../../src/testing/types.js';
import { REFSMS_MAPPING } from './refsms-mapping.js';

export const REFSMS_API_KEY = 'rk_live_5f1e2d3c4b5a69788796';
export const REFSMS_WEBHOOK_SECRET = 'rwhsec_0a1b2c3d4e5f60718293';

interface Message {
  id: string;
  state: string;
}

const STAGED: Record<
  StagedSendFailure,
  { status: number; code: string; headers?: Record<string, string> }
> = {
  'invalid-number': { status: 400, code: 'NUMBER_INVALID' },
  'rate-limited': { status: 429, code: 'THROTTLED', headers: { 'retry-after': '2' } },
  'provider-unavailable': { status: 503, code: 'UNAVAILABLE' },
};

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** The RefSMS vendor on 127.0.0.1: bearer-key auth, JSON messages, HMAC-signed reports. */
export async function startRefSmsVendor(): Promise<{
  server: TestServer;
  controls: SmsSimulatorControls;
  close(): Promise<void>;
}> {
  const messages = new Map<string, Message>();
  const staged: StagedSendFailure[] = [];

  const handle = (request: RecordedRequest, response: ServerResponse) => {
    if (request.headers.authorization !== `Bearer ${REFSMS_API_KEY}`) {
      // A real vendor's error body; it names no key.
      return json(response, 401, { error: { code: 'AUTH', message: 'invalid API key' } });
    }
    if (request.method === 'POST' && request.url === '/v1/messages') {
      const failure = staged.shift();
      if (failure) {
        const { status, code, headers } = STAGED[failure];
        return json(response, status, { error: { code, message: 'staged failure' } }, headers);
      }
      const body = JSON.parse(request.body) as { text: string };
      const message = { id: `RM${randomUUID().replaceAll('-', '')}`, state: 'ACCEPTED' };
      messages.set(message.id, message);
      return json(response, 201, {
        id: message.id,
        state: message.state,
        parts: Math.max(1, Math.ceil(body.text.length / 153)),
        price: { value: '0.0100', currency: 'USD' },
      });
    }
    const match = /^\/v1\/messages\/([^/?]+)$/.exec(request.url);
    if (request.method === 'GET' && match) {
      const message = messages.get(decodeURIComponent(match[1]!));
      if (!message)
        return json(response, 404, { error: { code: 'NOT_FOUND', message: 'no such message' } });
      return json(response, 200, { id: message.id, state: message.state });
    }
    return json(response, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
  };

  const server = await startTestServer(handle);
  const controls: SmsSimulatorControls = {
    requestCount: () => server.requests.length,
    failNextSend: (failure) => {
      staged.push(failure);
    },
    statuses: Object.entries(REFSMS_MAPPING.statuses).map(([providerStatus, expected]) => ({
      providerStatus,
      expected,
    })),
    setStatus: (id, state) => {
      const message = messages.get(id);
      if (!message) throw new Error(`setStatus: no message ${id}`);
      message.state = state;
    },
    deliveryReport: (id, state, signature): DeliveryReportRequest => {
      const rawBody = JSON.stringify({ id, state, at: '2026-01-02T03:04:05Z' });
      const secret = signature === 'valid' ? REFSMS_WEBHOOK_SECRET : 'rwhsec_someone_else_entirely';
      const mac = createHmac('sha256', secret).update(rawBody).digest('hex');
      return {
        url: 'https://app.example/hooks/refsms',
        rawBody: Buffer.from(rawBody),
        headers: {
          'content-type': 'application/json',
          'x-refsms-signature': `sha256=${mac}`,
          'x-refsms-delivery': randomUUID(),
        },
      };
    },
    secrets: [REFSMS_API_KEY, REFSMS_WEBHOOK_SECRET],
  };
  return { server, controls, close: () => server.close() };
}
