import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadSpec } from '@org/codegen/src/spec/load.js';
import { parse } from 'yaml';
import { ReleaseError } from '../errors.js';
import { git, gitText } from '../git.js';
import { compareVersions } from '../semver.js';

/** A release of a package, found by its git tag. */
export interface ReleasedVersion {
  /** `<npm name>@<version>`, the tag changesets writes and the release tool creates. */
  readonly tag: string;
  readonly version: string;
}

/**
 * The last release of `npm` at or below `atMost`, from git tags named
 * `<npm>@<version>`. The tag marks the commit the release was published from,
 * so the spec in that commit is the released spec: nothing is copied at
 * release time. Tags that are not plain versions are ignored.
 */
export async function findLastRelease(
  root: string,
  npm: string,
  atMost: string,
): Promise<ReleasedVersion | undefined> {
  const out = await gitText(root, ['tag', '--list', `${npm}@*`]);
  const versions = out
    .split('\n')
    .map((line) => line.trim())
    .filter((tag) => tag.startsWith(`${npm}@`))
    .map((tag) => ({ tag, version: tag.slice(npm.length + 1) }))
    .filter(({ version }) => /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    .filter(({ version }) => compareVersions(version, atMost) <= 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  return versions[0];
}

/**
 * Loads the spec `specDir` held at `tag`, as codegen loaded it then: the
 * folder is written to a temporary directory (spec, overlay and any
 * same-folder `$ref` files) and read with codegen's loader, so conversion
 * and overlay match the released package.
 */
export async function loadReleasedSpec(
  root: string,
  tag: string,
  specDir: string,
): Promise<Record<string, any>> {
  const packText = await gitText(root, ['show', `refs/tags/${tag}:${specDir}/pack.yaml`]).catch(
    (error: Error) => {
      throw new ReleaseError(
        `tag ${tag} has no ${specDir}/pack.yaml (${error.message}); was the tag put on the wrong commit?`,
      );
    },
  );
  const pack = parse(packText) as { spec?: unknown; overlay?: unknown };
  if (typeof pack?.spec !== 'string')
    throw new ReleaseError(`${specDir}/pack.yaml at ${tag} names no spec file`);
  const files = (
    await gitText(root, ['ls-tree', '-r', '--name-only', `refs/tags/${tag}`, '--', `${specDir}/`])
  )
    .split('\n')
    .filter(Boolean);
  const dir = await mkdtemp(join(tmpdir(), 'released-spec-'));
  try {
    for (const file of files) {
      const target = join(dir, file);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await git(root, ['show', `refs/tags/${tag}:${file}`]));
    }
    const loaded = await loadSpec(join(dir, specDir, pack.spec), {
      overlay: typeof pack.overlay === 'string' ? join(dir, specDir, pack.overlay) : undefined,
      display: (file) => `${tag}:${file.slice(dir.length + 1)}`,
    });
    return loaded.document;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The current spec of a pack, loaded the way codegen loads it. */
export async function loadCurrentSpec(
  root: string,
  specDir: string,
  spec: string,
  overlay: string | undefined,
): Promise<Record<string, any>> {
  const loaded = await loadSpec(join(root, specDir, spec), {
    overlay: overlay ? join(root, specDir, overlay) : undefined,
    display: (file) => file.slice(root.length + 1),
  });
  return loaded.document;
}
