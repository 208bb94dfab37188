import { HTTP_METHODS } from '../generate/operations.js';
import { getAt, parsePointer } from '../internal/json-pointer.js';

/** What `codegen new` could tell from the spec alone, with the evidence for each guess. */
export interface InferredPack {
  readonly pack: Record<string, unknown>;
  /** One line per guess, written as comments at the top of pack.yaml. */
  readonly notes: string[];
}

const NEXT_URL_FIELDS = [
  'next_page_uri',
  'next_page_url',
  'next_url',
  'nextLink',
  '@odata.nextLink',
  'next',
];
const CURSOR_FIELDS = [
  'next_cursor',
  'nextCursor',
  'next_page_token',
  'nextPageToken',
  'cursor',
  'after',
];
const CURSOR_PARAMS = [
  'cursor',
  'page_token',
  'pageToken',
  'starting_after',
  'after',
  'next_page_token',
];

/** Infers a starting pack.yaml: servers, auth, idempotency by method, pagination from response shapes. */
export function inferPack(
  vendor: string,
  specFileName: string,
  document: Record<string, any>,
): InferredPack {
  const notes: string[] = [];
  const info = document.info ?? {};
  const title = String(info.title ?? vendor);
  const description =
    firstSentence(String(info.description ?? '')) || `Typed client for the ${title} API.`;

  const { servers, serverNote } = inferServers(document);
  notes.push(serverNote);
  const { auth, authNote } = inferAuth(document);
  notes.push(authNote);

  const operations = listOperations(document);
  const header = findIdempotencyHeader(document, operations);
  notes.push(
    header
      ? `idempotency: operations take a "${header}" header; unsafe calls carrying it are retried.`
      : 'idempotency: by HTTP method (RFC 9110 §9.2.2); no idempotency-key header found in the spec.',
  );
  const { pagination, paginationNote } = inferPagination(document, operations);
  notes.push(paginationNote);
  notes.push(
    "retry, rateLimit: core defaults; put the vendor's documented limits here, with the doc URL.",
  );
  notes.push('capabilities, webhooks, usage: none inferred; map them by hand.');

  return {
    pack: {
      id: vendor,
      name: title,
      description,
      npm: `@org/${vendor}-client`,
      version: '0.1.0',
      spec: specFileName,
      servers,
      auth,
      retry: {},
      rateLimit: {},
      idempotency: { default: 'by-method', header },
      pagination,
      webhooks: [],
      capabilities: {},
      usage: [],
    },
    notes,
  };
}

interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly operation: Record<string, any>;
  readonly pathItem: Record<string, any>;
}

function listOperations(document: Record<string, any>): Operation[] {
  const result: Operation[] = [];
  for (const [path, pathItem] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const id = operation.operationId ?? `${method.toUpperCase()} ${path}`;
      result.push({ id, method, path, operation, pathItem });
    }
  }
  return result;
}

function inferServers(document: Record<string, any>) {
  const first = document.servers?.[0];
  if (!first?.url || !/^https?:\/\//.test(first.url)) {
    return {
      servers: { default: 'https://api.example.com' },
      serverNote: 'servers: the spec names no absolute server URL; set servers.default.',
    };
  }
  const variables: Record<string, any> = first.variables ?? {};
  const resolved = Object.entries(variables).reduce(
    (url, [name, variable]) => url.replaceAll(`{${name}}`, String(variable.default ?? '')),
    String(first.url),
  );
  const servers: Record<string, unknown> = { default: resolved.replace(/\/+$/, '') };
  if (Object.keys(variables).length) {
    servers.templates = [
      {
        id: 'server',
        url: first.url,
        variables: Object.fromEntries(
          Object.entries(variables).map(([name, variable]) => [
            name,
            {
              default: String(variable.default ?? ''),
              ...(variable.enum ? { enum: variable.enum.map(String) } : {}),
            },
          ]),
        ),
      },
    ];
  }
  return { servers, serverNote: `servers: from servers[0] (${first.url}).` };
}

function inferAuth(document: Record<string, any>) {
  const schemes: Record<string, any> = document.components?.securitySchemes ?? {};
  const required = new Set<string>(
    (document.security ?? []).flatMap((requirement: Record<string, unknown>) =>
      Object.keys(requirement),
    ),
  );
  const ordered = Object.entries(schemes).sort(
    ([a], [b]) => Number(required.has(b)) - Number(required.has(a)),
  );
  for (const [name, scheme] of ordered) {
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      return {
        auth: {
          type: 'basic',
          securityScheme: name,
          variants: [{ id: 'password', username: 'username', password: 'password' }],
        },
        authNote: `auth: HTTP Basic from securitySchemes.${name}; rename the variant's options to the vendor's words.`,
      };
    }
    if (
      (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') ||
      scheme.type === 'oauth2' ||
      scheme.type === 'openIdConnect'
    ) {
      return {
        auth: { type: 'bearer', securityScheme: name, option: 'token' },
        authNote: `auth: bearer token from securitySchemes.${name} (${scheme.type}); an OAuth2 flow can pass auth: oauth2ClientCredentials(…).`,
      };
    }
    if (scheme.type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query')) {
      return {
        auth: {
          type: 'apiKey',
          securityScheme: name,
          in: scheme.in,
          name: scheme.name,
          option: 'apiKey',
        },
        authNote: `auth: API key in ${scheme.in} "${scheme.name}" from securitySchemes.${name}.`,
      };
    }
  }
  return { auth: { type: 'none' }, authNote: 'auth: the spec declares no usable security scheme.' };
}

function findIdempotencyHeader(
  document: Record<string, any>,
  operations: Operation[],
): string | null {
  for (const { operation, pathItem } of operations) {
    for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
      const parameter = deref(document, raw);
      if (parameter?.in === 'header' && /^idempotency[-_]?key$/i.test(String(parameter.name)))
        return parameter.name;
    }
  }
  return null;
}

function inferPagination(document: Record<string, any>, operations: Operation[]) {
  const counts = new Map<string, { rule: Record<string, unknown>; count: number }>();
  const bump = (key: string, rule: Record<string, unknown>) => {
    const entry = counts.get(key) ?? { rule, count: 0 };
    entry.count++;
    counts.set(key, entry);
  };
  for (const { method, operation, pathItem } of operations) {
    if (method !== 'get') continue;
    const response = successResponse(document, operation);
    if (!response) continue;
    const props: Record<string, any> = deref(document, response.schema)?.properties ?? {};
    const queryNames = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
      .map((p) => deref(document, p))
      .filter((p) => p?.in === 'query')
      .map((p) => String(p.name));
    const nextUrl = NEXT_URL_FIELDS.find((field) => isString(deref(document, props[field])));
    const cursorParam = CURSOR_PARAMS.find((name) => queryNames.includes(name));
    // A bare `next` is a cursor when a cursor parameter takes it back, else a URL.
    const cursor = cursorParam
      ? [...CURSOR_FIELDS, 'next'].find((field) => props[field])
      : undefined;
    if (cursor && cursorParam)
      bump(`cursor:${cursor}:${cursorParam}`, {
        style: 'cursor',
        cursorField: cursor,
        cursorParam,
      });
    else if (nextUrl) bump(`next-url:${nextUrl}`, { style: 'next-url', nextField: nextUrl });
    else if (Object.keys(response.headers ?? {}).some((h) => h.toLowerCase() === 'link')) {
      bump('link', { style: 'link' });
    } else if (queryNames.includes('page') && isArrayResponse(document, response.schema)) {
      bump('page:page', { style: 'page', pageParam: 'page' });
    }
  }
  const rules = [...counts.values()].sort((a, b) => b.count - a.count);
  return {
    pagination: rules.map((entry) => entry.rule),
    paginationNote: rules.length
      ? `pagination: ${rules.map((e) => `${String(e.rule.style)}${(e.rule.nextField ?? e.rule.cursorField) ? ` (${String(e.rule.nextField ?? e.rule.cursorField)})` : ''} on ${e.count} list operation(s)`).join('; ')}, guessed from response shapes.`
      : 'pagination: no paging pattern recognised in the responses.',
  };
}

function successResponse(document: Record<string, any>, operation: Record<string, any>) {
  for (const [status, raw] of Object.entries<any>(operation.responses ?? {})) {
    if (!status.startsWith('2')) continue;
    const response = deref(document, raw);
    const content = response?.content ?? {};
    const type = Object.keys(content).find((t) => /[/+]json\b/.test(t));
    if (type) return { schema: content[type].schema, headers: response.headers };
  }
  return undefined;
}

function isString(schema: any): boolean {
  return (
    schema?.type === 'string' || (Array.isArray(schema?.type) && schema.type.includes('string'))
  );
}

function isArrayResponse(document: Record<string, any>, schema: unknown): boolean {
  const resolved = deref(document, schema);
  return (
    resolved?.type === 'array' ||
    Object.values<any>(resolved?.properties ?? {}).some((p) => deref(document, p)?.type === 'array')
  );
}

function deref(document: Record<string, any>, value: any): any {
  let node = value;
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 32; hops++) {
    node = getAt(document, parsePointer(node.$ref));
  }
  return node;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
