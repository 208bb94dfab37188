import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CodegenError } from '../errors.js';
import { getAt, parsePointer, toPointer } from '../internal/json-pointer.js';
import { locate } from '../internal/locate.js';
import { parseDocumentText } from './parse.js';

interface LoadedFile {
  readonly text: string;
  readonly value: unknown;
}

/**
 * Inlines `$ref`s to other files in the spec's own folder (`./pet.yaml`,
 * `schemas.json#/Pet`), so the rest of codegen sees one document. Refs inside
 * a referenced file resolve against that file; a ref back into the root
 * document becomes a local `#/…` ref again. Remote (http) refs and files
 * outside the folder are refused: specs are pinned inputs.
 */
export function inlineExternalRefs(
  root: unknown,
  rootFile: string,
  rootText: string,
  display: (file: string) => string = (file) => path.relative(process.cwd(), file) || file,
): unknown {
  const folder = path.dirname(rootFile);
  const files = new Map<string, LoadedFile>([[rootFile, { text: rootText, value: root }]]);

  const load = (file: string): LoadedFile => {
    let loaded = files.get(file);
    if (!loaded) {
      const text = readFileSync(file, 'utf8');
      loaded = { text, value: parseDocumentText(text, display(file)) };
      files.set(file, loaded);
    }
    return loaded;
  };

  const visit = (
    node: unknown,
    file: string,
    at: (string | number)[],
    stack: readonly string[],
  ): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => visit(item, file, [...at, i], stack));
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && (!ref.startsWith('#') || file !== rootFile)) {
      const fail = (problem: string): never => {
        const position = locate(load(file).text, [...at, '$ref']);
        throw new CodegenError(problem, {
          file: display(file),
          ...(position ? { line: position.line, column: position.column } : {}),
          pointer: toPointer([...at, '$ref']),
        });
      };
      const [target = '', fragment = ''] = ref.split('#', 2);
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        fail(`remote $ref "${ref}" is not allowed; copy the file next to the spec and pin it`);
      }
      const targetFile = target === '' ? file : path.resolve(path.dirname(file), target);
      if (path.dirname(targetFile) !== folder && !targetFile.startsWith(folder + path.sep)) {
        fail(`$ref "${ref}" leaves the spec's folder; keep referenced files beside the spec`);
      }
      if (targetFile === rootFile) return { ...node, $ref: `#${fragment}` };
      const key = `${targetFile}#${fragment}`;
      if (stack.includes(key)) {
        fail(
          `circular $ref "${ref}" across files; move the schema into the root spec's components`,
        );
      }
      let loaded: LoadedFile;
      try {
        loaded = load(targetFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          fail(`$ref "${ref}": file not found`);
        throw error;
      }
      const targetPath = parsePointer(fragment);
      const value = getAt(loaded.value, targetPath);
      if (value === undefined) fail(`$ref "${ref}" does not resolve: no value at #${fragment}`);
      return visit(value, targetFile, targetPath, [...stack, key]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = visit(v, file, [...at, k], stack);
    return out;
  };

  return visit(root, rootFile, [], []);
}

/** True when any `$ref` in the document points outside it (cheap pre-check). */
export function hasExternalRefs(text: string): boolean {
  return /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"']/.test(text);
}
