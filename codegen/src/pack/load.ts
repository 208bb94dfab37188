import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { CodegenError } from '../errors.js';
import { locate } from '../internal/locate.js';
import { type Pack, packSchema } from './schema.js';

/**
 * Reads and validates a pack.yaml. Errors name the file, line and field of
 * every problem, e.g. `specs/x/pack.yaml:14:3: Too big: expected number to be
 * <=20 (field retry.maxAttempts)`.
 */
export async function loadPack(file: string, displayName = file): Promise<Pack> {
  return parsePack(await readFile(file, 'utf8'), displayName);
}

export function parsePack(source: string, displayName: string): Pack {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new CodegenError(`invalid YAML: ${firstLine(syntax.message)}`, {
      file: displayName,
      line,
      column: col,
    });
  }
  const result = packSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw issuesError(result.error.issues, source, displayName);
}

function issuesError(
  issues: readonly z.core.$ZodIssue[],
  source: string,
  file: string,
): CodegenError {
  const lines = issues.map((issue) => {
    const path = issuePath(issue);
    const position = locate(source, path);
    const field = path.length ? path.join('.') : '(root)';
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    return `${where}: ${issueMessage(issue)} (field ${field})`;
  });
  const first = issues[0];
  const firstPath =
    first?.path.filter((part): part is string | number => typeof part !== 'symbol') ?? [];
  const position = locate(source, firstPath);
  const message =
    lines.length === 1 ? lines[0]! : `${file}: ${lines.length} problems\n  ${lines.join('\n  ')}`;
  return new CodegenError(
    message,
    {
      file,
      ...(position ? { line: position.line, column: position.column } : {}),
      field: firstPath.join('.') || '(root)',
    },
    { preformatted: true },
  );
}

/** A record key's own problem (e.g. its pattern), not zod's bare "Invalid key in record". */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0]) return issue.issues[0].message;
  return issue.message;
}

/** The issue's path; for a misspelt key, the key itself, so the line points at it. */
function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
