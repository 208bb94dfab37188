import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, type RunResult, run } from './exec.js';
import { importableSpecifiers } from './exports-map.js';
import type { InstalledPackage } from './install.js';
import type { NodeRuntime } from './runtimes.js';

export type ModuleFormat = 'esm' | 'cjs';

/**
 * The body of an async function the smoke script runs after loading every
 * subpath. In scope: `name` (the package), `load(specifier)` (`import()` in
 * the ESM script, `require()` in the CJS one, so each format exercises its
 * own build), `url` (an endpoint of the local test server) and `headers` (to
 * send; they tag the request). It returns `{ via, status, body }`.
 *
 * The default follows the codegen convention: a generated vendor client
 * exports its pack `manifest` and one `create<Vendor>Client` factory
 * returning an openapi-fetch client on the core transport, and the call is one GET through it with the
 * base URL pointed at the test server. Any other package makes its call
 * through `createTransport` from `@org/core/transport`.
 *
 * Packages ship no smoke file of their own; a package whose call differs
 * (say, a factory that insists on credentials) gets an entry in SMOKE_CALLS.
 */
export const DEFAULT_SMOKE_CALL = `
  const root = await load(name);
  const factories = Object.keys(root).filter(
    (key) => /^create[A-Z]\\w*Client$/.test(key) && typeof root[key] === 'function',
  );
  if (typeof root.manifest?.id === 'string' && factories.length === 1) {
    const { origin, pathname } = new URL(url);
    // Every generated factory takes an \`auth\` policy in place of its
    // credentials; a pass-through one makes the call without any secret.
    const auth = { name: 'auth', wrap: (next) => next };
    const client = root[factories[0]]({ baseUrl: origin, auth });
    const { data, response } = await client.GET(pathname, { headers, parseAs: 'text' });
    return { via: factories[0], status: response.status, body: data };
  }
  const { createTransport } = await load('@org/core/transport');
  if (typeof createTransport !== 'function') {
    throw new Error('@org/core/transport does not export createTransport');
  }
  const transport = createTransport({ vendor: 'smoke' });
  const response = await transport(url, { headers });
  return { via: 'createTransport', status: response.status, body: await response.text() };
`;

/** Package name to smoke call, for packages whose one real call is not the default. */
export const SMOKE_CALLS: Readonly<Record<string, string>> = {};

export function smokeCallFor(name: string): string {
  return SMOKE_CALLS[name] ?? DEFAULT_SMOKE_CALL;
}

export interface LoadedModule {
  /** The file the specifier resolved to. */
  file: string;
  /** The module's export names, sorted. */
  exports: string[];
}

/** What a smoke script prints on success. */
export interface SmokeReport {
  node: string;
  format: ModuleFormat;
  modules: Record<string, LoadedModule>;
  call: { via: string; status: number; body: string };
}

export interface SmokeResult {
  runtime: NodeRuntime;
  format: ModuleFormat;
  run: RunResult;
  report?: SmokeReport;
  /** Set when the script failed: command, exit status, stdout and stderr. */
  failure?: string;
}

export interface SmokeScripts {
  esm: string;
  cjs: string;
}

/**
 * Writes an ESM and a CJS script into the app directory that load every
 * subpath of the package (static `import`s and `require`s, as user code
 * does), record where each resolved, then make the package's one real call
 * (`call`, default: the package's entry in SMOKE_CALLS or DEFAULT_SMOKE_CALL).
 */
export function writeSmokeScripts(
  appDir: string,
  pkg: Pick<InstalledPackage, 'name' | 'manifest'>,
  call: string = smokeCallFor(pkg.name),
): SmokeScripts {
  const specifiers = importableSpecifiers(pkg.name, pkg.manifest.exports);
  const slug = pkg.name.replace(/^@/, '').replace(/\//g, '-');
  const esm = join(appDir, `smoke-${slug}.mjs`);
  const cjs = join(appDir, `smoke-${slug}.cjs`);
  writeFileSync(esm, esmScript(pkg.name, specifiers, call));
  writeFileSync(cjs, cjsScript(pkg.name, specifiers, call));
  return { esm, cjs };
}

/**
 * Runs one smoke script on one runtime with a clean environment: no
 * NODE_OPTIONS from the test runner and no NODE_PATH into the workspace.
 * Both formats run with Node's defaults: a `require` entry that is a shim
 * onto the ES module loads through require(esm), on by default in every
 * release `engines.node` may admit (checkManifest's engines-require-esm rule).
 */
export async function runSmoke(options: {
  runtime: NodeRuntime;
  format: ModuleFormat;
  script: string;
  cwd: string;
  url: string;
  tag: string;
}): Promise<SmokeResult> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  const result = await run(options.runtime.bin, [options.script, options.url, options.tag], {
    cwd: options.cwd,
    env,
    timeoutMs: 60_000,
  });
  const base = { runtime: options.runtime, format: options.format, run: result };
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.code !== 0 || !last.startsWith('{')) {
    return {
      ...base,
      failure: `${options.format.toUpperCase()} smoke on ${options.runtime.label} (${options.runtime.version}) failed\n${describeRun(result)}`,
    };
  }
  return { ...base, report: JSON.parse(last) as SmokeReport };
}

function esmScript(name: string, specifiers: string[], call: string): string {
  const imports = specifiers.map((spec, i) => `import * as m${i} from ${JSON.stringify(spec)};`);
  const table = specifiers.map(
    (spec, i) =>
      `  [${JSON.stringify(spec)}, m${i}, import.meta.resolve(${JSON.stringify(spec)})],`,
  );
  return `${imports.join('\n')}
import { fileURLToPath } from 'node:url';

const loaded = [
${table.join('\n')}
];
const load = (specifier) => import(specifier);
${reportBody(name, 'esm', 'fileURLToPath(resolved)', call)}
`;
}

function cjsScript(name: string, specifiers: string[], call: string): string {
  const table = specifiers.map(
    (spec) =>
      `  [${JSON.stringify(spec)}, require(${JSON.stringify(spec)}), require.resolve(${JSON.stringify(spec)})],`,
  );
  return `'use strict';
const loaded = [
${table.join('\n')}
];
const load = async (specifier) => require(specifier);
(async () => {
${reportBody(name, 'cjs', 'resolved', call)}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

function reportBody(name: string, format: ModuleFormat, fileExpr: string, call: string): string {
  return `const name = ${JSON.stringify(name)};
const [url, tag] = process.argv.slice(2);
const modules = {};
for (const [specifier, namespace, resolved] of loaded) {
  modules[specifier] = { file: ${fileExpr}, exports: Object.keys(namespace).sort() };
}
const headers = { 'x-smoke': tag };
const call = await (async (load, url, headers) => {${call}})(load, url, headers);
process.stdout.write(\`\${JSON.stringify({ node: process.version, format: '${format}', modules, call })}\\n\`);`;
}
