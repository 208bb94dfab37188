import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedPack } from './pack.js';

export interface StaleFile {
  readonly path: string;
  readonly reason: 'missing' | 'changed' | 'orphaned';
}

/** Files under `outRoot` that differ from what generation produced, plus orphans in src/generated. */
export async function findStale(
  outRoot: string,
  packs: readonly GeneratedPack[],
): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const pack of packs) {
    for (const file of pack.files) {
      const current = await readFile(path.join(outRoot, file.path), 'utf8').catch(() => undefined);
      if (current === undefined) stale.push({ path: file.path, reason: 'missing' });
      else if (current !== file.content) stale.push({ path: file.path, reason: 'changed' });
    }
    for (const orphan of await orphans(outRoot, pack))
      stale.push({ path: orphan, reason: 'orphaned' });
  }
  return stale;
}

/** Writes changed files only (unchanged files keep their mtime) and removes orphans. Returns what changed. */
export async function writePacks(
  outRoot: string,
  packs: readonly GeneratedPack[],
): Promise<StaleFile[]> {
  const stale = await findStale(outRoot, packs);
  const byPath = new Map(
    packs.flatMap((pack) => pack.files.map((file) => [file.path, file.content])),
  );
  for (const file of stale) {
    const target = path.join(outRoot, file.path);
    if (file.reason === 'orphaned') {
      await rm(target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, byPath.get(file.path)!);
  }
  return stale;
}

async function orphans(outRoot: string, pack: GeneratedPack): Promise<string[]> {
  const dir = `${pack.packageDir}/src/generated`;
  const expected = new Set(pack.files.map((file) => file.path));
  const names = await readdir(path.join(outRoot, dir)).catch(() => [] as string[]);
  return names
    .map((name) => `${dir}/${name}`)
    .filter((file) => !expected.has(file))
    .sort();
}
