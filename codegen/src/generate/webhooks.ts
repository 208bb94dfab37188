import { tsBanner } from './banner.js';
import { type PackContext, pascalCase } from './context.js';

/**
 * Schemes whose only creation-time input is a secret used as text (HMAC keys
 * taken as UTF-8): a verifier for them can check its options when it is made
 * and load the scheme code on its first delivery. `standard-webhooks` decodes
 * base64 keys and `jwt` reads key sets when the verifier is made, so packs
 * with those keep `@org/core/webhooks` on their import path.
 */
const DEFERRABLE_SCHEMES = new Set([
  'github',
  'meta',
  'shopify',
  'zendesk',
  'slack',
  'stripe',
  'twilio',
]);

function defersVerifiers(pack: PackContext['pack']): boolean {
  return pack.webhooks.every((webhook) => DEFERRABLE_SCHEMES.has(webhook.scheme));
}

/**
 * One verifier factory per webhook of the pack, each a thin call to
 * `createWebhookVerifier` of `@org/core/webhooks` (which owns the
 * constant-time checks, rotation, tolerance and replay guard). Only written
 * for packs that declare webhooks.
 *
 * Webhook verification runs on servers that receive callbacks, not in every
 * program that sends requests, so when every scheme of the pack allows it the
 * factories check their options at once (a bad option still throws a
 * ConfigurationError when the verifier is made) and load the scheme code
 * with the first `verify`, once per verifier: a client's import does not
 * load the webhook module (60 KB) at all. The deferred import is of the
 * pack's own core-webhooks.ts (see renderCoreWebhooks), so each build format
 * loads core's webhook module in its own format.
 */
export function renderWebhooks(ctx: PackContext): string | undefined {
  const { pack } = ctx;
  if (pack.webhooks.length === 0) return undefined;
  const Name = pascalCase(pack.id);
  const deferred = defersVerifiers(pack);
  const blocks = pack.webhooks.map((webhook) => {
    const Hook = `${Name}${pascalCase(webhook.id)}`;
    const factory = `create${Hook}Verifier`;
    const scheme = JSON.stringify(webhook.scheme);
    const doc = [
      `${webhook.description ?? `${webhook.id} deliveries`}`,
      `Scheme \`${webhook.scheme}\`${webhook.header ? `, header \`${webhook.header}\`` : ''}, signed with \`${webhook.secret}\`.`,
      ...(deferred
        ? [
            'Options are checked here; the scheme code (`@org/core/webhooks`) loads on the first `verify`.',
          ]
        : []),
      ...(webhook.docs ? [webhook.docs] : []),
    ];
    const options = `{
    ...rest,
    secret,
    vendor: rest.vendor ?? manifest.id,
  } as WebhookSchemeOptions[${scheme}] & CommonVerifierOptions`;
    const body = deferred
      ? `  checkVerifierOptions(${JSON.stringify(factory)}, ${JSON.stringify(webhook.secret)}, secret, rest);
  return deferredVerifier(${scheme}, (core) =>
    core.createWebhookVerifier(${scheme}, ${options.replace(/\n/g, '\n  ')}),
  );`
      : `  return createWebhookVerifier(${scheme}, ${options});`;
    return `export type ${Hook}VerifierOptions = Omit<WebhookSchemeOptions[${scheme}], 'secret'> &
  CommonVerifierOptions & {
    /** The signing secret; several during rotation, or a function choosing per delivery. */
    readonly ${webhook.secret}: WebhookSecretSource;
  };

/**
${doc.map((line) => ` * ${line}`).join('\n')}
 */
export function ${factory}(options: ${Hook}VerifierOptions): WebhookVerifier {
  const { ${webhook.secret}: secret, ...rest } = options;
${body}
}`;
  });
  if (!deferred) {
    return `${tsBanner(ctx)}import {
  type CommonVerifierOptions,
  createWebhookVerifier,
  type WebhookSchemeOptions,
  type WebhookSecretSource,
  type WebhookVerifier,
} from '@org/core/webhooks';
import { manifest } from './manifest.js';

${blocks.join('\n\n')}
`;
  }
  return `${tsBanner(ctx)}import { ConfigurationError } from '@org/core';
import type {
  CommonVerifierOptions,
  WebhookSchemeOptions,
  WebhookSecretSource,
  WebhookVerifier,
} from '@org/core/webhooks';
import { manifest } from './manifest.js';

${blocks.join('\n\n')}

${DEFERRED_HELPERS}`;
}

/**
 * The checks `createWebhookVerifier` makes on these options when a verifier
 * is made (the secret's key ring, the tolerance, the replay TTL, the schema),
 * repeated in the generated file so they still fail at creation; core makes
 * them again, with the rest, when the scheme code loads.
 */
const DEFERRED_HELPERS = `type CoreWebhooks = typeof import('./core-webhooks.js');

/** Throws a ConfigurationError for the options \`createWebhookVerifier\` would refuse when made, in its order. */
function checkVerifierOptions(
  factory: string,
  secretOption: string,
  secret: WebhookSecretSource,
  options: {
    readonly toleranceSeconds?: number;
    readonly replay?: false | { readonly ttlSeconds?: number };
    readonly schema?: unknown;
  },
): void {
  const tolerance = options.toleranceSeconds;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new ConfigurationError('toleranceSeconds must be a finite number of seconds, 0 or more.');
  }
  if (typeof secret !== 'function') {
    const secrets: readonly unknown[] = Array.isArray(secret) ? secret : [secret];
    const usable = (value: unknown) =>
      (typeof value === 'string' && value !== '') || (value instanceof Uint8Array && value.length > 0);
    if (secrets.length === 0 || !secrets.every(usable)) {
      throw new ConfigurationError(
        \`\${factory} needs \\\`\${secretOption}\\\`: a non-empty string or Uint8Array, several during rotation, or a function choosing them per delivery.\`,
      );
    }
  }
  const ttl = options.replay === false ? undefined : options.replay?.ttlSeconds;
  if (ttl !== undefined && !(ttl > 0)) {
    throw new ConfigurationError('replay.ttlSeconds must be a positive number.');
  }
  const schema = options.schema as { readonly '~standard'?: { readonly validate?: unknown } } | undefined;
  if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
    throw new ConfigurationError(
      'schema must implement Standard Schema (a \`~standard.validate\` function), e.g. a zod 4 schema.',
    );
  }
}

/** A verifier that loads \`@org/core/webhooks\` and makes the real one on its first use, once. */
function deferredVerifier(scheme: string, create: (core: CoreWebhooks) => WebhookVerifier): WebhookVerifier {
  let made: Promise<WebhookVerifier> | undefined;
  const verifier = () => (made ??= import('./core-webhooks.js').then(create));
  return {
    scheme,
    verify: (request) => verifier().then((real) => real.verify(request)),
    verifyRequest: (request) => verifier().then((real) => real.verifyRequest(request)),
    release: (event) => verifier().then((real) => real.release(event)),
  };
}
`;

/**
 * The module a pack with deferred verifiers imports on first use: only a
 * re-export of core's `createWebhookVerifier`. Being the pack's own module,
 * the bundler emits it as a chunk of each format, so the CommonJS build
 * `require`s the CommonJS `@org/core/webhooks` (one instance of its error
 * classes with the rest of a CommonJS program) instead of importing the ESM
 * one. Undefined when the pack's verifiers are not deferred.
 */
export function renderCoreWebhooks(ctx: PackContext): string | undefined {
  const { pack } = ctx;
  if (pack.webhooks.length === 0 || !defersVerifiers(pack)) return undefined;
  return `${tsBanner(ctx)}// Loaded by webhooks.ts when a verifier is first used; see there.
export { createWebhookVerifier } from '@org/core/webhooks';
`;
}
