import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3, stringToAST } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MIN_SAVING, SHARED, withSharedTypes } from '../src/generate/shared-types.js';
import {
  TYPES_OPTIONS,
  withoutAbsentPathMembers,
  withPlainDescriptions,
} from '../src/generate/types.js';
import { fixtureRoot, repoRoot, tempDir } from './helpers.js';
import { hoverAt, languageService, thingDocument, typeCheck, typesOf } from './types-helpers.js';

// withSharedTypes writes a repeated type subtree once, in `interface shared`,
// and names it where it occurred. Proven lossless here, for the real Twilio
// spec and every fixture pack, three ways: writing each `shared["…"]` back
// as its member's type gives the unhoisted text byte for byte; the compiler
// finds every member of `paths`, `operations` and `components` (and
// `webhooks`, `$defs`) identical; and every documented declaration's hover
// shows the same words and tags. Each proof is shown to fail on a wrong hoist.

/** The types as codegen writes them, before and after the hoist. */
async function variants(root: string, id: string): Promise<{ before: string; after: string }> {
  const ast = withPlainDescriptions(withoutAbsentPathMembers(await typesOf(root, id)));
  return { before: astToString(ast), after: astToString(withSharedTypes(ast)) };
}

const isShared = (node: ts.Node): node is ts.InterfaceDeclaration =>
  ts.isInterfaceDeclaration(node) && node.name.text === SHARED;

/** The member name of a `shared["…"]` reference, if `node` is one. */
function sharedName(node: ts.Node): string | undefined {
  return ts.isIndexedAccessTypeNode(node) &&
    ts.isTypeReferenceNode(node.objectType) &&
    ts.isIdentifier(node.objectType.typeName) &&
    node.objectType.typeName.text === SHARED &&
    ts.isLiteralTypeNode(node.indexType) &&
    ts.isStringLiteral(node.indexType.literal)
    ? node.indexType.literal.text
    : undefined;
}

/** Each shared member's type by name. */
function sharedMembers(nodes: readonly ts.Node[]): Map<string, ts.TypeNode> {
  const members = new Map<string, ts.TypeNode>();
  for (const member of nodes.find(isShared)?.members ?? []) {
    if (ts.isPropertySignature(member) && ts.isStringLiteral(member.name) && member.type) {
      members.set(member.name.text, member.type);
    }
  }
  return members;
}

/** `nodes` with every `shared["…"]` written back as the member's type, and no `shared`. */
function inlined(nodes: readonly ts.Node[]): ts.Node[] {
  const members = sharedMembers(nodes);
  return nodes
    .filter((node) => !isShared(node))
    .map(
      (node) =>
        ts.transform(node, [
          (context) => {
            const inline = (child: ts.Node): ts.Node => {
              const name = sharedName(child);
              if (name !== undefined) return inline(members.get(name)!);
              return ts.visitEachChild(child, inline, context);
            };
            return inline;
          },
        ]).transformed[0]!,
    );
}

/**
 * Every member of the unhoisted (before.ts) and hoisted (after.ts) types
 * identical: a `const` per declaration whose type is `true`, or else the
 * keys of the members that differ (or 'the keys differ'), so a failure names
 * what changed.
 */
const SAME = `import type * as After from './after.js';
import type * as Before from './before.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Members<A, B> = Equal<keyof A, keyof B> extends true
  ? { [K in keyof A & keyof B]: Equal<A[K], B[K]> extends true ? never : K }[keyof A & keyof B]
  : 'the keys differ';
type Groups<A, B> = Equal<keyof A, keyof B> extends true
  ? {
      [G in keyof A & keyof B]: [Members<A[G], B[G]>] extends [never]
        ? never
        : \`\${G & string}: \${Members<A[G], B[G]> & (string | number)}\`;
    }[keyof A & keyof B]
  : 'the keys differ';
type None<D> = [D] extends [never] ? true : D;

export const paths: None<Members<Before.paths, After.paths>> = true;
export const operations: None<Members<Before.operations, After.operations>> = true;
export const components: None<Groups<Before.components, After.components>> = true;
export const webhooks: Equal<Before.webhooks, After.webhooks> = true;
export const defs: Equal<Before.$defs, After.$defs> = true;
`;

async function writeVariants(dir: string, before: string, after: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'before.ts'), before);
  await writeFile(path.join(dir, 'after.ts'), after);
  await writeFile(path.join(dir, 'same.ts'), SAME);
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  return path.join(dir, 'same.ts');
}

const sameLine = (name: string) =>
  SAME.split('\n').findIndex((line) => line.startsWith(`export const ${name}:`)) + 1;

interface Declared {
  name: string;
  position: number;
  documented: boolean;
}

/**
 * Every named declaration reachable from the top-level declarations other
 * than `shared`, by key path (property keys, or the child's index for other
 * nodes), following `shared["…"]` into the member as a reader following the
 * types would. `unreached` lists documented declarations no path leads to.
 */
function declarations(
  program: ts.Program,
  file: string,
): { byPath: Map<string, Declared>; unreached: string[] } {
  const source = program.getSourceFile(file)!;
  const members = sharedMembers(source.statements);
  const byPath = new Map<string, Declared>();
  const reached = new Set<ts.Node>();
  const visit = (node: ts.Node, at: string): void => {
    const name = ts.isDeclarationStatement(node) || ts.isTypeElement(node) ? node.name : undefined;
    if (name) {
      const documented = ts.getJSDocCommentsAndTags(node).length > 0;
      byPath.set(at, { name: name.getText(source), position: name.getStart(source), documented });
      reached.add(node);
    }
    let index = 0;
    ts.forEachChild(node, (child) => {
      const key = ts.isPropertySignature(child) ? child.name.getText(source) : `#${index}`;
      index += 1;
      const shared = sharedName(child);
      visit(shared === undefined ? child : members.get(shared)!, `${at}/${key}`);
    });
  };
  for (const statement of source.statements) {
    if (ts.isDeclarationStatement(statement) && !isShared(statement)) {
      visit(statement, statement.name!.getText(source));
    }
  }
  const unreached: string[] = [];
  const find = (node: ts.Node): void => {
    if (ts.getJSDocCommentsAndTags(node).length > 0 && !reached.has(node)) {
      unreached.push(node.getText(source).slice(0, 80));
    }
    ts.forEachChild(node, find);
  };
  find(source);
  return { byPath, unreached };
}

/**
 * How the hoisted types differ from the unhoisted ones for a reader: the
 * same declarations at the same key paths, and for each one documented on
 * either side, TypeScript's quick info documentation and tags (what an
 * editor's hover shows of the doc comment). Returns how many hovers were
 * compared and the differences.
 */
function hoverDifferences(
  before: string,
  after: string,
): { compared: number; differences: string[] } {
  const service = languageService({ 'before.ts': before, 'after.ts': after });
  const program = service.getProgram()!;
  const old = declarations(program, 'before.ts');
  const now = declarations(program, 'after.ts');
  const differences = now.unreached.map((text) => `not reached: ${text}`);
  let compared = 0;
  for (const [at, declared] of old.byPath) {
    const found = now.byPath.get(at);
    if (!found) {
      differences.push(`missing: ${at}`);
    } else if (declared.documented || found.documented) {
      const a = hoverAt(service, 'before.ts', declared);
      const b = hoverAt(service, 'after.ts', found);
      compared += 1;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        differences.push(`${at}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`);
      }
    }
  }
  for (const at of now.byPath.keys()) {
    if (!old.byPath.has(at)) differences.push(`added: ${at}`);
  }
  return { compared, differences };
}

describe('withSharedTypes on the Twilio types', () => {
  let twilio: Promise<{ before: string; after: string }> | undefined;
  const twilioVariants = () => {
    twilio ??= variants(repoRoot, 'twilio');
    return twilio;
  };

  it('writes each shared member back to the unhoisted text, byte for byte', async () => {
    const ast = withPlainDescriptions(withoutAbsentPathMembers(await typesOf(repoRoot, 'twilio')));
    const before = astToString(ast);
    const hoisted = withSharedTypes(ast);
    const members = sharedMembers(hoisted);
    expect(members.size).toBeGreaterThan(20);
    expect(astToString(inlined(hoisted))).toBe(before);
    // A quarter smaller, tab-indented as shipped.
    const tabbed = (text: string) => text.replace(/^(?: {4})+/gm, (s) => '\t'.repeat(s.length / 4));
    const after = astToString(hoisted);
    expect(tabbed(after).length).toBeLessThan(tabbed(before).length * 0.8);
    // The error response of every operation is written once, its doc comment kept in place.
    const errorContent = /"application\/json": components\["schemas"\]\["twilio\.error"\];/g;
    expect(before.match(errorContent)).toHaveLength(195);
    expect(after.match(errorContent)).toHaveLength(1);
    expect(after).toMatch(/\/\*\* Error \*\/\n {12}default: shared\["responses\.default"\];/);
  }, 120_000);

  it('leaves every member of paths, operations and components identical', async () => {
    const { before, after } = await twilioVariants();
    const root = await tempDir('shared-types');
    const same = await writeVariants(path.join(root, 'twilio'), before, after);
    expect(typeCheck(root, [same])).toEqual([]);
  }, 120_000);

  it('shows the same words and tags in every documented declaration’s hover', async () => {
    const { before, after } = await twilioVariants();
    const { compared, differences } = hoverDifferences(before, after);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
  }, 120_000);

  it('would notice two different literals merged into one', async () => {
    const { before, after } = await twilioVariants();
    // Every use of one paging query redirected to another shared query.
    const queries = [...after.matchAll(/^ {4}"([^"]*\.parameters\.query)": \{/gm)].map(
      (m) => m[1]!,
    );
    expect(queries.length).toBeGreaterThanOrEqual(2);
    const [kept, merged] = queries as [string, string];
    const broken = after.replaceAll(`${SHARED}["${merged}"]`, `${SHARED}["${kept}"]`);
    expect(broken).not.toBe(after);
    const users = membersUsing(after, 'operations', `${SHARED}["${merged}"]`);
    expect(users.length).toBeGreaterThan(0);

    const root = await tempDir('shared-types-merged');
    const same = await writeVariants(path.join(root, 'twilio'), before, broken);
    // The operations that used it differ, and so do the paths whose methods they are.
    const diagnostics = typeCheck(root, [same]);
    expect(diagnostics.map((line) => line.slice(0, line.indexOf(': ')))).toEqual([
      `twilio/same.ts:${sameLine('paths')}`,
      `twilio/same.ts:${sameLine('operations')}`,
    ]);
    for (const name of users) {
      expect(diagnostics[1]).toContain(`"${name}"`);
      for (const key of membersUsing(after, 'paths', `operations["${name}"]`)) {
        expect(diagnostics[0]).toContain(`"${key}"`);
      }
    }
  }, 120_000);

  it('would notice a doc comment dropped from a shared member', async () => {
    const { before, after } = await twilioVariants();
    const shared = after.indexOf(`interface ${SHARED} {`);
    const comment = /\/\*\* ([^\n]*?) \*\/\n\s*(\w+)\??:/.exec(after.slice(shared))!;
    const broken =
      after.slice(0, shared + comment.index) +
      after.slice(shared + comment.index + comment[0].indexOf('\n') + 1);
    const { differences } = hoverDifferences(before, broken);
    expect(differences.length).toBeGreaterThan(0);
    for (const difference of differences) {
      expect(difference).toContain(`{"name":"${comment[2]}","documentation":"${comment[1]}"`);
      expect(difference).toContain(`{"name":"${comment[2]}","documentation":"","tags":[]}`);
    }
  }, 120_000);
});

/** The keys of the members of interface `name` in `text` whose type includes `needle`. */
function membersUsing(text: string, name: string, needle: string): string[] {
  const source = ts.createSourceFile('after.ts', text, ts.ScriptTarget.ESNext, true);
  const declaration = source.statements.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === name,
  )!;
  return declaration.members
    .filter((member) => member.getText(source).includes(needle))
    .map((member) => (member.name as ts.Identifier | ts.StringLiteral).text);
}

describe('withSharedTypes on the fixture packs', () => {
  it('writes back to the unhoisted text, keeps every member identical and every hover the same', async () => {
    const root = await tempDir('shared-types-fixtures');
    const files: string[] = [];
    let hoisted = 0;
    for (const id of (await readdir(path.join(fixtureRoot, 'specs'))).sort()) {
      const ast = withPlainDescriptions(withoutAbsentPathMembers(await typesOf(fixtureRoot, id)));
      const before = astToString(ast);
      const nodes = withSharedTypes(ast);
      const after = astToString(nodes);
      hoisted += sharedMembers(nodes).size;
      expect(astToString(inlined(nodes)), id).toBe(before);
      expect(hoverDifferences(before, after).differences, id).toEqual([]);
      files.push(await writeVariants(path.join(root, id), before, after));
    }
    expect(files.length).toBeGreaterThan(3);
    expect(hoisted).toBeGreaterThan(0);
    expect(typeCheck(root, files)).toEqual([]);
  }, 120_000);
});

describe('withSharedTypes', () => {
  const ok = (schema: object) => ({
    '200': { description: 'OK', content: { 'application/json': { schema } } },
    default: {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  });
  const page = [
    {
      name: 'PageSize',
      in: 'query',
      description: 'How many resources to return.',
      schema: { type: 'integer' },
    },
    { name: 'Page', in: 'query', description: 'The page index.', schema: { type: 'integer' } },
    { name: 'PageToken', in: 'query', description: 'The page token.', schema: { type: 'string' } },
  ];
  const document = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      ['Calls', 'Queues', 'Faxes', 'Keys'].map((name) => [
        `/${name}`,
        {
          get: {
            operationId: `List${name}`,
            parameters: page,
            responses: ok({ type: 'array', items: { type: 'string' } }),
          },
        },
      ]),
    ),
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: { code: { type: 'integer' }, message: { type: 'string' } },
        },
      },
    },
  };

  async function hoist(
    doc: object,
    minSaving?: number,
  ): Promise<{ before: string; after: string }> {
    const ast = withPlainDescriptions(
      withoutAbsentPathMembers(await openapiTS(doc as OpenAPI3, TYPES_OPTIONS)),
    );
    return { before: astToString(ast), after: astToString(withSharedTypes(ast, minSaving)) };
  }

  it('writes a repeated subtree once, named for where it occurs, with the doc comments inside it', async () => {
    const { before, after } = await hoist(document);
    // The four List operations are alike: one member, named for the words their keys share.
    expect(after).toMatch(
      /ListCalls: shared\["List"\];\s+ListQueues: shared\["List"\];\s+ListFaxes: shared\["List"\];/,
    );
    const shared = after.slice(after.indexOf(`interface ${SHARED} {`));
    expect(shared).toContain(
      '/** How many resources to return. */\n                PageSize?: number;',
    );
    expect(shared).toContain('/** Error */\n            default: {');
    expect(after.length).toBeLessThan(before.length / 2);
    expect(astToString(inlined(withSharedTypes(await typesAst(document))))).toBe(before);
  });

  it('shares a subtree inside a shared one where it repeats, by name in the member', async () => {
    const doc = structuredClone(document) as typeof document & {
      paths: Record<string, Record<string, unknown>>;
    };
    // Create operations: another query, another 200 response, the same error response.
    for (const name of ['Calls', 'Queues']) {
      doc.paths[`/${name}`]!.post = {
        operationId: `Create${name.slice(0, -1)}`,
        parameters: [{ name: 'Sid', in: 'query', schema: { type: 'string' } }, ...page],
        responses: ok({ type: 'object', properties: { sid: { type: 'string' } } }),
      };
    }
    const { before, after } = await hoist(doc, 1);
    expect(after).toMatch(/ListCalls: shared\["List"\];\s+CreateCall: shared\["Create"\];/);
    const shared = after.slice(after.indexOf(`interface ${SHARED} {`));
    // The error response is written once, in its own member, which the
    // List and Create members name, and which names the headers member.
    expect(after.match(/components\["schemas"\]\["Error"\]/g)).toHaveLength(1);
    expect(
      shared.match(/\/\*\* Error \*\/\n {12}default: shared\["responses\.default"\];/g),
    ).toHaveLength(2);
    expect(shared).toMatch(/\n {4}"responses\.default": \{\n {8}headers: shared\["headers"\];/);
    expect(astToString(inlined(withSharedTypes(await typesAst(doc), 1)))).toBe(before);
  });

  it('keeps a subtree in place when the hoist would not save MIN_SAVING bytes', async () => {
    const two = structuredClone(document);
    delete (two.paths as Record<string, unknown>)['/Faxes'];
    delete (two.paths as Record<string, unknown>)['/Keys'];
    const small = { ...two, paths: { '/Calls': two.paths['/Calls'] } };
    const { after: once } = await hoist(small);
    expect(once).not.toContain(SHARED);
    // Saving fewer bytes than the threshold: nothing hoisted; a lower threshold hoists.
    const { before } = await hoist(two);
    const { after: strict } = await hoist(two, before.length);
    expect(strict).toBe(before);
    expect((await hoist(two, 1)).after).toContain(`interface ${SHARED}`);
    expect(MIN_SAVING).toBeGreaterThan(0);
  });

  it('never hoists a type whose reference would not halve it, such as string | null', async () => {
    const nullable = { type: 'string', nullable: true };
    const doc = thingDocument(
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, nullable])),
    );
    const { before, after } = await hoist(doc, 1);
    expect(before.match(/string \| null/g)).toHaveLength(200);
    expect(after).toBe(before);
  });

  it('hoists nothing inside or around a node that binds or refers to names', () => {
    const literal =
      '{ a: string; b: number; c: boolean; d: string[]; e: { f: string; g: string } }';
    const ast = stringToAST(
      `interface scoped {
        mapped: { [K in "x" | "y"]: ${literal} & { key: K } };
        generic: <T>(value: T) => ${literal};
        self: ${literal} | this;
      }
      interface plain { one: ${literal}; two: ${literal}; three: ${literal} }`,
    ) as ts.Node[];
    const after = astToString(withSharedTypes(ast, 1));
    // Not under the mapped type or the generic signature, whose names it
    // could use; beside `this` in a union it is shared, as in `plain`.
    expect(after.match(/shared\["self"\]/g)).toHaveLength(4);
    expect(after).toMatch(/\n {4}self: shared\["self"\] \| this;\n/);
    expect(after.match(/ {4}e: \{/g)).toHaveLength(3);
    expect(astToString(inlined(withSharedTypes(ast, 1)))).toBe(astToString(ast));
  });

  it('writes the same text every time', async () => {
    const twice = await Promise.all([hoist(document), hoist(document)]);
    expect(twice[0].after).toBe(twice[1].after);
  });
});

async function typesAst(doc: object): Promise<ts.Node[]> {
  return withPlainDescriptions(
    withoutAbsentPathMembers(await openapiTS(doc as OpenAPI3, TYPES_OPTIONS)),
  );
}
