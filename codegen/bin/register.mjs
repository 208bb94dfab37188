// Lets Node run codegen's TypeScript sources unbuilt (Node >= 22.18 type
// stripping). Sources import siblings as `./x.js` (NodeNext style, what tsc
// and vitest expect); this hook maps such a specifier to the `.ts` file beside
// it when no `.js` file exists. Imported first by bin/codegen.mjs and by
// scripts that import codegen's modules directly.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

if (typeof module.registerHooks !== 'function') {
  process.stderr.write(
    `codegen: needs Node 22.18 or later (type stripping and module.registerHooks); this is ${process.version}. Run it through pnpm, which uses the workspace's Node 24.\n`,
  );
  process.exit(1);
}

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.startsWith('.') &&
      specifier.endsWith('.js') &&
      context.parentURL?.endsWith('.ts')
    ) {
      const candidate = new URL(specifier, context.parentURL);
      if (!existsSync(fileURLToPath(candidate))) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
