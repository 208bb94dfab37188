import { ConfigurationError } from '@org/core/errors';
import { CAPABILITY_ERROR_REASONS, type CapabilityErrorReason } from '../errors/reasons.js';
import type { SmsSender } from '../sms/types.js';
import type { RouterPolicy, RouteStrategy } from './policy.js';

const STRATEGIES: readonly RouteStrategy[] = ['priority', 'weighted', 'cheapest'];
const PREFIX = /^\+\d{1,15}$/;

/**
 * Reasons that fail the same way at every provider: failing over on them
 * would only repeat the failure (or, for `blocked`, work around an opt-out).
 */
export const NEVER_FAILOVER: ReadonlySet<CapabilityErrorReason> = new Set([
  'invalid-number',
  'blocked',
  'invalid-request',
  'content-rejected',
  'unknown',
]);

export const DEFAULT_FAILOVER_REASONS: readonly CapabilityErrorReason[] = [
  'provider-unavailable',
  'rate-limited',
];

function fail(message: string): never {
  throw new ConfigurationError(`createRouter: ${message}`);
}

function checkNames(where: string, names: Iterable<string>, known: ReadonlySet<string>): void {
  for (const name of names) {
    if (!known.has(name)) {
      fail(
        `${where} names "${name}", which is not an adapter; the adapters are ${[...known].join(', ')}.`,
      );
    }
  }
}

function checkWeights(
  where: string,
  weights: Readonly<Record<string, number>>,
  known: ReadonlySet<string>,
): void {
  checkNames(where, Object.keys(weights), known);
  for (const [name, weight] of Object.entries(weights)) {
    if (!(Number.isFinite(weight) && weight >= 0)) {
      fail(`${where}.${name} must be a finite number >= 0, got ${weight}.`);
    }
  }
}

function checkStrategy(where: string, strategy: unknown): void {
  if (strategy !== undefined && !STRATEGIES.includes(strategy as RouteStrategy)) {
    fail(`${where} must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}.`);
  }
}

/** Rejects adapters and a policy that cannot route, naming the option to fix. */
export function checkRouterConfig(
  adapters: Readonly<Record<string, SmsSender>>,
  policy: RouterPolicy,
): void {
  if (typeof adapters !== 'object' || adapters === null || Object.keys(adapters).length === 0) {
    fail('needs at least one adapter, as { name: smsSender }.');
  }
  for (const [name, adapter] of Object.entries(adapters)) {
    if (typeof adapter?.send !== 'function')
      fail(`adapters.${name} is not an SmsSender (no send()).`);
  }
  const known = new Set(Object.keys(adapters));
  checkStrategy('policy.strategy', policy.strategy);
  if (policy.weights) checkWeights('policy.weights', policy.weights, known);
  for (const [name, table] of Object.entries(policy.prices ?? {})) {
    checkNames('policy.prices', [name], known);
    for (const [prefix, price] of Object.entries(table)) {
      if (prefix !== '*' && !PREFIX.test(prefix)) {
        fail(`policy.prices.${name} has the prefix "${prefix}"; use "+<digits>" or "*".`);
      }
      if (!(Number.isFinite(price) && price >= 0)) {
        fail(`policy.prices.${name}["${prefix}"] must be a finite number >= 0, got ${price}.`);
      }
    }
  }
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const where = `policy.rules[${index}]`;
    const prefixes =
      typeof rule.countryPrefix === 'string' ? [rule.countryPrefix] : rule.countryPrefix;
    for (const prefix of prefixes ?? []) {
      if (!PREFIX.test(prefix)) fail(`${where}.countryPrefix "${prefix}" must look like "+972".`);
    }
    if (rule.providers) {
      if (rule.providers.length === 0)
        fail(`${where}.providers is empty; omit it for every adapter.`);
      checkNames(`${where}.providers`, rule.providers, known);
    }
    checkStrategy(`${where}.strategy`, rule.strategy);
    if (rule.weights) checkWeights(`${where}.weights`, rule.weights, known);
  }
  const failover = policy.failover;
  if (typeof failover === 'object' && failover !== null) {
    const { maxAttempts, on } = failover;
    if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
      fail(`policy.failover.maxAttempts must be a whole number >= 1, got ${maxAttempts}.`);
    }
    for (const reason of on ?? []) {
      if (!(CAPABILITY_ERROR_REASONS as readonly string[]).includes(reason)) {
        fail(`policy.failover.on has "${reason}", which is not a CapabilityErrorReason.`);
      }
      if (NEVER_FAILOVER.has(reason)) {
        fail(
          `policy.failover.on has "${reason}": it fails the same way at every provider, so failover cannot help.`,
        );
      }
    }
  }
  for (const name of ['random', 'now'] as const) {
    if (policy[name] !== undefined && typeof policy[name] !== 'function') {
      fail(`policy.${name} must be a function.`);
    }
  }
}
