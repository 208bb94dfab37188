import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The bytes of a set of files and folders, to put back after a dry run:
 * `changeset version` rewrites package.json and CHANGELOG.md files and
 * deletes changesets, codegen rewrites generated sources with the new
 * versions. Build output and reports are left alone.
 */
export interface Snapshot {
  restore(): void;
}

/** `paths` are relative to `root`: files, or folders taken whole (recursively). */
export function takeSnapshot(root: string, paths: readonly string[]): Snapshot {
  const files = new Map<string, Buffer | null>();
  const folders = new Set<string>();
  for (const path of paths) {
    const abs = join(root, path);
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      folders.add(abs);
      for (const file of walk(abs)) files.set(file, readFileSync(file));
    } else {
      files.set(abs, existsSync(abs) ? readFileSync(abs) : null);
    }
  }
  return {
    restore() {
      for (const folder of folders) {
        if (!existsSync(folder)) continue;
        for (const file of walk(folder)) if (!files.has(file)) rmSync(file);
      }
      for (const [file, bytes] of files) {
        if (bytes === null) {
          rmSync(file, { force: true });
          continue;
        }
        if (existsSync(file) && readFileSync(file).equals(bytes)) continue;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
      }
    },
  };
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
