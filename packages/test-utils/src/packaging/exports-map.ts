/**
 * Walking a package.json `exports` value the way Node's resolver does
 * (https://nodejs.org/api/packages.html#conditional-exports): condition keys
 * are tried in object order, `default` always matches, arrays are fallbacks.
 */

export interface ExportTarget {
  /** The subpath key, e.g. `.` or `./errors`. */
  subpath: string;
  /** The condition keys leading to the target, outermost first. */
  conditions: string[];
  target: string;
}

/** The exports map as `{ subpath: value }`, expanding the sugar forms (`"exports": "./x.js"` or a bare condition object). */
export function subpathEntries(exports: unknown): Array<[string, unknown]> {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string' || Array.isArray(exports)) return [['.', exports]];
  if (typeof exports !== 'object') return [];
  const entries = Object.entries(exports);
  const isSubpathMap = entries.some(([key]) => key.startsWith('.'));
  return isSubpathMap ? entries : [['.', exports]];
}

/** Every leaf target in the exports map with the condition path that reaches it. */
export function exportTargets(exports: unknown): ExportTarget[] {
  const found: ExportTarget[] = [];
  const walk = (subpath: string, value: unknown, conditions: string[]): void => {
    if (typeof value === 'string') {
      found.push({ subpath, conditions, target: value });
    } else if (Array.isArray(value)) {
      for (const item of value) walk(subpath, item, conditions);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(subpath, inner, [...conditions, key]);
    }
  };
  for (const [subpath, value] of subpathEntries(exports)) walk(subpath, value, []);
  return found;
}

/**
 * The target a resolver with the given active conditions picks, or
 * undefined. `types` is only active when asked for, as in TypeScript.
 */
export function resolveExport(value: unknown, conditions: ReadonlySet<string>): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const resolved = resolveExport(item, conditions);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'default' && !conditions.has(key)) continue;
      const resolved = resolveExport(inner, conditions);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/** The module specifiers a user can import: `@org/core`, `@org/core/errors`, ... (not `./package.json`). */
export function importableSpecifiers(name: string, exports: unknown): string[] {
  return subpathEntries(exports)
    .map(([subpath]) => subpath)
    .filter((subpath) => !subpath.endsWith('.json') && !subpath.includes('*'))
    .map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
}
