import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CodegenError } from '../errors.js';

/** The provenance record beside every pinned spec (specs/<id>/SOURCE.yaml). */
export const sourceSchema = z.looseObject({
  file: z.string(),
  origin: z.record(z.string(), z.unknown()),
  version: z.union([z.string(), z.number()]).transform(String),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
  license: z.looseObject({ name: z.string(), url: z.string().optional() }),
});

export type SourceRecord = z.infer<typeof sourceSchema>;

export async function loadSource(file: string, displayName: string): Promise<SourceRecord> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CodegenError(
      'SOURCE.yaml is missing; record origin, version, sha256 and license of the pinned spec',
      { file: displayName },
    );
  });
  const result = sourceSchema.safeParse(parseDocument(text).toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CodegenError(issue.message, { file: displayName, field: issue.path.join('.') });
  }
  return result.data;
}
