import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  TYPES_OPTIONS,
  withoutAbsentPathMembers,
  withPlainDescriptions,
} from '../src/generate/types.js';
import { fixtureRoot, repoRoot, tempDir } from './helpers.js';
import {
  type Hover,
  hoverAt,
  languageService,
  linkDependencies,
  thingDocument,
  typeCheck,
  typesOf,
} from './types-helpers.js';

// withoutAbsentPathMembers drops `put?: never`-style members and all-never
// `parameters` from path items. Proven here, for the real Twilio spec and
// every fixture pack, with openapi-fetch's own types: for every method the
// same paths accept it, and for every path and method the same init
// (parameters, body, and whether it is required) and the same response. The
// transformed types then go through the calls a user makes, absent methods
// and missing parameters included.

const isPathItems = (node: ts.Node) =>
  ts.isInterfaceDeclaration(node) && (node.name.text === 'paths' || node.name.text === 'webhooks');

/**
 * before.ts: openapi-typescript's output as is. after.ts: the transformed
 * `paths` (and `webhooks`) only, on before.ts's operations and components,
 * which the transform leaves alone (checked byte for byte).
 */
async function writeVariants(dir: string, ast: readonly ts.Node[]): Promise<void> {
  const after = withoutAbsentPathMembers(ast);
  expect(astToString(after.filter((node) => !isPathItems(node)))).toBe(
    astToString(ast.filter((node) => !isPathItems(node))),
  );
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'before.ts'), astToString([...ast]));
  await writeFile(
    path.join(dir, 'after.ts'),
    `import type { $defs, components, operations } from './before.js';\nexport type { $defs, components, operations };\n${astToString(after.filter(isPathItems))}`,
  );
  await writeFile(path.join(dir, 'same.ts'), SAME);
}

const SAME = `import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod } from 'openapi-typescript-helpers';
import type { paths as After } from './after.js';
import type { paths as Before } from './before.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** What a call of method M on path P takes (init) and gives (response); 'absent' without M. */
type Call<Paths, P extends keyof Paths, M extends HttpMethod> = M extends keyof Paths[P]
  ? [
      MaybeOptionalInit<Paths[P], M>,
      FetchResponse<Paths[P][M] & Record<string | number, any>, {}, MediaType>,
    ]
  : 'absent';
type SameCalls<M extends HttpMethod> = {
  [P in PathsWithMethod<Before, M>]: P extends keyof After
    ? Equal<Call<Before, P, M>, Call<After, P, M>>
    : false;
}[PathsWithMethod<Before, M>];
type Same<M extends HttpMethod> = [
  Equal<PathsWithMethod<Before, M>, PathsWithMethod<After, M>>,
  [SameCalls<M>] extends [true] ? true : false,
];

export const same: { [M in HttpMethod]: Same<M> } = {
  get: [true, true],
  put: [true, true],
  post: [true, true],
  delete: [true, true],
  options: [true, true],
  head: [true, true],
  patch: [true, true],
  trace: [true, true],
};
`;

// Calls through openapi-fetch on the transformed Twilio types, as a user writes them.
const TWILIO_CALLS = `import createClient, { type PathBasedClient } from 'openapi-fetch';
import type { paths } from './after.js';

const client = createClient<paths>({ baseUrl: 'https://api.twilio.com' });
const AccountSid = 'AC00000000000000000000000000000000';
const list = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const one = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';

export async function calls(): Promise<void> {
  await client.GET(list, { params: { path: { AccountSid }, query: { To: '+15558675310' } } });
  const sent = await client.POST(list, {
    params: { path: { AccountSid } },
    body: { To: '+15558675310', From: '+15017122661', Body: 'Hello' },
  });
  if (sent.data) {
    const sid: string | null | undefined = sent.data.sid;
    void sid;
  }
  const deleted = await client.DELETE(one, { params: { path: { AccountSid, Sid: 'SM1' } } });
  void deleted.response.status;

  // @ts-expect-error: Twilio has no PUT, so no path accepts one
  await client.PUT(list, { params: { path: { AccountSid } } });
  // @ts-expect-error: this path has GET and POST, not DELETE
  await client.DELETE(list, { params: { path: { AccountSid } } });
  // @ts-expect-error: the path parameter is required
  await client.GET(list, {});
  // @ts-expect-error: an undeclared query parameter is refused
  await client.GET(list, { params: { path: { AccountSid }, query: { NoSuchParameter: 1 } } });
  // @ts-expect-error: the message needs To
  await client.POST(list, { params: { path: { AccountSid } }, body: { Body: 'Hello' } });
  // @ts-expect-error: a fetch has no body
  await client.GET(one, { params: { path: { AccountSid, Sid: 'SM1' } }, body: {} });
  // @ts-expect-error: not a path of the spec
  await client.GET('/2010-04-01/NoSuchThing.json');
}

export function pathBased(byPath: PathBasedClient<paths>): void {
  void byPath[list].GET;
  // @ts-expect-error: a path-based client offers only the methods the path has
  void byPath[list].PUT;
}
`;

describe('withoutAbsentPathMembers', () => {
  it('leaves openapi-fetch typing unchanged for every path and method of the Twilio spec, and every call a user makes', async () => {
    const root = await tempDir('types-transform');
    await linkDependencies(root);
    const dir = path.join(root, 'twilio');
    await writeVariants(dir, await typesOf(repoRoot, 'twilio'));
    await writeFile(path.join(dir, 'calls.ts'), TWILIO_CALLS);
    expect(typeCheck(root, [path.join(dir, 'same.ts'), path.join(dir, 'calls.ts')])).toEqual([]);
  }, 120_000);

  it('leaves openapi-fetch typing unchanged for every fixture pack', async () => {
    const root = await tempDir('types-transform-fixtures');
    await linkDependencies(root);
    const files: string[] = [];
    for (const id of (await readdir(path.join(fixtureRoot, 'specs'))).sort()) {
      const dir = path.join(root, id);
      await writeVariants(dir, await typesOf(fixtureRoot, id));
      files.push(path.join(dir, 'same.ts'));
    }
    expect(files.length).toBeGreaterThan(3);
    expect(typeCheck(root, files)).toEqual([]);
  }, 120_000);

  it('would notice a change: a dropped method is a difference', async () => {
    const root = await tempDir('types-transform-broken');
    await linkDependencies(root);
    const dir = path.join(root, 'twilio');
    const ast = await typesOf(repoRoot, 'twilio');
    await writeVariants(dir, ast);
    // after.ts without the POST of the messages list: the proof must fail.
    const after = withoutAbsentPathMembers(ast).filter(isPathItems);
    const broken = astToString(after).replace(
      /("\/2010-04-01\/Accounts\/\{AccountSid\}\/Messages\.json": \{[^}]*?)post: operations\["CreateMessage"\];/,
      '$1',
    );
    expect(broken).not.toBe(astToString(after));
    await writeFile(
      path.join(dir, 'after.ts'),
      `import type { $defs, components, operations } from './before.js';\nexport type { $defs, components, operations };\n${broken}`,
    );
    // Both halves of the post entry fail: fewer paths take POST, and one call became 'absent'.
    const postLine = SAME.split('\n').findIndex((line) => line.includes('post: [true, true]')) + 1;
    expect(typeCheck(root, [path.join(dir, 'same.ts')])).toEqual([
      `twilio/same.ts:${postLine}: Type 'true' is not assignable to type 'false'.`,
      `twilio/same.ts:${postLine}: Type 'true' is not assignable to type 'false'.`,
    ]);
  }, 120_000);

  it('drops only absent members: methods, and path-level parameters that are all never', async () => {
    const ok = { '200': { description: 'OK' } };
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/a/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          get: { operationId: 'getA', responses: ok },
        },
        '/b': { post: { operationId: 'postB', description: 'Kept with its doc', responses: ok } },
      },
    };
    const ast = await openapiTS(document as OpenAPI3, TYPES_OPTIONS);
    const before = astToString(ast);
    const printed = astToString(withoutAbsentPathMembers(ast));
    expect(before).toMatch(/put\?: never/);
    expect(printed).not.toMatch(/(get|put|post|delete|options|head|patch|trace)\?: never/);
    // Path-level parameters that declare something stay.
    expect(printed).toMatch(/"\/a\/\{id\}": \{\s*parameters: \{[^}]*path: \{\s*id: string;/);
    expect(printed).toMatch(
      /"\/b": \{\s*\/\*\* @description Kept with its doc \*\/\s*post: operations\["postB"\];\s*\}/,
    );
    // Operations keep theirs: there they forbid parameters and bodies the operation lacks.
    expect(printed.match(/requestBody\?: never/g)).toHaveLength(2);
    expect(printed.slice(printed.indexOf('interface operations'))).toBe(
      before.slice(before.indexOf('interface operations')),
    );
  });
});

/**
 * The hover of every declaration with a doc comment in `before` and `after`
 * (the same declarations in the same order, only comments differ), asked of
 * TypeScript's language service at each declaration's name.
 */
function hovers(before: string, after: string): Array<[Hover, Hover]> {
  const service = languageService({ 'before.ts': before, 'after.ts': after });
  const program = service.getProgram()!;
  const documented = (file: string): Array<{ name: string; position: number }> => {
    const found: Array<{ name: string; position: number }> = [];
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      const name =
        ts.isDeclarationStatement(node) || ts.isTypeElement(node) ? node.name : undefined;
      if (name && ts.getJSDocCommentsAndTags(node).length > 0) {
        found.push({ name: name.getText(source), position: name.getStart(source) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  };
  const beforeDocs = documented('before.ts');
  const afterDocs = documented('after.ts');
  expect(afterDocs.map((doc) => doc.name)).toEqual(beforeDocs.map((doc) => doc.name));
  return beforeDocs.map((doc, i) => [
    hoverAt(service, 'before.ts', doc),
    hoverAt(service, 'after.ts', afterDocs[i]!),
  ]);
}

/**
 * Every hover the same, or the `description` tag (first, on an otherwise
 * empty documentation) become the documentation with the other tags
 * unchanged. Returns how many moved.
 */
function expectSameWords(pairs: Array<[Hover, Hover]>): number {
  let moved = 0;
  for (const [before, after] of pairs) {
    if (after.documentation === before.documentation) {
      expect(after, before.name).toEqual(before);
      continue;
    }
    expect(before.documentation, before.name).toBe('');
    expect(before.tags[0], before.name).toEqual(['description', after.documentation]);
    expect(after.tags, before.name).toEqual(before.tags.slice(1));
    moved += 1;
  }
  return moved;
}

describe('withPlainDescriptions', () => {
  async function variants(root: string, id: string): Promise<[string, string]> {
    const ast = withoutAbsentPathMembers(await typesOf(root, id));
    const before = astToString(ast);
    return [before, astToString(withPlainDescriptions(ast))];
  }

  it('shows the same words in every hover of the Twilio types, a leading description as the documentation', async () => {
    const [before, after] = await variants(repoRoot, 'twilio');
    const pairs = hovers(before, after);
    expect(expectSameWords(pairs)).toBe(2618);
    // Only comments changed, and 13 bytes each ("@description ").
    expect(before.length - after.length).toBe(2618 * 13);
    const strip = (text: string) => text.replace(/\/\*\*[\s\S]*?\*\//g, '');
    expect(strip(after)).toBe(strip(before));
  }, 120_000);

  it('shows the same words in every hover of every fixture pack', async () => {
    let moved = 0;
    for (const id of (await readdir(path.join(fixtureRoot, 'specs'))).sort()) {
      const [before, after] = await variants(fixtureRoot, id);
      moved += expectSameWords(hovers(before, after));
    }
    expect(moved).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the tag on a description that spans lines, follows other text, or starts like a tag', async () => {
    const schema = (extra: object) => ({ type: 'string', ...extra });
    const document = thingDocument({
      plain: schema({ description: 'One line.' }),
      withEnum: schema({ description: 'Status.', enum: ['a', 'b'] }),
      lines: schema({ description: 'First line.\n  indented second line.' }),
      format: schema({ format: 'uri', description: 'After the format.' }),
      atSign: schema({ description: '@mention is not a tag here.' }),
      star: schema({ description: '* a bullet' }),
    });
    const ast = withoutAbsentPathMembers(await openapiTS(document as OpenAPI3, TYPES_OPTIONS));
    const before = astToString(ast);
    const after = astToString(withPlainDescriptions(ast));
    expect(after).toContain('/** One line. */');
    expect(after).toMatch(/\/\*\*\n\s*\* Status\.\n\s*\* @enum \{string\}\n\s*\*\//);
    expect(after).toMatch(/\* @description First line\.\n\s*\*\s+indented second line\./);
    expect(after).toMatch(/\* Format: uri\n\s*\* @description After the format\./);
    expect(after).toContain('/** @description @mention is not a tag here. */');
    expect(after).toContain('/** @description * a bullet */');
    expect(expectSameWords(hovers(before, after))).toBe(2);
  });
});
