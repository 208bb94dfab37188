import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';

/**
 * The pack's OpenAPI types as a declaration-only build entry: a declaration
 * file of their own, free of imports, which tsup.base.ts then ships once
 * (ESM declarations re-export it) instead of once per module format.
 */
export const OPENAPI_TYPES_DECLARATION = { name: 'openapi-types', path: 'src/generated/types.ts' };

/**
 * The build config of a pack with hand-written `entries`: one tsup entry per
 * subpath export, from the same pack field as package.json's `exports`, so the
 * two cannot drift. Packs without entries keep their scaffolded config.
 */
export function renderTsupConfig(ctx: PackContext): string {
  const entries = [
    `index: 'src/index.ts'`,
    ...Object.entries(ctx.pack.entries).map(([name, entry]) => `${safeKey(name)}: '${entry.path}'`),
  ];
  return `${tsBanner(ctx)}${renderLibraryConfig(`{\n${entries.map((entry) => `    ${entry},`).join('\n')}\n  }`)}`;
}

/**
 * `tsup.config.ts` calling the shared libraryConfig with `entries` (an object
 * literal). The root entry is the shared one: a subpath such as `./sms`
 * imports the client from dist/index.js, so the root import loads one module
 * of the pack, not an entry and a code-split chunk.
 */
export function renderLibraryConfig(entries: string): string {
  const { name, path } = OPENAPI_TYPES_DECLARATION;
  return `import { libraryConfig } from '../../tsup.base.ts';

export default libraryConfig(
  ${entries},
  { declarationEntries: { '${name}': '${path}' }, sharedEntry: 'index' },
);
`;
}

function safeKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
}
