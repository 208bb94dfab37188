import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';

/**
 * Writes the ESM declarations of a build whose CJS declarations
 * (`<entry>.d.cts` and their chunks) are already in `outDir`, shipping each
 * declaration once wherever that is exact.
 *
 * A CJS declaration file is "format-neutral" when nothing it declares
 * reaches a package whose types differ between `import` and `require`
 * (openapi-fetch ships index.d.mts and index.d.cts). A package with one
 * declaration file for both conditions (zod, @opentelemetry/api), or built
 * with this layout where its ESM types re-export its CJS ones (@org/core's
 * errors), is neutral. Such a file means the same to an ESM importer, so:
 * - a neutral entry's ESM declaration is the one line
 *   `export * from './<entry>.cjs';` (an ESM declaration may re-export a CJS
 *   one; the reverse is error TS1479 under `node16`);
 * - any other entry, and the non-neutral chunks it reaches, get an ESM twin:
 *   the CJS text with each relative specifier pointing at the ESM twin
 *   (`./x.js`) when what it imports is not neutral, and at the one CJS file
 *   (`./x.cjs`) when it is. An ESM user then sees openapi-fetch's ESM types
 *   (the `Client` type of their own `import`), as before, while
 *   everything neutral (the generated OpenAPI types, errors, options) exists
 *   once.
 *
 * Neutrality is tracked per imported name, through re-exports: a file that
 * imports `Policy` from the root entry depends on `Policy`'s declaration,
 * not on everything the root entry re-exports. A local declaration
 * conservatively depends on every import of its file.
 *
 * `entries` are the entry names (file stems) whose ESM declaration
 * package.json names; returns the ESM files written, relative to `outDir`.
 */
export function writeEsmDeclarations(
  outDir: string,
  entries: readonly string[],
  options: { packageDir: string },
): string[] {
  const files = new Map<string, ParsedFile>();
  for (const name of readdirSync(outDir)
    .filter((file) => file.endsWith('.d.cts'))
    .sort()) {
    files.set(name, parseDeclaration(name, readFileSync(join(outDir, name), 'utf8')));
  }
  const neutralPackage = packageNeutrality(options.packageDir);
  const impure = impureNodes(files, neutralPackage);
  const isNeutral = (ref: NodeRef) => !impure.has(nodeKey(ref));

  const written: string[] = [];
  const twins = new Set<string>();
  const queue: string[] = [];
  for (const entry of entries) {
    const cjs = `${entry}.d.cts`;
    if (!files.has(cjs)) throw new Error(`${join(outDir, cjs)} was not built`);
    if (isNeutral({ file: cjs, name: '*' })) {
      writeFileSync(join(outDir, `${entry}.d.ts`), esmStub(entry));
      written.push(`${entry}.d.ts`);
    } else {
      queue.push(cjs);
    }
  }
  while (queue.length > 0) {
    const cjs = queue.pop()!;
    if (twins.has(cjs)) continue;
    twins.add(cjs);
    const file = files.get(cjs)!;
    let text = file.text;
    // Right to left, so earlier positions stay valid.
    for (const ref of [...file.references].sort((a, b) => b.start - a.start)) {
      const target = files.has(ref.file) ? ref.file : undefined;
      if (!target) continue;
      const neutral = ref.names.every((name) => isNeutral({ file: target, name }));
      const stem = target.slice(0, -'.d.cts'.length);
      const specifier = `./${stem}.${neutral ? 'cjs' : 'js'}`;
      if (!neutral) queue.push(target);
      text = `${text.slice(0, ref.start)}${ref.quote}${specifier}${ref.quote}${text.slice(ref.end)}`;
    }
    const esm = `${cjs.slice(0, -'.d.cts'.length)}.d.ts`;
    writeFileSync(join(outDir, esm), text);
    written.push(esm);
  }
  return written.sort();
}

/** The ESM declaration of a format-neutral entry. */
export function esmStub(entry: string): string {
  return `export * from './${entry}.cjs';\n`;
}

interface NodeRef {
  file: string;
  /** An export name, `*` for the whole file, or `<local>` for its own declarations. */
  name: string;
}

interface FileReference {
  /** The referenced declaration file (`x.d.cts`), for a relative specifier. */
  file: string;
  /** The names taken from it (`*` for a namespace import, `export *` or a side-effect import). */
  names: string[];
  /** Span of the specifier literal, quotes included. */
  start: number;
  end: number;
  quote: string;
}

interface ParsedFile {
  text: string;
  /** Export name to its source: a re-export of another file's name, or `local`. */
  exports: Map<string, NodeRef | 'local'>;
  /** Files re-exported with `export *`. */
  stars: string[];
  /** What the file's own declarations may use: other files' names, and bare specifiers. */
  localUses: NodeRef[];
  bare: string[];
  /** Every relative specifier, for rewriting. */
  references: FileReference[];
}

const LOCAL = '<local>';
const nodeKey = (ref: NodeRef) => `${ref.file}#${ref.name}`;

/** A declaration file's syntax tree, parent links set. */
function declarationSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
}

function parseDeclaration(fileName: string, text: string): ParsedFile {
  const source = declarationSource(fileName, text);
  const parsed: ParsedFile = {
    text,
    exports: new Map(),
    stars: [],
    localUses: [],
    bare: [],
    references: [],
  };
  const imported = new Map<string, NodeRef>();
  const relativeFile = (specifier: string) =>
    specifier.startsWith('.')
      ? `${specifier.replace(/^\.\//, '').replace(/\.c?js$/, '')}.d.cts`
      : undefined;
  const reference = (literal: ts.StringLiteral, names: string[]): string | undefined => {
    const file = relativeFile(literal.text);
    if (file === undefined) {
      parsed.bare.push(literal.text);
      return undefined;
    }
    parsed.references.push({
      file,
      names,
      start: literal.getStart(source),
      end: literal.getEnd(),
      quote: text[literal.getStart(source)] ?? "'",
    });
    return file;
  };

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const names: Array<[local: string, name: string]> = [];
      if (clause?.name) names.push([clause.name.text, 'default']);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          names.push([element.name.text, (element.propertyName ?? element.name).text]);
        }
      }
      const whole = !clause || (bindings !== undefined && ts.isNamespaceImport(bindings));
      const file = reference(
        statement.moduleSpecifier,
        whole ? ['*'] : names.map(([, name]) => name),
      );
      if (file === undefined) continue;
      if (whole) {
        parsed.localUses.push({ file, name: '*' });
        if (bindings && ts.isNamespaceImport(bindings))
          imported.set(bindings.name.text, { file, name: '*' });
      }
      for (const [local, name] of names) imported.set(local, { file, name });
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const names =
          clause && ts.isNamedExports(clause)
            ? clause.elements.map((element) => (element.propertyName ?? element.name).text)
            : ['*'];
        const file = reference(statement.moduleSpecifier, names);
        if (file === undefined) {
          // Re-exported from another package: names of this file that use that package.
          if (clause && ts.isNamedExports(clause))
            for (const element of clause.elements) parsed.exports.set(element.name.text, 'local');
          continue;
        }
        if (!clause) parsed.stars.push(file);
        else if (ts.isNamespaceExport(clause))
          parsed.exports.set(clause.name.text, { file, name: '*' });
        else
          for (const element of clause.elements)
            parsed.exports.set(element.name.text, {
              file,
              name: (element.propertyName ?? element.name).text,
            });
        continue;
      }
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text;
          parsed.exports.set(element.name.text, imported.get(local) ?? 'local');
        }
      }
      continue;
    }
    // A declaration of this file: exported by a modifier, or later by `export { ... }`.
    const name = declarationName(statement);
    if (name !== undefined && hasExportModifier(statement)) parsed.exports.set(name, 'local');
  }

  // Inline `import('x')` types and `/// <reference>` directives count as uses of the file's own declarations.
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      const file = reference(node.argument.literal, ['*']);
      if (file !== undefined) parsed.localUses.push({ file, name: '*' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const directive of source.typeReferenceDirectives) parsed.bare.push(directive.fileName);
  for (const directive of source.referencedFiles) parsed.bare.push(directive.fileName);
  for (const ref of imported.values()) parsed.localUses.push(ref);
  return parsed;
}

function declarationName(statement: ts.Statement): string | undefined {
  if (
    (ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)) &&
    statement.name &&
    ts.isIdentifier(statement.name)
  ) {
    return statement.name.text;
  }
  if (ts.isVariableStatement(statement)) {
    const first = statement.declarationList.declarations[0];
    return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
  }
  return undefined;
}

function hasExportModifier(statement: ts.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/**
 * Every node that reaches a format-dependent package: a dependency graph of
 * names (re-exports lead to the re-exported name, a local declaration to its
 * file's uses, a whole file to all of it), walked backwards from the bare
 * specifiers whose types differ between `import` and `require`.
 */
function impureNodes(
  files: ReadonlyMap<string, ParsedFile>,
  neutralPackage: (specifier: string) => boolean,
): Set<string> {
  const dependents = new Map<string, string[]>();
  const edge = (from: NodeRef, to: NodeRef) => {
    const key = nodeKey(to);
    const list = dependents.get(key) ?? [];
    list.push(nodeKey(from));
    dependents.set(key, list);
  };
  const impure = new Set<string>();
  const queue: string[] = [];
  const mark = (key: string) => {
    if (impure.has(key)) return;
    impure.add(key);
    queue.push(key);
  };
  const requested = referencedNames(files);
  for (const [file, parsed] of files) {
    const whole = { file, name: '*' };
    const local = { file, name: LOCAL };
    edge(whole, local);
    for (const [name, source] of parsed.exports) {
      const node = { file, name };
      edge(whole, node);
      edge(node, source === 'local' ? local : source);
    }
    for (const star of parsed.stars) edge(whole, { file: star, name: '*' });
    for (const use of parsed.localUses) edge(local, use);
    // A name this file does not list may come through an `export *`, or not exist.
    for (const ref of requested) {
      if (ref.file !== file || ref.name === '*' || parsed.exports.has(ref.name)) continue;
      if (parsed.stars.length === 0) mark(nodeKey(ref));
      for (const star of parsed.stars) edge(ref, { file: star, name: '*' });
    }
    if (parsed.bare.some((specifier) => !neutralPackage(specifier))) mark(nodeKey(local));
  }
  // A reference to a file that was not built cannot be judged: treat it as format-dependent.
  for (const parsed of files.values())
    for (const use of parsed.references)
      if (!files.has(use.file)) mark(nodeKey({ file: use.file, name: '*' }));
  while (queue.length > 0) {
    const key = queue.pop()!;
    for (const dependent of dependents.get(key) ?? []) mark(dependent);
  }
  return impure;
}

function referencedNames(files: ReadonlyMap<string, ParsedFile>): NodeRef[] {
  const refs: NodeRef[] = [];
  for (const parsed of files.values()) {
    for (const reference of parsed.references)
      for (const name of reference.names) refs.push({ file: reference.file, name });
  }
  return refs;
}

/**
 * Whether a bare specifier's types are the same file under `import` and
 * `require`, read from the installed package's manifest as TypeScript
 * resolves it (`exports` with the `types` condition, else a sibling
 * declaration of the runtime file). Unknown or unresolvable: not neutral.
 */
function packageNeutrality(packageDir: string): (specifier: string) => boolean {
  const cache = new Map<string, boolean>();
  return (specifier) => {
    let result = cache.get(specifier);
    if (result === undefined) {
      result = typesAgree(packageDir, specifier);
      cache.set(specifier, result);
    }
    return result;
  };
}

function typesAgree(packageDir: string, specifier: string): boolean {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const subpath = `.${specifier.slice(name.length)}`;
  const dir = installedPackageDir(name, packageDir);
  if (dir === undefined) return false;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  if (manifest.typesVersions !== undefined) return false;
  const exportsMap = manifest.exports as Record<string, unknown> | string | undefined;
  if (exportsMap === undefined) return subpath === '.';
  const value =
    typeof exportsMap === 'string' || !Object.keys(exportsMap).some((key) => key.startsWith('.'))
      ? subpath === '.'
        ? exportsMap
        : undefined
      : exportsMap[subpath];
  if (value === undefined) return false;
  const esm = typesFile(value, 'import');
  const cjs = typesFile(value, 'require');
  if (esm === undefined || cjs === undefined) return false;
  if (esm === cjs) return existsSync(join(dir, esm));
  // A package built with this layout: its ESM types re-export the CJS ones.
  const esmPath = join(dir, esm);
  const stub = existsSync(esmPath) ? STUB.exec(readFileSync(esmPath, 'utf8')) : null;
  return (
    stub !== null &&
    posix.join(posix.dirname(esm), `${stub[1]}.d.cts`) === posix.normalize(cjs) &&
    existsSync(join(dir, cjs))
  );
}

const STUB = /^export \* from '\.\/([^'/]+)\.cjs';\s*$/;

/**
 * Where Node finds package `name` from `fromDir` (node_modules folders up
 * the tree); its package.json need not be exported.
 */
function installedPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The declaration file TypeScript reads for one condition of an `exports` value. */
function typesFile(value: unknown, condition: 'import' | 'require'): string | undefined {
  const target = resolveConditions(value, new Set(['types', 'node', condition]));
  if (target === undefined) return undefined;
  if (/\.d\.[cm]?ts$/.test(target)) return target;
  const declaration = target.replace(/\.(c|m)?js$/, (_, kind: string | undefined) =>
    kind ? `.d.${kind}ts` : '.d.ts',
  );
  return declaration === target ? undefined : declaration;
}

function resolveConditions(value: unknown, conditions: ReadonlySet<string>): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = resolveConditions(item, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'default' && !conditions.has(key)) continue;
      const found = resolveConditions(inner, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Ships a package's declarations inside a build whose JavaScript bundles the
 * package's code, so users need not install the package for its types:
 * writes `<outDir>/<file>.d.cts`, the package's ESM declaration file (what
 * TypeScript reads for `import`; only its types are used, so one copy serves
 * both formats), under a header naming the package, its version and its
 * licence. Each bare specifier must be one of `specifiers`, which point it at
 * another shipped copy (`./<file>.cjs`): a copy importing a package the user
 * may not have installed would fail their compile. The package must be named
 * in the build's THIRD_PARTY_NOTICES.md, which ships its licence text. With
 * `via`, the package is the one that package (installed for `packageDir`)
 * resolves: a dependency of a dependency. Returns the file name written.
 */
export function shipPackageDeclarations(
  outDir: string,
  name: string,
  options: {
    packageDir: string;
    file: string;
    via?: string;
    specifiers?: Readonly<Record<string, string>>;
  },
): string {
  const notices = join(options.packageDir, 'THIRD_PARTY_NOTICES.md');
  if (!existsSync(notices) || !readFileSync(notices, 'utf8').includes(name)) {
    throw new Error(`${notices} must name ${name} and carry its licence before its types ship`);
  }
  const from =
    options.via === undefined
      ? options.packageDir
      : installedPackageDir(options.via, options.packageDir);
  const dir = from === undefined ? undefined : installedPackageDir(name, from);
  if (dir === undefined) {
    throw new Error(
      `${options.via ?? name} is not installed for ${options.packageDir}: add it to devDependencies`,
    );
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const exportsMap = manifest.exports as Record<string, unknown> | string | undefined;
  const root =
    exportsMap === undefined
      ? (manifest.types ?? manifest.typings ?? manifest.main)
      : typeof exportsMap === 'string' ||
          !Object.keys(exportsMap).some((key) => key.startsWith('.'))
        ? exportsMap
        : exportsMap['.'];
  const source = typesFile(root, 'import');
  if (source === undefined || !existsSync(join(dir, source))) {
    throw new Error(
      `${name} has no declaration file for \`import\` (read ${join(dir, 'package.json')})`,
    );
  }
  const text = readFileSync(join(dir, source), 'utf8');
  let body = text;
  for (const span of moduleSpecifiers(source, text).reverse()) {
    if (span.specifier.startsWith('.')) continue;
    const target = options.specifiers?.[span.specifier];
    if (target === undefined) {
      throw new Error(
        `${name}'s declarations import ${span.specifier}: ship its declarations too and map it in \`specifiers\``,
      );
    }
    body = `${body.slice(0, span.start)}${span.quote}${target}${span.quote}${body.slice(span.end)}`;
  }
  const licence = existsSync(join(dir, 'LICENSE'))
    ? readFileSync(join(dir, 'LICENSE'), 'utf8')
    : '';
  const copyright = /^Copyright .*$/m.exec(licence)?.[0];
  const header = [
    `/*`,
    ` * ${name} ${String(manifest.version)}: its declarations (${posix.normalize(source)}),`,
    ` * ${String(manifest.license)} License${copyright ? `, ${copyright}` : ''}; the licence text is in THIRD_PARTY_NOTICES.md.`,
    ` */`,
    '',
  ].join('\n');
  const file = `${options.file}.d.cts`;
  writeFileSync(join(outDir, file), header + body);
  return file;
}

/**
 * Points every import and export of the bare `specifier` in the `.d.cts`
 * files of `outDir` at `target` (a relative `./<file>.cjs`): declarations a
 * build emitted against a package whose types it now ships itself
 * (shipPackageDeclarations). Returns the files changed.
 */
export function redirectDeclarationImports(
  outDir: string,
  specifier: string,
  target: string,
): string[] {
  const changed: string[] = [];
  for (const name of readdirSync(outDir)
    .filter((file) => file.endsWith('.d.cts'))
    .sort()) {
    const path = join(outDir, name);
    const text = readFileSync(path, 'utf8');
    let out = text;
    for (const span of moduleSpecifiers(name, text).reverse()) {
      if (span.specifier !== specifier) continue;
      out = `${out.slice(0, span.start)}${span.quote}${target}${span.quote}${out.slice(span.end)}`;
    }
    if (out !== text) {
      writeFileSync(path, out);
      changed.push(name);
    }
  }
  return changed;
}

interface SpecifierSpan {
  specifier: string;
  /** Span of the literal, quotes included. */
  start: number;
  end: number;
  quote: string;
}

/** The module specifiers of a declaration file (imports, re-exports, `import('x')` types), in order. */
function moduleSpecifiers(fileName: string, text: string): SpecifierSpan[] {
  const source = declarationSource(fileName, text);
  const spans: SpecifierSpan[] = [];
  const add = (literal: ts.StringLiteral) => {
    const start = literal.getStart(source);
    spans.push({
      specifier: literal.text,
      start,
      end: literal.getEnd(),
      quote: text[start] ?? "'",
    });
  };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Rewrites every `.d.cts` in `outDir` indented with tabs instead of the four
 * spaces per level TypeScript's declaration emitter prints: a quarter of the
 * indentation bytes for the same declarations (whitespace is no part of a
 * type, and editors show a tab at the user's indent width). Whitespace
 * at the start of a line only: never inside a string or template literal
 * (where it is part of a type), and inside a block comment only on lines
 * that continue it with `*`, so JSDoc text and its code samples keep their
 * own indentation. Returns the bytes saved.
 */
export function compactDeclarations(outDir: string): number {
  let saved = 0;
  for (const name of readdirSync(outDir).filter((file) => file.endsWith('.d.cts'))) {
    const file = join(outDir, name);
    const text = readFileSync(file, 'utf8');
    const compact = compactIndentation(text);
    if (compact !== text) writeFileSync(file, compact);
    saved += text.length - compact.length;
  }
  return saved;
}

/** See compactDeclarations: a leading run of 4n + r spaces (r < 4) becomes n tabs and r spaces. */
export function compactIndentation(text: string): string {
  const literals: Array<[number, number]> = [];
  const comments: Array<[number, number]> = [];
  const scanner = ts.createScanner(
    ts.ScriptTarget.ESNext,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  // Braces opened since each template substitution began: a `}` at depth 0 resumes the template.
  const templates: number[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.CloseBraceToken && templates.at(-1) === 0) {
      token = scanner.reScanTemplateToken(false);
      if (token === ts.SyntaxKind.TemplateTail) templates.pop();
    } else if (token === ts.SyntaxKind.OpenBraceToken && templates.length > 0) {
      templates[templates.length - 1]! += 1;
    } else if (token === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      templates[templates.length - 1]! -= 1;
    }
    if (token === ts.SyntaxKind.TemplateHead) templates.push(0);
    const span: [number, number] = [scanner.getTokenStart(), scanner.getTokenEnd()];
    if (token === ts.SyntaxKind.MultiLineCommentTrivia) comments.push(span);
    else if (
      token === ts.SyntaxKind.StringLiteral ||
      token === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      token === ts.SyntaxKind.TemplateHead ||
      token === ts.SyntaxKind.TemplateMiddle ||
      token === ts.SyntaxKind.TemplateTail
    ) {
      literals.push(span);
    }
  }
  const inside = (spans: Array<[number, number]>, at: number) =>
    spans.some(([start, end]) => start < at && at < end);
  let out = '';
  let at = 0;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    const keep =
      indent === 0 ||
      /[^ ]/.test(line.slice(0, indent)) ||
      inside(literals, at) ||
      (inside(comments, at) && !rest.startsWith('*'));
    out += `${keep ? line : '\t'.repeat(Math.floor(indent / 4)) + ' '.repeat(indent % 4) + rest}\n`;
    at += line.length + 1;
  }
  return out.slice(0, -1);
}
