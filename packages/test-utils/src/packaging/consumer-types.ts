import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type ts from 'typescript';
import type { PackageJson } from './workspace.js';

/** `nodenext`: an ESM (.mts) and a CJS (.cts) file in one program; `bundler`: one .ts file. */
export type ConsumerResolution = 'nodenext' | 'bundler';

export interface ConsumerTypeTarget {
  /** A specifier users import, e.g. `@org/core/errors`. */
  specifier: string;
  /** Value export names at runtime: `Object.keys` of the ESM namespace and of CJS `module.exports`. */
  runtimeExports: { esm: readonly string[]; cjs: readonly string[] };
  /**
   * For a generated client package: its factory (`createTwilioClient`),
   * whose client must be typed from the spec's `paths` (each of `GET`,
   * `POST`, `PUT`, `PATCH` and `DELETE` takes every path with that method, a
   * path no spec has fails to compile, middleware is contextually typed),
   * whether or not the app
   * installs openapi-fetch. Where it does (`openapiFetch` of
   * typeCheckConsumer's options), the client must also be assignable to
   * openapi-fetch's `Client<paths>` and take its `Middleware` as the
   * consumer's own file imports openapi-fetch (ESM types from an ESM file,
   * CJS types from a CJS one): two declarations of `Client` are too large
   * for TypeScript to compare structurally (TS2590), so the client must be
   * that very type.
   */
  openapiClientFactory?: string;
}

export interface ConsumerTypeOptions {
  /** Whether the app installs openapi-fetch itself, so consumers may import it. Default false. */
  openapiFetch?: boolean;
}

export interface ConsumerTypeReport {
  /** Files type-checked, relative to the app. */
  files: string[];
  /** Diagnostics that fail the check, as `file:line: message`. */
  problems: string[];
  /** Declarations naming an optional peer the app did not install, which the user opted out of. */
  ignored: string[];
}

const CANNOT_FIND_MODULE = 2307;

/**
 * The compiler options of a consumer app that type-checks with skipLibCheck
 * off, under NodeNext (ESM and CJS files) or Bundler resolution.
 */
export function consumerCompilerOptions(
  ts: typeof import('typescript'),
  resolution: ConsumerResolution,
): import('typescript').CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    ...(resolution === 'nodenext'
      ? { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }
      : { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
  };
}

/**
 * Type-checks an app's use of installed packages the way a user's compiler
 * sees them: `skipLibCheck: false` (so every declaration file reached is
 * checked, including its imports of other packages), no `@types/*`, and for
 * each specifier a compile-time assertion that its declared value exports
 * are exactly those it has at runtime in that format. A subpath whose types
 * degrade to `any`, lose an export, or resolve to the other format's
 * declarations with different exports fails here. Under `nodenext` the ESM
 * file imports with the `import` condition and the CJS file with `require`;
 * under `bundler` the one file uses `import`. Generated clients get the
 * checks described at `openapiClientFactory`.
 */
export async function typeCheckConsumer(
  appDir: string,
  targets: readonly ConsumerTypeTarget[],
  resolution: ConsumerResolution,
  checks: ConsumerTypeOptions = {},
): Promise<ConsumerTypeReport> {
  // Loaded here, not at the top: the release CLI and the conformance suite
  // import this module for its other checks and never compile anything.
  const { default: ts } = await import('typescript');
  const files =
    resolution === 'nodenext'
      ? [
          writeConsumer(appDir, 'consumer-types.mts', targets, 'esm', checks),
          writeConsumer(appDir, 'consumer-types.cts', targets, 'cjs', checks),
        ]
      : [writeConsumer(appDir, 'consumer-types-bundler.ts', targets, 'esm', checks)];
  const options = consumerCompilerOptions(ts, resolution);
  const program = ts.createProgram(files, options);
  const report: ConsumerTypeReport = {
    files: files.map((file) => relative(appDir, file)),
    problems: [],
    ignored: [],
  };
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where = diagnostic.file
      ? `${relative(appDir, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : '(program)';
    const line = `${where}: ${message}`;
    if (
      diagnostic.code === CANNOT_FIND_MODULE &&
      diagnostic.file &&
      isMissingOptionalPeer(appDir, diagnostic.file.fileName, message)
    ) {
      report.ignored.push(line);
    } else {
      report.problems.push(
        diagnostic.file && files.includes(diagnostic.file.fileName)
          ? `${line} [${sourceLine(diagnostic.file, diagnostic.start ?? 0)}]`
          : line,
      );
    }
  }
  report.problems.sort();
  report.ignored.sort();
  return report;
}

function writeConsumer(
  appDir: string,
  name: string,
  targets: readonly ConsumerTypeTarget[],
  format: 'esm' | 'cjs',
  options: ConsumerTypeOptions,
): string {
  const checks = targets.map((target, i) => {
    const names = target.runtimeExports[format];
    const runtime = names.length ? names.map((n) => JSON.stringify(n)).join(' | ') : 'never';
    return [
      `type M${i} = typeof import(${JSON.stringify(target.specifier)});`,
      `type R${i} = ${runtime};`,
      `export const declaredOnly${i}: NoneOf<Exclude<keyof M${i}, R${i}>> = true; // ${target.specifier}: declared, missing at runtime`,
      `export const undeclared${i}: NoneOf<Exclude<R${i}, keyof M${i}>> = true; // ${target.specifier}: at runtime, not declared`,
      ...(target.openapiClientFactory
        ? openapiClientChecks(i, target.specifier, target.openapiClientFactory, options)
        : []),
    ].join('\n');
  });
  const file = join(appDir, name);
  writeFileSync(
    file,
    `// Written by the packaging checks: each specifier's declared value exports are its ${format.toUpperCase()} runtime exports.
type NoneOf<T> = [T] extends [never] ? true : T;
type PathsWith<P, M extends string> = { [K in keyof P]: P[K] extends { [X in M]: any } ? K : never }[keyof P];

${checks.join('\n\n')}
`,
  );
  return file;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The checks of a generated client: see ConsumerTypeTarget.openapiClientFactory. */
function openapiClientChecks(
  i: number,
  specifier: string,
  factory: string,
  options: ConsumerTypeOptions,
): string[] {
  const module = `import(${JSON.stringify(specifier)})`;
  return [
    `declare const client${i}: ReturnType<M${i}[${JSON.stringify(factory)}]>;`,
    `type Paths${i} = ${module}.paths;`,
    ...METHODS.flatMap((method) => {
      const name = `${method.toLowerCase()}${i}`;
      return [
        `declare const ${name}Path: PathsWith<Paths${i}, '${method.toLowerCase()}'>;`,
        `void client${i}.${method}(${name}Path, {} as any); // ${specifier}: ${method} takes every path of the spec with a ${method.toLowerCase()}`,
      ];
    }),
    `// @ts-expect-error: ${specifier}: a path no spec has`,
    `void client${i}.POST('/no/such/path/in/any/spec');`,
    `client${i}.use({ onRequest: ({ request }) => request }); // ${specifier}: middleware is contextually typed`,
    ...(options.openapiFetch
      ? [
          `export const openapiFetch${i}: import('openapi-fetch').Client<${module}.paths> = client${i}; // ${specifier}: its client is openapi-fetch's Client as this file imports it`,
          `declare const middleware${i}: import('openapi-fetch').Middleware;`,
          `client${i}.use(middleware${i}); // ${specifier}: takes openapi-fetch's own Middleware`,
        ]
      : []),
  ];
}

/**
 * A "Cannot find module" in a declaration file of an installed package, for
 * a package that one declares as an optional peer and the app did not
 * install (`@opentelemetry/api` for core's telemetry types): the user who
 * opts in installs it.
 */
function isMissingOptionalPeer(appDir: string, file: string, message: string): boolean {
  const modules = join(appDir, 'node_modules');
  const inside = relative(modules, file).split(sep);
  if (inside[0] === '..' || inside.length < 2) return false;
  const owner = inside[0]!.startsWith('@') ? inside.slice(0, 2).join('/') : inside[0]!;
  const specifier = /Cannot find module '([^']+)'/.exec(message)?.[1];
  if (specifier === undefined || specifier.startsWith('.')) return false;
  const parts = specifier.split('/');
  const peer = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  if (existsSync(join(modules, peer, 'package.json'))) return false;
  const manifest = JSON.parse(
    readFileSync(join(modules, owner, 'package.json'), 'utf8'),
  ) as PackageJson;
  return manifest.peerDependenciesMeta?.[peer]?.optional === true;
}

function sourceLine(file: ts.SourceFile, position: number): string {
  const { line } = file.getLineAndCharacterOfPosition(position);
  const start = file.getPositionOfLineAndCharacter(line, 0);
  return file.text.slice(start, file.text.indexOf('\n', start)).trim();
}
