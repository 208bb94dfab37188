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
 * factories check their options at once with core's
 * `checkWebhookVerifierOptions` (a bad option still throws a
 * ConfigurationError when the verifier is made) and load the scheme code
 * with the first `verify`, once per verifier (`deferWebhookVerifier`): a client's import does not
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
      ? `  checkWebhookVerifierOptions(${JSON.stringify(factory)}, ${JSON.stringify(webhook.secret)}, secret, rest);
  return deferWebhookVerifier(${scheme}, () =>
    import('./core-webhooks.js').then((core) =>
      core.createWebhookVerifier(${scheme}, ${options.replace(/\n/g, '\n    ')}),
    ),
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
  return `${tsBanner(ctx)}import { checkWebhookVerifierOptions, deferWebhookVerifier } from '@org/core';
import type {
  CommonVerifierOptions,
  WebhookSchemeOptions,
  WebhookSecretSource,
  WebhookVerifier,
} from '@org/core/webhooks';
import { manifest } from './manifest.js';

${blocks.join('\n\n')}
`;
}

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
