import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, isCoreError } from '../../src/errors/index.js';
import { importOptionalPeer, isPackageNotFound } from '../../src/internal/optional-peer.js';

// Real resolution failures, caused by importing packages that are not
// installed (the specifiers are variables so the test runner's transform
// does not try to resolve them first).
const MISSING = '@org/no-such-optional-peer';
const require = createRequire(import.meta.url);

describe('importOptionalPeer', () => {
  it('returns the module when the package is installed', async () => {
    const jose = await importOptionalPeer('jose', 'JWT signing', () => import('jose'));
    expect(typeof jose.SignJWT).toBe('function');
  });

  it('turns import() of a package that is not installed into a ConfigurationError naming the feature and the install command', async () => {
    const error = await importOptionalPeer(MISSING, 'The frobnicator', () => import(MISSING)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isCoreError(error, 'configuration')).toBe(true);
    expect((error as ConfigurationError).message).toBe(
      `The frobnicator needs ${MISSING}, an optional peer dependency of @org/core that is not installed: run \`npm install ${MISSING}\`.`,
    );
    expect((error as ConfigurationError).details).toEqual({ dependency: MISSING });
    expect(((error as ConfigurationError).cause as { code?: string }).code).toBe(
      'ERR_MODULE_NOT_FOUND',
    );
  });

  it('does the same when a bundle turned the import into require()', async () => {
    const error = await importOptionalPeer(MISSING, 'The frobnicator', async () =>
      require(MISSING),
    ).catch((caught: unknown) => caught);
    expect(isCoreError(error, 'configuration')).toBe(true);
    expect(((error as ConfigurationError).cause as { code?: string }).code).toBe(
      'MODULE_NOT_FOUND',
    );
  });

  it('passes other failures through: another missing package, a missing file, an error while loading', async () => {
    const other = await importOptionalPeer('jose', 'JWT signing', () => import(MISSING)).catch(
      (caught: unknown) => caught,
    );
    expect(isCoreError(other)).toBe(false);
    expect((other as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');

    const file = './no-such-file.js';
    const missingFile = await importOptionalPeer('jose', 'JWT signing', () => import(file)).catch(
      (caught: unknown) => caught,
    );
    expect(isCoreError(missingFile)).toBe(false);

    const thrown = new TypeError('boom while evaluating');
    await expect(
      importOptionalPeer('jose', 'JWT signing', () => Promise.reject(thrown)),
    ).rejects.toBe(thrown);
  });
});

describe('isPackageNotFound', () => {
  it('matches the package only, not one whose name it starts', async () => {
    const error = await import(MISSING).catch((caught: unknown) => caught);
    expect(isPackageNotFound(error, MISSING)).toBe(true);
    expect(isPackageNotFound(error, '@org/no-such')).toBe(false);
    expect(isPackageNotFound(undefined, MISSING)).toBe(false);
  });
});
