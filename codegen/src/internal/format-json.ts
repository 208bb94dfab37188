/**
 * JSON laid out as the repository's formatter (Biome) lays it out: objects
 * expanded one member per line, arrays of scalars on one line when they fit
 * in 100 columns. Generated package.json files then pass `biome check`.
 */
export function formatJson(value: unknown): string {
  return `${print(value, '')}\n`;
}

const WIDTH = 100;

/** `used`: columns already taken on the line where the value starts. */
function print(value: unknown, indent: string, used = indent.length): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      // +1 for the comma that may follow.
      if (used + flat.length + 1 <= WIDTH) return flat;
    }
    return `[\n${value.map((item) => `${inner}${print(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries
      .map(([key, v]) => {
        const head = `${inner}${JSON.stringify(key)}: `;
        return `${head}${print(v, inner, head.length)}`;
      })
      .join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
