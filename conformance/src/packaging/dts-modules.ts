import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** Where an exported name leads: declarations in a file, or another package. */
export type Resolved =
  | { readonly kind: 'local'; readonly nodes: readonly ts.Node[]; readonly source: ts.SourceFile }
  | { readonly kind: 'external'; readonly from: string; readonly name: string };

interface Binding {
  /** A relative module (a declaration chunk) or a package name. */
  readonly from?: string;
  /** The name in `from`, or the local declaration's name. */
  readonly name: string;
}

interface ParsedModule {
  readonly source: ts.SourceFile;
  readonly declarations: Map<string, ts.Node[]>;
  /** Local names bound by `import { a as b } from '…'`. */
  readonly imports: Map<string, Binding>;
  /** Exported name to what it exports. */
  readonly exports: Map<string, Binding>;
}

/**
 * The declaration files of a built package as a small module graph: tsup
 * splits shared declarations into chunks (`webhooks-abc123.d.ts`) that entries
 * import and re-export under short aliases (`export { a as Options }`), so
 * an exported name is followed through imports and re-exports to the file
 * that declares it.
 */
export class DeclarationGraph {
  readonly #modules = new Map<string, ParsedModule>();

  /** Every exported name of an entry file (e.g. `dist/index.d.ts`). */
  exportsOf(file: string): string[] {
    return [...this.#parse(file).exports.keys()];
  }

  resolve(file: string, exported: string, depth = 0): Resolved | undefined {
    const module = this.#parse(file);
    const binding = module.exports.get(exported);
    return binding ? this.#follow(file, module, binding, depth) : undefined;
  }

  #follow(
    file: string,
    module: ParsedModule,
    binding: Binding,
    depth: number,
  ): Resolved | undefined {
    if (depth > 16) return undefined;
    if (binding.from !== undefined) {
      if (!binding.from.startsWith('.'))
        return { kind: 'external', from: binding.from, name: binding.name };
      return this.resolve(declarationFile(file, binding.from), binding.name, depth + 1);
    }
    const nodes = module.declarations.get(binding.name);
    if (nodes?.length) return { kind: 'local', nodes, source: module.source };
    const imported = module.imports.get(binding.name);
    return imported ? this.#follow(file, module, imported, depth + 1) : undefined;
  }

  #parse(file: string): ParsedModule {
    const cached = this.#modules.get(file);
    if (cached) return cached;
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    const parsed: ParsedModule = {
      source,
      declarations: new Map(),
      imports: new Map(),
      exports: new Map(),
    };
    for (const statement of source.statements) readStatement(statement, parsed);
    this.#modules.set(file, parsed);
    return parsed;
  }
}

function readStatement(statement: ts.Statement, module: ParsedModule): void {
  const name = declaredName(statement);
  if (name) {
    module.declarations.set(name, [...(module.declarations.get(name) ?? []), statement]);
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
      module.exports.set(name, { name });
  }
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const from = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        module.imports.set(element.name.text, {
          from,
          name: (element.propertyName ?? element.name).text,
        });
    }
  }
  if (
    ts.isExportDeclaration(statement) &&
    statement.exportClause &&
    ts.isNamedExports(statement.exportClause)
  ) {
    const from =
      statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    for (const element of statement.exportClause.elements) {
      const local = (element.propertyName ?? element.name).text;
      module.exports.set(
        element.name.text,
        from === undefined ? { name: local } : { from, name: local },
      );
    }
  }
}

export function declaredName(statement: ts.Statement): string | undefined {
  if (
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isFunctionDeclaration(statement) ||
    ts.isEnumDeclaration(statement)
  )
    return statement.name?.text;
  if (ts.isVariableStatement(statement)) {
    const name = statement.declarationList.declarations[0]?.name;
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }
  return undefined;
}

/** `./chunk-abc.js` imported from `dist/index.d.ts` is `dist/chunk-abc.d.ts` (`.cjs` -> `.d.cts`). */
function declarationFile(from: string, specifier: string): string {
  const base = join(dirname(from), specifier);
  const candidates = [
    base.replace(/\.c?js$/, (ext) => (ext === '.cjs' ? '.d.cts' : '.d.ts')),
    base.replace(/\.m?js$/, '.d.mts'),
    `${base}.d.ts`,
    base,
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? (candidates[0] as string);
}
