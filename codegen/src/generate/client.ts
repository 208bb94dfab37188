import { tsBanner } from './banner.js';
import { type PackContext, pascalCase } from './context.js';

/**
 * The client factory: a few dozen lines wiring core policies to
 * openapi-fetch through `createApiClient`. Everything that loops, waits,
 * signs or encodes lives in core; this file only configures it.
 */
export function renderClient(ctx: PackContext): string {
  const { pack } = ctx;
  const Name = pascalCase(pack.id);
  // From the root of @org/core: one module of core code on the client's
  // import path (the subpaths' files only re-export from the same runtime,
  // and each one more is a module to resolve and load). Token and signing
  // policies are not in that runtime: they come from @org/core/auth.
  const coreImports = new Map<string, Set<string>>();
  const need = (name: string, module = '@org/core') => {
    const names = coreImports.get(module) ?? new Set<string>();
    names.add(name);
    coreImports.set(module, names);
  };
  need('type ApiClient');
  need('createApiClient');
  need('type RateLimitProfile');
  need('rateLimitPolicy');
  need('type RateLimiter');
  need('type OnLimit');
  need('type RetryOptions');
  need('formBodySerializer');
  need('type EventSink');
  need('type FetchFn');
  need('type Engine');
  need('type Policy');

  const parts: string[] = [];
  const optionLines: string[] = [];
  /** Statements before the `createApiClient` call (credential parsing). */
  const prelude: string[] = [];
  let authExpr = 'options.auth';
  let tenantExpr = 'options.tenant';
  let signingExpr: string | undefined;
  /** Where a base URL can come from besides `baseUrl` and the server templates. */
  const credentialBaseUrl: string[] = [];

  if (pack.auth.type !== 'none') need('ConfigurationError');
  if (pack.auth.type === 'basic') {
    need('basicAuth');
    const variants = pack.auth.variants;
    parts.push(
      `/** HTTP Basic credentials (RFC 7617), one of:\n${variants
        .map(
          (v) =>
            ` * - \`${v.username}\` + \`${v.password}\`${v.description ? `: ${v.description}` : ''}`,
        )
        .join('\n')}\n */\nexport type ${Name}Credentials =\n${variants
        .map((v) => `  | { readonly ${v.username}: string; readonly ${v.password}: string }`)
        .join('\n')};`,
    );
    optionLines.push(
      `  /** Credentials for HTTP Basic auth. Required unless \`auth\` is given. */\n  readonly credentials?: ${Name}Credentials;`,
      '  /** A core auth policy instead of fixed credentials (e.g. `basicAuth(provider)` for rotating secrets). */\n  readonly auth?: Policy;',
    );
    const expected = variants.map((v) => `{ ${v.username}, ${v.password} }`).join(' or ');
    parts.push(`function basicCredentials(credentials: ${Name}Credentials): { username: string; password: string } {
${variants
  .map(
    (v) =>
      `  if ('${v.username}' in credentials) return { username: credentials.${v.username}, password: credentials.${v.password} };`,
  )
  .join('\n')}
  throw new ConfigurationError('create${Name}Client: credentials must be ${expected}.');
}`);
    authExpr = `options.auth ?? (options.credentials ? basicAuth(basicCredentials(options.credentials)) : undefined)`;
    // The limiter key defaults to the Basic username (an account or key id,
    // not a secret): the vendor counts limits per credential.
    tenantExpr = `options.tenant ?? (options.credentials ? basicCredentials(options.credentials).username : undefined)`;
  } else if (pack.auth.type === 'bearer') {
    need('bearerAuth');
    optionLines.push(
      `  /** Bearer token. Required unless \`auth\` is given. */\n  readonly ${pack.auth.option}?: string;`,
      '  /** A core auth policy instead of a fixed token. */\n  readonly auth?: Policy;',
    );
    authExpr = `options.auth ?? (options.${pack.auth.option} ? bearerAuth(options.${pack.auth.option}) : undefined)`;
  } else if (pack.auth.type === 'apiKey') {
    need('apiKeyAuth');
    optionLines.push(
      `  /** API key sent in the ${pack.auth.in} \`${pack.auth.name}\`. Required unless \`auth\` is given. */\n  readonly ${pack.auth.option}?: string;`,
      '  /** A core auth policy instead of a fixed key. */\n  readonly auth?: Policy;',
    );
    authExpr = `options.auth ?? (options.${pack.auth.option} ? apiKeyAuth({ in: '${pack.auth.in}', name: ${JSON.stringify(pack.auth.name)}, key: options.${pack.auth.option} }) : undefined)`;
  } else if (pack.auth.type === 'hmac-sha256') {
    need('type CredentialProvider');
    need('hmacSha256Signer', '@org/core/auth');
    need('signingPolicy', '@org/core/auth');
    const key = pack.auth.option;
    if (pack.auth.connectionString) {
      need('parseAcsConnectionString', '@org/core/auth');
      optionLines.push(
        '  /** `endpoint=https://…;accesskey=…` as the Azure portal shows it (Keys): gives the base URL and the access key. */\n  readonly connectionString?: string;',
      );
      prelude.push(
        '  const connection = options.connectionString === undefined ? undefined : parseAcsConnectionString(options.connectionString);',
        `  const ${key} = options.${key} ?? connection?.accessKey;`,
      );
      credentialBaseUrl.push('connection?.endpoint');
      // Limits are counted per resource, which the endpoint names.
      tenantExpr = 'options.tenant ?? (connection ? new URL(connection.endpoint).host : undefined)';
    } else {
      prelude.push(`  const ${key} = options.${key};`);
    }
    optionLines.push(
      `  /** The base64 access key every request is signed with (HMAC-SHA256); a provider lets it rotate. Required unless ${pack.auth.connectionString ? '`connectionString` or ' : ''}\`auth\` is given. */\n  readonly ${key}?: string | CredentialProvider<string>;`,
      '  /** A core auth policy instead of the access key (e.g. `bearerAuth(provider)` with a Microsoft Entra ID token). */\n  readonly auth?: Policy;',
    );
    signingExpr = `${key} === undefined ? undefined : signingPolicy(hmacSha256Signer({ ${key} }))`;
  } else {
    optionLines.push(
      '  /** An auth policy, if the API needs one after all. */\n  readonly auth?: Policy;',
    );
  }

  optionLines.push(
    pack.servers.required
      ? `  /** Base URL: your own endpoint, e.g. \`${pack.servers.default}\`${credentialBaseUrl.length ? ' (taken from `connectionString` when that is given)' : ''}; there is no shared default. */\n  readonly baseUrl?: string;`
      : `  /** Base URL. Default \`${pack.servers.default}\`${pack.servers.templates.length ? `; see also ${pack.servers.templates.map((t) => `\`${t.id}\``).join(', ')}` : ''}. */\n  readonly baseUrl?: string;`,
  );
  const serverExprs: string[] = [];
  for (const template of pack.servers.templates) {
    // `regional` -> TwilioRegionalServer; `server` -> AcmeServer, not AcmeServerServer.
    const Template = pascalCase(template.id).replace(/Server$/, '');
    const fields = Object.entries(template.variables).map(
      ([name, variable]) =>
        `  /** Default \`${variable.default}\`.${variable.description ? ` ${variable.description}` : ''} */\n  readonly ${safeKey(name)}?: ${
          variable.enum ? variable.enum.map((v) => JSON.stringify(v)).join(' | ') : 'string'
        };`,
    );
    parts.push(
      `/** \`${template.url}\`${template.description ? `: ${template.description}` : ''} */\nexport interface ${Name}${Template}Server {\n${fields.join('\n')}\n}`,
    );
    optionLines.push(
      `  /** Use \`${template.url}\` instead of the default base URL. */\n  readonly ${template.id}?: ${Name}${Template}Server;`,
    );
    const replaced = Object.entries(template.variables).reduce(
      (expr, [name, variable]) =>
        `${expr}.replace('{${name}}', options.${template.id}.${safeKey(name)} ?? ${JSON.stringify(variable.default)})`,
      JSON.stringify(template.url),
    );
    serverExprs.push(`(options.${template.id} ? ${replaced} : undefined)`);
  }
  let baseUrlExpr = [
    'options.baseUrl',
    ...credentialBaseUrl,
    ...serverExprs,
    ...(pack.servers.required ? [] : ['manifest.servers.default']),
  ].join(' ?? ');
  if (pack.servers.required) {
    need('ConfigurationError');
    const sources = ['`baseUrl`', ...(credentialBaseUrl.length ? ['`connectionString`'] : [])];
    const message = `create${Name}Client needs your endpoint (${sources.join(' or ')}), e.g. ${pack.servers.default}.`;
    prelude.push(
      `  const baseUrl = ${baseUrlExpr};`,
      `  if (baseUrl === undefined) throw new ConfigurationError(${JSON.stringify(message)});`,
    );
    baseUrlExpr = 'baseUrl';
  }

  optionLines.push(
    `  /** Retry data merged over the pack's defaults (maxAttempts ${ctx.pack.retry.maxAttempts ?? 'core default'}); \`false\` for one attempt. */\n  readonly retry?: Partial<RetryOptions> | false;`,
    "  /** Rate-limit profile replacing the pack's; `false` for none. */\n  readonly rateLimit?: RateLimitProfile | false;",
    '  /** Limiter state to share between clients that spend one quota (e.g. a Redis-backed store). Default: one per client. */\n  readonly limiter?: RateLimiter;',
    '  /** Called when a rate limit holds a call back or the vendor answers 429. */\n  readonly onLimit?: OnLimit;',
    '  /** Telemetry policies from `@org/core/telemetry` (`callTelemetryPolicy`, `attemptTelemetryPolicy`). Default: none. */\n  readonly telemetry?: { readonly call?: Policy; readonly attempt?: Policy };',
    '  /** Response drift check (`responseDriftPolicy` from `@org/core/telemetry`). Default: none. */\n  readonly drift?: Policy;',
    '  /** Receives telemetry events (core `EventSink`). */\n  readonly events?: EventSink;',
    '  /** Limiter and telemetry key part (tenant or credential the calls run as). */\n  readonly tenant?: string;',
    '  /** A `fetch` under the transport instead of the engine (a mock, a proxying fetch). Default: none. */\n  readonly fetch?: FetchFn;',
    "  /** The HTTP client when no `fetch` is given: `auto` (the undici dispatcher under Node's fetch unless `globalThis.fetch` was replaced; fetch elsewhere), `fetch`, `undici` or `node-http`. Default `auto`. */\n  readonly engine?: Engine;",
    '  /** Deadline for a whole call, attempts, waits and queues included, in ms. Default 60 000. */\n  readonly deadlineMs?: number;',
    '  /** Timeout of one attempt, headers and body, in ms. Default 30 000. */\n  readonly attemptTimeoutMs?: number;',
  );

  const imports = [...coreImports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, names]) => {
      const sorted = [...names].sort((a, b) =>
        a.replace('type ', '').localeCompare(b.replace('type ', '')),
      );
      return `import { ${sorted.join(', ')} } from '${module}';`;
    });

  return `${tsBanner(ctx)}${imports.join('\n')}
import { manifest } from './manifest.js';
import { operationTable } from './operations.js';
import type { paths } from './types.js';

${parts.join('\n\n')}

export interface ${Name}ClientOptions {
${optionLines.join('\n')}
}

/** openapi-fetch's typed client for ${pack.name}, on the core transport. */
export type ${Name}Client = ApiClient<paths>;

/**
 * Creates a ${pack.name} client: ${describeDefaults(ctx)}.
 */
export function create${Name}Client(options: ${Name}ClientOptions): ${Name}Client {
${authGuard(pack, Name)}${prelude.map((line) => `${line}\n`).join('')}  return createApiClient<paths>({
    vendor: manifest.id,
    packVersion: manifest.version,
    baseUrl: ${baseUrlExpr},
    operations: operationTable,
    auth: ${authExpr},
${signingExpr ? `    signing: ${signingExpr},\n` : ''}    retry: options.retry === false ? false : { ...manifest.defaults.retry, ${ctx.pack.idempotency.header ? `idempotencyHeader: ${JSON.stringify(ctx.pack.idempotency.header)}, ` : ''}...options.retry },
    rateLimit: options.rateLimit === false ? false : rateLimitPolicy(options.rateLimit ?? manifest.defaults.rateLimit, { limiter: options.limiter, onLimit: options.onLimit }),
    telemetry: options.telemetry,
    drift: options.drift,
    events: options.events,
    tenant: ${tenantExpr},
    fetch: options.fetch,
    engine: options.engine,
    deadlineMs: options.deadlineMs,
    attemptTimeoutMs: options.attemptTimeoutMs,
    bodySerializer: formBodySerializer(),
  });
}
`;
}

/** A client of an API that needs auth refuses to start without it, instead of sending anonymous calls. */
function authGuard(pack: PackContext['pack'], Name: string): string {
  if (pack.auth.type === 'none') return '';
  const option = pack.auth.type === 'basic' ? 'credentials' : pack.auth.option;
  const options =
    pack.auth.type === 'hmac-sha256' && pack.auth.connectionString
      ? [option, 'connectionString']
      : [option];
  const message = `create${Name}Client needs ${options.map((o) => `\`${o}\``).join(', ')} or an \`auth\` policy.`;
  return `  if (!options.auth && ${options.map((o) => `!options.${o}`).join(' && ')}) {\n    throw new ConfigurationError(${JSON.stringify(message)});\n  }\n`;
}

function describeDefaults(ctx: PackContext): string {
  const { retry, rateLimit } = ctx.pack;
  const bits: string[] = [];
  if (retry.maxAttempts !== undefined) bits.push(`up to ${retry.maxAttempts} attempts`);
  if (rateLimit.concurrency !== undefined)
    bits.push(`at most ${rateLimit.concurrency} requests in flight per tenant`);
  if (rateLimit.requestsPerInterval !== undefined) {
    bits.push(`${rateLimit.requestsPerInterval} requests per ${rateLimit.intervalMs ?? 1000} ms`);
  }
  return bits.length ? bits.join(', ') : "core's default retry and no rate limit";
}

function safeKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
