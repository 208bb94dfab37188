import { LineCounter, parseDocument } from 'yaml';
import { CodegenError } from '../errors.js';
import { positionOfOffset } from '../internal/locate.js';

/**
 * Parses a spec or overlay file as JSON (by extension) or YAML. A syntax
 * error names the file, line and column.
 */
export function parseDocumentText(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      // V8 says "... in JSON at position 123 (line 4 column 5)".
      const offset = /at position (\d+)/.exec(message)?.[1];
      const position = offset === undefined ? undefined : positionOfOffset(text, Number(offset));
      throw new CodegenError(`invalid JSON: ${message.replace(/ in JSON at position.*$/, '')}`, {
        file,
        ...(position ? { line: position.line, column: position.column } : {}),
      });
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new CodegenError(`invalid YAML: ${syntax.message.split('\n', 1)[0]}`, {
      file,
      line,
      column: col,
    });
  }
  return doc.toJS({ maxAliasCount: 10_000 });
}
