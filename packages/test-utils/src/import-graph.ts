import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Static `import`/`export … from` edges of built ESM output.
const STATIC_EDGE = /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?["']([^"']+)["']/gm;

export interface ImportGraph {
  /** The package's own files the entry loads at import time, the entry first. */
  files: string[];
  /** Bare specifiers (packages and their subpaths) those files import, sorted. */
  packages: string[];
}

/**
 * What a built ESM entry loads at import time, following relative imports
 * through the package's chunks: for tests that keep heavy dependencies off an
 * entry's import path. Dynamic `import()` is not an edge, by design.
 */
export function staticImportGraph(entryFile: string): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_EDGE)) {
      const target = specifier as string;
      if (target.startsWith('.')) visit(join(dirname(file), target));
      else packages.add(target);
    }
  };
  visit(entryFile);
  return { files: [...files], packages: [...packages].sort() };
}
