import type { ServerResponse } from 'node:http';
import { ISRAEL019_SMS_MAPPING } from '@org/capabilities/sms';
import type { SmsSimulatorControls, StagedSendFailure } from '@org/capabilities/testing';
import { type RecordedRequest, startTestServer, type TestServer } from '@org/test-utils';

export const USERNAME = 'acme-shop';
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.019-simulator-token.c2lnbmF0dXJl';

const DAY = 24 * 3_600_000;
const LOCAL_MOBILE = /^0?5\d{8}$/;
const DATES = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/;

/**
 * Israel wall time of an instant, worked out here independently of the
 * package's own conversion (the `sv-SE` locale prints `YYYY-MM-DD HH:mm`),
 * so a zone bug in the package cannot cancel out against the simulator.
 */
function israelWall(instant: number): string {
  const text = new Date(instant).toLocaleString('sv-SE', {
    timeZone: 'Asia/Jerusalem',
    hour12: false,
  });
  const [date, time] = text.split(' ') as [string, string];
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y!.slice(2)} ${time.slice(0, 5)}`;
}

function parseWall(text: unknown): number | undefined {
  const match = typeof text === 'string' ? DATES.exec(text) : null;
  if (!match) return undefined;
  const [dd, mm, yy, hh, mi] = match.slice(1).map(Number) as number[];
  const wall = Date.UTC(2000 + yy!, mm! - 1, dd!, hh!, mi!);
  // Israel is UTC+2 or UTC+3: the instant is whichever prints back as the text.
  for (const offset of [2, 3]) {
    if (israelWall(wall - offset * 3_600_000) === text) return wall - offset * 3_600_000;
  }
  return undefined;
}

interface Message {
  readonly id: string;
  readonly phone: string;
  readonly sentAt: number;
  readonly shipmentId: number;
  report?: { status: string; at: number };
}

type Staged = StagedSendFailure | { status: number };

/** 019 answers every command error as HTTP 200 with a body status. */
function answer(response: ServerResponse, body: Record<string, unknown>): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ message: '', ...body }));
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface Israel019Simulator {
  readonly server: TestServer;
  readonly controls: SmsSimulatorControls & {
    /** The next send is answered with this body status instead. */
    failNextWithStatus(status: number): void;
  };
  /** The commands received, parsed, in order. */
  commands(): Record<string, any>[];
  close(): Promise<void>;
}

/**
 * The 019 API on 127.0.0.1: one URL (/api, and /api/test which validates
 * without acting), the command picked by the root element, Bearer token plus
 * the username in the body, local Israeli numbers, body-level statuses over
 * HTTP 200, and `dlr` reports by external id within a window of at most a
 * week, read in Israel time (https://docs.019sms.co.il/sms/).
 */
export async function startIsrael019Simulator(): Promise<Israel019Simulator> {
  const messages = new Map<string, Message>();
  const staged: Staged[] = [];
  const commands: Record<string, any>[] = [];
  let shipments = 7000;

  function sms(command: any, testMode: boolean, response: ServerResponse) {
    const next = staged.shift();
    if (next === 'invalid-number') return answer(response, { status: 9 });
    if (next === 'provider-unavailable') return answer(response, { status: 6 });
    if (next === 'rate-limited') {
      // 019 documents no throttling answer; what stands in front of an API
      // answers 429 with Retry-After, which the adapter must read as such.
      response.writeHead(429, { 'content-type': 'text/html', 'retry-after': '2' });
      return response.end('<html><body>Too Many Requests</body></html>');
    }
    if (next !== undefined) return answer(response, { status: next.status });
    if (typeof command.source !== 'string' || command.source.length > 11) {
      return answer(response, { status: 992 });
    }
    if (typeof command.message !== 'string' || command.message.length > 1005) {
      return answer(response, { status: 989 });
    }
    const phones = list<any>(command.destinations?.phone).map((phone) =>
      typeof phone === 'string' ? { _: phone } : phone,
    );
    if (phones.length === 0) return answer(response, { status: 2, message: 'destinations' });
    if (!phones.every((phone) => LOCAL_MOBILE.test(String(phone?._)))) {
      return answer(response, { status: 9 });
    }
    const shipmentId = ++shipments;
    if (!testMode) {
      for (const phone of phones) {
        const id = phone.$?.id;
        if (id) messages.set(id, { id, phone: phone._, sentAt: Date.now(), shipmentId });
      }
    }
    return answer(response, { status: 0, message: 'SMS will be sent', shipment_id: shipmentId });
  }

  function dlr(command: any, response: ServerResponse) {
    const ids = list<string>(command.transactions?.external_id);
    if (ids.length === 0 || ids.length > 1000) {
      return answer(response, { status: 2, message: 'external_id' });
    }
    const from = parseWall(command.from);
    const to = parseWall(command.to);
    // The docs give no code for a bad window; 2 names the field at fault.
    if (from === undefined) return answer(response, { status: 2, message: 'from' });
    if (to === undefined || to < from || to - from > 7 * DAY) {
      return answer(response, { status: 2, message: 'to' });
    }
    const transactions = ids.flatMap((id) => {
      const message = messages.get(id);
      // Minutes: a message sent at 10:05:40 is inside a window ending 10:05.
      if (!message?.report || message.sentAt < from || message.sentAt >= to + 60_000) return [];
      return [
        {
          external_id: id,
          phone: message.phone,
          status: Number(message.report.status),
          he_message: '',
          en_message: '',
          date: israelWall(message.report.at),
          operator: 'Cellcom',
          shipment_id: message.shipmentId,
        },
      ];
    });
    return answer(response, { status: 0, transactions });
  }

  const handle = (request: RecordedRequest, response: ServerResponse) => {
    if (request.method !== 'POST' || (request.url !== '/api' && request.url !== '/api/test')) {
      response.writeHead(404, { 'content-type': 'text/html' });
      return response.end('<html><body>Not Found</body></html>');
    }
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return answer(response, { status: 3 });
    let document: Record<string, any>;
    try {
      document = JSON.parse(request.body);
    } catch {
      return answer(response, { status: 1 });
    }
    commands.push(document);
    const roots = Object.keys(document ?? {});
    if (roots.length !== 1) return answer(response, { status: 502 });
    const root = roots[0]!;
    const command = document[root];
    if (command?.user?.username !== USERNAME) return answer(response, { status: 503 });
    if (root === 'sms') return sms(command, request.url === '/api/test', response);
    if (root === 'dlr') return dlr(command, response);
    if (root === 'balance') return answer(response, { status: 0, balance: 1250 });
    return answer(response, { status: 502 });
  };

  const server = await startTestServer((request, response) => {
    handle(request, response);
  });
  const controls: Israel019Simulator['controls'] = {
    requestCount: () => server.requests.length,
    failNextSend: (failure) => {
      staged.push(failure);
    },
    failNextWithStatus: (status) => {
      staged.push({ status });
    },
    statuses: Object.entries(ISRAEL019_SMS_MAPPING.statuses).map(([providerStatus, expected]) => ({
      providerStatus,
      expected,
    })),
    setStatus: (id, status) => {
      const message = messages.get(id);
      if (!message) throw new Error(`setStatus: no message ${id}`);
      message.report = { status, at: Date.now() };
    },
    secrets: [TOKEN],
  };
  return { server, controls, commands: () => commands, close: () => server.close() };
}
