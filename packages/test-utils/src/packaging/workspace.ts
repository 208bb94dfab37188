import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The subset of package.json the packaging checks read. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  sideEffects?: unknown;
  files?: unknown;
  exports?: unknown;
  bin?: unknown;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  name: string;
  /** Absolute directory of the package. */
  dir: string;
  manifest: PackageJson;
}

/** Walks up from `from` to the directory holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

export function readManifest(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * Every package that gets published: each packages/<name> plus conformance/
 * whose package.json is not `"private": true`, sorted by name so runs are
 * reproducible.
 */
export function listPublishablePackages(root: string): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  const dirs = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesDir, entry.name));
  dirs.push(join(root, 'conformance'));
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `packageManager` from the root package.json, e.g. `pnpm@10.34.9`, so packing uses the pinned pnpm. */
export function pinnedPackageManager(root: string): string {
  const spec = readManifest(root).packageManager;
  if (typeof spec !== 'string' || !spec.startsWith('pnpm@')) {
    throw new Error(
      'the root package.json must pin pnpm in "packageManager" (e.g. "pnpm@10.34.9")',
    );
  }
  // Drop a "+sha512..." integrity suffix corepack may add.
  return spec.split('+')[0]!;
}
