import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface NodeRuntime {
  /** `node20` or `node24`. */
  label: string;
  /** Absolute path of the node executable (never a node_modules/.bin wrapper). */
  bin: string;
  version: string;
}

const EXE = process.platform === 'win32' ? 'node.exe' : 'node';

/** The oldest Node the packages promise to run on (`engines.node`). */
const NODE20_FLOOR = [20, 19] as const;

/**
 * The two runtimes users bring: the machine's own Node 20 (first `node` on
 * PATH outside any node_modules/.bin, because package managers put the
 * workspace's Node 24 there) and the workspace's pinned Node 24, called by
 * its real binary: the .bin wrapper exports NODE_PATH into the pnpm store,
 * which would let an undeclared dependency resolve.
 */
export function findNodeRuntimes(root: string): NodeRuntime[] {
  return [findSystemNode20(), findWorkspaceNode(root)];
}

export function findSystemNode20(): NodeRuntime {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.split(/[\\/]/).includes('node_modules')) continue;
    const candidate = join(dir, EXE);
    if (!isExecutable(candidate)) continue;
    const real = realpathSync(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    const version = versionOf(real);
    found.push(`${real} (${version})`);
    if (!version.startsWith('v20.')) continue;
    const [major, minor] = version.slice(1).split('.').map(Number);
    if (major === NODE20_FLOOR[0] && (minor ?? 0) < NODE20_FLOOR[1]) {
      throw new Error(
        `${real} is ${version}; the packages support Node >= 20.19, install a newer Node 20`,
      );
    }
    return { label: 'node20', bin: real, version };
  }
  throw new Error(
    `no Node 20 on PATH outside node_modules/.bin (found: ${found.join(', ') || 'none'}); ` +
      'the packaging test runs the built packages on the oldest supported Node, install Node 20.19+',
  );
}

export function findWorkspaceNode(root: string): NodeRuntime {
  const bin = join(root, 'node_modules', 'node', 'bin', EXE);
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} is missing: run \`pnpm install\` (the root devDependency "node" provides Node 24)`,
    );
  }
  const version = versionOf(bin);
  return { label: `node${version.slice(1).split('.')[0]}`, bin, version };
}

function versionOf(bin: string): string {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
