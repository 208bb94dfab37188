import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createTwilioClient,
  manifest,
  operationTable,
  paginate,
  type TwilioErrorBody,
  type TwilioMessage,
} from '../src/index.js';
import { startServer, type TestServer } from './server.js';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const messagesPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

function message(sid: string, overrides: Partial<TwilioMessage> = {}): TwilioMessage {
  return {
    sid,
    account_sid: ACCOUNT_SID,
    to: '+15558675310',
    from: '+15017122661',
    body: 'Hello from Twilio',
    status: 'queued',
    num_segments: '1',
    num_media: '2',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    uri: `${messagesPath.replace('.json', '')}/${sid}.json`,
    ...overrides,
  } as TwilioMessage;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function client(overrides: Parameters<typeof createTwilioClient>[0] = {}) {
  return createTwilioClient({
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    baseUrl: server.baseUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...overrides,
  });
}

describe('CreateMessage on the wire', () => {
  it('sends a form body with repeated MediaUrl, Basic auth and the .json path', async () => {
    server.reply({ status: 201, body: message('SM00000000000000000000000000000001') });
    const result = await client().POST(MESSAGES, {
      params: { path: { AccountSid: ACCOUNT_SID } },
      body: {
        To: '+15558675310',
        From: '+15017122661',
        Body: 'Hello & welcome',
        MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
      },
    });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(messagesPath);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(request!.body).toBe(
      'To=%2B15558675310&From=%2B15017122661&Body=Hello+%26+welcome' +
        '&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png&MediaUrl=https%3A%2F%2Fexample.com%2Fb.png',
    );
    expect(request!.headers['user-agent']).toBe(`@org/twilio-client/${manifest.version}`);

    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(201);
    expect(result.data).toEqual(message('SM00000000000000000000000000000001'));
    expectTypeOf(result.data!).toEqualTypeOf<TwilioMessage>();
  });

  it('sends the same wire request on every engine (fetch adds its sec-fetch-mode header)', async () => {
    const sms = {
      params: { path: { AccountSid: ACCOUNT_SID } },
      body: { To: '+15558675310', From: '+15017122661', Body: 'hi' },
    };
    const engines = ['undici', 'node-http', 'fetch'] as const;
    server.reply(
      ...engines.map((_, i) => ({
        status: 201,
        body: message(`SM0000000000000000000000000000000${i + 3}`),
      })),
    );
    for (const [i, engine] of engines.entries()) {
      const result = await client({ engine }).POST(MESSAGES, sms);
      expect(result.data?.sid, engine).toBe(`SM0000000000000000000000000000000${i + 3}`);
    }
    const [undici, node, fetched] = server.requests;
    expect(undici!.headers['sec-fetch-mode']).toBeUndefined();
    expect(node!.headers['sec-fetch-mode']).toBeUndefined();
    expect(fetched!.headers['sec-fetch-mode']).toBe('cors');
    for (const sent of [undici, node]) {
      for (const name of ['content-type', 'content-length', 'authorization', 'user-agent']) {
        expect(sent!.headers[name], name).toBe(fetched!.headers[name]);
      }
      expect(sent!.body).toBe(fetched!.body);
    }
  });

  it('authenticates with an API key SID and secret', async () => {
    server.reply({ status: 201, body: message('SM00000000000000000000000000000002') });
    const apiKeySid = `SK${'b2'.repeat(16)}`;
    await client({ credentials: { apiKeySid, apiKeySecret: 'key-secret' } }).POST(MESSAGES, {
      params: { path: { AccountSid: ACCOUNT_SID } },
      body: { To: '+15558675310', MessagingServiceSid: `MG${'c3'.repeat(16)}`, Body: 'hi' },
    });
    expect(server.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${apiKeySid}:key-secret`).toString('base64')}`,
    );
  });

  it("surfaces Twilio's error body typed, and does not retry a 400", async () => {
    const body = {
      code: 21211,
      message: "The 'To' number +1555 is not a valid phone number.",
      more_info: 'https://www.twilio.com/docs/errors/21211',
      status: 400,
    };
    server.reply({ status: 400, body });
    const result = await client().POST(MESSAGES, {
      params: { path: { AccountSid: ACCOUNT_SID } },
      body: { To: '+1555', From: '+15017122661', Body: 'x' },
    });
    expect(server.requests).toHaveLength(1);
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(400);
    expect(result.error).toEqual(body);
    expectTypeOf(result.error!).toEqualTypeOf<TwilioErrorBody>();
    expect(result.error!.code).toBe(21211);
    expect(result.error!.more_info).toBe('https://www.twilio.com/docs/errors/21211');
  });
});

describe('ListMessage', () => {
  it('follows next_page_uri verbatim until it is null', async () => {
    const next = `${messagesPath}?To=%2B15558675310&PageSize=2&Page=1&PageToken=PASM00000000000000000000000000000002`;
    server.reply(
      {
        status: 200,
        body: {
          messages: [message('SM01'), message('SM02')],
          next_page_uri: next,
          previous_page_uri: null,
          page: 0,
          page_size: 2,
        },
      },
      {
        status: 200,
        body: {
          messages: [message('SM03')],
          next_page_uri: null,
          previous_page_uri: messagesPath,
          page: 1,
          page_size: 2,
        },
      },
    );
    const twilio = client();
    const listOp = operationTable.find((op) => op.id === 'ListMessage')!;
    expect(listOp.pagination).toEqual({
      style: 'next-url',
      nextField: 'next_page_uri',
      itemsField: 'messages',
    });

    const sids: string[] = [];
    for await (const item of paginate(
      twilio.GET,
      MESSAGES,
      { params: { path: { AccountSid: ACCOUNT_SID }, query: { To: '+15558675310', PageSize: 2 } } },
      { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
    )) {
      expectTypeOf(item).toEqualTypeOf<TwilioMessage>();
      sids.push(item.sid!);
    }
    expect(sids).toEqual(['SM01', 'SM02', 'SM03']);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${messagesPath}?To=%2B15558675310&PageSize=2`],
      ['GET', next],
    ]);
    // A GET carries no body, so no Content-Type either.
    expect(server.requests[0]!.headers['content-type']).toBeUndefined();
  });

  it('retries a GET on 503 with the pack defaults, not a POST after it was sent', async () => {
    server.reply({
      status: 503,
      body: { code: 20503, message: 'Service unavailable', status: 503 },
    });
    server.reply({ status: 200, body: { messages: [], next_page_uri: null } });
    const twilio = client();
    const list = await twilio.GET(MESSAGES, { params: { path: { AccountSid: ACCOUNT_SID } } });
    expect(list.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.reply({
      status: 503,
      body: { code: 20503, message: 'Service unavailable', status: 503 },
    });
    const sent = await twilio.POST(MESSAGES, {
      params: { path: { AccountSid: ACCOUNT_SID } },
      body: { To: '+15558675310', From: '+15017122661', Body: 'once' },
    });
    // The POST reached Twilio: sending it again could send a second SMS.
    expect(server.requests).toHaveLength(1);
    expect(sent.response.status).toBe(503);
    expect(sent.error?.code).toBe(20503);
  });
});

describe('regional hosts', () => {
  it('builds https://api.{edge}.{region}.twilio.com from the regional option', async () => {
    const urls: string[] = [];
    const twilio = createTwilioClient({
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      regional: { edge: 'sydney', region: 'au1' },
      fetch: async (request: Request) => {
        urls.push(request.url);
        return Response.json({ messages: [], next_page_uri: null });
      },
    });
    await twilio.GET(MESSAGES, { params: { path: { AccountSid: ACCOUNT_SID } } });
    expect(urls).toEqual([`https://api.sydney.au1.twilio.com${messagesPath}`]);
  });

  it('needs credentials or an auth policy', () => {
    expect(() => createTwilioClient({})).toThrow(
      'createTwilioClient needs `credentials` or an `auth` policy.',
    );
    expect(() => createTwilioClient({ credentials: {} as never })).toThrow(
      'createTwilioClient: credentials must be { accountSid, authToken } or { apiKeySid, apiKeySecret }.',
    );
  });
});
