import type { CallContext } from '../transport/types.js';
import type { LimitReason } from './store.js';

/** Why a limit was hit. The first five come from the local limiter, the last three from the server. */
export type LimitHitReason =
  | LimitReason
  /** Other requests of the same queue were already waiting. */
  | 'queued'
  /** The server answered 429. */
  | 'too-many-requests'
  /** The server answered 503 or 403 with a Retry-After. */
  | 'retry-after'
  /** The server reported 0 remaining before its reset. */
  | 'quota-exhausted';

/** What `onLimit` receives. Identifiers only: never a credential, URL or body. */
export interface RateLimitInfo {
  readonly vendor: string;
  readonly tenant: string | undefined;
  readonly requestClass: string;
  readonly operationId: string | undefined;
  /** The limiter key that hit its limit, `${vendor}:${tenant}:${class}`. */
  readonly key: string;
  /** `proactive`: the local limiter held the request; `server`: the vendor said stop. */
  readonly source: 'proactive' | 'server';
  readonly reason: LimitHitReason;
  /** How long the request (proactive) or the key (server) waits, in ms; Infinity until a slot is released. */
  readonly waitMs: number;
  readonly status?: number;
  readonly limit?: number;
  readonly remaining?: number;
  /** Epoch ms when the server's quota refills. */
  readonly resetAt?: number;
}

/** The user's hook. Its errors (thrown or rejected) are swallowed: a hook never breaks a request. */
export type OnLimit = (info: RateLimitInfo) => void | Promise<void>;

/** Emits `RateLimitHit` (when anything listens) and calls the hook, guarding both. */
export function reportLimit(
  ctx: CallContext,
  onLimit: OnLimit | undefined,
  info: RateLimitInfo,
): void {
  if (ctx.events.active) {
    try {
      ctx.events.emit('RateLimitHit', {
        vendor: info.vendor,
        operationId: info.operationId,
        tenant: info.tenant,
        waitMs: info.waitMs,
        limiterKey: info.key,
        source: info.source,
        status: info.status,
      });
    } catch {
      // Telemetry observes; it never breaks a request.
    }
  }
  if (onLimit === undefined) return;
  try {
    const result = onLimit(info);
    if (result !== undefined && typeof (result as Promise<void>).catch === 'function') {
      (result as Promise<void>).catch(() => {});
    }
  } catch {
    // The hook is the user's; its failure must not fail the call it observes.
  }
}
