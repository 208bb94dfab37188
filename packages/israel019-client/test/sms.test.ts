import { isCapabilityError } from '@org/capabilities';
import { isCoreError } from '@org/core/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIsrael019Client, Israel019CommandError } from '../src/index.js';
import { createMessageId, sentAtOf } from '../src/sms/message-id.js';
import { latestReport, statusReport } from '../src/sms/report.js';
import { commandError } from '../src/sms/vendor-error.js';
import { createIsrael019SmsSender } from '../src/sms.js';
import {
  type Israel019Simulator,
  startIsrael019Simulator,
  TOKEN,
  USERNAME,
} from './support/israel019-simulator.js';

let simulator: Israel019Simulator;
beforeEach(async () => {
  simulator = await startIsrael019Simulator();
});
afterEach(() => simulator.close());

function sender(extra: Partial<Parameters<typeof createIsrael019SmsSender>[0]> = {}) {
  return createIsrael019SmsSender({
    username: USERNAME,
    clientOptions: { baseUrl: simulator.server.url, token: TOKEN, retry: false },
    ...extra,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const TO = '+972501234567';

describe('createIsrael019SmsSender: the wire', () => {
  it('sends the sms command: bearer token, username in the body, local number with the id', async () => {
    const sent = await sender().send({
      to: TO,
      senderId: 'MyShop',
      body: 'Your code is 123456',
      clientReference: 'order-42',
    });
    const [request] = simulator.server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/api');
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request!.body)).toEqual({
      sms: {
        user: { username: USERNAME },
        source: 'MyShop',
        destinations: { phone: [{ _: '0501234567', $: { id: sent.providerMessageId } }] },
        message: 'Your code is 123456',
      },
    });
    expect(sent).toEqual({
      provider: 'israel019',
      providerMessageId: sent.providerMessageId,
      status: 'queued',
      clientReference: 'order-42',
    });
    expect(sent.providerMessageId).toMatch(/^il-[0-9a-z]+-[0-9a-f]{12}$/);
  });

  it.each([
    ['+972501234567', '0501234567'], // an Israeli number: local form
    ['+14155550199', '14155550199'], // another number: digits, no plus sign
    ['5555', '5555'], // a short code
  ])('writes from %s as source %s', async (from, source) => {
    await sender().send({ to: TO, from, body: 'x' });
    expect(simulator.commands()[0]!.sms.source).toBe(source);
  });

  it('asks dlr for the id over a window in Israel time, and reads the report', async () => {
    const sentAt = Date.parse('2026-07-14T09:05:30Z'); // 12:05 in Israel (UTC+3)
    let clock = sentAt;
    const sms = sender({ now: () => clock });
    const sent = await sms.send({ to: TO, senderId: 'MyShop', body: 'x' });
    expect(sentAtOf(sent.providerMessageId)).toBe(Date.parse('2026-07-14T09:05:30Z'));
    clock = sentAt + 2 * 3_600_000;
    const report = await sms.getStatus!(sent.providerMessageId);
    expect(simulator.commands()[1]).toEqual({
      dlr: {
        user: { username: USERNAME },
        transactions: { external_id: [sent.providerMessageId] },
        from: '14/07/26 12:04',
        to: '14/07/26 14:06',
      },
    });
    // The simulator stamps real send times, not the fake clock: no report in that window.
    expect(report).toEqual({
      provider: 'israel019',
      providerMessageId: sent.providerMessageId,
      status: 'queued',
      providerStatus: '',
    });
  });

  it('never asks for more than a week', async () => {
    const sentAt = Date.parse('2026-01-10T10:00:00Z'); // 12:00 in Israel (UTC+2)
    const sms = sender({ now: () => sentAt + 30 * 24 * 3_600_000 });
    await sms.getStatus!(createMessageId(sentAt));
    const { from, to } = simulator.commands()[0]!.dlr;
    expect([from, to]).toEqual(['10/01/26 11:59', '17/01/26 11:58']);
  });

  it('reports delivery with the time 019 gives', async () => {
    const sms = sender();
    const sent = await sms.send({ to: TO, senderId: 'MyShop', body: 'x' });
    simulator.controls.setStatus!(sent.providerMessageId, '102');
    const report = await sms.getStatus!(sent.providerMessageId);
    expect(report).toMatchObject({ status: 'delivered', providerStatus: '102' });
    expect(Math.abs(report.occurredAt!.getTime() - Date.now())).toBeLessThan(120_000);
  });

  it('uses /api/test in test mode', async () => {
    await sender({ testMode: true }).send({ to: TO, senderId: 'MyShop', body: 'x' });
    expect(simulator.server.requests[0]!.url).toBe('/api/test');
  });

  it('shares a given client, its username the limiter tenant by default', async () => {
    const client = createIsrael019Client({ baseUrl: simulator.server.url, token: TOKEN });
    await createIsrael019SmsSender({ username: USERNAME, client }).send({
      to: TO,
      senderId: 'MyShop',
      body: 'x',
    });
    expect(simulator.server.requests).toHaveLength(1);
  });
});

describe('refused before any request', () => {
  it.each([
    {
      input: { to: '+14155550100', senderId: 'MyShop', body: 'x' },
      check: (error: unknown) => isCapabilityError(error, 'not-permitted'),
      why: 'a number of another country is not-permitted (a router may fail over)',
    },
    {
      input: { to: '+97250123456', senderId: 'MyShop', body: 'x' },
      check: (error: unknown) => isCapabilityError(error, 'invalid-number'),
      why: 'a +972 number of the wrong length is invalid-number',
    },
    {
      input: { to: TO, senderId: 'MyShop', body: 'x'.repeat(1006) },
      check: (error: unknown) =>
        isCoreError(error, 'invalid-request') &&
        (error as { details: { field?: string } }).details.field === 'body',
      why: 'a body over 1005 characters is invalid-request naming body',
    },
    {
      input: { to: TO, from: '+123456789012345', body: 'x' },
      check: (error: unknown) =>
        isCoreError(error, 'invalid-request') &&
        (error as { details: { field?: string } }).details.field === 'from',
      why: 'a sender longer than 11 characters is invalid-request naming from',
    },
  ])('$why', async ({ input, check }) => {
    const error = await rejection(sender().send(input));
    expect(check(error), String(error)).toBe(true);
    expect(simulator.server.requests).toHaveLength(0);
  });

  it('getStatus of an id this adapter did not make is invalid-request', async () => {
    const error = await rejection(sender().getStatus!('SM0123'));
    expect(isCapabilityError(error, 'invalid-request')).toBe(true);
    expect(simulator.server.requests).toHaveLength(0);
  });
});

describe('body-level statuses of the sms command', () => {
  it.each([
    { status: 3, reason: 'auth-failed', retryable: false },
    { status: 4, reason: 'insufficient-funds', retryable: false },
    { status: 5, reason: 'not-permitted', retryable: false },
    { status: 6, reason: 'provider-unavailable', retryable: true },
    { status: 8, reason: 'blocked', retryable: false },
    { status: 9, reason: 'invalid-number', retryable: false },
    { status: 10, reason: 'auth-failed', retryable: false },
    { status: 12, reason: 'insufficient-funds', retryable: false },
    { status: 515, reason: 'not-permitted', retryable: false },
    { status: 715, reason: 'blocked', retryable: false },
    // Not in ISRAEL019_SMS_MAPPING: the core code of the command error decides.
    { status: 510, reason: 'invalid-request', retryable: false },
    { status: 4242, reason: 'unknown', retryable: false },
  ])('status $status is $reason', async ({ status, reason, retryable }) => {
    simulator.controls.failNextWithStatus(status);
    const error = await rejection(sender().send({ to: TO, senderId: 'MyShop', body: 'x' }));
    expect(isCapabilityError(error), String(error)).toBe(true);
    expect(error).toMatchObject({
      reason,
      retryable,
      provider: 'israel019',
      providerCode: String(status),
    });
    expect((error as Error).cause).toBeInstanceOf(Israel019CommandError);
  });

  it('words a mapped status with the command and the advice', () => {
    expect(commandError(new Israel019CommandError('sms', 4)).message).toBe(
      '019 refused the `sms` command with status 4: insufficient-funds; top up the account balance.',
    );
  });

  it('reads a 429 in front of the API as rate-limited, with its Retry-After', async () => {
    simulator.controls.failNextSend('rate-limited');
    const error = await rejection(sender().send({ to: TO, senderId: 'MyShop', body: 'x' }));
    expect(error).toMatchObject({ reason: 'rate-limited', retryAfterMs: 2000, retryable: true });
  });
});

describe('delivery reports', () => {
  const id = createMessageId(Date.parse('2026-07-14T09:05:00Z'));

  it.each([
    { status: 102, expected: { status: 'delivered', providerStatus: '102' } },
    { status: 0, expected: { status: 'delivered', providerStatus: '0' } },
    { status: '-1', expected: { status: 'sent', providerStatus: '-1' } },
    {
      status: 7,
      expected: {
        status: 'failed',
        providerStatus: '7',
        error: { reason: 'insufficient-funds', providerCode: '7' },
      },
    },
    {
      status: 103,
      expected: {
        status: 'undelivered',
        providerStatus: '103',
        error: { reason: 'unreachable', providerCode: '103' },
      },
    },
    {
      status: 17,
      expected: {
        status: 'failed',
        providerStatus: '17',
        error: { reason: 'blocked', providerCode: '17' },
      },
    },
    { status: 555, expected: { status: 'unknown', providerStatus: '555' } },
  ])('DLR status $status', ({ status, expected }) => {
    const report = statusReport(id, { external_id: id, status, date: '14/07/26 12:06' });
    expect(report).toEqual({
      providerMessageId: id,
      ...expected,
      occurredAt: new Date('2026-07-14T09:06:00Z'),
    });
  });

  it('takes the latest of several reports for an id', () => {
    const reports = [
      { external_id: id, status: -1, date: '14/07/26 12:06' },
      { external_id: id, status: 102, date: '14/07/26 12:09' },
      { external_id: 'il-other', status: 1, date: '14/07/26 12:30' },
      { external_id: id, status: 2, date: '14/07/26 12:07' },
    ];
    expect(latestReport(reports, id)?.status).toBe(102);
    expect(latestReport(reports, 'il-none')).toBeUndefined();
  });
});

describe('message ids', () => {
  it('carry the send time to the second', () => {
    const at = Date.parse('2026-07-14T09:05:30.999Z');
    const id = createMessageId(at);
    expect(sentAtOf(id)).toBe(Date.parse('2026-07-14T09:05:30Z'));
    expect(createMessageId(at)).not.toBe(id);
  });

  it.each([
    '',
    'il-',
    'il-abc-0123',
    'SM0123',
    'il-t1a2b3-0123456789ab-x',
    'IL-T1A2B3-0123456789AB',
  ])('refuse %j', (id) => {
    expect(sentAtOf(id)).toBeUndefined();
  });
});

describe('configuration', () => {
  it('needs a username and a way to authenticate', () => {
    expect(() => createIsrael019SmsSender({ username: '', token: TOKEN })).toThrow(
      /needs `username`/,
    );
    expect(() => createIsrael019SmsSender({ username: USERNAME })).toThrow(
      /needs `token` \(the 019 API token\), `clientOptions` or `client`/,
    );
  });
});
