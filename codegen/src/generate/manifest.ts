import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';

/** The pack as data: what the package was built from and the defaults it runs with. */
export function buildManifest(ctx: PackContext) {
  const { pack, document } = ctx;
  return {
    id: pack.id,
    name: pack.name,
    npm: pack.npm,
    version: ctx.version,
    spec: {
      path: `${ctx.specDir}/${pack.spec}`,
      sha256: ctx.specSha256,
      title: String(document.info?.title ?? ''),
      version: String(document.info?.version ?? ''),
      openapi: String(document.openapi),
      ...(pack.overlay ? { overlay: `${ctx.specDir}/${pack.overlay}` } : {}),
    },
    servers: pack.servers,
    auth: pack.auth,
    defaults: { retry: pack.retry, rateLimit: pack.rateLimit },
    idempotency: { header: pack.idempotency.header },
    webhooks: pack.webhooks,
    capabilities: pack.capabilities,
    usage: pack.usage,
  };
}

export function renderManifest(ctx: PackContext): string {
  const body = JSON.stringify(buildManifest(ctx), null, 2);
  return `${tsBanner(ctx)}
/** What ${ctx.pack.npm} is built from and the defaults it runs with (specs/${ctx.pack.id}/pack.yaml). */
export const manifest = ${body} as const;

export type Manifest = typeof manifest;
`;
}
