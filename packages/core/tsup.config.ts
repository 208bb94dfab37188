import { readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { libraryConfig, sourceFile } from '../../tsup.base.ts';
import { redirectDeclarationImports, shipPackageDeclarations } from '../../tsup.declarations.ts';

// One entry per subpath export; keep heavy modules (jose, OpenTelemetry)
// off the root entry so a client's cold import stays small.
const entry = {
  index: 'src/index.ts',
  errors: 'src/errors/index.ts',
  transport: 'src/transport/index.ts',
  client: 'src/client/index.ts',
  retry: 'src/retry/index.ts',
  'rate-limit': 'src/rate-limit/index.ts',
  auth: 'src/auth/index.ts',
  serialization: 'src/serialization/index.ts',
  pagination: 'src/pagination/index.ts',
  streaming: 'src/streaming/index.ts',
  webhooks: 'src/webhooks/index.ts',
  telemetry: 'src/telemetry/index.ts',
};

/*
 * Build layout. Node's ESM loader pays per module and per import edge
 * (resolve, stat, realpath, compile), more than per byte: esbuild's code
 * splitting made `import('@org/twilio-client')` load 18 core files through 40
 * edges. So every source module is emitted in exactly one output, chosen by
 * its folder, and an output that uses a module of another imports that
 * output instead:
 *
 * - errors, streaming, telemetry, webhooks: their own files, as before
 *   (errors stays one small file: capabilities and webhooks load it without
 *   the client runtime);
 * - auth: its own file for the token and signing policies (OAuth2, JWT
 *   assertion, HMAC signing, rotation: 23 KB a Basic or bearer client does
 *   not use); the header credential policies generated clients wire
 *   (RUNTIME_AUTH) are runtime code that auth.js re-exports;
 * - everything else (client, transport, retry, rate-limit, serialization,
 *   pagination, internal) is dist/runtime.js, an output with no subpath of
 *   its own that exports what its modules export; the entries of those
 *   subpaths and of the root become files that only re-export from
 *   runtime.js and errors.js (a pack that re-exports `paginate` takes it
 *   from the root: 12 KB more runtime instead of one more module, ~1.4 ms);
 * - a few stateless internal helpers are copied into each output using them,
 *   so webhooks does not load the runtime for 1 KB of code.
 *
 * Cold import of a generated client, measured with
 * `node bench/run.mjs footprint`: see bench/README.md.
 */
/** Folders emitted in an output of their own (the subpath's file). */
const OWN_OUTPUTS = new Set(['auth', 'errors', 'streaming', 'telemetry', 'webhooks']);
/** auth modules that are runtime code: the header credential policies and what they use. */
const RUNTIME_AUTH = new Set([
  'auth/api-key-auth.ts',
  'auth/base64.ts',
  'auth/basic-auth.ts',
  'auth/bearer-auth.ts',
  'auth/credential-policy.ts',
  'auth/credential-provider.ts',
  'auth/header-safety.ts',
  'auth/resolve-credential.ts',
]);
/** Entries whose file only re-exports from runtime.js and errors.js. */
const FACADES = [
  'index',
  'client',
  'transport',
  'retry',
  'rate-limit',
  'serialization',
  'pagination',
];
/**
 * Internal helpers with no module state, copied into every output that uses
 * them. A helper with state (body-source.ts: one WeakMap of remembered bodies
 * per process) must stay in one output.
 */
const COPIED = new Set([
  'internal/api-error-from.ts',
  'internal/node-builtin.ts',
  'internal/optional-peer.ts',
  'internal/standard-schema.ts',
  // The checks and the deferred verifier generated clients use from the root,
  // without loading dist/webhooks.js; webhooks.js uses the checks too.
  'webhooks/defer-verifier.ts',
  'webhooks/option-checks.ts',
]);
const src = resolve(import.meta.dirname, 'src');
const RUNTIME = 'core-layout:runtime';

/** The runtime output's module: everything its modules export (an index only re-exports them). */
function runtimeSource(): string {
  const modules = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(sep).join('/'))
    .filter((file) => file.endsWith('.ts') && basename(file) !== 'index.ts')
    .filter((file) => outputOf(resolve(src, file)) === 'runtime')
    .sort();
  return modules.map((file) => `export * from './src/${file}';`).join('\n');
}

/** The output a source module is emitted in; undefined for a copied helper. */
function outputOf(file: string): string | undefined {
  const path = relative(src, file).split(sep).join('/');
  if (COPIED.has(path)) return undefined;
  if (RUNTIME_AUTH.has(path)) return 'runtime';
  const folder = path.split('/')[0]!;
  return OWN_OUTPUTS.has(folder) ? folder : 'runtime';
}

function layoutPlugin(): Plugin {
  const facades = new Set(
    FACADES.map((name) => resolve(import.meta.dirname, entry[name as keyof typeof entry])),
  );
  return {
    name: 'core-layout',
    setup(build) {
      // tsup bundles both formats as ESM (rollup then writes the CJS), so the
      // output extension, not `format`, says which sibling file to import.
      const extension = build.initialOptions.outExtension?.['.js'] ?? '.js';
      build.initialOptions.entryPoints = {
        ...(build.initialOptions.entryPoints as Record<string, string>),
        runtime: RUNTIME,
      };
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') {
          if (args.path === RUNTIME) return { path: RUNTIME, namespace: 'runtime' };
          const file = resolve(args.resolveDir || import.meta.dirname, args.path);
          return facades.has(file) ? { path: file, namespace: 'facade' } : undefined;
        }
        if (!args.path.startsWith('.')) return undefined;
        const target = sourceFile(resolve(args.resolveDir, args.path));
        if (target === undefined) return undefined;
        const to = outputOf(target);
        if (to === undefined) return undefined;
        const from =
          args.namespace === 'facade'
            ? 'facade'
            : args.namespace === 'runtime'
              ? 'runtime'
              : outputOf(args.importer);
        return from === to ? undefined : { path: `./${to}${extension}`, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'runtime' }, () => ({
        contents: runtimeSource(),
        loader: 'ts',
        resolveDir: import.meta.dirname,
      }));
      build.onLoad({ filter: /.*/, namespace: 'facade' }, async (args) => ({
        contents: await readFile(args.path, 'utf8'),
        loader: 'ts',
        resolveDir: dirname(args.path),
      }));
    },
  };
}

/*
 * openapi-fetch's types. The package is a devDependency: its code is in
 * runtime.js (above) and its declarations, with those of
 * openapi-typescript-helpers they import, ship as dist/openapi-fetch.d.cts
 * and dist/openapi-typescript-helpers.d.cts (their MIT notice is in
 * THIRD_PARTY_NOTICES.md), so an install does not carry the two packages
 * (257 KB) for their types. Core's declarations import them through
 * dist/openapi-fetch-client.d.cts (OPENAPI_FETCH_CLIENT).
 */
function shipOpenapiFetchTypes(outDir: string, packageDir: string): void {
  redirectDeclarationImports(outDir, 'openapi-fetch', './openapi-fetch-client.cjs');
  // The version openapi-fetch itself resolves.
  shipPackageDeclarations(outDir, 'openapi-typescript-helpers', {
    packageDir,
    file: 'openapi-typescript-helpers',
    via: 'openapi-fetch',
  });
  shipPackageDeclarations(outDir, 'openapi-fetch', {
    packageDir,
    file: 'openapi-fetch',
    specifiers: { 'openapi-typescript-helpers': './openapi-typescript-helpers.cjs' },
  });
  writeFileSync(resolve(outDir, 'openapi-fetch-client.d.cts'), OPENAPI_FETCH_CLIENT);
}

/**
 * What core's declarations import instead of `openapi-fetch`: the shipped
 * copy, except that `Client` is the app's own openapi-fetch `Client` when the
 * app installs an openapi-fetch with the same client API. A client then stays
 * assignable to that type (a function taking `Client<paths>`, such as
 * openapi-fetch's `wrapAsPathBasedClient`), as when openapi-fetch was a
 * dependency: two declarations of `Client` are compared member by member,
 * which for the Twilio spec fails with TS2590 ("union type too complex")
 * after over a minute of checking. The `@ts-ignore` keeps the import from
 * failing a compile where openapi-fetch is absent (skipLibCheck off); there
 * the import is `any`, whose `keyof` is `string | number | symbol`, and the
 * bundled copy is used. The comparisons are on small types (option types,
 * method names), so they are cheap.
 */
const OPENAPI_FETCH_CLIENT = `/*
 * The openapi-fetch types of @org/core's declarations (written by its build):
 * the copy in ./openapi-fetch.d.cts, except \`Client\`, which is the app's
 * own openapi-fetch \`Client\` where the app installs a matching openapi-fetch.
 */
import type { Client as BundledClient, ClientOptions, FetchOptions, Middleware, MiddlewareCallbackParams } from './openapi-fetch.cjs';
import type { MediaType } from './openapi-typescript-helpers.cjs';
// @ts-ignore: resolves only where the app installs openapi-fetch (see UseInstalled).
import type { Client as InstalledClient, ClientOptions as InstalledClientOptions, FetchOptions as InstalledFetchOptions, Middleware as InstalledMiddleware, MiddlewareCallbackParams as InstalledMiddlewareCallbackParams } from 'openapi-fetch';

/** Whether A and B have the same keys and each is assignable to the other. */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
/** Whether A and B have the same keys. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/**
 * Whether the app installs openapi-fetch (unresolved, the import is \`any\`,
 * whose keys are \`string | number | symbol\`) with the client API of the
 * copy (the same methods, options and middleware), whose code @org/core runs.
 * The methods themselves are generic functions of two declarations, which
 * TypeScript does not relate even for \`Client<{}>\`: their names are compared.
 */
type UseInstalled = string extends keyof InstalledClient<{}>
  ? false
  : [
        SameKeys<InstalledClient<{}>, BundledClient<{}>>,
        Same<InstalledClientOptions, ClientOptions>,
        Same<InstalledFetchOptions<{}>, FetchOptions<{}>>,
        Same<InstalledMiddleware, Middleware>,
        Same<InstalledMiddlewareCallbackParams, MiddlewareCallbackParams>,
      ] extends [true, true, true, true, true]
    ? true
    : false;
/**
 * openapi-fetch's typed client: the app's own openapi-fetch \`Client\` where it
 * installs a matching openapi-fetch, so a client is assignable to it; else the
 * copy. The same methods, parameters, bodies and responses either way.
 */
export type Client<Paths extends {}, Media extends MediaType = MediaType> = UseInstalled extends true
  ? InstalledClient<Paths, Media>
  : BundledClient<Paths, Media>;
export * from './openapi-fetch.cjs';
`;

export default libraryConfig(entry, {
  // Nothing is shared between outputs any more, so there is nothing to split.
  splitting: false,
  // openapi-fetch's code (17 KB) goes into runtime.js: one package fewer to
  // resolve on a client's import (~0.5 ms of a ~10 ms cold import, measured
  // with `node bench/run.mjs footprint`). Its types ship in dist too
  // (shipOpenapiFetchTypes); its MIT notice is in THIRD_PARTY_NOTICES.md.
  noExternal: ['openapi-fetch'],
  // Adds the runtime output (JavaScript only: its types are the subpaths').
  esbuildPlugins: [layoutPlugin()],
  afterDeclarations: shipOpenapiFetchTypes,
});
