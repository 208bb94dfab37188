/** Where in an input file a problem sits. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** RFC 6901 JSON pointer of the offending value, e.g. `/paths/~1pets/get`. */
  readonly pointer?: string;
  /** Dotted field path for pack.yaml problems, e.g. `retry.maxAttempts`. */
  readonly field?: string;
}

/**
 * A problem in the user's input (spec, overlay, pack.yaml, CLI arguments).
 * The CLI prints `message` alone, never a stack trace: the message already
 * says which file, line and field to fix.
 */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  readonly location: SourceLocation | undefined;

  /**
   * @param problem What is wrong and what to do. Prefixed with the location
   *   unless `options.preformatted` says the text already names it.
   */
  constructor(
    problem: string,
    location?: SourceLocation,
    options?: { cause?: unknown; preformatted?: boolean },
  ) {
    super(options?.preformatted ? problem : formatProblem(problem, location), options);
    this.location = location;
  }
}

export function isCodegenError(value: unknown): value is CodegenError {
  return value instanceof Error && value.name === 'CodegenError';
}

function formatProblem(problem: string, location: SourceLocation | undefined): string {
  if (!location) return problem;
  let where = location.file;
  if (location.line !== undefined) where += `:${location.line}`;
  if (location.column !== undefined) where += `:${location.column}`;
  const at: string[] = [];
  if (location.field !== undefined) at.push(`field ${location.field}`);
  if (location.pointer !== undefined) at.push(`at ${location.pointer || '/'}`);
  return `${where}: ${problem}${at.length ? ` (${at.join(', ')})` : ''}`;
}
