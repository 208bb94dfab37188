import type { Client, ClientOptions, Middleware } from 'openapi-fetch';
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
 * openapi-fetch's typed client on the core transport. Middleware only
 * annotates (which operation a request is); everything that loops or waits
 * is a transport policy.
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
  const annotate: Middleware = {
    onRequest({ request, schemaPath }) {
      const operation = byTemplate.get(`${request.method} ${schemaPath}`);
      if (operation) annotated.set(request, operation);
    },
  };
  const client = createClient<Paths>({
    baseUrl: options.baseUrl,
    // Requests keep their serialized body, so attempts re-send it without a clone.
    Request: rememberingRequestClass(),
    fetch: transport as unknown as ClientOptions['fetch'],
    bodySerializer: options.bodySerializer,
    querySerializer: options.querySerializer,
    headers: {
      'user-agent': `@org/${options.vendor}-client/${options.packVersion ?? '0.0.0'}`,
      ...(options.headers as Record<string, string> | undefined),
    },
  });
  client.use(annotate);
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
        return await original(...withBodyType(bodyTypes, method, args));
      } catch (error) {
        throw asInvalidResponse(error);
      }
    };
  }
  return Object.assign(client, { transport }) as ApiClient<Paths>;
}

function withBodyType(bodyTypes: Map<string, string>, method: string, args: unknown[]): unknown[] {
  if (bodyTypes.size === 0) return args;
  const [path, init] = (method === 'request' ? args.slice(1) : args) as [
    string,
    Record<string, unknown> | undefined,
  ];
  const verb = method === 'request' ? String(args[0]).toUpperCase() : method;
  const type = bodyTypes.get(`${verb} ${path}`);
  if (!type || init?.body === undefined || hasContentType(init.headers)) return args;
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
