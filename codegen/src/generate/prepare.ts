import { CodegenError } from '../errors.js';
import type { Pack } from '../pack/schema.js';
import { HTTP_METHODS, operationId } from './operations.js';

/**
 * Applies the pack to the (already overlaid) document: drops excluded
 * operations and, when the pack names an error schema, adds it as the
 * `default` response of every operation that declares no 4xx/5xx/default
 * response, so openapi-fetch types `error` instead of leaving it `never`.
 * Returns a new document; the input is not mutated.
 */
export function prepareDocument(
  document: Record<string, any>,
  pack: Pack,
  packFile: string,
): Record<string, any> {
  const errorRef = pack.errors
    ? `#/components/schemas/${escapePointer(pack.errors.schema)}`
    : undefined;
  if (pack.errors && !document.components?.schemas?.[pack.errors.schema]) {
    throw new CodegenError(
      `errors.schema "${pack.errors.schema}" is not in components.schemas; add it to the spec or the overlay`,
      { file: packFile, field: 'errors.schema' },
    );
  }
  const excluded = new Set(pack.exclude);
  const paths: Record<string, any> = {};
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
    const nextItem: Record<string, any> = { ...item };
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const id = operationId(operation, method, path);
      if (excluded.has(id) || excluded.has(`${method.toUpperCase()} ${path}`)) {
        delete nextItem[method];
        continue;
      }
      if (errorRef && !Object.keys(operation.responses).some((status) => !/^[123]/.test(status))) {
        nextItem[method] = {
          ...operation,
          responses: {
            ...operation.responses,
            default: {
              description: 'Error',
              content: { 'application/json': { schema: { $ref: errorRef } } },
            },
          },
        };
      }
    }
    if (HTTP_METHODS.some((method) => nextItem[method])) paths[path] = nextItem;
  }
  return { ...document, paths };
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
