import { ConfigurationError } from '../errors/index.js';
import type { WebhookSecretSource } from './types.js';

// The option checks `createWebhookVerifier` makes when a verifier is made,
// also run by generated clients' deferred verifiers (defer-verifier.ts) so a
// bad option still fails at creation while the scheme code loads later. No
// state: the build copies this module into each output that uses it.

export function checkToleranceOption(toleranceSeconds: number): void {
  if (!(Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0)) {
    throw new ConfigurationError('toleranceSeconds must be a finite number of seconds, 0 or more.');
  }
}

export function checkReplayTtlOption(ttlSeconds: number): void {
  if (!(ttlSeconds > 0))
    throw new ConfigurationError('replay.ttlSeconds must be a positive number.');
}

export function checkSchemaOption(schema: unknown): void {
  const standard = (
    schema as { readonly '~standard'?: { readonly validate?: unknown } } | undefined
  )?.['~standard'];
  if (schema !== undefined && typeof standard?.validate !== 'function') {
    throw new ConfigurationError(
      'schema must implement Standard Schema (a `~standard.validate` function), e.g. a zod 4 schema.',
    );
  }
}

/**
 * Throws a ConfigurationError for the options `createWebhookVerifier` would
 * refuse when made, in its order: tolerance, the secret (named as the
 * generated `factory` takes it, `secretOption`), replay TTL, schema.
 */
export function checkWebhookVerifierOptions(
  factory: string,
  secretOption: string,
  secret: WebhookSecretSource,
  options: {
    readonly toleranceSeconds?: number;
    readonly replay?: false | { readonly ttlSeconds?: number };
    readonly schema?: unknown;
  },
): void {
  if (options.toleranceSeconds !== undefined) checkToleranceOption(options.toleranceSeconds);
  if (typeof secret !== 'function') {
    const secrets: readonly unknown[] = Array.isArray(secret) ? secret : [secret];
    const usable = (value: unknown) =>
      (typeof value === 'string' && value !== '') ||
      (value instanceof Uint8Array && value.length > 0);
    if (secrets.length === 0 || !secrets.every(usable)) {
      throw new ConfigurationError(
        `${factory} needs \`${secretOption}\`: a non-empty string or Uint8Array, several during rotation, or a function choosing them per delivery.`,
      );
    }
  }
  const ttl = options.replay === false ? undefined : options.replay?.ttlSeconds;
  if (ttl !== undefined) checkReplayTtlOption(ttl);
  checkSchemaOption(options.schema);
}
