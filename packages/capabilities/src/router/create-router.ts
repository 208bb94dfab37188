import { AbortedError, InvalidRequestError, isCoreError } from '@org/core/errors';
import { CapabilityError, isCapabilityError } from '../errors/capability-error.js';
import { classifyError } from '../errors/classify.js';
import type { CapabilityErrorReason } from '../errors/reasons.js';
import type { SendSmsResult, SmsCallOptions, SmsSender } from '../sms/types.js';
import { parseSendSmsInput } from '../sms/validate.js';
import { checkRouterConfig, DEFAULT_FAILOVER_REASONS } from './check-policy.js';
import {
  CircuitBreaker,
  type CircuitPermit,
  type CircuitState,
  type CircuitTransition,
} from './circuit-breaker.js';
import { emit } from './events.js';
import type { RouterPolicy } from './policy.js';
import { matchRule, orderCandidates } from './select.js';

/** Adapters by route name; the key order is the default priority order. */
export type SmsAdapters = Readonly<Record<string, SmsSender>>;

/** An SmsSender that routes; `provider` is `router`. */
export interface SmsRouter extends SmsSender {
  /** Each provider's breaker state (`closed` for all when breakers are off), for health checks. */
  circuitStates(): Record<string, CircuitState>;
}

/** Reasons that count against a provider's health in its breaker. */
const UNHEALTHY: ReadonlySet<CapabilityErrorReason> = new Set([
  'provider-unavailable',
  'rate-limited',
]);

const ALWAYS: CircuitPermit = Object.freeze({ allowed: true, probe: false });

interface Attempt {
  readonly provider: string;
  readonly reason: CapabilityErrorReason;
}

function breakerEvent(
  events: RouterPolicy['events'],
  provider: string,
  change: CircuitTransition,
): void {
  if (change.to === 'open') {
    const { to: _to, from: _from, ...facts } = change;
    emit(events, 'CircuitOpened', { provider, ...facts });
  } else if (change.to === 'half-open') {
    emit(events, 'CircuitHalfOpened', { provider });
  } else {
    emit(events, 'CircuitClosed', { provider });
  }
}

/**
 * Routes sends across adapters: a rule (destination prefix, tenant) picks
 * the candidates, a strategy orders them (priority, weighted, cheapest),
 * each provider's circuit breaker may skip it, and a failure with a failover
 * reason moves on to the next. Every decision is an event. The input is
 * validated once, before any adapter is asked.
 *
 * Failover after a timeout can deliver twice: the first provider may have
 * taken the message before the connection failed. For one-time codes that is
 * usually the lesser harm; set `failover: false` where it is not.
 */
export function createRouter(adapters: SmsAdapters, policy: RouterPolicy = {}): SmsRouter {
  checkRouterConfig(adapters, policy);
  const names = Object.keys(adapters);
  const rules = policy.rules ?? [];
  const random = policy.random ?? Math.random;
  const now = policy.now ?? (() => Date.now());
  const events = policy.events;
  const failover = policy.failover ?? true;
  const failoverOn = new Set<CapabilityErrorReason>(
    failover === false
      ? []
      : ((failover === true ? undefined : failover.on) ?? DEFAULT_FAILOVER_REASONS),
  );
  const maxAttempts =
    failover === false ? 1 : ((failover === true ? undefined : failover.maxAttempts) ?? Infinity);
  const breakers = new Map<string, CircuitBreaker>();
  if (policy.circuitBreaker !== false) {
    for (const name of names) {
      breakers.set(
        name,
        new CircuitBreaker(policy.circuitBreaker ?? {}, now, (change) =>
          breakerEvent(events, name, change),
        ),
      );
    }
  }

  async function send(input: unknown, options: SmsCallOptions = {}): Promise<SendSmsResult> {
    const valid = await parseSendSmsInput(input);
    const { signal, tenant } = options;
    const matched = matchRule(rules, { to: valid.to, tenant });
    const strategy = matched.rule?.strategy ?? policy.strategy ?? 'priority';
    const order = orderCandidates(strategy, matched.rule?.providers ?? names, {
      to: valid.to,
      weights: matched.rule?.weights ?? policy.weights,
      prices: policy.prices,
      random,
    });
    emit(events, 'RouteSelected', {
      ...(matched.name === undefined ? {} : { rule: matched.name }),
      ...(matched.prefix === undefined ? {} : { matchedPrefix: matched.prefix }),
      ...(tenant === undefined ? {} : { tenant }),
      strategy,
      candidates: order,
    });

    const attempts: Attempt[] = [];
    const skipped: string[] = [];
    let retryAfterMs = Infinity;
    let lastError: unknown;
    let previous: { provider: string; reason: CapabilityErrorReason; code?: string } | undefined;
    const adapterOptions: SmsCallOptions = { ...options, provider: undefined };

    for (const name of order) {
      if (attempts.length >= maxAttempts) break;
      if (signal?.aborted) throw new AbortedError();
      const breaker = breakers.get(name);
      const permit = breaker ? breaker.acquire() : ALWAYS;
      if (!permit.allowed) {
        skipped.push(name);
        retryAfterMs = Math.min(retryAfterMs, permit.retryAfterMs);
        emit(events, 'ProviderSkipped', {
          provider: name,
          reason: 'circuit-open',
          retryAfterMs: permit.retryAfterMs,
        });
        continue;
      }
      if (previous) {
        emit(events, 'ProviderFailedOver', {
          from: previous.provider,
          to: name,
          reason: previous.reason,
          ...(previous.code === undefined ? {} : { providerCode: previous.code }),
          attempt: attempts.length + 1,
        });
      }
      try {
        const result = await adapters[name]!.send(valid, adapterOptions);
        breaker?.record(permit, 'success');
        return result;
      } catch (error) {
        const reason = classifyError(error);
        const aborted = isCoreError(error, 'aborted') || signal?.aborted === true;
        // A provider that answered "invalid number" is healthy; only outages
        // and throttling count against its breaker.
        breaker?.record(
          permit,
          aborted ? 'ignored' : UNHEALTHY.has(reason) ? 'failure' : 'success',
        );
        if (aborted || !failoverOn.has(reason)) throw error;
        attempts.push({ provider: name, reason });
        lastError = error;
        previous = {
          provider: name,
          reason,
          ...(isCapabilityError(error) && error.providerCode !== undefined
            ? { code: error.providerCode }
            : {}),
        };
      }
    }
    const lastReason = attempts.at(-1)?.reason ?? 'provider-unavailable';
    emit(events, 'RouteFailed', { reason: lastReason, attempts, skipped });
    throw routeFailure(attempts, skipped, retryAfterMs, lastError);
  }

  function pick(
    operation: 'getStatus' | 'parseDeliveryReport',
    options: SmsCallOptions,
  ): SmsSender {
    const able = names.filter((name) => typeof adapters[name]![operation] === 'function');
    const wanted = options.provider;
    if (wanted !== undefined) {
      const byRoute = able.find((name) => name === wanted);
      const byProvider = able.filter((name) => adapters[name]!.provider === wanted);
      const found = byRoute ?? (byProvider.length === 1 ? byProvider[0] : undefined);
      if (found !== undefined) return adapters[found]!;
    } else if (able.length === 1) {
      return adapters[able[0]!]!;
    }
    throw new InvalidRequestError(
      `Invalid ${operation} input: \`provider\` must name one of the adapters that support ${operation} (${able.join(', ') || 'none'}).`,
      { details: { field: 'provider' } },
    );
  }

  const router: SmsRouter = {
    provider: 'router',
    send,
    getStatus: (providerMessageId, options = {}) =>
      Promise.resolve().then(() =>
        pick('getStatus', options).getStatus!(providerMessageId, {
          ...options,
          provider: undefined,
        }),
      ),
    parseDeliveryReport: (request, options = {}) =>
      Promise.resolve().then(() =>
        pick('parseDeliveryReport', options).parseDeliveryReport!(request, {
          ...options,
          provider: undefined,
        }),
      ),
    circuitStates: () =>
      Object.fromEntries(names.map((name) => [name, breakers.get(name)?.state ?? 'closed'])),
  };
  return Object.freeze(router);
}

function routeFailure(
  attempts: readonly Attempt[],
  skipped: readonly string[],
  retryAfterMs: number,
  lastError: unknown,
): unknown {
  const skippedText = skipped.length > 0 ? `; circuit open for ${skipped.join(', ')}` : '';
  if (attempts.length === 0) {
    const wait = Number.isFinite(retryAfterMs) ? retryAfterMs : undefined;
    return new CapabilityError(
      'provider-unavailable',
      `No provider could be tried${skippedText}; retry later${wait === undefined ? '' : ` (in ${Math.ceil(wait / 1000)} s)`}.`,
      {
        details: { attempts: [], skipped: [...skipped] },
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      },
    );
  }
  // One attempt and nothing skipped: the provider's own error says it best.
  if (attempts.length === 1 && skipped.length === 0) return lastError;
  const last = attempts.at(-1)!;
  const tried = attempts.map((attempt) => `${attempt.provider}: ${attempt.reason}`).join(', ');
  return new CapabilityError(
    last.reason,
    `Every provider tried failed (${tried})${skippedText}; retry later.`,
    {
      cause: lastError,
      provider: last.provider,
      ...(isCapabilityError(lastError) && lastError.providerCode !== undefined
        ? { providerCode: lastError.providerCode }
        : {}),
      ...(isCapabilityError(lastError) && lastError.retryAfterMs !== undefined
        ? { retryAfterMs: lastError.retryAfterMs }
        : {}),
      details: { attempts: attempts.map((attempt) => ({ ...attempt })), skipped: [...skipped] },
    },
  );
}
