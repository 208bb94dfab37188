import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { runOrThrow } from './exec.js';
import { inspectTarball } from './pack.js';
import { extractTarball } from './tarball.js';
import { findWorkspaceRoot, listPublishablePackages, type PackageJson } from './workspace.js';

export interface InstallOptions {
  /**
   * `link` (default): unpack each tarball into node_modules/<name> and link
   * its third-party dependencies from the workspace's own install, so no
   * registry is needed. `npm`: `npm install <tarball...>` against the
   * registry, slower and online but byte-for-byte what a user runs.
   */
  mode?: 'link' | 'npm';
  /** The workspace whose node_modules supplies third-party dependencies in `link` mode. */
  workspaceRoot?: string;
}

export interface InstalledPackage {
  name: string;
  version: string;
  manifest: PackageJson;
  /** Where it landed: <app>/node_modules/<name>. */
  dir: string;
}

export interface InstalledApp {
  /** The app directory; scripts placed here resolve the installed packages like user code. */
  dir: string;
  mode: 'link' | 'npm';
  packages: InstalledPackage[];
  durationMs: number;
}

/**
 * Installs packed tarballs into a fresh app directory the way a user's
 * project receives them. Outside the workspace tree, nothing resolves through
 * a parent node_modules, so a dependency the tarball forgot to declare fails
 * the import. Optional peers are left out, as a user who never opted in
 * would have it.
 */
export async function installTarballs(
  tarballs: readonly string[],
  dir: string,
  options: InstallOptions = {},
): Promise<InstalledApp> {
  const started = performance.now();
  const mode = options.mode ?? 'link';
  assertOutsideAnyNodeModules(dir);
  const packs = tarballs.map((tarball) => inspectTarball(tarball));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const appManifest = {
    name: 'packaging-smoke-app',
    version: '0.0.0',
    private: true,
    dependencies: Object.fromEntries(
      packs.map((pack) => [pack.manifest.name, `file:${pack.tarball}`]),
    ),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`);

  if (mode === 'npm') {
    await runOrThrow(
      'npm',
      [
        'install',
        ...tarballs,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--loglevel=error',
      ],
      { cwd: dir, timeoutMs: 180_000 },
    );
  } else {
    const root = options.workspaceRoot ?? findWorkspaceRoot(import.meta.dirname);
    const sources = new Map(listPublishablePackages(root).map((pkg) => [pkg.name, pkg.dir]));
    for (const pack of packs)
      extractTarball(pack.tarball, join(dir, 'node_modules', pack.manifest.name));
    const installed = new Set(packs.map((pack) => pack.manifest.name));
    for (const pack of packs) {
      const sourceDir = sources.get(pack.manifest.name);
      if (!sourceDir)
        throw new Error(`${pack.manifest.name} is not a publishable package of ${root}`);
      for (const [dep, spec] of Object.entries(runtimeDependencies(pack.manifest))) {
        if (installed.has(dep)) continue;
        if (sources.has(dep)) {
          throw new Error(
            `${pack.manifest.name} depends on ${dep}: pack and install ${dep} alongside it`,
          );
        }
        linkDependency(dir, dep, spec, sourceDir, root, pack.manifest.name);
      }
    }
  }

  return {
    dir,
    mode,
    packages: packs.map((pack) => {
      const pkgDir = join(dir, 'node_modules', pack.manifest.name);
      const manifest = JSON.parse(
        readFileSync(join(pkgDir, 'package.json'), 'utf8'),
      ) as PackageJson;
      return { name: manifest.name, version: manifest.version, manifest, dir: pkgDir };
    }),
    durationMs: performance.now() - started,
  };
}

/** `dependencies` plus peers a user must install (optional peers are not). */
function runtimeDependencies(manifest: PackageJson): Record<string, string> {
  const required = { ...manifest.dependencies };
  for (const [name, spec] of Object.entries(manifest.peerDependencies ?? {})) {
    if (!manifest.peerDependenciesMeta?.[name]?.optional) required[name] = spec;
  }
  return required;
}

/**
 * Links `dep` into the app's node_modules from the copy the workspace
 * installed for the package that declares it. Linking the real path inside
 * the pnpm store keeps that copy's own dependencies resolvable beside it.
 */
function linkDependency(
  appDir: string,
  dep: string,
  spec: string,
  sourceDir: string,
  root: string,
  owner: string,
): void {
  const real = locateInstalled(dep, sourceDir, root);
  if (!real) {
    throw new Error(
      `${owner} declares ${dep}@${spec} but the workspace has no installed copy: run \`pnpm install\``,
    );
  }
  const version = (JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as PackageJson)
    .version;
  if (/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec) && spec !== version) {
    throw new Error(
      `${owner} declares ${dep}@${spec} but the workspace installed ${version}: run \`pnpm install\``,
    );
  }
  const link = join(appDir, 'node_modules', dep);
  if (existsSync(link)) {
    if (realpathSync(link) === real) return;
    throw new Error(
      `${dep} is needed at two versions (${readlinkSync(link)} and ${real}); align them in the catalog`,
    );
  }
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(real, link, 'junction');
}

function locateInstalled(dep: string, fromDir: string, root: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', dep);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === root) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A node_modules above the app would let undeclared dependencies resolve and hide the bug. */
function assertOutsideAnyNodeModules(dir: string): void {
  let current = dirname(dir);
  for (;;) {
    if (existsSync(join(current, 'node_modules'))) {
      throw new Error(
        `${dir} sits below ${join(current, 'node_modules')}; install into a directory with no node_modules above it (e.g. under os.tmpdir())`,
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
