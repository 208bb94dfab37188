import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway copy of the workspace a dry run works in. */
export interface Sandbox {
  readonly root: string;
  remove(): void;
}

/**
 * Copies the workspace to a temporary folder for `--dry-run`, so `changeset
 * version`, codegen, the build and conformance run for real and the working
 * tree is never touched, even when the run is killed half-way (other people
 * may be editing it). Left out: `.git` (release tags are read from the
 * original), `.reports`, and the root node_modules, which is linked: the
 * packages' own node_modules are copied as they are, relative symlinks into
 * `../../node_modules/.pnpm` and to sibling packages, so they resolve inside
 * the copy. The copy's pnpm-workspace.yaml turns `verifyDepsBeforeRun` off:
 * a version bump must not make pnpm reinstall into the linked node_modules.
 */
export function createSandbox(root: string): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'release-dry-run-'));
  const skip = new Set(['.git', 'node_modules', '.reports'].map((name) => join(root, name)));
  cpSync(root, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !skip.has(source),
  });
  if (existsSync(join(root, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction');
  const workspace = join(dir, 'pnpm-workspace.yaml');
  const yaml = readFileSync(workspace, 'utf8');
  writeFileSync(
    workspace,
    /^verifyDepsBeforeRun:.*$/m.test(yaml)
      ? yaml.replace(/^verifyDepsBeforeRun:.*$/m, 'verifyDepsBeforeRun: false')
      : `${yaml.trimEnd()}\nverifyDepsBeforeRun: false\n`,
  );
  return {
    root: dir,
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
