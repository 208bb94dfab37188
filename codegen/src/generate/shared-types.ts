import ts from 'typescript';
import { sharedName } from './shared-type-names.js';

/**
 * The interface that holds the shared type subtrees, as openapi-typescript's
 * `components` holds the schemas: a use reads `shared["responses.default"]`.
 * Not exported: the types' public names stay `paths`, `components`,
 * `operations`, `webhooks` and `$defs`; a consumer's emitted declarations,
 * which cannot name it, spell the member's structure out as before.
 */
export const SHARED = 'shared';

/**
 * Bytes a hoist must save, net of its declaration, to be made. Each shared
 * member is one more hop for a reader who follows "go to definition", so it
 * has to pay for itself. In the Twilio types, the 50 hoists that save 128
 * bytes or more save 158,740 bytes; the 29 more that hoisting everything
 * repeated would make save 1,490 more (0.9%), most of them a small literal
 * used twice. Above 128 the loss grows fast: 192 keeps 24 members but loses
 * 4,112 bytes (the response objects that a resource's fetch, create and
 * update share, 3 uses each).
 */
export const MIN_SAVING = 128;

/**
 * Writes a type subtree that the types spell out more than once, with the
 * same text including the doc comments inside it, once: as a member of
 * `interface shared`, which each occurrence then names as
 * `shared["<name>"]`. openapi-typescript inlines every parameter list,
 * response and enum where it is used; in the Twilio types the error response
 * (`/** Error *\/ default`'s headers and `twilio.error` content) is written
 * 195 times, the usage-record category union (7 KB) 10 times, the available
 * phone numbers' parameters (4 KB with their doc comments) 6 times. With
 * the hoists, the bundled declarations (dist/openapi-types.d.cts) went from
 * 655,156 to 496,416 bytes; the file TypeScript reads is that much smaller.
 *
 * Nothing changes for a reader of the types, or for the compiler:
 * - an indexed access to an interface member is the member's type itself,
 *   the same anonymous type literal or union (not a new named type), so the
 *   hover of a property typed `shared["x"]` shows the structure as before;
 *   where TypeScript prints a nested property's type as written, it shows
 *   `shared["x"]`, as it shows `components["schemas"]["x"]` for a schema;
 * - a property inside a shared literal keeps its doc comment on its own
 *   declaration (the subtree's text, comments included, is what must
 *   repeat), so its hover shows the same words and tags;
 * - a subtree means the same anywhere in these types: nothing in them binds a
 *   name locally (no type parameters, mapped or conditional types, `this`,
 *   `typeof`), which the pass checks: it hoists nothing that is, contains or
 *   sits under such a node.
 * test/shared-types.test.ts proves every member of `paths`, `operations`
 * and `components` identical and every hover's words unchanged, for the
 * Twilio spec and every fixture pack.
 *
 * Greedy by saving: each step hoists the subtree whose hoist saves the most
 * bytes now (its occurrences minus one, each occurrence's text counted as
 * written there, minus the references and the declaration), then recounts;
 * a subtree inside a hoisted one then occurs once more in the declaration
 * and no longer in each occurrence, so nested repeats are counted as they
 * will be written. A subtree is hoisted only where its reference is at most
 * half as long as its text (`string | null` stays). Names come from where a
 * subtree occurs (`sharedName`).
 */
export function withSharedTypes(ast: readonly ts.Node[], minSaving = MIN_SAVING): ts.Node[] {
  const shapes = collectShapes(ast);
  const hoisted = chooseHoists(shapes, minSaving);
  if (hoisted.length === 0) return [...ast];
  const names = assignNames(hoisted);

  const reference = (shape: Shape): ts.TypeNode =>
    ts.factory.createIndexedAccessTypeNode(
      ts.factory.createTypeReferenceNode(SHARED),
      ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(names.get(shape)!)),
    );
  /** Each hoisted subtree under `node` (not `node` itself) as its reference. */
  const withReferences = (node: ts.Node): ts.Node =>
    ts.transform(node, [
      (context) => {
        const replace = (child: ts.Node): ts.Node => {
          // As when counting: nothing under a node that binds names (the same
          // node object may also occur elsewhere).
          if (SCOPED.has(child.kind)) return child;
          const shape = shapes.byNode.get(child);
          if (shape && names.has(shape)) return reference(shape);
          return ts.visitEachChild(child, replace, context);
        };
        return (root) => ts.visitEachChild(root, replace, context);
      },
    ]).transformed[0]!;
  const members = [...names]
    .sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([shape, name]) =>
      ts.factory.createPropertySignature(
        undefined,
        ts.factory.createStringLiteral(name),
        undefined,
        withReferences(shape.first) as ts.TypeNode,
      ),
    );
  return [
    ...ast.map(withReferences),
    ts.factory.createInterfaceDeclaration(undefined, SHARED, undefined, undefined, members),
  ];
}

/** Where subtrees occur: a top-level declaration, or a shape. */
interface Parent {
  /** The nearest hoistable subtrees inside it, each with its extra indentation. */
  children: Array<{ shape: Shape; indent: number }>;
}

/** One distinct subtree text: every node printed the same, comments included. */
interface Shape extends Parent {
  /** Order of creation. */
  id: number;
  /**
   * How it is printed in the text of a shape around it, `placeholderText`:
   * two texts are then the same only when their placeholders stand for the
   * same shapes.
   */
  placeholder: ts.TypeNode;
  /** Order of first occurrence in the document. */
  order: number;
  /** The first node with this text; the shared declaration is made from it. */
  first: ts.TypeNode;
  /** The key paths of its occurrences in the types as openapi-typescript wrote them. */
  paths: string[][];
  /** Printed at indentation 0, one tab per level: length and line breaks. */
  size: number;
  lines: number;
}

interface Shapes {
  /** By decreasing text length: a shape before the shapes inside it. */
  all: Shape[];
  roots: Parent[];
  byNode: Map<ts.Node, Shape>;
}

const HOISTABLE: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.TypeLiteral,
  ts.SyntaxKind.UnionType,
  ts.SyntaxKind.IntersectionType,
]);

/**
 * Nodes under which a type's meaning could depend on where it is written
 * (they bind names: type parameters, `infer`, a mapped type's key; or refer
 * to their surroundings: `this`, `typeof`). openapi-typescript writes none
 * of them with these options; the pass hoists nothing under one, nor
 * anything that contains one.
 */
const SCOPED: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.TypeParameter,
  ts.SyntaxKind.MappedType,
  ts.SyntaxKind.ConditionalType,
  ts.SyntaxKind.InferType,
  ts.SyntaxKind.ThisType,
  ts.SyntaxKind.TypeQuery,
  ts.SyntaxKind.FunctionType,
  ts.SyntaxKind.ConstructorType,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.CallSignature,
  ts.SyntaxKind.ConstructSignature,
]);

function collectShapes(ast: readonly ts.Node[]): Shapes {
  /** The node being printed; the hoistable nodes inside it print as their placeholders. */
  let printing: ts.Node | undefined;
  const printer = ts.createPrinter(
    { newLine: ts.NewLineKind.LineFeed, removeComments: false },
    {
      substituteNode: (_, node) =>
        node === printing ? node : (byNode.get(node)?.placeholder ?? node),
    },
  );
  const file = ts.createSourceFile('types.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  const byText = new Map<string, Shape>();
  const byNode = new Map<ts.Node, Shape>();
  const roots: Parent[] = [];
  const scoped = new Set<ts.Node>();
  let order = 0;

  /** Marks each node that is or contains a scoped node. */
  const markScoped = (node: ts.Node): boolean => {
    let found = SCOPED.has(node.kind);
    ts.forEachChild(node, (child) => {
      if (markScoped(child)) found = true;
    });
    if (found) scoped.add(node);
    return found;
  };

  const hoistable = (node: ts.Node): node is ts.TypeNode =>
    HOISTABLE.has(node.kind) &&
    !scoped.has(node) &&
    // A comment on the node itself would be lost with the node: keep it in place.
    !ts.getSyntheticLeadingComments(node)?.length &&
    !ts.getSyntheticTrailingComments(node)?.length;

  /**
   * The shape of a hoistable node, from its own text with each nearest
   * hoistable node inside it printed as a placeholder naming that node's
   * shape: each node is printed once, not once per enclosing subtree.
   */
  const shapeOf = (node: ts.TypeNode): Shape => {
    const known = byNode.get(node);
    if (known) return known;
    const children: Parent['children'] = [];
    const find = (child: ts.Node, indent: number): void => {
      if (hoistable(child)) {
        children.push({ shape: shapeOf(child), indent });
      } else {
        const inner = ts.isTypeLiteralNode(child) ? indent + 1 : indent;
        ts.forEachChild(child, (grandchild) => find(grandchild, inner));
      }
    };
    ts.forEachChild(node, (child) => find(child, ts.isTypeLiteralNode(node) ? 1 : 0));
    printing = node;
    const text = printer.printNode(ts.EmitHint.Unspecified, node, file);
    let shape = byText.get(text);
    if (!shape) {
      const tabbed = text.replace(/^(?: {4})+/gm, (spaces) => '\t'.repeat(spaces.length / 4));
      let size = tabbed.length;
      let lines = tabbed.split('\n').length - 1;
      for (const entry of children) {
        size += entry.shape.size + entry.shape.lines * entry.indent;
        size -= placeholderText(entry.shape.id).length;
        lines += entry.shape.lines;
      }
      const id = byText.size;
      const placeholder = ts.factory.createTypeReferenceNode(placeholderText(id));
      shape = { id, placeholder, order: -1, first: node, paths: [], size, lines, children };
      byText.set(text, shape);
    }
    byNode.set(node, shape);
    return shape;
  };

  /** Walks a node at key path `path` and indentation `indent` under a top-level declaration. */
  const walk = (node: ts.Node, path: string[], indent: number, root: Parent | undefined): void => {
    if (SCOPED.has(node.kind)) return;
    let parent = root;
    if (hoistable(node)) {
      const shape = shapeOf(node);
      if (shape.paths.length === 0) shape.order = order++;
      shape.paths.push(path);
      root?.children.push({ shape, indent });
      // Shapes list the shapes inside them.
      parent = undefined;
    }
    if (ts.isPropertySignature(node) || ts.isIndexSignatureDeclaration(node)) {
      const key = ts.isPropertySignature(node) ? keyOf(node.name) : '[]';
      if (node.type) walk(node.type, [...path, key], indent, parent);
      return;
    }
    const inner =
      ts.isTypeLiteralNode(node) || ts.isInterfaceDeclaration(node) ? indent + 1 : indent;
    ts.forEachChild(node, (child) => walk(child, path, inner, parent));
  };

  for (const node of ast) markScoped(node);
  for (const node of ast) {
    const name =
      ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ? node.name.text : '';
    const root: Parent = { children: [] };
    roots.push(root);
    walk(node, [name], 0, root);
  }
  const all = [...byText.values()].sort((a, b) => b.size - a.size || a.order - b.order);
  return { all, roots, byNode };
}

/** A NUL character, which no printed type contains, and a shape's id. */
function placeholderText(id: number): string {
  return `\0${id}`;
}

/** A property's key in a path; `[]` for a computed one (openapi-typescript writes none). */
function keyOf(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)
    ? name.text
    : '[]';
}

/** `shared["…"]` without the name, and a member's `\t"…": ` and `;\n` without it. */
const REFERENCE_BYTES = `${SHARED}[""]`.length;
const MEMBER_BYTES = '\t"": ;\n'.length;

/**
 * The shapes to hoist. Each step recomputes every shape's written size
 * (bottom-up) and how often and how deep it is written (top-down), over
 * arrays indexed as `shapes.all`: the GitHub REST types (7,756 shapes) take
 * 534 steps.
 */
function chooseHoists(shapes: Shapes, minSaving: number): Shape[] {
  const { all, roots } = shapes;
  const n = all.length;
  const index = new Map(all.map((shape, i) => [shape, i]));
  /** Children of shape i: entries first[i] to first[i + 1] - 1 of `child` and `indent`. */
  const first = new Int32Array(n + 1);
  const child: number[] = [];
  const indent: number[] = [];
  all.forEach((shape, i) => {
    first[i] = child.length;
    for (const entry of shape.children) {
      child.push(index.get(entry.shape)!);
      indent.push(entry.indent);
    }
  });
  first[n] = child.length;
  const size = Float64Array.from(all, (shape) => shape.size);
  const lines = Float64Array.from(all, (shape) => shape.lines);
  const reference = Float64Array.from(
    all,
    (shape) => REFERENCE_BYTES + sharedName(shape.paths).length,
  );
  const hoisted = new Uint8Array(n);
  const base = new Float64Array(n);
  const perIndent = new Float64Array(n);
  const count = new Float64Array(n);
  const indents = new Float64Array(n);
  for (;;) {
    // Written size at indentation d: base + perIndent × d, hoisted children as references.
    for (let i = n - 1; i >= 0; i -= 1) {
      let a = size[i]!;
      let b = lines[i]!;
      for (let e = first[i]!; e < first[i + 1]!; e += 1) {
        const c = child[e]!;
        a -= size[c]! + lines[c]! * indent[e]!;
        b -= lines[c]!;
        if (hoisted[c]) {
          a += reference[c]!;
        } else {
          a += base[c]! + perIndent[c]! * indent[e]!;
          b += perIndent[c]!;
        }
      }
      base[i] = a;
      perIndent[i] = b;
    }
    // How often each shape is written now, and the sum of the indentations it is written at.
    count.fill(0);
    indents.fill(0);
    for (const root of roots) {
      for (const entry of root.children) {
        const c = index.get(entry.shape)!;
        count[c]! += 1;
        indents[c]! += entry.indent;
      }
    }
    for (let i = 0; i < n; i += 1) {
      // A hoisted shape is written once, in `interface shared` at indentation 1.
      const times = hoisted[i] ? 1 : count[i]!;
      const at = hoisted[i] ? 1 : indents[i]!;
      for (let e = first[i]!; e < first[i + 1]!; e += 1) {
        count[child[e]!]! += times;
        indents[child[e]!]! += at + times * indent[e]!;
      }
    }
    let best = -1;
    let bestSaving = minSaving - 1;
    for (let i = 0; i < n; i += 1) {
      const times = count[i]!;
      if (hoisted[i] || times < 2) continue;
      const written = times * base[i]! + perIndent[i]! * indents[i]!;
      const declaration = base[i]! + perIndent[i]! + MEMBER_BYTES + reference[i]! - REFERENCE_BYTES;
      const saving = written - times * reference[i]! - declaration;
      // A reference at most half of what it stands for: `string | null` stays.
      if (saving > bestSaving && written >= 2 * times * reference[i]!) {
        best = i;
        bestSaving = saving;
      }
    }
    if (best >= 0) {
      hoisted[best] = 1;
      continue;
    }
    // A shape hoisted before a larger one that contains it may now be used
    // once, inside that one's declaration: write it there again.
    return all.filter((_, i) => hoisted[i] && count[i]! >= 2);
  }
}

/**
 * Names in the document order of first occurrence; a name already taken gets
 * a number (`parameters.query 2`).
 */
function assignNames(hoisted: readonly Shape[]): Map<Shape, string> {
  const names = new Map<Shape, string>();
  const taken = new Set<string>();
  for (const shape of [...hoisted].sort((a, b) => a.order - b.order)) {
    const base = sharedName(shape.paths);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base} ${n}`;
    taken.add(name);
    names.set(shape, name);
  }
  return names;
}
