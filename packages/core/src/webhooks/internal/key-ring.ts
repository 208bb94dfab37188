import { ConfigurationError } from '../../errors/index.js';
import { WebhookVerificationError } from '../errors.js';
import type { WebhookRequest, WebhookSecret, WebhookSecretSource } from '../types.js';
import { base64ToBytes, hexToBytes, utf8 } from './encoding.js';

/**
 * How a scheme turns the secret the vendor shows into key bytes:
 * `utf8` as-is (GitHub, Stripe: the whole `whsec_…` text), `whsec` strips
 * the prefix and base64-decodes (Standard Webhooks), `base64`, `hex`.
 */
export type SecretEncoding = 'utf8' | 'base64' | 'hex' | 'whsec';

/** Keys prepared per resolved secret are kept up to this many, then dropped and rebuilt. */
const MAX_CACHED_KEYS = 256;

export function decodeSecret(secret: WebhookSecret, encoding: SecretEncoding): Uint8Array {
  if (typeof secret !== 'string') {
    if (secret instanceof Uint8Array && secret.length > 0) return secret;
    throw new ConfigurationError('A webhook secret must be a non-empty string or Uint8Array.');
  }
  let bytes: Uint8Array | undefined;
  if (encoding === 'utf8') bytes = utf8.encode(secret);
  else if (encoding === 'hex') bytes = hexToBytes(secret);
  else {
    const text = encoding === 'whsec' && secret.startsWith('whsec_') ? secret.slice(6) : secret;
    bytes = base64ToBytes(text);
  }
  if (bytes === undefined || bytes.length === 0) {
    const form =
      encoding === 'whsec'
        ? "'whsec_' followed by base64"
        : encoding === 'utf8'
          ? 'non-empty text'
          : encoding;
    throw new ConfigurationError(
      `A webhook secret is not valid: expected ${form}. Copy it again from the vendor's console.`,
    );
  }
  return bytes;
}

/**
 * The keys of one verifier. Static secrets are prepared once when the
 * verifier is made; secrets chosen per delivery are prepared on first use and
 * cached in this instance, keyed by the secret itself.
 */
export class KeyRing<Key> {
  readonly #scheme: string;
  readonly #prepare: (secret: WebhookSecret) => Key | Promise<Key>;
  readonly #static: readonly (Key | Promise<Key>)[] | undefined;
  readonly #resolve: ((request: WebhookRequest) => unknown) | undefined;
  readonly #cache = new Map<WebhookSecret, Key | Promise<Key>>();

  constructor(
    scheme: string,
    source: WebhookSecretSource | undefined,
    prepare: (secret: WebhookSecret) => Key | Promise<Key>,
    optionName = 'secret',
  ) {
    this.#scheme = scheme;
    this.#prepare = prepare;
    if (typeof source === 'function') {
      this.#resolve = source as (request: WebhookRequest) => unknown;
      return;
    }
    const secrets = source === undefined ? [] : isSecretList(source) ? source : [source];
    if (secrets.length === 0) {
      throw new ConfigurationError(
        `The ${scheme} webhook verifier needs \`${optionName}\`: one, several (rotation), or a function choosing them per delivery.`,
      );
    }
    this.#static = secrets.map((secret) => {
      const key = prepare(secret);
      // A key that fails to import surfaces on the verify that needs it, not as an unhandled rejection.
      if (key instanceof Promise) key.catch(() => {});
      return key;
    });
  }

  /** The prepared keys for this delivery; throws `no-secret` when there are none. */
  keys(
    request: WebhookRequest,
  ): readonly (Key | Promise<Key>)[] | Promise<readonly (Key | Promise<Key>)[]> {
    if (this.#static !== undefined) return this.#static;
    const resolved = this.#resolve!(request);
    return resolved instanceof Promise
      ? resolved.then((secrets) => this.#fromResolved(secrets))
      : this.#fromResolved(resolved);
  }

  #fromResolved(resolved: unknown): (Key | Promise<Key>)[] {
    const secrets = resolved === undefined ? [] : isSecretList(resolved) ? resolved : [resolved];
    const keys: (Key | Promise<Key>)[] = [];
    for (const secret of secrets as WebhookSecret[]) {
      if (secret === '' || (secret instanceof Uint8Array && secret.length === 0)) continue;
      let key = this.#cache.get(secret);
      if (key === undefined) {
        if (this.#cache.size >= MAX_CACHED_KEYS) this.#cache.clear();
        key = this.#prepare(secret);
        this.#cache.set(secret, key);
      }
      keys.push(key);
    }
    if (keys.length === 0) {
      throw new WebhookVerificationError(
        'no-secret',
        'No secret is configured for this delivery: the secret function answered none. Check the tenant lookup.',
        { scheme: this.#scheme },
      );
    }
    return keys;
  }
}

function isSecretList(value: unknown): value is readonly WebhookSecret[] {
  return Array.isArray(value);
}
