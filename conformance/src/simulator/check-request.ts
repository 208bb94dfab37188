import type { IncomingHttpHeaders } from 'node:http';
import type { Json } from '../schema/refs.js';
import { validateValue } from '../schema/validate.js';
import type { Route } from './routes.js';

/** What the simulator read from a request body, for side-effect keys and pagination. */
export interface ParsedBody {
  readonly mediaType: string | undefined;
  /** JSON value or form fields (`name -> value | values`); undefined without a body. */
  readonly value: unknown;
}

export interface RequestCheck {
  /** Every way the request breaks the spec; empty for a conforming request. */
  readonly problems: string[];
  readonly body: ParsedBody;
  readonly query: Record<string, string | string[]>;
}

/**
 * Checks one request against its operation: path parameters, query
 * parameters (required ones present, every value of its declared type, none
 * the spec does not declare), required headers, the body's content type and
 * the body against its schema, JSON or form-urlencoded.
 */
export function checkRequest(
  document: Json,
  route: Route,
  pathParams: Record<string, string>,
  url: URL,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
): RequestCheck {
  const problems: string[] = [];
  const issues = (where: string, schema: unknown, value: unknown, strings: boolean) => {
    for (const issue of validateValue(document, schema, value, where, { strings, closed: true }))
      problems.push(`${issue.path} ${issue.message}`);
  };

  for (const param of route.parameters.filter((p) => p.in === 'path')) {
    const value = pathParams[param.name];
    if (value === undefined || value === '') problems.push(`path.${param.name} is missing`);
    else issues(`path.${param.name}`, param.schema, value, true);
  }

  const query = readQuery(url.searchParams);
  const declared = new Set(route.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const param of route.parameters.filter((p) => p.in === 'query')) {
    const value = query[param.name];
    if (value === undefined) {
      if (param.required) problems.push(`query.${param.name} is required but missing`);
      continue;
    }
    issues(`query.${param.name}`, param.schema, value, true);
  }
  for (const name of Object.keys(query)) {
    if (!declared.has(name))
      problems.push(`query.${name} is not a parameter the operation declares`);
  }
  for (const param of route.parameters.filter((p) => p.in === 'header' && p.required)) {
    if (headers[param.name.toLowerCase()] === undefined)
      problems.push(`header.${param.name} is required but missing`);
  }

  const body = readBody(route, headers, rawBody, problems);
  if (body.mediaType !== undefined && route.body) {
    const schema = route.body.content[body.mediaType];
    if (schema && body.value !== undefined)
      issues('body', schema, body.value, body.mediaType === FORM);
  }
  return { problems, body, query };
}

const FORM = 'application/x-www-form-urlencoded';

function readBody(
  route: Route,
  headers: IncomingHttpHeaders,
  raw: Buffer,
  problems: string[],
): ParsedBody {
  const contentType = headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (raw.length === 0) {
    if (route.body?.required) problems.push('body is required but the request has none');
    return { mediaType: undefined, value: undefined };
  }
  if (!route.body) {
    problems.push(`body sent to an operation that takes none (${route.method})`);
    return { mediaType, value: undefined };
  }
  const accepted = Object.keys(route.body.content);
  const match = accepted.find((type) => type.toLowerCase() === mediaType);
  if (!match) {
    problems.push(
      `content-type ${mediaType ?? '(none)'} is not one the operation accepts (${accepted.join(', ')})`,
    );
    return { mediaType: undefined, value: undefined };
  }
  const text = raw.toString('utf8');
  if (/[/+]json\b/.test(match)) {
    try {
      return { mediaType: match, value: JSON.parse(text) };
    } catch {
      problems.push('body is not valid JSON although content-type says JSON');
      return { mediaType: undefined, value: undefined };
    }
  }
  if (match === FORM) {
    // RFC 1866 §8.2.1 / WHATWG URL: name=value pairs joined by `&`, `+` for space.
    if (!/^([^&=]+=[^&]*)(&[^&=]+=[^&]*)*$/.test(text))
      problems.push('body is not application/x-www-form-urlencoded name=value pairs');
    return { mediaType: match, value: readQuery(new URLSearchParams(text)) };
  }
  return { mediaType: match, value: text };
}

/** Form fields with repeated names collected into lists, as the `form` style with explode sends arrays. */
function readQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
