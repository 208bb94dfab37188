import { posix } from 'node:path';
import { exportTargets, resolveExport, subpathEntries } from './exports-map.js';
import type { TarEntry } from './tarball.js';
import type { PackageJson } from './workspace.js';

export interface DeclarationProblem {
  rule: string;
  /** The declaration file, relative to the package root. */
  file: string;
  message: string;
}

/** `export * from './x.cjs';`: an ESM entry declaring nothing itself, re-exporting its CJS twin. */
const ESM_STUB = /^export \* from '\.\/([^'/]+)\.cjs';\s*$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Specifiers of `import`/`export ... from '...'`, side-effect imports and `import('...')` types. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)(['"])([^'"]+)\1/gm;
/** A default export in a declaration: `export default`, `export =`, or `as default` in an export list. */
const DEFAULT_EXPORT =
  /^\s*export\s+default\b|^\s*export\s*=|^\s*export\s*\{[^}]*\bas\s+default\b/m;

/**
 * The target of an ESM declaration stub, e.g. `dist/index.d.cts` for
 * `dist/index.d.ts` holding `export * from './index.cjs';`, or undefined when
 * the file declares things itself.
 */
export function esmStubTarget(file: string, text: string): string | undefined {
  const match = ESM_STUB.exec(text);
  return match ? posix.join(posix.dirname(file), `${match[1]}.d.cts`) : undefined;
}

/**
 * The declaration files of a packed package, checked for the layout that
 * ships them once: every relative import between declaration files lands on
 * a shipped file; every shipped declaration file is reachable from a `types`
 * target of package.json (an unreachable one is dead weight in every
 * install); and an ESM stub re-exports exactly the `require` types of its
 * own subpath, which must have no default export, as `export *` does not
 * carry `default` (ECMAScript, ExportDeclaration: `export *` skips it).
 */
export function checkDeclarations(
  manifest: PackageJson,
  entries: readonly TarEntry[],
): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  const texts = new Map(
    entries
      .filter((entry) => DECLARATION_FILE.test(entry.path))
      .map((entry) => [entry.path, entry.data.toString('utf8')]),
  );

  for (const [subpath, value] of subpathEntries(manifest.exports)) {
    if (subpath.endsWith('.json')) continue;
    const esm = typesOf(value, 'import');
    const cjs = typesOf(value, 'require');
    const esmText = esm === undefined ? undefined : texts.get(esm);
    if (esm === undefined || esmText === undefined) continue;
    const target = esmStubTarget(esm, esmText);
    if (target === undefined) continue;
    if (target !== cjs) {
      problems.push({
        rule: 'stub-target',
        file: esm,
        message: `re-exports ${target}, but the require types of ${JSON.stringify(subpath)} are ${cjs ?? 'missing'}; an ESM stub must re-export its own subpath's CJS declarations`,
      });
      continue;
    }
    const cjsText = texts.get(cjs);
    if (cjsText !== undefined && DEFAULT_EXPORT.test(cjsText)) {
      problems.push({
        rule: 'stub-drops-default',
        file: esm,
        message: `${cjs} has a default export, which \`export *\` does not re-export: ESM users would lose it; add \`export { default } from './${posix.basename(cjs, '.d.cts')}.cjs';\` or drop the default export`,
      });
    }
  }

  const roots = [
    ...exportTargets(manifest.exports).map((target) => target.target),
    ...[manifest.types, manifest.typings].filter(
      (target): target is string => typeof target === 'string',
    ),
  ]
    .map((target) => target.replace(/^\.\//, ''))
    .filter((target) => DECLARATION_FILE.test(target));
  const reached = new Set<string>();
  const queue = roots.filter((root) => texts.has(root));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const specifier of relativeSpecifiers(texts.get(file)!)) {
      const found = declarationFor(posix.join(posix.dirname(file), specifier), texts);
      if (found === undefined) {
        problems.push({
          rule: 'unresolved-import',
          file,
          message: `imports ${specifier}, which has no declaration file in the package`,
        });
      } else if (!reached.has(found)) {
        queue.push(found);
      }
    }
  }
  for (const file of [...texts.keys()].sort()) {
    if (!reached.has(file)) {
      problems.push({
        rule: 'unused-declaration',
        file,
        message:
          'no types target of package.json reaches it: it ships to every install for nothing',
      });
    }
  }
  return problems;
}

/**
 * ESM declaration files (`x.d.ts` beside an `x.d.cts`) that repeat their CJS
 * twin for nothing: neither they nor the ESM files they import (`./y.js`)
 * import another package, so the same declarations could be reached through
 * a one-line `export * from './x.cjs';` (or a `./x.cjs` specifier). A twin is
 * only worth its bytes where it imports a package whose ESM and CJS types
 * differ, so that an ESM user sees that package's ESM types.
 */
export function needlessDeclarationCopies(entries: readonly TarEntry[]): string[] {
  const texts = new Map(
    entries
      .filter((entry) => DECLARATION_FILE.test(entry.path))
      .map((entry) => [entry.path, entry.data.toString('utf8')]),
  );
  const reachesPackage = (start: string): boolean => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = texts.get(file) ?? '';
      if (bareSpecifiers(text).length > 0) return true;
      for (const specifier of relativeSpecifiers(text)) {
        if (!specifier.endsWith('.js')) continue;
        const found = declarationFor(posix.join(posix.dirname(file), specifier), texts);
        if (found !== undefined) queue.push(found);
      }
    }
    return false;
  };
  return [...texts.keys()]
    .filter((file) => file.endsWith('.d.ts') && texts.has(file.replace(/\.d\.ts$/, '.d.cts')))
    .filter((file) => esmStubTarget(file, texts.get(file)!) === undefined)
    .filter((file) => !reachesPackage(file))
    .sort();
}

function typesOf(value: unknown, condition: 'import' | 'require'): string | undefined {
  return resolveExport(value, new Set(['types', 'node', condition]))?.replace(/^\.\//, '');
}

/** Comments removed (JSDoc quotes import statements in examples). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function relativeSpecifiers(text: string): string[] {
  return [...code(text).matchAll(SPECIFIER)]
    .map((match) => match[2] as string)
    .filter((specifier) => specifier.startsWith('.'));
}

function bareSpecifiers(text: string): string[] {
  return [...code(text).matchAll(SPECIFIER)]
    .map((match) => match[2] as string)
    .filter((specifier) => !specifier.startsWith('.'));
}

/** The declaration file TypeScript picks for a relative specifier (`./x.js` → `x.d.ts`, `./x.cjs` → `x.d.cts`). */
function declarationFor(path: string, texts: ReadonlyMap<string, string>): string | undefined {
  const candidates = /\.cjs$/.test(path)
    ? [path.replace(/\.cjs$/, '.d.cts')]
    : /\.mjs$/.test(path)
      ? [path.replace(/\.mjs$/, '.d.mts')]
      : /\.js$/.test(path)
        ? [path.replace(/\.js$/, '.d.ts')]
        : DECLARATION_FILE.test(path)
          ? [path]
          : [`${path}.d.ts`, `${path}/index.d.ts`];
  return candidates.find((candidate) => texts.has(candidate));
}
