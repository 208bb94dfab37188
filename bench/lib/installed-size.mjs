// Installed size of a package with everything it pulls in, whatever the
// layout (npm's flat node_modules or pnpm's symlinked store): walk the
// dependency graph with Node's resolution rules from each package's real
// directory, count each package directory once, and sum its files' sizes
// (apparent bytes, nested node_modules left to the packages they hold).
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Sum of file sizes under `dir`, skipping nested node_modules and symlinks. */
export function directoryBytes(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      const inner = directoryBytes(path);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += lstatSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

/** The directory of package `name` as Node resolves it from inside `fromDir`, or undefined. */
export function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Every package `packageDir` brings along, itself included: runtime
 * dependencies, required peers, and optional dependencies that got installed.
 * Optional peers are left out, as a user who never opted in has them.
 */
export function installedClosure(packageDir) {
  const packages = new Map();
  const visit = (dir) => {
    const real = realpathSync(dir);
    if (packages.has(real)) return;
    const manifest = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8'));
    const { bytes, files } = directoryBytes(real);
    packages.set(real, { name: manifest.name, version: manifest.version, bytes, files });
    const required = { ...manifest.dependencies };
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[name]?.optional)
        required[name] = manifest.peerDependencies[name];
    }
    for (const name of Object.keys(required)) {
      const found = resolvePackageDir(name, real);
      if (!found)
        throw new Error(`${manifest.name} needs ${name}, which is not installed beside it`);
      visit(found);
    }
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      const found = resolvePackageDir(name, real);
      if (found) visit(found);
    }
  };
  visit(packageDir);
  const list = [...packages.values()].sort((a, b) => b.bytes - a.bytes);
  return {
    bytes: list.reduce((sum, p) => sum + p.bytes, 0),
    files: list.reduce((sum, p) => sum + p.files, 0),
    packages: list,
  };
}
