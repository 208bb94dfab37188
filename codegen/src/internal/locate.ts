import { isCollection, isPair, isScalar, LineCounter, parseDocument } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Line and column of the value at `path` in JSON or YAML source text (YAML
 * 1.2 is a superset of JSON, so one parser serves both). When the path does
 * not exist (a missing required field) it answers the deepest existing
 * ancestor, which is where the field has to be added. Only called on the
 * error path: parsing with positions is slower than JSON.parse.
 */
export function locate(source: string, path: readonly (string | number)[]): Position | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const part of path) {
    if (!isCollection(node)) break;
    const item = node.items.find((entry, index) =>
      isPair(entry) ? keyOf(entry.key) === String(part) : index === Number(part),
    );
    if (item === undefined) break;
    if (isPair(item)) {
      offset = rangeStart(item.key) ?? offset;
      node = item.value;
    } else {
      offset = rangeStart(item) ?? offset;
      node = item;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Line and column of a character offset. */
export function positionOfOffset(source: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
