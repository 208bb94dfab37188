import type * as NodeCrypto from 'node:crypto';

type GetBuiltinModule = (id: 'node:crypto') => typeof NodeCrypto | undefined;

/**
 * node:crypto without an import statement: `process.getBuiltinModule`
 * (Node 20.16+, 22.3+, Deno, Bun) keeps bundlers for browsers and edge
 * runtimes from pulling it in; where it is missing, callers use Web Crypto.
 */
export function loadNodeCrypto(): typeof NodeCrypto | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process
    ?.getBuiltinModule;
  try {
    return typeof get === 'function' ? get('node:crypto') : undefined;
  } catch {
    return undefined;
  }
}
