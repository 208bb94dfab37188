// Lets Node run the workspace's TypeScript sources unbuilt (Node >= 22.18 type
// stripping): codegen, the release tool and the benchmark scripts, which
// import codegen's and test-utils' sources. Sources import `./x.js` (NodeNext
// style, what tsc and vitest expect) and packages without a build are
// imported as `@org/<name>/src/.../x.js`; this hook maps such a `.js`
// specifier to the `.ts` file beside it when no `.js` file exists.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const REGISTERED = Symbol.for('org.ts-source-hooks');

/**
 * Registers the hook once per process. Throws where Node has no
 * module.registerHooks; the caller names itself in what it prints.
 */
export function registerTypeScriptSources() {
  if (globalThis[REGISTERED]) return;
  if (typeof module.registerHooks !== 'function') {
    throw new Error(
      `needs Node 22.18 or later (type stripping and module.registerHooks); this is ${process.version}. Run it through pnpm, which uses the workspace's Node 24.`,
    );
  }
  globalThis[REGISTERED] = true;
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
}
