import { createHash } from 'node:crypto';
import ts from 'typescript';

/**
 * A package's public API as flat keys: every export, and every member of an
 * exported interface, type literal or declared object (recursively, e.g.
 * `TwilioClientOptions.retry`, `paths./2010-04-01/Accounts.json.get`), each
 * with a hash of its normalized declaration text (comments dropped,
 * whitespace collapsed). A key that disappears or whose hash changes is a
 * break; a new key is an addition.
 */
export type Surface = Record<string, string>;

export interface SurfaceDiff {
  readonly removed: string[];
  readonly changed: string[];
  readonly added: string[];
}

/** Member nesting followed; deeper levels are hashed into their parent. */
const MAX_DEPTH = 5;
/**
 * openapi-typescript's output. These types change whenever the spec does, and
 * the release gate's spec diff already rates those changes (removed
 * operation: major; new operation: minor), so the snapshot keeps only their
 * presence and watches the hand-shaped surface: factories, options, helpers.
 */
const SPEC_TYPES = new Set(['paths', 'components', 'operations', 'webhooks', '$defs']);
const printer = ts.createPrinter({ removeComments: true });

/** The surface of a bundled declaration file (tsup's `index.d.ts`). */
export function extractSurface(dts: string, fileName = 'index.d.ts'): Surface {
  const source = ts.createSourceFile(fileName, dts, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const locals = new Map<string, ts.Node[]>();
  const exported = new Map<string, string>();
  const surface: Surface = {};
  for (const statement of source.statements) {
    const name = declaredName(statement);
    if (name) {
      locals.set(name, [...(locals.get(name) ?? []), statement]);
      if (hasExportModifier(statement)) exported.set(name, name);
    }
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const from = statement.moduleSpecifier;
      for (const element of statement.exportClause.elements) {
        const local = (element.propertyName ?? element.name).text;
        if (from && ts.isStringLiteral(from))
          surface[element.name.text] = `reexport:${from.text}#${local}`;
        else exported.set(element.name.text, local);
      }
    }
  }
  for (const [name, local] of exported) {
    const nodes = locals.get(local) ?? [];
    if (nodes.length === 0) continue;
    const kind = kindOf(nodes[0] as ts.Node);
    if (SPEC_TYPES.has(name)) {
      surface[name] = `${kind}:spec`;
      continue;
    }
    // An object-like export is hashed by its head (kind, name, type parameters); its members count one by one.
    const body = nodes.map((node) =>
      membersOf(node) ? topHead(node, source) : text(node, source),
    );
    surface[name] = `${kind}:${hash(body.join('\n'))}`;
    // A declared constant's values (versions, hashes, defaults) change every release: only its keys are API.
    const valuesOnly = nodes.some((node) => ts.isVariableStatement(node));
    for (const node of nodes) addMembers(surface, name, membersOf(node), source, 1, valuesOnly);
  }
  return Object.fromEntries(Object.entries(surface).sort(([a], [b]) => a.localeCompare(b)));
}

export function diffSurface(before: Surface, after: Surface): SurfaceDiff {
  const removed: string[] = [];
  const changed: string[] = [];
  const added: string[] = [];
  for (const [key, value] of Object.entries(before)) {
    if (!(key in after)) removed.push(key);
    else if (after[key] !== value) changed.push(key);
  }
  for (const key of Object.keys(after)) if (!(key in before)) added.push(key);
  return { removed, changed, added };
}

function addMembers(
  surface: Surface,
  prefix: string,
  members: readonly ts.Node[] | undefined,
  source: ts.SourceFile,
  depth: number,
  valuesOnly = false,
): void {
  if (!members) return;
  for (const member of members) {
    const key = `${prefix}.${memberName(member, source)}`;
    const nested = depth < MAX_DEPTH ? literalMembers(member) : undefined;
    // A member with a nested literal is hashed by its head (name, `?`, `readonly`), its body key by key.
    surface[key] = valuesOnly
      ? 'present'
      : hash(nested ? headOf(member, source) : text(member, source));
    if (nested) addMembers(surface, key, nested, source, depth + 1, valuesOnly);
  }
}

function membersOf(node: ts.Node): readonly ts.Node[] | undefined {
  if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
    const heritage = node.heritageClauses ?? [];
    return [...heritage, ...node.members];
  }
  if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) return node.type.members;
  if (ts.isVariableStatement(node)) {
    const type = node.declarationList.declarations[0]?.type;
    if (type && ts.isTypeLiteralNode(type)) return type.members;
  }
  return undefined;
}

function literalMembers(member: ts.Node): readonly ts.Node[] | undefined {
  const type = (member as { type?: ts.TypeNode }).type;
  return type && ts.isTypeLiteralNode(type) ? type.members : undefined;
}

function memberName(member: ts.Node, source: ts.SourceFile): string {
  if (ts.isHeritageClause(member))
    return member.token === ts.SyntaxKind.ExtendsKeyword ? '(extends)' : '(implements)';
  if (ts.isCallSignatureDeclaration(member)) return '()';
  if (ts.isConstructSignatureDeclaration(member) || ts.isConstructorDeclaration(member))
    return '(new)';
  if (ts.isIndexSignatureDeclaration(member))
    return `[${member.parameters.map((p) => text(p.type ?? p, source)).join(',')}]`;
  const name = (member as { name?: ts.PropertyName }).name;
  if (!name) return `(${ts.SyntaxKind[member.kind]})`;
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  )
    return name.text;
  return text(name, source);
}

function headOf(member: ts.Node, source: ts.SourceFile): string {
  const modifiers = (ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined) ?? [];
  const optional = (member as { questionToken?: ts.Node }).questionToken ? '?' : '';
  return `${modifiers.map((m) => text(m, source)).join(' ')} ${memberName(member, source)}${optional}: {}`;
}

function topHead(node: ts.Node, source: ts.SourceFile): string {
  const params = (node as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> })
    .typeParameters;
  return `${kindOf(node)} <${(params ?? []).map((p) => text(p, source)).join(',')}>`;
}

function kindOf(node: ts.Node): string {
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  if (ts.isTypeAliasDeclaration(node)) return 'type';
  if (ts.isClassDeclaration(node)) return 'class';
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isEnumDeclaration(node)) return 'enum';
  if (ts.isVariableStatement(node)) return 'const';
  return ts.SyntaxKind[node.kind];
}

function declaredName(statement: ts.Statement): string | undefined {
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

function hasExportModifier(statement: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true;
}

function text(node: ts.Node, source: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, source).replace(/\s+/g, ' ').trim();
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
