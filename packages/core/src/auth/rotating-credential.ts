import { AuthError } from '../errors/index.js';
import { abortable } from './abortable.js';
import type { CredentialContext, CredentialProvider } from './credential-provider.js';

/** A credential with the time it stops being valid. */
export interface ExpiringCredential<T> {
  readonly value: T;
  /** Epoch ms after which `value` is no longer accepted; omit when unknown (kept until invalidated). */
  readonly expiresAt?: number | undefined;
}

export interface RotatingCredentialOptions {
  /**
   * Refresh this long before `expiresAt`. Default 60 000 ms. Never more than
   * half the credential's lifetime, so a short-lived token is not refreshed
   * on every call.
   */
  readonly refreshBeforeMs?: number;
  /**
   * Inside the refresh window the cached credential is still served and the
   * refresh runs in the background; after a failed background refresh, wait
   * this long before trying again. Default 5 000 ms.
   */
  readonly retryAfterFailureMs?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** A non-secret label (client id, key name) for `CredentialRefreshed` events. */
  readonly credentialId?: string;
}

interface Cached<T> {
  readonly value: T;
  /** From here on, `get` starts a background refresh. */
  readonly refreshAt: number;
  /** From here on, `get` waits for a new credential. */
  readonly expiresAt: number;
}

export const DEFAULT_REFRESH_BEFORE_MS = 60_000;
const DEFAULT_RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * A credential fetched by `fetcher` and cached until shortly before it
 * expires. Concurrent callers share one fetch: at most one refresh is ever in
 * flight. Inside the refresh window callers keep getting the still-valid
 * credential while one background refresh runs, so no call waits on the token
 * endpoint unless the credential has actually expired.
 */
export function rotatingCredential<T>(
  fetcher: () => Promise<ExpiringCredential<T>>,
  options: RotatingCredentialOptions = {},
): CredentialProvider<T> {
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
  const now = options.now ?? Date.now;
  let cached: Cached<T> | undefined;
  let inflight: Promise<T> | undefined;
  let nextBackgroundAttempt = 0;

  /** `ctx` is the caller that triggered the refresh; it only receives the event. */
  function refresh(ctx: CredentialContext | undefined): Promise<T> {
    if (inflight !== undefined) return inflight;
    const startedAt = now();
    const promise = new Promise<ExpiringCredential<T>>((resolve) => resolve(fetcher())).then(
      (fresh) => {
        inflight = undefined;
        if (fresh === null || typeof fresh !== 'object' || fresh.value == null) {
          throw new AuthError(
            'The credential fetcher resolved without a value: return { value, expiresAt }.',
          );
        }
        const expiresAt = fresh.expiresAt ?? Number.POSITIVE_INFINITY;
        // Lifetime is measured from when the request started, not when the
        // answer arrived: the conservative reading of `expires_in`.
        const halfLife = startedAt + (expiresAt - startedAt) / 2;
        cached = {
          value: fresh.value,
          expiresAt,
          refreshAt: Math.max(expiresAt - refreshBeforeMs, halfLife),
        };
        if (ctx?.events?.active) reportRefresh(ctx, options.credentialId, fresh.expiresAt);
        return fresh.value;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    inflight = promise;
    return promise;
  }

  return {
    get(ctx?: CredentialContext): T | Promise<T> {
      const entry = cached;
      if (entry !== undefined) {
        const t = now();
        if (t < entry.refreshAt) return entry.value;
        if (t < entry.expiresAt) {
          if (inflight === undefined && t >= nextBackgroundAttempt) {
            refresh(ctx).catch(() => {
              nextBackgroundAttempt = now() + retryAfterFailureMs;
            });
          }
          return entry.value;
        }
      }
      return abortable(refresh(ctx), ctx?.signal);
    },
    // A refresh already running is left alone: its result is newer than
    // anything being invalidated, so it is cached when it lands.
    invalidate(rejected?: T): void {
      if (cached === undefined) return;
      if (rejected === undefined || cached.value === rejected) cached = undefined;
    },
  };
}

function reportRefresh(
  ctx: CredentialContext,
  credentialId: string | undefined,
  expiresAt: number | undefined,
): void {
  try {
    ctx.events?.emit('CredentialRefreshed', {
      vendor: ctx.vendor ?? 'unknown',
      ...(ctx.tenant === undefined ? {} : { tenant: ctx.tenant }),
      ...(credentialId === undefined ? {} : { credentialId }),
      ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
    });
  } catch {
    // Telemetry observes; it never breaks the credential it reports on.
  }
}
