import { ConfigurationError } from '../errors/index.js';

/**
 * Loads an optional peer dependency on first use. `load` is the literal
 * `() => import('jose')` at the call site, so bundlers still see the
 * specifier. When the package is not installed, the rejection becomes a
 * ConfigurationError naming the feature that needs it and the command that
 * installs it; any other failure (a broken install, an error thrown while
 * the module evaluates) passes through unchanged.
 */
export async function importOptionalPeer<T>(
  name: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isPackageNotFound(error, name)) throw error;
    throw new ConfigurationError(
      `${feature} needs ${name}, an optional peer dependency of @org/core that is not installed: run \`npm install ${name}\`.`,
      { cause: error, details: { dependency: name } },
    );
  }
}

/**
 * Node's resolution failure for package `name` itself: `import()` rejects
 * with ERR_MODULE_NOT_FOUND "Cannot find package 'name' imported from ...",
 * and a bundle that turned the import into `require()` throws
 * MODULE_NOT_FOUND "Cannot find module 'name'". A missing file inside an
 * installed package names its path instead, so it is not mistaken for this.
 */
export function isPackageNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`Cannot find package '${name}'`) ||
      message.includes(`Cannot find module '${name}'`))
  );
}
