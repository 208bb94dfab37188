import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Bump = 'major' | 'minor' | 'patch';

/**
 * The bumps pending changesets (`.changeset/*.md`) ask for a package: the
 * front matter lines `"<name>": major|minor|patch` of the changesets format
 * (https://github.com/changesets/changesets/blob/main/docs/adding-a-changeset.md).
 */
export function pendingBumps(changesetDir: string, name: string): Bump[] {
  if (!existsSync(changesetDir)) return [];
  const bumps: Bump[] = [];
  for (const file of readdirSync(changesetDir)) {
    if (!file.endsWith('.md') || file === 'README.md') continue;
    const text = readFileSync(join(changesetDir, file), 'utf8');
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    for (const line of front.split(/\r?\n/)) {
      const match = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (match && match[1] === name) bumps.push(match[2] as Bump);
    }
  }
  return bumps;
}
