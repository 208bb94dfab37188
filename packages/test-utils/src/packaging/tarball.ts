import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  /** Path inside the package, with the leading `package/` removed. */
  path: string;
  mode: number;
  data: Buffer;
}

const BLOCK = 512;

/**
 * Reads the regular files of an npm-style .tgz (ustar with pax or GNU long
 * names, every path under `package/`) in memory, so the checks look at
 * exactly what a user would download, without a system `tar`.
 */
export function readTarball(tgz: string): TarEntry[] {
  const tar = gunzipSync(readFileSync(tgz));
  const entries: TarEntry[] = [];
  let longPath: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longPath = paxPath(body) ?? longPath;
      continue;
    }
    if (type === 'L') {
      longPath = cString(body);
      continue;
    }
    const prefix = cString(header.subarray(345, 500));
    const name = cString(header.subarray(0, 100));
    const path = longPath ?? (prefix ? `${prefix}/${name}` : name);
    longPath = undefined;
    // '0' and NUL are regular files; directories, links and globals are not package content.
    if (type !== '0' && type !== '\0') continue;
    entries.push({
      path: stripPackageDir(path),
      mode: octal(header.subarray(100, 108)),
      data: body,
    });
  }
  return entries;
}

/** Writes the tarball's files under `dest` the way a package manager unpacks one. */
export function extractTarball(tgz: string, dest: string): string[] {
  const files: string[] = [];
  for (const entry of readTarball(tgz)) {
    const target = normalize(join(dest, entry.path));
    if (!target.startsWith(normalize(dest) + sep)) {
      throw new Error(`${tgz}: entry ${entry.path} escapes the package directory`);
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
    chmodSync(target, entry.mode & 0o777 || 0o644);
    files.push(entry.path);
  }
  return files;
}

function stripPackageDir(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

function octal(field: Buffer): number {
  const text = cString(field).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** pax extended header records are `<length> <key>=<value>\n` (POSIX.1-2001 pax format). */
function paxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}
