import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReleaseError } from '../errors.js';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  files?: string[];
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  /** Absolute folder. */
  readonly dir: string;
  /** Folder relative to the workspace root, with `/`. */
  readonly path: string;
  readonly manifest: Manifest;
  /** Workspace packages this one needs at run time (dependencies, peers, optional). */
  readonly needs: readonly string[];
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Every workspace package folder, relative to the root: what the
 * pnpm-workspace.yaml globs (`dir` or `dir/*`) name and holds a package.json.
 */
export function listWorkspaceDirs(root: string): string[] {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) throw new ReleaseError(`${file} is missing: run from the workspace root`);
  const globs = (parse(readFileSync(file, 'utf8')) as { packages?: string[] })?.packages ?? [];
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true }))
        if (entry.isDirectory()) dirs.push(`${glob.slice(0, -2)}/${entry.name}`);
    } else if (!glob.includes('*')) {
      dirs.push(glob);
    } else {
      throw new ReleaseError(
        `pnpm-workspace.yaml glob "${glob}" is not supported by the release tool: use "dir" or "dir/*"`,
      );
    }
  }
  return dirs.filter((path) => existsSync(join(root, path, 'package.json'))).sort();
}

/**
 * The packages `pnpm publish` would ship: workspace packages whose
 * package.json is not private, in dependency order (a package after the
 * workspace packages it needs), then by name.
 */
export function listPublishable(root: string): WorkspacePackage[] {
  const dirs = listWorkspaceDirs(root);
  const all = dirs.map((path) => ({
    path,
    dir: join(root, path),
    manifest: readManifest(join(root, path)),
  }));
  const names = new Set(all.map((pkg) => pkg.manifest.name));
  const publishable = all
    .filter((pkg) => pkg.manifest.private !== true)
    .map(
      (pkg): WorkspacePackage => ({
        name: pkg.manifest.name,
        version: pkg.manifest.version,
        dir: pkg.dir,
        path: pkg.path,
        manifest: pkg.manifest,
        needs: Object.keys({
          ...pkg.manifest.dependencies,
          ...pkg.manifest.peerDependencies,
          ...pkg.manifest.optionalDependencies,
        })
          .filter((dep) => names.has(dep))
          .sort(),
      }),
    );
  return dependencyOrder(publishable);
}

/** Kahn's algorithm, ties broken by name so the order is stable. */
export function dependencyOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const done = new Set<string>();
  while (ordered.length < packages.length) {
    const ready = packages
      .filter((pkg) => !done.has(pkg.name))
      .filter((pkg) => pkg.needs.every((dep) => done.has(dep) || !byName.has(dep)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) {
      const cycle = packages.filter((pkg) => !done.has(pkg.name)).map((pkg) => pkg.name);
      throw new ReleaseError(
        `workspace packages depend on each other in a cycle: ${cycle.join(', ')}`,
      );
    }
    for (const pkg of ready) {
      ordered.push(pkg);
      done.add(pkg.name);
    }
  }
  return ordered;
}
