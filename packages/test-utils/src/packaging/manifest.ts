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
 * The packaging contract every publishable package meets, checked on the
 * package.json as published (pass the tarball's file list to also check that
 * every target ships): dual ESM + CJS each with its own declaration file,
 * explicit `exports` with `types` first and `default` last, no subpath
 * patterns, `sideEffects: false`, a `files` whitelist, an explicit `type`,
 * a Node engines floor and no workspace-only dependency specifiers.
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
  if (typeof manifest.engines?.node !== 'string') {
    add('engines', 'engines.node', 'declare the Node floor in "engines.node" (">=20.19")');
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
