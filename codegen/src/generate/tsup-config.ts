import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';

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
  return `${tsBanner(ctx)}import { libraryConfig } from '../../tsup.base.ts';

export default libraryConfig({
${entries.map((entry) => `  ${entry},`).join('\n')}
});
`;
}

function safeKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
}
