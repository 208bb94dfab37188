/**
 * Reads a field whatever its case: the SMS event page shows `messageId`
 * next to `Tag`, and older versions of it the PascalCase `MessageId` for
 * every field, so both spellings must be read.
 */
export function field(record: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

export function stringField(
  record: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined {
  const value = field(record, name);
  return typeof value === 'string' ? value : undefined;
}

export function numberField(
  record: Readonly<Record<string, unknown>>,
  name: string,
): number | undefined {
  const value = field(record, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An ISO 8601 time as a Date; undefined when absent or unparseable. */
export function dateField(
  record: Readonly<Record<string, unknown>>,
  name: string,
): Date | undefined {
  const value = stringField(record, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
