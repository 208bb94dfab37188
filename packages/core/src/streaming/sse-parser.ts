import { InvalidResponseError } from '../errors/kinds.js';

/** One dispatched server-sent event (WHATWG HTML §9.2.6). */
export interface SseEvent {
  /** The `event:` field, or `message` when the event named none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last event ID (`id:`) in force when the event was dispatched; `''` when none was set. It carries over between events, as `Last-Event-ID` must. */
  readonly id: string;
  /** The reconnection time the stream last asked for with `retry:`, in ms; undefined when it never did. */
  readonly retry: number | undefined;
}

const LINE_END = /\r\n|\r|\n/g;
const DIGITS = /^[0-9]+$/;

/**
 * An incremental parser for `text/event-stream`, written to WHATWG HTML
 * §9.2.6 "Interpreting an event stream": lines end in CRLF, LF or CR (a CRLF
 * split across two chunks counts once), `:` lines are comments, one space
 * after the colon is dropped, `data` lines accumulate with `\n`, an `id`
 * containing NULL is ignored, `retry` takes ASCII digits only, unknown
 * fields are ignored, a blank line dispatches, and an event with an empty
 * data buffer is not dispatched. Feed it decoded text (the caller strips the
 * BOM, as TextDecoder does); an unterminated event at the end is discarded.
 */
export class SseParser {
  private pending = '';
  private skipLeadingLf = false;
  private data = '';
  private hasData = false;
  private eventType = '';
  private lastEventId = '';
  private reconnectMs: number | undefined;

  /** @param maxBufferLength longest line or event data held, in UTF-16 code units. */
  constructor(private readonly maxBufferLength = Number.POSITIVE_INFINITY) {}

  /** Parses `text` and appends every event it completes to `out`. */
  feed(text: string, out: SseEvent[]): void {
    if (text === '') return;
    if (this.skipLeadingLf) {
      this.skipLeadingLf = false;
      if (text.charCodeAt(0) === 0x0a) text = text.slice(1);
    }
    const buffer = this.pending === '' ? text : this.pending + text;
    let start = 0;
    // `pending` never holds a line end, so only the new text needs scanning.
    LINE_END.lastIndex = this.pending.length;
    for (let match = LINE_END.exec(buffer); match !== null; match = LINE_END.exec(buffer)) {
      // A CR as the very last character may be the first half of a CRLF.
      if (match[0] === '\r' && match.index === buffer.length - 1) this.skipLeadingLf = true;
      this.line(buffer.slice(start, match.index), out);
      start = LINE_END.lastIndex;
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
    if (this.pending.length > this.maxBufferLength) {
      throw new InvalidResponseError(
        `An event-stream line is longer than ${this.maxBufferLength} characters; raise maxBufferLength if the server really sends lines this long.`,
      );
    }
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return;
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      const from = line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1;
      value = line.slice(from);
    }
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        if (this.data.length > this.maxBufferLength) {
          throw new InvalidResponseError(
            `An event's data is longer than ${this.maxBufferLength} characters; raise maxBufferLength if the server really sends events this large.`,
          );
        }
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) this.reconnectMs = Number.parseInt(value, 10);
        break;
      default:
      // Unknown fields are ignored (§9.2.6).
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.hasData) {
      out.push({
        event: this.eventType === '' ? 'message' : this.eventType,
        data: this.data,
        id: this.lastEventId,
        retry: this.reconnectMs,
      });
    }
    this.data = '';
    this.hasData = false;
    this.eventType = '';
  }
}
