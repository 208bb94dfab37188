import type { EventSink } from '../transport/types.js';

/**
 * What a provider may look at when asked for a credential. The transport
 * passes its `CallContext`, which satisfies this shape, so a provider can
 * pick a credential per tenant.
 */
export interface CredentialContext {
  /** Aborts this caller's wait. A refresh shared with other callers keeps running. */
  readonly signal?: AbortSignal;
  readonly vendor?: string;
  readonly tenant?: string | undefined;
  /** Where a provider reports `CredentialRefreshed`; never given a credential value. */
  readonly events?: EventSink;
}

/**
 * A source of one kind of credential (a token, a key, a username and
 * password). `get` may answer synchronously so a cached credential costs no
 * promise on the hot path.
 */
export interface CredentialProvider<T> {
  get(ctx?: CredentialContext): T | Promise<T>;
  /**
   * Drops the cached credential so the next `get` fetches a new one. Pass the
   * value the server rejected: if the cache already holds a newer one (another
   * caller refreshed first), it is kept, so N concurrent 401s cost one refresh.
   */
  invalidate?(rejected?: T): void;
}

/** A credential that never changes. It has no `invalidate`, so a 401 is returned, not retried. */
export function staticCredential<T>(value: T): CredentialProvider<T> {
  return { get: () => value };
}

/** True for anything shaped like a `CredentialProvider` (an object with a `get` function). */
export function isCredentialProvider<T>(value: unknown): value is CredentialProvider<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { get?: unknown }).get === 'function'
  );
}
