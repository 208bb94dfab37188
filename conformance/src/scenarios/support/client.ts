import { type RetryOptions, resolveRetryOptions } from '@org/core/retry';
import type { ClientOptions, PackClient, PackUnderTest } from '../../pack/types.js';
import type { Simulator } from '../../simulator/simulator.js';
import { type Canary, credentialOptions } from './canary.js';

/**
 * Backoff shortened so fault scenarios finish in milliseconds; attempts,
 * retried statuses and every other rule stay the pack's. Server hints
 * (Retry-After and kin) are not scaled: they are honored as sent.
 */
export const FAST_RETRY = Object.freeze({ baseDelayMs: 10, maxDelayMs: 40 });

export type ClientOverrides = Partial<ClientOptions> & {
  /** Run as another canary (default: the run's own). */
  readonly canary?: Canary;
  /** Which of the pack's credential variants to fill (Basic auth packs list several). */
  readonly variant?: number;
};

/** The pack's generated client against a simulator, as `ScenarioContext.client` describes. */
export function buildClient(
  pack: PackUnderTest,
  simulator: Simulator,
  canary: Canary,
  overrides: ClientOverrides = {},
): PackClient {
  const { canary: chosen = canary, variant = 0, retry, ...rest } = overrides;
  return pack.createClient({
    baseUrl: simulator.url,
    ...('auth' in rest ? {} : credentialOptions(pack.pack, chosen, variant)),
    retry: retry === false ? false : { ...FAST_RETRY, ...retry },
    ...rest,
  });
}

/** The retry policy a client built by `buildClient` runs with: core defaults, the pack's, then ours. */
export function expectedRetry(
  pack: PackUnderTest,
  overrides: Partial<RetryOptions> = {},
): RetryOptions {
  const fromPack = (pack.manifest.defaults?.retry ?? {}) as Partial<RetryOptions>;
  return resolveRetryOptions({ ...fromPack, ...FAST_RETRY, ...overrides });
}
