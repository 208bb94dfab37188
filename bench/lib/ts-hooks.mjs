// Lets the benchmark scripts import the workspace's TypeScript-source
// packages (@org/test-utils) on Node's type stripping. Their sources import
// siblings as `./x.js` (NodeNext style, what tsc and vitest expect); this hook
// maps such a specifier to the `.ts` file beside it when no `.js` file exists.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const REGISTERED = Symbol.for('org.bench.ts-hooks');

if (!globalThis[REGISTERED]) {
  if (typeof module.registerHooks !== 'function') {
    throw new Error(
      `the benchmarks need Node 22.18 or later (type stripping and module.registerHooks); this is ${process.version}. Run them through pnpm, which uses the workspace's Node 24.`,
    );
  }
  globalThis[REGISTERED] = true;
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (
        specifier.startsWith('.') &&
        specifier.endsWith('.js') &&
        context.parentURL?.endsWith('.ts')
      ) {
        const candidate = new URL(specifier, context.parentURL);
        if (!existsSync(fileURLToPath(candidate)))
          return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      return nextResolve(specifier, context);
    },
  });
}
