import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const STAR_REEXPORT = /^\s*export\s+(type\s+)?\*\s+from\s/;

/**
 * `file:line` of every `export * from` / `export type * from` in a package's
 * src/. Public surfaces are explicit lists: a star re-export silently
 * publishes whatever a sibling module adds. `export * as ns from` names what
 * it exports and is allowed.
 */
export function findStarReexports(packageDir: string): string[] {
  const src = join(packageDir, 'src');
  if (!existsSync(src)) return [];
  const found: string[] = [];
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.[cm]?tsx?$/.test(file))
    .sort();
  for (const file of files) {
    const lines = readFileSync(join(src, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (STAR_REEXPORT.test(line)) found.push(`src/${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}
