import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../workspace/packages.js';

/**
 * Files the manifest points users at (`main`, `module`, `types` and every
 * `exports` target) that do not exist: publishing now would ship a package
 * that cannot be imported.
 */
export function missingEntryPoints(dir: string, manifest: Manifest): string[] {
  const targets = new Set<string>();
  for (const field of ['main', 'module', 'types'] as const) {
    const value = manifest[field];
    if (typeof value === 'string') targets.add(value);
  }
  collect(manifest.exports, targets);
  return [...targets].filter((target) => !target.includes('*') && !existsSync(join(dir, target)));
}

function collect(node: unknown, into: Set<string>): void {
  if (typeof node === 'string') into.add(node);
  else if (Array.isArray(node)) for (const item of node) collect(item, into);
  else if (node && typeof node === 'object')
    for (const value of Object.values(node)) collect(value, into);
}
