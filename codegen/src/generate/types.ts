import openapiTS, { astToString, type OpenAPI3, type OpenAPITSOptions } from 'openapi-typescript';
import ts from 'typescript';
import { tsBanner } from './banner.js';
import type { PackContext } from './context.js';
import { HTTP_METHODS } from './operations.js';
import { withSharedTypes } from './shared-types.js';

/**
 * openapi-typescript options, chosen to keep the output small and honest:
 * - defaultNonNullable false: a request-body field with a `default` stays
 *   optional (the server fills it in), instead of becoming required;
 * - emptyObjectsUnknown: `type: object` without properties is
 *   `Record<string, unknown>`, not `Record<string, never>`;
 * - no runtime enums, no root type aliases: types only, one copy of each.
 */
export const TYPES_OPTIONS: OpenAPITSOptions = {
  silent: true,
  defaultNonNullable: false,
  emptyObjectsUnknown: true,
  additionalProperties: false,
  alphabetize: false,
  enum: false,
  exportType: false,
  immutable: false,
  rootTypes: false,
  pathParamsAsTypes: false,
  propertiesRequiredByDefault: false,
};

export async function renderTypes(ctx: PackContext): Promise<string> {
  const ast = await openapiTS(ctx.document as OpenAPI3, TYPES_OPTIONS);
  const passes = withSharedTypes(withPlainDescriptions(withoutAbsentPathMembers(ast)));
  return `${tsBanner(ctx)}${astToString(passes)}`;
}

const PATH_ITEM_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/**
 * Drops what a path item of `paths` (and `webhooks`) declares only to say it
 * is absent: `put?: never` for each method the path does not have, and
 * `parameters: { query?: never; header?: never; path?: never; cookie?: never }`
 * when the path item declares no parameters of its own (each operation
 * carries its parameters, path-level ones included). openapi-fetch finds a
 * path's methods with `Paths[P] extends { [K in Method]: any }`, which an
 * optional `never` member fails exactly as a missing one does, and never reads
 * a path item's `parameters`; test/types-transform.test.ts proves the client's
 * methods, parameters, bodies and responses unchanged for every path.
 * Operations keep their `never` members: there they forbid query, header or
 * cookie parameters, and a body, that the operation does not declare.
 */
export function withoutAbsentPathMembers(ast: readonly ts.Node[]): ts.Node[] {
  return ast.map((node) => {
    if (
      !ts.isInterfaceDeclaration(node) ||
      (node.name.text !== 'paths' && node.name.text !== 'webhooks')
    ) {
      return node;
    }
    const members = node.members.map((member) => {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) {
        return member;
      }
      const kept = member.type.members.filter((item) => !declaresAbsence(item));
      if (kept.length === member.type.members.length) return member;
      return ts.factory.updatePropertySignature(
        member,
        member.modifiers,
        member.name,
        member.questionToken,
        ts.factory.updateTypeLiteralNode(member.type, ts.factory.createNodeArray(kept)),
      );
    });
    return ts.factory.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      ts.factory.createNodeArray(members),
    );
  });
}

function declaresAbsence(item: ts.TypeElement): boolean {
  if (!ts.isPropertySignature(item) || !item.type) return false;
  const name = propertyName(item.name);
  if (name !== undefined && PATH_ITEM_METHODS.has(name)) {
    return item.questionToken !== undefined && item.type.kind === ts.SyntaxKind.NeverKeyword;
  }
  if (name === 'parameters' && ts.isTypeLiteralNode(item.type)) {
    return item.type.members.every(
      (location) =>
        ts.isPropertySignature(location) &&
        location.questionToken !== undefined &&
        location.type?.kind === ts.SyntaxKind.NeverKeyword,
    );
  }
  return false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/**
 * Writes a doc comment that opens with a one-line `@description X` as plain
 * `X` (`/** X *\/`): the same words, 13 bytes fewer each (2,618 comments,
 * 34 KB, of the Twilio types). An editor's hover shows them better: as the
 * symbol's documentation instead of a "@description — X" tag line under an
 * empty one (TypeScript's quick info: `documentation` X and no `description`
 * tag, the other tags unchanged; test/types-transform.test.ts compares both
 * for every documented declaration). Left tagged: a description after
 * other text (`Format: uri` first), one spanning lines (as plain text
 * TypeScript keeps its continuation lines' indentation, which Markdown
 * renders as code), and one starting with `@` or `*`, which plain text
 * would read as a tag or as the line's leading star. Rewrites the nodes'
 * comments (emit data the printer reads) in place and returns the nodes.
 */
export function withPlainDescriptions(ast: readonly ts.Node[]): ts.Node[] {
  const visit = (node: ts.Node): void => {
    const comments = ts.getSyntheticLeadingComments(node);
    if (comments?.some((comment) => plainDescription(comment.text) !== comment.text)) {
      ts.setSyntheticLeadingComments(
        node,
        comments.map((comment) => ({ ...comment, text: plainDescription(comment.text) })),
      );
    }
    ts.forEachChild(node, visit);
  };
  for (const node of ast) visit(node);
  return [...ast];
}

/**
 * openapi-typescript's comment text (between `/*` and `*\/`): `* item ` for
 * one item on one line, else `*\n * item\n * item\n ` with continuation
 * lines of an item as `\n *     more`.
 */
const ONE_LINE = /^\* @description (?![@*\s])([^\n]*) $/;
const FIRST_ITEM = /^\*\n \* @description (?![@*\s])([^\n]*)(?=\n \* @|\n $)/;

function plainDescription(text: string): string {
  const one = ONE_LINE.exec(text);
  if (one) return `* ${one[1]} `;
  return text.replace(FIRST_ITEM, '*\n * $1');
}
