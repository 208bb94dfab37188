import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { DeclarationGraph } from './dts-modules.js';

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

/**
 * The surface of a built package: every subpath of its `exports` map
 * (`sms/createTwilioSmsSender` for `./sms`; the root has no prefix), each
 * export followed through tsup's declaration chunks to what declares it.
 */
export function packageSurface(packageDir: string): Surface {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    types?: string;
    exports?: Record<string, unknown>;
  };
  const graph = new DeclarationGraph();
  const surface: Surface = {};
  const entries = Object.entries(manifest.exports ?? { '.': { types: manifest.types } });
  for (const [subpath, target] of entries) {
    const types = typesOf(target);
    if (!types) continue;
    const prefix = subpath === '.' ? '' : `${subpath.replace(/^\.\//, '')}/`;
    Object.assign(surface, entrySurface(graph, join(packageDir, types), prefix));
  }
  return sorted(surface);
}

/** The surface of one declaration entry file. */
export function entrySurface(graph: DeclarationGraph, file: string, prefix = ''): Surface {
  const surface: Surface = {};
  for (const name of graph.exportsOf(file)) {
    const key = `${prefix}${name}`;
    const resolved = graph.resolve(file, name);
    if (!resolved) continue;
    if (resolved.kind === 'external') {
      surface[key] = `reexport:${resolved.from}#${resolved.name}`;
      continue;
    }
    const { nodes, source } = resolved;
    const kind = kindOf(nodes[0] as ts.Node);
    if (SPEC_TYPES.has(name)) {
      surface[key] = `${kind}:spec`;
      continue;
    }
    // An object-like export is hashed by its head (kind, name, type parameters); its members count one by one.
    const body = nodes.map((node) =>
      membersOf(node) ? topHead(node, source) : text(node, source),
    );
    surface[key] = `${kind}:${hash(body.join('\n'))}`;
    // A declared constant's values (versions, hashes, defaults) change every release: only its keys are API.
    const valuesOnly = nodes.some((node) => ts.isVariableStatement(node));
    for (const node of nodes) addMembers(surface, key, membersOf(node), source, 1, valuesOnly);
  }
  return sorted(surface);
}

/** The ESM `types` of an exports entry (`{ import: { types } }` or `{ types }`). */
function typesOf(target: unknown): string | undefined {
  if (typeof target !== 'object' || target === null) return undefined;
  const entry = target as { types?: unknown; import?: { types?: unknown } };
  const types = entry.import?.types ?? entry.types;
  return typeof types === 'string' ? types : undefined;
}

function sorted(surface: Surface): Surface {
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

function text(node: ts.Node, source: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, source).replace(/\s+/g, ' ').trim();
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
