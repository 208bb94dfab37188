import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { CodegenError } from '../errors.js';
import { pascalCase } from '../generate/context.js';
import { type Progress, packageDirOf } from '../generate/pack.js';
import { renderLibraryConfig } from '../generate/tsup-config.js';
import { packSchema } from '../pack/schema.js';
import { loadSpec } from '../spec/load.js';
import { parseDocumentText } from '../spec/parse.js';
import { inferPack } from './infer.js';

export interface ScaffoldOptions {
  readonly root: string;
  readonly vendor: string;
  readonly specFile: string;
  readonly progress?: Progress;
}

/**
 * `codegen new <vendor> --spec <file>`: pins the spec (and the files its
 * `$ref`s reach in its folder) under specs/<vendor>/, writes SOURCE.yaml and
 * an inferred pack.yaml, and the package's hand-written parts. Generation
 * itself is the caller's next step. Refuses to overwrite an existing pack.
 */
export async function scaffoldPack(options: ScaffoldOptions): Promise<string[]> {
  const { root, vendor, specFile } = options;
  const progress = options.progress ?? (() => {});
  if (!/^[a-z][a-z0-9-]*$/.test(vendor)) {
    throw new CodegenError(`vendor id "${vendor}" must be lower-case letters, digits and dashes`);
  }
  const specDir = `specs/${vendor}`;
  if (await exists(path.join(root, specDir, 'pack.yaml'))) {
    throw new CodegenError(
      `${specDir}/pack.yaml already exists; edit it and run \`pnpm codegen ${vendor}\``,
    );
  }
  const spec = await loadSpec(specFile, { display: (file) => path.basename(file) });
  progress(`${vendor}: spec read, ${Object.keys(spec.document.paths).length} paths`);

  const created: string[] = [];
  const write = async (rel: string, content: string) => {
    const target = path.join(root, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    created.push(rel);
  };

  const specName = path.basename(specFile);
  for (const file of await referencedFiles(specFile)) {
    const rel = `${specDir}/${path.relative(path.dirname(specFile), file).split(path.sep).join('/')}`;
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await copyFile(file, path.join(root, rel));
    created.push(rel);
  }

  const info = spec.document.info ?? {};
  const license = info.license ?? {};
  await write(
    `${specDir}/SOURCE.yaml`,
    `# Provenance of the pinned spec. Fill in origin before publishing.\n${stringify({
      file: specName,
      origin: {
        note: 'Where this file came from: npm package + path + version, or the vendor doc URLs.',
      },
      title: String(info.title ?? ''),
      version: String(info.version ?? ''),
      format: `${spec.sourceVersion.startsWith('2') ? 'swagger' : 'openapi'} ${spec.sourceVersion}`,
      sha256: spec.sha256,
      license: {
        name: String(
          license.identifier ?? license.name ?? 'UNKNOWN: check the vendor terms before publishing',
        ),
        ...(license.url ? { url: String(license.url) } : {}),
        from: 'info.license of the spec',
      },
    })}`,
  );

  const inferred = inferPack(vendor, specName, spec.document);
  // The inferred pack must itself validate, or the scaffold is broken.
  packSchema.parse(inferred.pack);
  await write(
    `${specDir}/pack.yaml`,
    `# Scaffolded by \`codegen new\` from ${specName}. Review every line, then run \`pnpm codegen ${vendor}\`.\n${inferred.notes
      .map((note) => `# - ${note}`)
      .join('\n')}\n${stringify(inferred.pack, { lineWidth: 0 })}`,
  );

  const packageDir = packageDirOf(String(inferred.pack.npm));
  const Name = pascalCase(vendor);
  const auth = (inferred.pack.auth as { type: string }).type;
  const servers = inferred.pack.servers as { templates?: unknown[] };
  const clientExports = [
    `create${Name}Client`,
    `type ${Name}Client`,
    `type ${Name}ClientOptions`,
    ...(auth === 'basic' ? [`type ${Name}Credentials`] : []),
    ...(servers.templates?.length ? [`type ${Name}Server`] : []),
  ];
  await write(
    `${packageDir}/src/index.ts`,
    `export {\n${clientExports.map((name) => `  ${name},`).join('\n')}\n} from './generated/client.js';
export { type Manifest, manifest } from './generated/manifest.js';
export { type OperationMetadata, operationTable } from './generated/operations.js';
export type { components, operations, paths } from './generated/types.js';
`,
  );
  await write(`${packageDir}/tsup.config.ts`, renderLibraryConfig("{ index: 'src/index.ts' }"));
  await write(
    `${packageDir}/tsconfig.json`,
    `{\n  "extends": "../../tsconfig.base.json",\n  "include": ["src", "test"]\n}\n`,
  );
  await write(
    `${packageDir}/vitest.config.ts`,
    `import { defineProject } from 'vitest/config';\n\nexport default defineProject({\n  test: {\n    name: '${vendor}-client',\n    include: ['test/**/*.test.ts'],\n  },\n});\n`,
  );
  progress(`${vendor}: scaffolded ${created.length} files`);
  return created;
}

/** The spec and every file its `$ref`s reach, transitively, in the order first met. */
async function referencedFiles(specFile: string): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [path.resolve(specFile)];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    const refs = new Set<string>();
    collectRefs(parseDocumentText(text, path.basename(file)), refs);
    for (const ref of refs) {
      const target = ref.split('#', 1)[0]!;
      if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target))
        queue.push(path.resolve(path.dirname(file), target));
    }
  }
  return [...seen];
}

function collectRefs(node: unknown, refs: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, refs);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      else collectRefs(value, refs);
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
