import { tsBanner } from './banner.js';
import { type PackContext, pascalCase } from './context.js';

/**
 * One verifier factory per webhook of the pack, each a thin call to
 * `createWebhookVerifier` of `@org/core/webhooks` (which owns the
 * constant-time checks, rotation, tolerance and replay guard). Only written
 * for packs that declare webhooks.
 */
export function renderWebhooks(ctx: PackContext): string | undefined {
  const { pack } = ctx;
  if (pack.webhooks.length === 0) return undefined;
  const Name = pascalCase(pack.id);
  const blocks = pack.webhooks.map((webhook) => {
    const Hook = `${Name}${pascalCase(webhook.id)}`;
    const doc = [
      `${webhook.description ?? `${webhook.id} deliveries`}`,
      `Scheme \`${webhook.scheme}\`${webhook.header ? `, header \`${webhook.header}\`` : ''}, signed with \`${webhook.secret}\`.`,
      ...(webhook.docs ? [webhook.docs] : []),
    ];
    return `export type ${Hook}VerifierOptions = Omit<WebhookSchemeOptions[${JSON.stringify(webhook.scheme)}], 'secret'> &
  CommonVerifierOptions & {
    /** The signing secret; several during rotation, or a function choosing per delivery. */
    readonly ${webhook.secret}: WebhookSecretSource;
  };

/**
${doc.map((line) => ` * ${line}`).join('\n')}
 */
export function create${Hook}Verifier(options: ${Hook}VerifierOptions): WebhookVerifier {
  const { ${webhook.secret}: secret, ...rest } = options;
  return createWebhookVerifier(${JSON.stringify(webhook.scheme)}, {
    ...rest,
    secret,
    vendor: rest.vendor ?? manifest.id,
  } as WebhookSchemeOptions[${JSON.stringify(webhook.scheme)}] & CommonVerifierOptions);
}`;
  });
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
