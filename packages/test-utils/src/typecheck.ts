import path from 'node:path';
import ts from 'typescript';

export interface TypeCheckOptions {
  /** The package the snippet is checked inside; its `test/` holds the virtual file. */
  packageDir: string;
  /** Import specifiers mapped to source files, e.g. `{ '@org/core/auth': ['…/src/auth/index.ts'] }`. */
  paths?: Record<string, string[]>;
}

/**
 * Type-checks a README snippet as an ES module the way a user's NodeNext
 * project would, with the package's entries mapped to its source. Returns the
 * diagnostics' messages: an empty list means it compiles.
 */
export function typeCheckSnippet(source: string, options: TypeCheckOptions): string[] {
  const file = path.join(options.packageDir, 'test', '__readme_example__.ts');
  const root = path.resolve(options.packageDir, '../..');
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules/@types')],
    paths: options.paths,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const readFromDisk = host.readFile.bind(host);
  const existsOnDisk = host.fileExists.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? source : readFromDisk(name));
  host.fileExists = (name) => path.resolve(name) === file || existsOnDisk(name);
  const program = ts.createProgram([file], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** The ```ts blocks of a Markdown text, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}
