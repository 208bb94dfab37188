// The same method list codegen reads a spec with, so both see the same operations.
import { HTTP_METHODS } from '@org/codegen/src/generate/operations.js';
import { type Json, resolveRef } from '../schema/refs.js';

export { HTTP_METHODS };

export interface ParameterSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Json | undefined;
  /** OpenAPI `style`/`explode` for arrays in the query; `form` + explode true by default. */
  readonly explode: boolean;
}

export interface ResponseSpec {
  readonly status: string;
  /** Media type of the body, when it has one. */
  readonly mediaType: string | undefined;
  readonly schema: Json | undefined;
}

/** One operation of the spec, ready to match and check requests against. */
export interface Route {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/2010-04-01/Accounts/{AccountSid}/Messages.json`. */
  readonly template: string;
  readonly parameters: readonly ParameterSpec[];
  readonly body:
    | { readonly required: boolean; readonly content: Readonly<Record<string, Json | undefined>> }
    | undefined;
  /** The first 2xx response, the one a successful call gets. */
  readonly success: ResponseSpec;
  /** The `default` or first 4xx response: the vendor's error body. */
  readonly error: ResponseSpec | undefined;
  readonly operation: Json;
  /** Literal characters in the template: more means more specific, tried first. */
  readonly specificity: number;
  readonly pattern: RegExp;
  readonly pathParamNames: readonly string[];
}

/** Every operation of an OpenAPI document as a route; `basePath` is the server URL's path. */
export function compileRoutes(document: Json, basePath = ''): Route[] {
  const routes: Route[] = [];
  for (const [template, rawItem] of Object.entries<Json>(document.paths ?? {})) {
    const item = resolveRef(document, rawItem);
    for (const method of HTTP_METHODS) {
      const operation: Json | undefined = item[method];
      if (!operation) continue;
      const names: string[] = [];
      const source = `${basePath}${template}`
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const param = /^\{([^}]+)\}$/.exec(part);
          if (!param) return escapeRegExp(part);
          names.push(param[1] as string);
          return '([^/]+?)';
        })
        .join('');
      routes.push({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        parameters: mergeParameters(document, item.parameters, operation.parameters),
        body: requestBody(document, operation.requestBody),
        success: pickResponse(document, operation.responses, /^2/) ?? {
          status: '200',
          mediaType: undefined,
          schema: undefined,
        },
        error: pickResponse(document, operation.responses, /^(default|4)/),
        operation,
        specificity: template.replace(/\{[^}]+\}/g, '').length,
        pattern: new RegExp(`^${source}$`),
        pathParamNames: names,
      });
    }
  }
  return routes.sort((a, b) => b.specificity - a.specificity);
}

/** The route a request goes to and its decoded path parameters, or undefined. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | { route?: undefined; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.pathParamNames.forEach((name, i) => {
      params[name] = safeDecode(match[i + 1] as string);
    });
    return { route, params };
  }
  return { allowed };
}

function mergeParameters(document: Json, shared: unknown, own: unknown): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>();
  for (const list of [shared, own]) {
    for (const raw of (list as unknown[] | undefined) ?? []) {
      const param = resolveRef(document, raw);
      const schema = param.schema ?? firstMediaSchema(param.content);
      byKey.set(`${param.in}:${param.name}`, {
        name: param.name,
        in: param.in,
        required: param.in === 'path' || param.required === true,
        schema,
        explode: param.explode ?? (param.style ?? 'form') === 'form',
      });
    }
  }
  return [...byKey.values()];
}

function requestBody(document: Json, raw: unknown): Route['body'] {
  if (!raw) return undefined;
  const body = resolveRef(document, raw);
  const content: Record<string, Json | undefined> = {};
  for (const [type, media] of Object.entries<Json>(body.content ?? {}))
    content[type] = media?.schema;
  return { required: body.required === true, content };
}

function pickResponse(
  document: Json,
  responses: Json | undefined,
  status: RegExp,
): ResponseSpec | undefined {
  const key = Object.keys(responses ?? {})
    .filter((code) => status.test(code))
    .sort()[0];
  if (key === undefined) return undefined;
  const response = resolveRef(document, responses?.[key]);
  const types = Object.keys(response.content ?? {});
  const mediaType = types.find((type) => /[/+]json\b/.test(type)) ?? types[0];
  return {
    status: key,
    mediaType,
    schema: mediaType ? response.content[mediaType]?.schema : undefined,
  };
}

function firstMediaSchema(content: Json | undefined): Json | undefined {
  const first = content ? Object.values<Json>(content)[0] : undefined;
  return first?.schema;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
