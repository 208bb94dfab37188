import { z } from 'zod';

/**
 * The pack.yaml format. Every object is strict so a misspelt key fails
 * validation instead of being silently ignored.
 */

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const url = z.url({ protocol: /^https?$/ });
const httpStatus = z.number().int().min(100).max(599);

const serverVariable = z.strictObject({
  default: z.string(),
  enum: z.array(z.string()).min(1).optional(),
  description: z.string().optional(),
});

const serverTemplate = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase identifier'),
  /** A URL with `{variable}` placeholders, as in OpenAPI server objects. */
  url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL template'),
  description: z.string().optional(),
  variables: z.record(z.string(), serverVariable).default({}),
});

const basicVariant = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase identifier'),
  /** Name of the client option that holds the Basic username. */
  username: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase option name'),
  /** Name of the client option that holds the Basic password. */
  password: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase option name'),
  description: z.string().optional(),
});

const auth = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('basic'),
    securityScheme: z.string().optional(),
    variants: z.array(basicVariant).min(1),
  }),
  z.strictObject({
    type: z.literal('bearer'),
    securityScheme: z.string().optional(),
    option: z.string().default('token'),
  }),
  z.strictObject({
    type: z.literal('apiKey'),
    securityScheme: z.string().optional(),
    in: z.enum(['header', 'query']),
    name: z.string(),
    option: z.string().default('apiKey'),
  }),
  z.strictObject({
    /**
     * Request signing with a shared access key, as Azure Communication
     * Services does it: core's `signingPolicy(hmacSha256Signer({ accessKey }))`
     * signs every attempt (x-ms-date, x-ms-content-sha256, Authorization).
     */
    type: z.literal('hmac-sha256'),
    securityScheme: z.string().optional(),
    /** Name of the client option holding the base64 access key. */
    option: z
      .string()
      .regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase option name')
      .default('accessKey'),
    /**
     * Also accept `connectionString` (`endpoint=https://…;accesskey=…`, the
     * form the Azure portal shows), which gives the base URL and the key.
     */
    connectionString: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('none') }),
]);

/** Mirrors `RetryOptions` of `@org/core/retry`; omitted fields keep core's defaults. */
const retry = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).optional(),
  baseDelayMs: z.number().int().min(0).optional(),
  maxDelayMs: z.number().int().min(0).optional(),
  maxServerDelayMs: z.number().int().min(0).optional(),
  retryStatuses: z.array(httpStatus).optional(),
  retryNetworkErrors: z.boolean().optional(),
});

const rateLimitRule = {
  requestsPerInterval: z.number().int().min(1).optional(),
  intervalMs: z.number().int().min(1).optional(),
  concurrency: z.number().int().min(1).optional(),
  minSpacingMs: z.number().int().min(0).optional(),
};

/** Mirrors `RateLimitProfile` of `@org/core/rate-limit` (plain data by design). */
const rateLimit = z.strictObject({
  ...rateLimitRule,
  classes: z.record(z.string(), z.strictObject(rateLimitRule)).optional(),
  maxQueue: z.number().int().min(0).optional(),
  maxWaitMs: z.number().int().min(0).optional(),
  adaptive: z.boolean().optional(),
  pauseScope: z.enum(['tenant', 'class']).optional(),
  defaultPauseMs: z.number().int().min(0).optional(),
  maxPauseMs: z.number().int().min(0).optional(),
});

const idempotencyKey = z.strictObject({
  in: z.enum(['header', 'body', 'query']),
  name: z.string(),
  operations: z.array(z.string()).optional(),
});

const idempotency = z.strictObject({
  /** `by-method`: RFC 9110 §9.2.2 (GET, HEAD, PUT, DELETE, OPTIONS, TRACE). */
  default: z.enum(['by-method']).default('by-method'),
  /** Idempotency-key header the vendor honours on every unsafe call, or null. */
  header: z.string().nullable().default(null),
  /** Per-operation keys (a body or query parameter on some operations only). */
  keys: z.array(idempotencyKey).default([]),
  /** operationId -> explicit idempotent flag. */
  operations: z.record(z.string(), z.boolean()).default({}),
});

/**
 * Pagination rules mirror `PaginationStyle` of `@org/core/pagination`, so an
 * operation's generated `pagination` entry can be handed to `paginate()` as is.
 * `operations` limits a rule to those operationIds; without it the rule
 * applies to every GET whose response or parameters show the pattern.
 */
const paginationCommon = {
  /** Dotted path to the items array; inferred from the response schema when omitted. */
  itemsField: z.string().optional(),
  operations: z.array(z.string()).optional(),
};
const bodyStop = {
  hasMoreField: z.string().optional(),
  lastPageField: z.string().optional(),
};
const pagination = z.discriminatedUnion('style', [
  z.strictObject({ style: z.literal('next-url'), nextField: z.string(), ...paginationCommon }),
  z.strictObject({
    style: z.literal('cursor'),
    cursorField: z.string(),
    cursorParam: z.string(),
    ...bodyStop,
    ...paginationCommon,
  }),
  z.strictObject({
    style: z.literal('page'),
    pageParam: z.string(),
    firstPage: z.number().int().optional(),
    pageSize: z.number().int().min(1).optional(),
    ...bodyStop,
    ...paginationCommon,
  }),
  z.strictObject({
    style: z.literal('offset'),
    offsetParam: z.string(),
    firstOffset: z.number().int().optional(),
    pageSize: z.number().int().min(1).optional(),
    ...bodyStop,
    ...paginationCommon,
  }),
  z.strictObject({ style: z.literal('link'), ...paginationCommon }),
  z.strictObject({
    style: z.literal('continuation-token'),
    tokenHeader: z.string().optional(),
    tokenParam: z.string().optional(),
    ...paginationCommon,
  }),
]);

const webhook = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase identifier'),
  /** A scheme that `createWebhookVerifier` of `@org/core/webhooks` implements. */
  scheme: z.enum([
    'github',
    'meta',
    'shopify',
    'zendesk',
    'slack',
    'stripe',
    'twilio',
    'standard-webhooks',
    'jwt',
  ]),
  header: z.string().optional(),
  /** Name of the verifier option holding the signing secret, e.g. `authToken`. */
  secret: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use a camelCase option name'),
  description: z.string().optional(),
  docs: url.optional(),
});

const usage = z.strictObject({
  operation: z.string(),
  unit: z.string(),
  /** Response field with the number of units, e.g. `num_segments`. */
  field: z.string(),
  cost: z
    .strictObject({
      field: z.string(),
      currencyField: z.string().optional(),
    })
    .optional(),
});

/**
 * Read by `@org/conformance`: scenarios this pack is excused from, each with
 * the reason, shown in its certification report. Scenario ids are checked there.
 */
const conformance = z.strictObject({
  waivers: z
    .array(
      z.strictObject({
        scenario: z.string().regex(/^[a-z][a-z-]*$/, 'use a scenario id such as quota'),
        reason: z.string().min(1),
      }),
    )
    .default([]),
});

const entryFile = z
  .string()
  .regex(
    /^src\/(?!generated\/)(?!.*\.\.)[A-Za-z0-9_./-]+\.ts$/,
    'must be a hand-written .ts file under src/ (not src/generated/)',
  );

/**
 * Hand-written entry points published as subpath exports next to the
 * generated root: `sms: src/sms.ts` becomes `./sms` in package.json and an
 * entry of the generated tsup.config.ts; `{ path, description }` also adds a
 * line to the README. For code whose dependencies must stay off the root
 * import path (a capability adapter pulling in @org/capabilities).
 */
const entries = z
  .record(
    z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use a lower-case subpath name such as sms')
      .refine((name) => name !== 'index' && name !== 'package', {
        message: '`index` and `package` are taken by the root entry and ./package.json',
      }),
    z
      .union([
        entryFile,
        z.strictObject({ path: entryFile, description: z.string().min(1).optional() }),
      ])
      .transform((entry) => (typeof entry === 'string' ? { path: entry } : entry)),
  )
  .default({});

const npmPackageName = z
  .string()
  .regex(/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/, 'must be an npm package name');
/** A range pnpm understands: `workspace:^`, `catalog:`, or a semver range. */
const versionRange = z
  .string()
  .regex(
    /^(workspace:[~^*]?|catalog:[\w-]*|[~^]?\d[\w.+-]*)$/,
    'use workspace:^, catalog: or a semver range',
  );
const dependencyMap = z.record(npmPackageName, versionRange).default({});

export const packSchema = z.strictObject({
  id: identifier,
  name: z.string().min(1),
  description: z.string().min(1),
  npm: z
    .string()
    .regex(/^@[a-z0-9-]+\/[a-z0-9-]+$/, 'must be a scoped npm name like @org/x-client'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a semver version'),
  /** The pinned spec, relative to the pack folder. */
  spec: z.string().min(1),
  /** Optional JSON merge patch (RFC 7396) applied to the spec before generation. */
  overlay: z.string().optional(),
  docs: url.optional(),
  servers: z.strictObject({
    default: url,
    templates: z.array(serverTemplate).default([]),
    /**
     * True when there is no shared host: every customer has its own endpoint
     * (an Azure resource, a tenant subdomain). The client then refuses to
     * start without `baseUrl` (or a connection string carrying it), and
     * `default` only shows the form of such an endpoint.
     */
    required: z.boolean().optional(),
  }),
  auth,
  retry: retry.default({}),
  rateLimit: rateLimit.default({}),
  idempotency: idempotency.default({
    default: 'by-method',
    header: null,
    keys: [],
    operations: {},
  }),
  requestClasses: z
    .strictObject({
      default: z.enum(['by-method']).default('by-method'),
      operations: z.record(z.string(), z.string()).default({}),
    })
    .default({ default: 'by-method', operations: {} }),
  /** A schema in components.schemas used as the `default` response where the spec has no error response. */
  errors: z.strictObject({ schema: z.string() }).optional(),
  pagination: z.array(pagination).default([]),
  webhooks: z.array(webhook).default([]),
  /** Capability name (e.g. `sms.send`) -> operationId. */
  capabilities: z
    .record(z.string().regex(/^[a-z]+(\.[a-z]+)+$/, 'use dotted lower-case names'), z.string())
    .default({}),
  usage: z.array(usage).default([]),
  readme: z
    .strictObject({
      /** A short typed TypeScript example; the package's tests compile it. */
      example: z.string().min(1),
      /**
       * Hand-written sections after the example (Markdown; `##` headings are
       * added from `title`), e.g. how to use an entry point. Their ```ts
       * blocks are the package tests' to compile, like the example.
       */
      sections: z
        .array(z.strictObject({ title: z.string().min(1), body: z.string().min(1) }))
        .optional(),
    })
    .optional(),
  /** operationIds or `METHOD /path` to leave out of the generated client. */
  exclude: z.array(z.string()).default([]),
  conformance: conformance.optional(),
  entries,
  /** Runtime dependencies beyond @org/core (e.g. what an entry imports). */
  dependencies: dependencyMap,
  /** Dependencies of the package's own tests. */
  devDependencies: dependencyMap,
  /**
   * Optional peers: what only a hand-written entry needs (an adapter's
   * capability package), kept out of the install of users who never import
   * that entry. Also installed for the package's own tests.
   */
  optionalPeerDependencies: dependencyMap,
});

export type Pack = z.infer<typeof packSchema>;
export type PackAuth = Pack['auth'];
export type PackPagination = Pack['pagination'][number];
