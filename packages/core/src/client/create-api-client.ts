import type { Client, ClientOptions } from 'openapi-fetch';
import { isCoreError } from '../errors/core-error.js';
import { InvalidResponseError } from '../errors/kinds.js';
import { rememberingRequestClass } from '../internal/body-source.js';
import type { RetryOptions } from '../retry/options.js';
import { createTransport, defaultPolicies, type Transport } from '../transport/create.js';
import type { Engine } from '../transport/engine.js';
import { createOperationResolver } from '../transport/operations.js';
import type { FetchFn } from '../transport/send.js';
import type { EventSink, OperationInfo, Policy } from '../transport/types.js';
import { createClient } from './openapi-fetch.js';
import { createPathSerializer } from './path-serializer.js';

export interface ApiClientOptions {
  /** Vendor id, e.g. `twilio`. */
  vendor: string;
  /** The client package's version, for the User-Agent and events. */
  packVersion?: string;
  baseUrl: string;
  /** The generated per-operation metadata table. */
  operations: readonly OperationInfo[];
  auth?: Policy;
  signing?: Policy;
  /** Retry policy data, or false for one attempt. */
  retry?: Partial<RetryOptions> | false;
  /** A rate-limit policy, or false for none. */
  rateLimit?: Policy | false;
  telemetry?: { call?: Policy; attempt?: Policy };
  /** Response drift check (`responseDriftPolicy` from `@org/core/telemetry`). */
  drift?: Policy;
  events?: EventSink;
  tenant?: string;
  fetch?: FetchFn;
  /** The HTTP client when no `fetch` is given (transport `engine`). Default `auto`. */
  engine?: Engine;
  deadlineMs?: number;
  attemptTimeoutMs?: number;
  bodySerializer?: ClientOptions['bodySerializer'];
  querySerializer?: ClientOptions['querySerializer'];
  headers?: ClientOptions['headers'];
}

export type ApiClient<Paths extends {}> = Client<Paths, `${string}/${string}`> & {
  /** The policy pipeline behind this client; `transport.with({ deadlineMs })` as a per-call `fetch`. */
  readonly transport: Transport;
};

const METHODS = [
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'PATCH',
  'TRACE',
  'request',
] as const;

/**
 * openapi-fetch's typed client on the core transport. The client names each
 * request's operation for the transport; everything that loops or waits is a
 * transport policy.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): ApiClient<Paths> {
  const byTemplate = new Map<string, OperationInfo>();
  for (const operation of options.operations)
    byTemplate.set(`${operation.method.toUpperCase()} ${operation.path}`, operation);
  const annotated = new WeakMap<Request, OperationInfo>();
  const fallback = createOperationResolver(
    options.operations,
    new URL(options.baseUrl, 'http://base.invalid').pathname,
  );
  const transport = createTransport({
    vendor: options.vendor,
    fetch: options.fetch,
    engine: options.engine,
    tenant: options.tenant,
    deadlineMs: options.deadlineMs,
    attemptTimeoutMs: options.attemptTimeoutMs,
    events: options.events,
    resolveOperation: (request) => annotated.get(request) ?? fallback(request),
    policies: defaultPolicies({
      retry: options.retry,
      rateLimit: options.rateLimit === false ? undefined : options.rateLimit,
      auth: options.auth,
      signing: options.signing,
      telemetry: options.telemetry,
      drift: options.drift,
    }),
  });
  // Which operation a request is, told to the transport without a
  // middleware: openapi-fetch builds the call's Request synchronously inside
  // the method call (before any await), so the operation named just before
  // the call is the one its constructor takes. A middleware would cost every
  // call openapi-fetch's middleware round (an id, a frozen options object, an
  // await): 1.6% of the client's CPU in a profile of the Twilio pipeline at
  // 32 in flight (bench/profile-pipeline.mjs).
  let pending: OperationInfo | undefined;
  // Requests keep their serialized body, so attempts re-send it without a clone.
  const RememberingRequest = rememberingRequestClass();
  class OperationRequest extends RememberingRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(input, init);
      if (pending !== undefined) {
        annotated.set(this, pending);
        pending = undefined;
      }
    }
  }
  const client = createClient<Paths>({
    baseUrl: options.baseUrl,
    Request: OperationRequest,
    pathSerializer: createPathSerializer(),
    fetch: transport as unknown as ClientOptions['fetch'],
    bodySerializer: options.bodySerializer,
    querySerializer: options.querySerializer,
    headers: {
      'user-agent': `@org/${options.vendor}-client/${options.packVersion ?? '0.0.0'}`,
      ...(options.headers as Record<string, string> | undefined),
    },
  });
  // openapi-fetch sends `Content-Type: application/json` unless the call names
  // another; an operation whose spec takes another body type (form encoding)
  // gets that type, so callers never set the header by hand.
  const bodyTypes = new Map<string, string>();
  for (const operation of options.operations) {
    const type = operation.requestContentTypes?.[0];
    if (type && !/[/+]json\b/i.test(type))
      bodyTypes.set(`${operation.method.toUpperCase()} ${operation.path}`, type);
  }
  for (const method of METHODS) {
    const original = client[method] as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      try {
        const key =
          method === 'request'
            ? `${String(args[0]).toUpperCase()} ${args[1]}`
            : `${method} ${args[0]}`;
        pending = byTemplate.get(key);
        let result: Promise<unknown>;
        try {
          result = original(...withBodyType(bodyTypes.get(key), method, args));
        } finally {
          pending = undefined;
        }
        return await result;
      } catch (error) {
        throw asInvalidResponse(error);
      }
    };
  }
  return Object.assign(client, { transport }) as ApiClient<Paths>;
}

/** The call's arguments with `content-type: type` added, when it sends a body and names none. */
function withBodyType(type: string | undefined, method: string, args: unknown[]): unknown[] {
  if (type === undefined) return args;
  const [path, init] = (method === 'request' ? args.slice(1) : args) as [
    string,
    Record<string, unknown> | undefined,
  ];
  if (init?.body === undefined || hasContentType(init.headers)) return args;
  const next = { ...init, headers: { ...(init.headers as object), 'content-type': type } };
  return method === 'request' ? [args[0], path, next] : [path, next];
}

function hasContentType(headers: unknown): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('content-type');
  return Object.keys(headers).some((key) => key.toLowerCase() === 'content-type');
}

/** openapi-fetch parses a 2xx body with JSON.parse; a malformed or HTML body surfaces as SyntaxError. */
function asInvalidResponse(error: unknown): unknown {
  if (error instanceof SyntaxError && !isCoreError(error)) {
    return new InvalidResponseError(
      'The server answered with a body that is not the JSON its spec promises (malformed, truncated or an HTML page). The call may have taken effect; check before repeating a write.',
      { cause: error },
    );
  }
  return error;
}
