import type { HeadersInput } from '../types.js';

/**
 * Reads one header; `lowerName` is lowercase. Node lowercases incoming names,
 * so a record is read directly first and scanned only when that misses.
 * A repeated header is joined with ', ' as Node does for unknown names.
 */
export function readHeader(headers: HeadersInput, lowerName: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(lowerName) ?? undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  let value = record[lowerName];
  // Object.prototype holds no strings, so a string here is the record's own.
  if (typeof value === 'string') return value;
  if (value === undefined || !Object.hasOwn(record, lowerName)) {
    value = undefined;
    for (const name in record) {
      if (name.length === lowerName.length && name.toLowerCase() === lowerName) {
        value = record[name];
        break;
      }
    }
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(', ');
  }
  return undefined;
}
