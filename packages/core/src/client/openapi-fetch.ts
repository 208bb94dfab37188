import * as openapiFetch from 'openapi-fetch';

/**
 * openapi-fetch exposes `createClient` only as its default export. A CJS
 * build of an ESM package (tsup/esbuild in Node mode) reads the default of a
 * CJS module as the whole `module.exports`, whose own `.default` is the
 * function; ESM gets the function directly. Accept both shapes.
 */
const namespaceDefault = openapiFetch.default as unknown as
  | typeof openapiFetch.default
  | { default: typeof openapiFetch.default };

export const createClient: typeof openapiFetch.default =
  typeof namespaceDefault === 'function' ? namespaceDefault : namespaceDefault.default;

/** openapi-fetch's own path serializer, for the templates the fast one leaves to it. */
export const defaultPathSerializer: typeof openapiFetch.defaultPathSerializer =
  openapiFetch.defaultPathSerializer;
