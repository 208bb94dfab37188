import { InvalidResponseError } from '../errors/kinds.js';

/**
 * An incremental parser for newline-delimited JSON (NDJSON 1.0 / JSON Lines):
 * one JSON text per `\n`-terminated line, a `\r` before the `\n` tolerated,
 * blank lines skipped, and a last line without its `\n` still read (Ollama
 * and others end the stream right after the final object).
 */
export class NdjsonParser<T = unknown> {
  private pending = '';
  private lineNumber = 0;

  /** @param maxBufferLength longest line held, in UTF-16 code units. */
  constructor(private readonly maxBufferLength = Number.POSITIVE_INFINITY) {}

  feed(text: string, out: T[]): void {
    if (text === '') return;
    // `pending` never holds a `\n`, so only the new text needs scanning.
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.pending += text;
      this.checkLength();
      return;
    }
    let buffer = this.pending + text;
    let start = 0;
    newline += this.pending.length;
    while (newline !== -1) {
      this.parseLine(buffer, start, newline, out);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
    this.pending = buffer;
    this.checkLength();
  }

  /** The stream ended: parses a last line that had no `\n`. */
  end(out: T[]): void {
    const rest = this.pending;
    this.pending = '';
    this.parseLine(rest, 0, rest.length, out);
  }

  private parseLine(buffer: string, start: number, end: number, out: T[]): void {
    this.lineNumber++;
    if (end > start && buffer.charCodeAt(end - 1) === 0x0d) end--;
    const line = buffer.slice(start, end);
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // Neither the line nor the SyntaxError (V8 quotes the input) is kept: both are body content.
      throw new InvalidResponseError(
        `NDJSON line ${this.lineNumber} is not valid JSON. The server sent something other than newline-delimited JSON, or cut an object short.`,
        { details: { line: this.lineNumber } },
      );
    }
  }

  private checkLength(): void {
    if (this.pending.length > this.maxBufferLength) {
      throw new InvalidResponseError(
        `An NDJSON line is longer than ${this.maxBufferLength} characters; raise maxBufferLength if the server really sends lines this long.`,
      );
    }
  }
}
