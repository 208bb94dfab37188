import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Surface } from './api-surface.js';

/** `<snapshots>/<pack-id>.api.json`: the public surface as last accepted, with the version it shipped in. */
export interface SurfaceSnapshot {
  readonly package: string;
  readonly version: string;
  readonly surface: Surface;
}

export function readSnapshot(file: string): SurfaceSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SurfaceSnapshot;
}

export function writeSnapshot(file: string, snapshot: SurfaceSnapshot): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}
