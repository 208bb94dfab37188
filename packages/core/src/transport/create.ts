import { ConfigurationError } from '../errors/kinds.js';
import { rememberBody } from '../internal/body-source.js';
import type { RetryOptions } from '../retry/options.js';
import { retryPolicy } from '../retry/policy.js';
import { Call, SILENT_EVENTS } from './context.js';
import { checkEngine, type Engine } from './engine.js';
import { createSend, type FetchFn } from './send.js';
import type { EventSink, Handler, OperationInfo, Policy } from './types.js';

export interface TransportOptions {
  /** Vendor id, e.g. `twilio`: the first part of every limiter key and event. */
  vendor: string;
  /** The fetch that reaches the network. Default: none, `engine` decides. */
  fetch?: FetchFn;
  /**
   * The HTTP client under the policies when no `fetch` is given. Default
   * `auto`: undici's global dispatcher (what Node's fetch runs on, with any
   * proxy or mock agent installed there) unless `globalThis.fetch` was
   * replaced, `globalThis.fetch` elsewhere. `fetch`, `undici` and
   * `node-http` (node:http/node:https) force one.
   */
  engine?: Engine;
  /** Ordered policies, outermost first. Default: `defaultPolicies()`. */
  policies?: readonly Policy[];
  /** Maps a request to its operation (idempotency, request class, telemetry names). */
  resolveOperation?: (request: Request) => OperationInfo | undefined;
  /** The tenant or credential the calls run as; part of limiter keys and events. */
  tenant?: string;
  /** One deadline across all attempts, waits and queues of a call, in ms. Default 60 000. */
  deadlineMs?: number;
  /** Longest one attempt may take, in ms. Default 30 000. */
  attemptTimeoutMs?: number;
  /** Where events go. Default: nowhere. */
  events?: EventSink;
  /** Read non-streaming bodies inside the attempt (see SendOptions). Default true. */
  bufferResponses?: boolean;
}

/** What may change for one call, or a group of calls, without building a new pipeline. */
export interface CallOverrides {
  deadlineMs?: number;
  tenant?: string;
}

/** A `fetch` with the policies in front; hand it to openapi-fetch's `createClient`. */
export interface Transport {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The same pipeline (same limiter state, same policies) with other per-call settings. */
  with(overrides: CallOverrides): Transport;
}

export interface DefaultPolicyOptions {
  /** Retry policy data, or false for one attempt. Default: DEFAULT_RETRY_OPTIONS. */
  retry?: Partial<RetryOptions> | false;
  /** A rate-limit policy (from `@org/core/rate-limit`). Default: none. */
  rateLimit?: Policy;
  /** An auth policy (from `@org/core/auth`). Default: none. */
  auth?: Policy;
  /** A request-signing policy, run per attempt after auth. Default: none. */
  signing?: Policy;
  /** Telemetry policies (from `@org/core/telemetry`). Default: none. */
  telemetry?: { call?: Policy; attempt?: Policy };
  /** Response drift check on the final response (`responseDriftPolicy`). Default: none. */
  drift?: Policy;
}

/**
 * The one place the default order is written, outermost first:
 *
 *   call telemetry ─► drift ─► retry ─► rate limit ─► auth ─► signing ─► attempt telemetry ─► send
 *
 * The deadline is not a policy: it lives in the call context, so the retry
 * sleeps, the limiter queue and every attempt share one budget. The rate
 * limiter sits inside the retry loop, so each attempt takes its own slot of
 * the vendor quota; auth sits inside both, so a refreshed token reaches the
 * next attempt; signing runs last, per attempt, because signatures cover a
 * date that must be fresh.
 */
export function defaultPolicies(options: DefaultPolicyOptions = {}): Policy[] {
  const policies: (Policy | undefined)[] = [
    options.telemetry?.call,
    options.drift,
    options.retry === false ? undefined : retryPolicy(options.retry ?? {}),
    options.rateLimit,
    options.auth,
    options.signing,
    options.telemetry?.attempt,
  ];
  return policies.filter((policy): policy is Policy => policy !== undefined);
}

export function createTransport(options: TransportOptions): Transport {
  if (!options || typeof options.vendor !== 'string' || options.vendor === '') {
    throw new ConfigurationError(
      'createTransport needs `vendor`, a non-empty id such as "twilio".',
    );
  }
  const deadlineMs = options.deadlineMs ?? 60_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
  checkPositive('deadlineMs', deadlineMs);
  checkPositive('attemptTimeoutMs', attemptTimeoutMs);
  const explicitFetch = options.fetch;
  const engine = options.engine ?? 'auto';
  checkEngine(engine);
  const send = createSend({
    attemptTimeoutMs,
    bufferResponses: options.bufferResponses ?? true,
    fetch: explicitFetch,
    engine,
  });
  const policies = options.policies ?? defaultPolicies();
  let handler: Handler = send;
  for (let i = policies.length - 1; i >= 0; i--) handler = (policies[i] as Policy).wrap(handler);
  const events = options.events ?? SILENT_EVENTS;
  const resolve = options.resolveOperation;

  const build = (overrides: CallOverrides): Transport => {
    const callDeadlineMs = overrides.deadlineMs ?? deadlineMs;
    checkPositive('deadlineMs', callDeadlineMs);
    const tenant = overrides.tenant ?? options.tenant;
    const transport = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      let request: Request;
      if (isRequest(input) && init === undefined) request = input;
      else {
        request = new Request(input, init);
        rememberBody(request, init?.body);
      }
      const call = new Call(
        options.vendor,
        resolve?.(request),
        tenant,
        request.signal,
        Date.now() + callDeadlineMs,
        events,
      );
      try {
        return await handler(request, call);
      } finally {
        call.dispose();
      }
    };
    return Object.assign(transport, {
      with: (more: CallOverrides) => build({ ...overrides, ...more }),
    });
  };
  return build({});
}

function isRequest(value: unknown): value is Request {
  // Duck-typed: a Request from another realm or another undici copy is still a Request.
  return (
    typeof value === 'object' &&
    value !== null &&
    'url' in value &&
    'method' in value &&
    'headers' in value &&
    'clone' in value
  );
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0)) {
    throw new ConfigurationError(
      `${name} must be a positive number of milliseconds (or Infinity), got ${value}.`,
    );
  }
}
