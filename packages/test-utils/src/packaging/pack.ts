import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOrThrow } from './exec.js';
import { exportTargets } from './exports-map.js';
import { readTarball } from './tarball.js';
import {
  findWorkspaceRoot,
  type PackageJson,
  pinnedPackageManager,
  readManifest,
} from './workspace.js';

export interface PackedPackage {
  tarball: string;
  /** The package.json as published (workspace and catalog versions rewritten). */
  manifest: PackageJson;
  /** Every file in the tarball, relative to the package root. */
  files: string[];
}

const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

/**
 * Throws when a file the exports map points at does not exist yet: the packaging checks test built output and never build.
 */
export function assertBuilt(dir: string): void {
  const manifest = readManifest(dir);
  const missing = manifestTargets(manifest).filter((target) => !existsSync(join(dir, target)));
  if (missing.length > 0) {
    throw new Error(
      `${manifest.name} is not built: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''} missing. ` +
        'Run `pnpm build` at the workspace root first (`pnpm test` does it for you).',
    );
  }
}

/**
 * Packs a package with the workspace's pinned pnpm, which rewrites
 * `workspace:` and `catalog:` specifiers to real versions exactly as
 * `pnpm publish` does; `npm pack` would ship them verbatim and break every
 * install. Returns the tarball path after checking that nothing was left
 * unrewritten.
 */
export async function packPackage(dir: string, destination: string): Promise<string> {
  assertBuilt(dir);
  mkdirSync(destination, { recursive: true });
  const pnpm = pinnedPackageManager(findWorkspaceRoot(dir));
  const result = await runOrThrow(
    'npx',
    ['-y', pnpm, 'pack', '--pack-destination', destination, '--json'],
    { cwd: dir, timeoutMs: 120_000 },
  );
  const { filename } = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
    filename: string;
  };
  const unrewritten = unrewrittenSpecifiers(inspectTarball(filename).manifest);
  if (unrewritten.length > 0) {
    throw new Error(`${filename} still has workspace-only specifiers: ${unrewritten.join(', ')}`);
  }
  return filename;
}

/** The published package.json and file list of a tarball. */
export function inspectTarball(tarball: string): PackedPackage {
  const entries = readTarball(tarball);
  const manifestEntry = entries.find((entry) => entry.path === 'package.json');
  if (!manifestEntry) throw new Error(`${tarball} has no package.json`);
  return {
    tarball,
    manifest: JSON.parse(manifestEntry.data.toString('utf8')) as PackageJson,
    files: entries.map((entry) => entry.path).sort(),
  };
}

/** `field.name@spec` for every dependency still using a protocol only a workspace understands. */
export function unrewrittenSpecifiers(manifest: PackageJson): string[] {
  const found: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(spec)) found.push(`${field}.${name}@${spec}`);
    }
  }
  return found;
}

/** Files the exports map names (patterns are checkManifest's business). */
function manifestTargets(manifest: PackageJson): string[] {
  const targets = exportTargets(manifest.exports)
    .map((entry) => entry.target.replace(/^\.\//, ''))
    .filter((target) => !target.includes('*') && target !== 'package.json');
  return [...new Set(targets)];
}
