// Packs every published package under packages/ with the workspace's pinned
// pnpm (as `pnpm publish` would) and installs the tarballs together in a
// fresh directory outside the workspace, as a user's project receives them.
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packaging } from './packaging.mjs';

/** Published (non-private) packages under packages/, sorted by name. */
export function publishedPackages(root) {
  return packaging
    .listPublishablePackages(root)
    .filter((pkg) => relative(root, pkg.dir).startsWith('packages/'));
}

/**
 * Packs each package; one that is not built is reported in `skipped`, not
 * thrown, so one package mid-change does not hide the others' figures.
 * `mode`: `npm` installs from the registry like a user (default); `link`
 * links third-party dependencies from the workspace, offline.
 */
export async function packAndInstall(root, work, { mode = 'npm', log = () => {} } = {}) {
  const packed = [];
  const skipped = [];
  for (const pkg of publishedPackages(root)) {
    log(`pack ${pkg.name}`);
    try {
      const tarball = await packaging.packPackage(pkg.dir, join(work, 'tarballs'));
      const { files } = packaging.inspectTarball(tarball);
      packed.push({
        name: pkg.name,
        dir: pkg.dir,
        tarball,
        packedBytes: statSync(tarball).size,
        packedFiles: files.length,
      });
    } catch (error) {
      skipped.push({
        name: pkg.name,
        reason: String(error?.message ?? error).split('\n')[0] ?? '',
      });
    }
  }
  log(`install ${packed.length} tarballs (${mode})`);
  const app = await packaging.installTarballs(
    packed.map((p) => p.tarball),
    join(work, 'app'),
    { mode, workspaceRoot: root },
  );
  return { appDir: app.dir, packed, skipped };
}
