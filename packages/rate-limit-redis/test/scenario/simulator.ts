import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatorOptions {
  /** Requests allowed per fixed one-second window (epoch seconds); more get 429. Default: none. */
  readonly perSecond?: number;
  /** Count `perSecond` over the trailing 1000 ms instead (a sliding window). Default false. */
  readonly sliding?: boolean;
  /** Requests allowed in flight at once; more get 429. Default: none. */
  readonly concurrency?: number;
  /** How long each accepted request takes, in ms. Default 0. */
  readonly delayMs?: number;
  /** Answer the request with this 1-based arrival number 429 + `Retry-After: retryAfterS`. */
  readonly tooManyAt?: number;
  readonly retryAfterS?: number;
}

export interface Arrival {
  readonly at: number;
  readonly worker: string;
  readonly status: number;
}

/** A vendor on 127.0.0.1 that enforces one quota and counts what it sees. */
export interface Simulator {
  readonly url: string;
  readonly arrivals: Arrival[];
  /** Requests answered 429. */
  readonly tooMany: () => number;
  /** Most requests in flight at once. */
  readonly maxInFlight: () => number;
  /** Request-milliseconds in flight between `from` and `to` (for utilization). */
  readonly busyMs: (from: number, to: number) => number;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const arrivals: Arrival[] = [];
  const perWindow = new Map<number, number>();
  /** Accepted arrival times, for the sliding window. */
  const accepted: number[] = [];
  const spans: [number, number][] = [];
  let tooMany = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server: Server = createServer((req, res) => {
    if (req.url === '/warmup') {
      // Outside the quota: lets a process load its HTTP stack before the run.
      res.writeHead(204);
      res.end();
      return;
    }
    const at = Date.now();
    const worker = String(req.headers['x-worker'] ?? '');
    const window = Math.floor(at / 1000);
    const count = (perWindow.get(window) ?? 0) + 1;
    perWindow.set(window, count);
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    let overQuota = options.perSecond !== undefined && count > options.perSecond;
    if (options.sliding && options.perSecond !== undefined) {
      while (accepted.length > 0 && (accepted[0] as number) <= at - 1000) accepted.shift();
      overQuota = accepted.length >= options.perSecond;
    }
    const overConcurrency = options.concurrency !== undefined && inFlight > options.concurrency;
    const asked = options.tooManyAt !== undefined && arrivals.length + 1 === options.tooManyAt;
    const status = overQuota || overConcurrency || asked ? 429 : 200;
    arrivals.push({ at, worker, status });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      spans.push([at, Date.now()]);
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (status !== 429) accepted.push(at);
    if (status === 429) {
      tooMany++;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(asked ? (options.retryAfterS ?? 1) : 1),
      });
      res.end('{"error":"too many requests"}');
      return;
    }
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
    if ((options.delayMs ?? 0) > 0) setTimeout(answer, options.delayMs);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    tooMany: () => tooMany,
    maxInFlight: () => maxInFlight,
    busyMs(from, to) {
      let total = 0;
      for (const [start, end] of spans)
        total += Math.max(0, Math.min(end, to) - Math.max(start, from));
      return total;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
