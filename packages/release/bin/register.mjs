// Lets Node run the release tool's TypeScript sources unbuilt (Node >= 22.18
// type stripping). Sources import `./x.js` (NodeNext style, what tsc and
// vitest expect), and codegen's loaders are imported as
// `@org/codegen/src/.../x.js`; this hook maps such a `.js` specifier to the
// `.ts` file beside it when no `.js` file exists.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

if (typeof module.registerHooks !== 'function') {
  process.stderr.write(
    `release: needs Node 22.18 or later (type stripping and module.registerHooks); this is ${process.version}. Run it through pnpm, which uses the workspace's Node 24.\n`,
  );
  process.exit(1);
}

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.endsWith('.js') || !context.parentURL?.endsWith('.ts')) {
      return nextResolve(specifier, context);
    }
    if (specifier.startsWith('.')) {
      const candidate = new URL(specifier, context.parentURL);
      if (!existsSync(fileURLToPath(candidate))) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      return nextResolve(specifier, context);
    }
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
