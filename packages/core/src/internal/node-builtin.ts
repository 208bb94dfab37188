import type * as NodeCrypto from 'node:crypto';

type GetBuiltinModule = (id: string) => unknown;

/**
 * A Node built-in module without an import statement: `process.getBuiltinModule`
 * (Node 20.16+, 22.3+, Deno, Bun) keeps bundlers for browsers and edge
 * runtimes from pulling it in. Undefined where it is missing; callers fall
 * back (Web Crypto, fetch).
 */
export function loadNodeBuiltin<T>(id: string): T | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process
    ?.getBuiltinModule;
  try {
    return typeof get === 'function' ? (get(id) as T | undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function loadNodeCrypto(): typeof NodeCrypto | undefined {
  return loadNodeBuiltin<typeof NodeCrypto>('node:crypto');
}
