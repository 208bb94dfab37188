import { exportTargets, resolveExport, subpathEntries } from './exports-map.js';
import { unrewrittenSpecifiers } from './pack.js';
import type { PackageJson } from './workspace.js';

export interface ManifestProblem {
  rule: string;
  /** Where in package.json, e.g. `exports["./errors"].require`. */
  where: string;
  message: string;
}

type Format = 'esm' | 'cjs';

const RESOLVERS: ReadonlyArray<{ format: Format; condition: 'import' | 'require' }> = [
  { format: 'esm', condition: 'import' },
  { format: 'cjs', condition: 'require' },
];

/** Files that only make sense in the repository; a `files` whitelist keeps them out. */
const REPOSITORY_ONLY =
  /(^|\/)(test|tests|__tests__|coverage)\/|\.test\.[cm]?[jt]s$|(^|\/)tsconfig[^/]*\.json$|(^|\/)vitest\.config\./;

/**
 * The Node releases where `require()` loads an ES module by default: 20.19+
 * and 22.12+ (https://nodejs.org/api/modules.html#loading-ecmascript-modules-using-require).
 * The packages' `require` entries are shims onto their ES modules.
 */
export const REQUIRE_ESM_RANGE = '^20.19.0 || >=22.12.0';
/** The edges of the releases without it: before 20.19, all of 21, 22 before 22.12. */
const WITHOUT_REQUIRE_ESM = ['20.18.99', '21.0.0', '21.99.99', '22.0.0', '22.11.99'];

/**
 * Why an `engines.node` range lets users install on a Node that cannot
 * `require()` the package, or undefined when it does not. Ranges are the
 * npm forms package.json uses: `||` alternatives of `>=`, `>`, `<=`, `<`, `^`,
 * `~` or exact comparators.
 */
export function admitsNodeWithoutRequireEsm(range: string): string | undefined {
  const alternatives = range.split('||').map((alternative) => alternative.trim().split(/\s+/));
  const parsed = alternatives.map((comparators) => comparators.map(parseComparator));
  if (parsed.some((comparators) => comparators.some((c) => c === undefined))) {
    return `"${range}" is not a range this check reads; use "${REQUIRE_ESM_RANGE}"`;
  }
  const admitted = WITHOUT_REQUIRE_ESM.filter((version) =>
    parsed.some((comparators) =>
      comparators.every((test) => (test as (v: number[]) => boolean)(versionParts(version))),
    ),
  );
  if (admitted.length === 0) return undefined;
  return `"${range}" admits Node ${admitted.join(', ')}, where require() cannot load the package's ES modules; use "${REQUIRE_ESM_RANGE}"`;
}

function versionParts(version: string): number[] {
  const parts = version.split('.').map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function parseComparator(text: string): ((version: number[]) => boolean) | undefined {
  const match = /^(>=|<=|>|<|\^|~|=)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const bound = [Number(match[2]), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  const [major, minor] = bound as [number, number, number];
  switch (match[1]) {
    case '>=':
      return (v) => compare(v, bound) >= 0;
    case '>':
      return (v) => compare(v, bound) > 0;
    case '<=':
      return (v) => compare(v, bound) <= 0;
    case '<':
      return (v) => compare(v, bound) < 0;
    case '^':
      return (v) => compare(v, bound) >= 0 && v[0] === major;
    case '~':
      return (v) => compare(v, bound) >= 0 && v[0] === major && v[1] === minor;
    default:
      return (v) => compare(v, bound) === 0;
  }
}

/**
 * The packaging contract every publishable package meets, checked on the
 * package.json as published (pass the tarball's file list to also check that
 * every target ships): ESM and CJS entries (the CJS one may be a shim
 * requiring the ES module) each with its own declaration file,
 * explicit `exports` with `types` first and `default` last, no subpath
 * patterns, `sideEffects: false`, a `files` whitelist, an explicit `type`,
 * a Node engines range whose every release can require() an ES module, and
 * no workspace-only dependency specifiers.
 */
export function checkManifest(manifest: PackageJson, files?: readonly string[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const add = (rule: string, where: string, message: string) =>
    problems.push({ rule, where, message });
  const isModule = manifest.type === 'module';

  if (manifest.type !== 'module' && manifest.type !== 'commonjs') {
    add(
      'type',
      'type',
      'set "type" explicitly ("module") so .js files have one meaning everywhere',
    );
  }
  if (manifest.sideEffects !== false) {
    add(
      'side-effects',
      'sideEffects',
      'set "sideEffects": false so bundlers can drop unused subpaths',
    );
  }
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) {
    add(
      'files',
      'files',
      'add a "files" whitelist (e.g. ["dist", "README.md"]) so only built output ships',
    );
  }
  const engines = manifest.engines?.node;
  if (typeof engines !== 'string') {
    add(
      'engines',
      'engines.node',
      `declare the Node floor in "engines.node" ("${REQUIRE_ESM_RANGE}")`,
    );
  } else {
    const lacking = admitsNodeWithoutRequireEsm(engines);
    if (lacking !== undefined) add('engines-require-esm', 'engines.node', lacking);
  }
  for (const specifier of unrewrittenSpecifiers(manifest)) {
    add(
      'workspace-protocol',
      specifier,
      `${specifier} only resolves inside the workspace; pack with pnpm`,
    );
  }

  const subpaths = subpathEntries(manifest.exports);
  if (
    subpaths.length === 0 ||
    typeof manifest.exports !== 'object' ||
    Array.isArray(manifest.exports)
  ) {
    add(
      'exports',
      'exports',
      'declare an explicit "exports" map of subpaths to import/require conditions',
    );
  }
  for (const [subpath, value] of subpaths) {
    const where = `exports[${JSON.stringify(subpath)}]`;
    checkConditionOrder(value, where, add);
    if (subpath.includes('*') || subpath.endsWith('/')) {
      add(
        'exports-wildcard',
        where,
        'list every subpath explicitly; patterns and folder mappings expose internals',
      );
      continue;
    }
    if (subpath.endsWith('.json')) continue;
    for (const { format, condition } of RESOLVERS) {
      checkFormat(value, where, format, condition, isModule, add);
    }
  }
  for (const { subpath, conditions, target } of exportTargets(manifest.exports)) {
    if (target.includes('*')) {
      add(
        'exports-wildcard',
        `exports[${JSON.stringify(subpath)}].${conditions.join('.')}`,
        `target ${target} is a pattern; name the file`,
      );
    }
  }

  if (files) {
    const shipped = new Set(files);
    const targets = exportTargets(manifest.exports).map(({ subpath, conditions, target }) => ({
      where: `exports[${JSON.stringify(subpath)}]${conditions.map((c) => `.${c}`).join('')}`,
      target,
    }));
    for (const field of ['main', 'module', 'types', 'typings'] as const) {
      const target = manifest[field];
      if (typeof target === 'string') targets.push({ where: field, target });
    }
    for (const { where, target } of targets) {
      const path = target.replace(/^\.\//, '');
      if (path.includes('*') || shipped.has(path)) continue;
      add(
        'missing-file',
        where,
        `${target} is not in the tarball: build first, and check "files" covers it`,
      );
    }
    for (const file of files) {
      if (REPOSITORY_ONLY.test(file)) {
        add('unwanted-file', 'files', `${file} ships to users; narrow the "files" whitelist`);
      }
    }
  }
  return problems;
}

/** In every condition object `types` comes first and `default` last (TypeScript and Node stop at the first match). */
function checkConditionOrder(
  value: unknown,
  where: string,
  add: (rule: string, where: string, message: string) => void,
): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const keys = Object.keys(value);
  if (keys.includes('types') && keys[0] !== 'types') {
    add('types-first', where, `"types" must be the first condition, found [${keys.join(', ')}]`);
  }
  if (keys.includes('default') && keys.at(-1) !== 'default') {
    add('default-last', where, `"default" must be the last condition, found [${keys.join(', ')}]`);
  }
  for (const [key, inner] of Object.entries(value))
    checkConditionOrder(inner, `${where}.${key}`, add);
}

/**
 * Resolves the subpath as Node (runtime) and TypeScript (types) would under
 * `import` or `require` and checks that each lands on a file of the right
 * module format: .js/.mjs with .d.ts/.d.mts for ESM, .cjs with .d.cts for
 * CJS (in a "type": "module" package). A CJS consumer handed ESM types is
 * the "masquerading" bug are-the-types-wrong reports.
 */
function checkFormat(
  value: unknown,
  where: string,
  format: Format,
  condition: 'import' | 'require',
  isModule: boolean,
  add: (rule: string, where: string, message: string) => void,
): void {
  const runtime = resolveExport(value, new Set(['node', condition]));
  const types = resolveExport(value, new Set(['types', 'node', condition]));
  const label = format === 'esm' ? 'ESM (import)' : 'CJS (require)';
  if (runtime === undefined) {
    add(
      'dual-format',
      where,
      `no ${label} target: ship both ESM and CJS with "import" and "require" conditions`,
    );
    return;
  }
  const jsOk =
    format === 'esm'
      ? runtime.endsWith('.mjs') || (isModule && runtime.endsWith('.js'))
      : runtime.endsWith('.cjs') || (!isModule && runtime.endsWith('.js'));
  if (!jsOk) {
    add(
      'format-extension',
      where,
      `${label} resolves to ${runtime}, which Node does not load as ${format.toUpperCase()}`,
    );
  }
  if (types === undefined || !/\.d\.[cm]?ts$/.test(types)) {
    add('types-missing', where, `${label} has no declaration file under a "types" condition`);
    return;
  }
  const typesOk =
    format === 'esm'
      ? types.endsWith('.d.mts') || (isModule && types.endsWith('.d.ts'))
      : types.endsWith('.d.cts') || (!isModule && types.endsWith('.d.ts'));
  if (!typesOk) {
    add(
      'types-format',
      where,
      `${label} types resolve to ${types}; ${format === 'esm' ? 'use .d.ts' : 'use .d.cts'} so TypeScript sees the right module format`,
    );
  }
}
