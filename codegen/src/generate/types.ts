import openapiTS, { astToString, type OpenAPI3, type OpenAPITSOptions } from 'openapi-typescript';
import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';

/**
 * openapi-typescript options, chosen to keep the output small and honest:
 * - defaultNonNullable false: a request-body field with a `default` stays
 *   optional (the server fills it in), instead of becoming required;
 * - emptyObjectsUnknown: `type: object` without properties is
 *   `Record<string, unknown>`, not `Record<string, never>`;
 * - no runtime enums, no root type aliases: types only, one copy of each.
 */
export const TYPES_OPTIONS: OpenAPITSOptions = {
  silent: true,
  defaultNonNullable: false,
  emptyObjectsUnknown: true,
  additionalProperties: false,
  alphabetize: false,
  enum: false,
  exportType: false,
  immutable: false,
  rootTypes: false,
  pathParamsAsTypes: false,
  propertiesRequiredByDefault: false,
};

export async function renderTypes(ctx: PackContext): Promise<string> {
  const ast = await openapiTS(ctx.document as OpenAPI3, TYPES_OPTIONS);
  return `${tsBanner(ctx)}${astToString(ast)}`;
}
