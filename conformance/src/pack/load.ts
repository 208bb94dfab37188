import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareDocument } from '@org/codegen/src/generate/prepare.js';
import { loadPack } from '@org/codegen/src/pack/load.js';
import { loadSpec } from '@org/codegen/src/spec/load.js';
import type { Json } from '../schema/refs.js';
import type { ClientFactory, OperationRow, PackUnderTest } from './types.js';

/** Every pack folder (`specs/<id>/pack.yaml`) under the workspace root, sorted by id. */
export function discoverPacks(root: string): string[] {
  const specs = join(root, 'specs');
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(specs, entry.name, 'pack.yaml')))
    .map((entry) => join(specs, entry.name))
    .sort();
}

/**
 * Loads a pack as the suite certifies it: pack.yaml and the pinned spec
 * through codegen's own loaders (the same validation, overlay and error
 * responses the client was generated from), then the built client package,
 * found in the workspace by its npm name and imported from its ESM entry.
 */
export async function loadPackUnderTest(root: string, packDir: string): Promise<PackUnderTest> {
  const dir = resolve(packDir);
  const display = (file: string) => relative(root, file) || file;
  const packFile = join(dir, 'pack.yaml');
  const pack = await loadPack(packFile, display(packFile));
  const spec = await loadSpec(join(dir, pack.spec), {
    overlay: pack.overlay ? join(dir, pack.overlay) : undefined,
    display,
  });
  const document = prepareDocument(spec.document, pack, display(packFile));
  const packageDir = findPackage(root, pack.npm);
  const module = (await import(pathToFileURL(entryOf(packageDir)).href)) as Record<string, unknown>;
  const factoryName = Object.keys(module).find(
    (key) => /^create[A-Z]\w*Client$/.test(key) && typeof module[key] === 'function',
  );
  if (!factoryName) throw new Error(`${pack.npm} exports no create<Vendor>Client factory`);
  const manifest = module.manifest as Json | undefined;
  const operations = module.operationTable as OperationRow[] | undefined;
  if (!manifest || !Array.isArray(operations))
    throw new Error(
      `${pack.npm} exports no manifest or operationTable; regenerate it with pnpm codegen`,
    );
  if (manifest.spec?.sha256 !== spec.sha256)
    throw new Error(
      `${pack.npm} was generated from spec ${String(manifest.spec?.sha256).slice(0, 12)}, but ${display(join(dir, pack.spec))} hashes to ${spec.sha256.slice(0, 12)}; run pnpm codegen`,
    );
  return {
    id: pack.id,
    npm: pack.npm,
    version: readJson(join(packageDir, 'package.json')).version as string,
    pack,
    dir,
    document,
    specSha256: spec.sha256,
    packageDir,
    manifest,
    operations,
    createClient: module[factoryName] as ClientFactory,
    factoryName,
    exports: module,
    waivers: pack.conformance?.waivers ?? [],
  };
}

/** The workspace folder holding the package named `name` (packages/* first). */
export function findPackage(root: string, name: string): string {
  for (const parent of ['packages', '.']) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const manifest = join(base, entry.name, 'package.json');
      if (entry.isDirectory() && existsSync(manifest) && readJson(manifest).name === name)
        return join(base, entry.name);
    }
  }
  throw new Error(`no package named ${name} in the workspace; run pnpm codegen to generate it`);
}

/** The file `import(name)` loads: exports["."].import, else module/main. */
function entryOf(packageDir: string): string {
  const manifest = readJson(join(packageDir, 'package.json'));
  const root = (manifest.exports as Json | undefined)?.['.'];
  const target =
    (typeof root === 'string' ? root : (root?.import?.default ?? root?.import ?? root?.default)) ??
    manifest.module ??
    manifest.main;
  const file = join(packageDir, String(target));
  if (!existsSync(file))
    throw new Error(
      `${manifest.name} is not built (${relative(packageDir, file)} missing); run pnpm build`,
    );
  return file;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}
