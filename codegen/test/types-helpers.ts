import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { prepareDocument } from '../src/generate/prepare.js';
import { TYPES_OPTIONS } from '../src/generate/types.js';
import { loadPack } from '../src/pack/load.js';
import { loadSpec } from '../src/spec/load.js';
import { repoRoot } from './helpers.js';

// What the tests of the type passes (test/types-transform.test.ts,
// test/shared-types.test.ts) share: openapi-typescript's output for a pack,
// a strict type check of variants of it, and TypeScript's language service
// over them.

const fromCodegen = createRequire(path.join(repoRoot, 'codegen/package.json'));

/** openapi-typescript's output for pack `id` under `root`, before codegen's passes. */
export async function typesOf(root: string, id: string): Promise<readonly ts.Node[]> {
  const specDir = path.join(root, 'specs', id);
  const pack = await loadPack(path.join(specDir, 'pack.yaml'));
  const spec = await loadSpec(path.join(specDir, pack.spec), {
    overlay: pack.overlay ? path.join(specDir, pack.overlay) : undefined,
  });
  return openapiTS(
    prepareDocument(spec.document, pack, 'pack.yaml') as OpenAPI3,
    TYPES_OPTIONS,
  ) as Promise<readonly ts.Node[]>;
}

/** Makes openapi-fetch and its helpers importable from files under `root`. */
export async function linkDependencies(root: string): Promise<void> {
  await mkdir(path.join(root, 'node_modules'), { recursive: true });
  const fetchDir = path.dirname(fromCodegen.resolve('openapi-fetch/package.json'));
  await symlink(fetchDir, path.join(root, 'node_modules/openapi-fetch'));
  await symlink(
    path.join(fetchDir, '../openapi-typescript-helpers'),
    path.join(root, 'node_modules/openapi-typescript-helpers'),
  );
  await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
}

/** Diagnostics of a strict NodeNext program, as `file:line: message`. */
export function typeCheck(root: string, files: string[]): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    const where = d.file ? `${path.relative(root, d.file.fileName)}:${line}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

/** TypeScript's language service (what an editor asks) over in-memory files. */
export function languageService(files: Readonly<Record<string, string>>): ts.LanguageService {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, types: [] };
  return ts.createLanguageService({
    getScriptFileNames: () => Object.keys(files),
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = files[name] ?? (ts.sys.fileExists(name) ? ts.sys.readFile(name) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name in files || ts.sys.fileExists(name),
    readFile: (name) => files[name] ?? ts.sys.readFile(name),
  });
}

/** What an editor's hover shows of a declaration's doc comment: TypeScript's quick info. */
export interface Hover {
  name: string;
  documentation: string;
  tags: Array<[string, string]>;
}

/** The hover at `position` of `file`, for the declaration named `name` there. */
export function hoverAt(
  service: ts.LanguageService,
  file: string,
  at: { name: string; position: number },
): Hover {
  const info = service.getQuickInfoAtPosition(file, at.position);
  return {
    name: at.name,
    documentation: ts.displayPartsToString(info?.documentation),
    tags: (info?.tags ?? []).map((tag) => [tag.name, ts.displayPartsToString(tag.text)]),
  };
}

/** A minimal OpenAPI 3.0 document whose one schema, `Thing`, is an object with `properties`. */
export function thingDocument(properties: Record<string, object>) {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { Thing: { type: 'object', properties } } },
  };
}
