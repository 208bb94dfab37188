import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFault } from '@org/test-utils';
import { sampleValue } from '../schema/sample.js';
import { errorBody, statusOf } from './bodies.js';
import type { AuthExpectation } from './check-auth.js';
import { inspectRequest } from './inspect.js';
import { Pager, type PagingPlan } from './pager.js';
import { hintHeaders, Quota, type QuotaSettings } from './quota.js';
import { answerJson, idempotencyKeyOf } from './respond.js';
import { compileRoutes, type Route } from './routes.js';
import type { SimulatedRequest, SimulatorFault, SimulatorOptions, Violation } from './types.js';

export type {
  IdempotencyKeySpec,
  SimulatedRequest,
  SimulatorFault,
  SimulatorOptions,
  Violation,
} from './types.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const now = () => performance.timeOrigin + performance.now();

/**
 * A vendor simulated from its spec on a real HTTP server (127.0.0.1,
 * ephemeral port): it routes every operation, validates every request
 * against the spec and the pack's auth scheme, answers with schema-valid
 * samples, and lets scenarios script it: faults queued per operation, a quota
 * it enforces, paging, and a count of side effects per operation.
 */
export class Simulator {
  readonly requests: SimulatedRequest[] = [];
  readonly violations: Violation[] = [];
  /** Pages served per list request: a list of `items` in pages of `pageSize`. */
  paging: PagingPlan = { totalItems: 1, pageSize: 50 };
  auth: AuthExpectation;
  latencyMs: number;
  #quota: Quota | undefined;
  readonly #routes: Route[];
  readonly #faults = new Map<string, SimulatorFault[]>();
  readonly #effects = new Map<string, number>();
  readonly #keys = new Map<string, { status: number; body: unknown }>();
  readonly #pagers = new Map<string, Pager>();
  readonly #samples = new Map<string, unknown>();
  #server: Server | undefined;
  #url = '';

  constructor(readonly options: SimulatorOptions) {
    this.#routes = compileRoutes(options.document, options.basePath ?? '');
    this.auth = options.auth;
    this.latencyMs = options.latencyMs ?? 0;
    this.#quota = options.quota ? new Quota(options.quota) : undefined;
    for (const route of this.#routes) {
      const rule = options.pagination?.[route.operationId];
      if (rule) this.#pagers.set(route.operationId, new Pager(options.document, route, rule));
    }
  }

  static async start(options: SimulatorOptions): Promise<Simulator> {
    const simulator = new Simulator(options);
    await simulator.listen();
    return simulator;
  }

  /** `http://127.0.0.1:<port>` plus the base path: the client's `baseUrl`. */
  get url(): string {
    return this.#url;
  }

  get routes(): readonly Route[] {
    return this.#routes;
  }

  async listen(): Promise<void> {
    const server = createServer((incoming, response) => {
      this.#handle(incoming, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}${this.options.basePath ?? ''}`;
  }

  /** Queues faults for the next requests to an operation (`*` for any), played in order. */
  fault(operationId: string, ...faults: SimulatorFault[]): void {
    const queue = this.#faults.get(operationId) ?? [];
    queue.push(...faults);
    this.#faults.set(operationId, queue);
  }

  /** Replaces the enforced quota (or removes it with undefined). */
  setQuota(settings: QuotaSettings | undefined): void {
    this.#quota = settings ? new Quota(settings) : undefined;
  }

  get quota(): Quota | undefined {
    return this.#quota;
  }

  /** Side effects recorded for an operation (or all), counting each idempotency key once. */
  sideEffects(operationId?: string): number {
    if (operationId !== undefined) return this.#effects.get(operationId) ?? 0;
    let total = 0;
    for (const count of this.#effects.values()) total += count;
    return total;
  }

  /** Forgets requests, violations, faults, side effects and keys; the server stays up. */
  reset(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.#faults.clear();
    this.#effects.clear();
    this.#keys.clear();
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const receivedAt = now();
    const rawBody = Buffer.concat(chunks);
    const method = incoming.method ?? 'GET';
    const url = new URL(incoming.url ?? '/', 'http://simulator.invalid');
    const { route, allowed, problems, credential, rejected, parsedBody } = inspectRequest(
      this.options.document,
      this.#routes,
      this.#pagers,
      this.auth,
      incoming,
      rawBody,
    );
    const entry: SimulatedRequest = {
      index: this.requests.length,
      operationId: route?.operationId,
      method,
      url: incoming.url ?? '/',
      receivedAt,
      problems,
      credential,
      headers: incoming.headers,
      body: rawBody.toString('utf8'),
      outcome: 'pending',
    };
    this.requests.push(entry);
    for (const problem of problems)
      this.violations.push({
        operationId: route?.operationId,
        request: `${method} ${url.pathname}`,
        problem,
      });

    if (!route)
      return answerJson(
        response,
        entry,
        allowed.length ? 405 : 404,
        errorBody(this.options.document, undefined, 404, 'no such operation'),
      );
    if (problems.length > 0 && !rejected)
      return answerJson(
        response,
        entry,
        400,
        errorBody(this.options.document, route, 400, 'the request does not match the spec'),
      );
    const fault = this.#nextFault(route.operationId);
    if (fault && fault.kind !== 'after-effect')
      return this.#play(fault, route, entry, response, incoming);
    if (rejected)
      return answerJson(
        response,
        entry,
        401,
        errorBody(this.options.document, route, 401, 'authenticate'),
      );
    const admission = this.#quota?.admit();
    if (admission && !admission.ok) {
      const headers = hintHeaders(
        this.#quota?.settings.hints ?? ['retry-after'],
        admission.retryAfterMs,
      );
      return answerJson(
        response,
        entry,
        429,
        errorBody(this.options.document, route, 429, 'too many requests'),
        headers,
      );
    }
    try {
      const key = SAFE_METHODS.has(method)
        ? undefined
        : idempotencyKeyOf(this.options, route, incoming.headers, url, parsedBody);
      const replay = key === undefined ? undefined : this.#keys.get(key);
      if (replay) return answerJson(response, entry, replay.status, replay.body);
      if (!SAFE_METHODS.has(method))
        this.#effects.set(route.operationId, (this.#effects.get(route.operationId) ?? 0) + 1);
      const { status, body, headers } = this.#success(route, url);
      // The vendor stores the outcome under the key as it acts, so a retry after a lost answer replays it.
      if (key !== undefined) this.#keys.set(key, { status, body });
      if (fault?.kind === 'after-effect')
        return this.#play(fault.answer, route, entry, response, incoming);
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      return answerJson(response, entry, status, body, headers);
    } finally {
      if (admission?.ok) admission.release();
    }
  }

  #success(
    route: Route,
    url: URL,
  ): { status: number; body: unknown; headers: Record<string, string> } {
    const status = statusOf(route.success.status);
    if (!route.success.schema || status === 204) return { status, body: undefined, headers: {} };
    const pager = this.#pagers.get(route.operationId);
    if (pager) {
      const page = pager.page(url, this.paging);
      return { status, body: page.body, headers: page.headers };
    }
    let body = this.#samples.get(route.operationId);
    if (body === undefined) {
      body = sampleValue(this.options.document, route.success.schema, {
        direction: 'response',
        seed: route.operationId,
      });
      this.#samples.set(route.operationId, body);
    }
    return { status, body: structuredClone(body), headers: {} };
  }

  #nextFault(operationId: string): SimulatorFault | undefined {
    return this.#faults.get(operationId)?.shift() ?? this.#faults.get('*')?.shift();
  }

  async #play(
    fault: SimulatorFault,
    route: Route,
    entry: SimulatedRequest,
    response: ServerResponse,
    incoming: IncomingMessage,
  ): Promise<void> {
    entry.outcome = fault.kind;
    if (fault.kind === 'status')
      return answerJson(
        response,
        entry,
        fault.status,
        errorBody(this.options.document, route, fault.status, 'simulated failure'),
        fault.headers,
      );
    if (fault.kind === 'rate-limited')
      return answerJson(
        response,
        entry,
        429,
        errorBody(this.options.document, route, 429, 'too many requests'),
        hintHeaders(fault.hints, fault.waitMs),
      );
    if (fault.kind === 'after-effect') return;
    const recorded = {
      method: entry.method,
      url: entry.url,
      headers: incoming.headers,
      body: entry.body,
      rawBody: Buffer.from(entry.body),
      index: entry.index,
    };
    await applyFault(fault, recorded, response, incoming);
  }
}
