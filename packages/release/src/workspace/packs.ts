import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPack } from '@org/codegen/src/pack/load.js';
import { loadSource } from '@org/codegen/src/pack/source.js';

/** A vendor pack: `specs/<id>/` and the package generated from it. */
export interface PackInfo {
  readonly id: string;
  /** npm name of the generated package. */
  readonly npm: string;
  /** `specs/<id>` relative to the root. */
  readonly specDir: string;
  /** Spec file name inside specDir (pack.yaml `spec`). */
  readonly spec: string;
  /** Overlay file name inside specDir (pack.yaml `overlay`), if any. */
  readonly overlay: string | undefined;
  /** sha256 SOURCE.yaml records for the pinned spec. */
  readonly sourceSha256: string;
  /** sha256 of the spec file's bytes as they are now. */
  readonly fileSha256: string;
}

/** Every `specs/<id>/pack.yaml`, loaded with codegen's own validation, sorted by id. */
export async function listPacks(root: string): Promise<PackInfo[]> {
  const specs = join(root, 'specs');
  if (!existsSync(specs)) return [];
  const ids = readdirSync(specs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(specs, entry.name, 'pack.yaml')))
    .map((entry) => entry.name)
    .sort();
  const packs: PackInfo[] = [];
  for (const id of ids) {
    const specDir = `specs/${id}`;
    const pack = await loadPack(join(root, specDir, 'pack.yaml'), `${specDir}/pack.yaml`);
    const source = await loadSource(join(root, specDir, 'SOURCE.yaml'), `${specDir}/SOURCE.yaml`);
    const bytes = readFileSync(join(root, specDir, pack.spec));
    packs.push({
      id: pack.id,
      npm: pack.npm,
      specDir,
      spec: pack.spec,
      overlay: pack.overlay,
      sourceSha256: source.sha256,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return packs;
}
