import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFault, type Fault } from '@org/test-utils';
import type { Json } from '../schema/refs.js';
import { sampleValue } from '../schema/sample.js';
import { errorBody, statusOf } from './bodies.js';
import { type AuthExpectation, checkAuth } from './check-auth.js';
import { checkRequest } from './check-request.js';
import { Pager, type PaginationRule, type PagingPlan } from './pager.js';
import { type HintForm, hintHeaders, Quota, type QuotaSettings } from './quota.js';
import { compileRoutes, matchRoute, type Route } from './routes.js';

/** A fault the simulator plays instead of (or after) serving a request. */
export type SimulatorFault =
  /** A wire fault of `@org/test-utils` (reset, close, hang, slow body, malformed JSON, HTML page, truncation, raw response). */
  | Fault
  /** The spec's error body with this status, e.g. 500 or 503. */
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** 429 with the spec's error body and the hint headers in the given forms. */
  | { kind: 'rate-limited'; waitMs: number; hints: readonly HintForm[] }
  /** The request is processed (its side effect counted), then the fault is played: a lost response. */
  | { kind: 'after-effect'; answer: Fault | { kind: 'status'; status: number } };

/** Where a non-idempotent operation takes its idempotency key. */
export interface IdempotencyKeySpec {
  readonly in: 'header' | 'body' | 'query';
  readonly name: string;
}

export interface SimulatorOptions {
  /** The OpenAPI document, overlay applied. */
  readonly document: Json;
  /** The path of the vendor's server URL (`/v1` of `https://api.example.com/v1`); default none. */
  readonly basePath?: string;
  readonly auth: AuthExpectation;
  /** operationId -> how its list pages (the generated operation table's `pagination`). */
  readonly pagination?: Readonly<Record<string, PaginationRule>>;
  /** operationId -> the idempotency key it honors (the operation table's `idempotencyKey`). */
  readonly idempotencyKeys?: Readonly<Record<string, IdempotencyKeySpec>>;
  /** A header honored as an idempotency key on every unsafe call (pack `idempotency.header`). */
  readonly idempotencyHeader?: string | null;
  readonly quota?: QuotaSettings;
  /** Delay before a successful answer, in ms. Default 0. */
  readonly latencyMs?: number;
}

/** One request as the simulator saw and answered it. */
export interface SimulatedRequest {
  readonly index: number;
  readonly operationId: string | undefined;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Epoch ms, sub-millisecond precision. */
  readonly receivedAt: number;
  /** The spec violations this request showed. */
  readonly problems: readonly string[];
  /** Label of the credential it carried (`basic#0`), never the secret. */
  readonly credential: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body as text. */
  readonly body: string;
  /** What was answered: a status, or the fault kind played. */
  outcome: string;
  /** The JSON text answered, when the simulator answered with a body of its own. */
  responseBody?: string;
}

export interface Violation {
  readonly operationId: string | undefined;
  readonly request: string;
  readonly problem: string;
}

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
    const matched = matchRoute(this.#routes, method, url.pathname);
    const route = matched.route;
    const problems: string[] = [];
    let credential: string | undefined;
    let rejected = false;
    let parsedBody: unknown;
    if (!route) {
      problems.push(
        matched.allowed?.length
          ? `${method} is not an operation of ${url.pathname} (the spec has ${matched.allowed.join(', ')})`
          : `no operation of the spec matches ${method} ${url.pathname}`,
      );
    } else {
      const checked = checkRequest(
        this.options.document,
        route,
        matched.params,
        url,
        incoming.headers,
        rawBody,
      );
      const pager = this.#pagers.get(route.operationId);
      const linked = pager?.issued(url) === true;
      problems.push(
        ...checked.problems.filter(
          (p) => !(linked && / is not a parameter the operation declares$/.test(p)),
        ),
      );
      parsedBody = checked.body.value;
      if (needsAuth(route, this.options.document)) {
        const verdict = checkAuth(this.auth, {
          method,
          target: incoming.url ?? '/',
          headers: incoming.headers,
          url,
          body: rawBody,
        });
        if (verdict.problem) problems.push(`auth: ${verdict.problem}`);
        credential = verdict.credential;
        rejected = verdict.rejected;
      }
    }
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
      return this.#json(
        response,
        entry,
        matched.allowed?.length ? 405 : 404,
        errorBody(this.options.document, undefined, 404, 'no such operation'),
      );
    if (problems.length > 0 && !rejected)
      return this.#json(
        response,
        entry,
        400,
        errorBody(this.options.document, route, 400, 'the request does not match the spec'),
      );
    const fault = this.#nextFault(route.operationId);
    if (fault && fault.kind !== 'after-effect')
      return this.#play(fault, route, entry, response, incoming);
    if (rejected)
      return this.#json(
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
      return this.#json(
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
        : this.#idempotencyKey(route, incoming, url, parsedBody);
      const replay = key === undefined ? undefined : this.#keys.get(key);
      if (replay) return this.#json(response, entry, replay.status, replay.body);
      if (!SAFE_METHODS.has(method))
        this.#effects.set(route.operationId, (this.#effects.get(route.operationId) ?? 0) + 1);
      const { status, body, headers } = this.#success(route, url);
      // The vendor stores the outcome under the key as it acts, so a retry after a lost answer replays it.
      if (key !== undefined) this.#keys.set(key, { status, body });
      if (fault?.kind === 'after-effect')
        return this.#play(fault.answer, route, entry, response, incoming);
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      return this.#json(response, entry, status, body, headers);
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

  #idempotencyKey(
    route: Route,
    incoming: IncomingMessage,
    url: URL,
    body: unknown,
  ): string | undefined {
    const header = this.options.idempotencyHeader;
    const fromHeader = header ? incoming.headers[header.toLowerCase()] : undefined;
    if (typeof fromHeader === 'string') return `${route.operationId}:${fromHeader}`;
    const spec = this.options.idempotencyKeys?.[route.operationId];
    if (!spec) return undefined;
    let value: unknown;
    if (spec.in === 'header') value = incoming.headers[spec.name.toLowerCase()];
    else if (spec.in === 'query') value = url.searchParams.get(spec.name) ?? undefined;
    else value = typeof body === 'object' && body !== null ? (body as Json)[spec.name] : undefined;
    return typeof value === 'string' && value !== '' ? `${route.operationId}:${value}` : undefined;
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
      return this.#json(
        response,
        entry,
        fault.status,
        errorBody(this.options.document, route, fault.status, 'simulated failure'),
        fault.headers,
      );
    if (fault.kind === 'rate-limited')
      return this.#json(
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

  #json(
    response: ServerResponse,
    entry: SimulatedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (
      entry.outcome === 'pending' ||
      entry.outcome === 'status' ||
      entry.outcome === 'rate-limited'
    )
      entry.outcome = entry.outcome === 'pending' ? String(status) : `${entry.outcome} ${status}`;
    if (body === undefined) {
      response.writeHead(status, headers).end();
      return;
    }
    const text = JSON.stringify(body);
    entry.responseBody = text;
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  }
}

/** An operation needs auth unless it (or the document) sets `security: []`. */
function needsAuth(route: Route, document: Json): boolean {
  const security = route.operation.security ?? document.security;
  return !(Array.isArray(security) && security.length === 0);
}
