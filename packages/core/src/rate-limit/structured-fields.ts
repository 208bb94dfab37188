/**
 * The part of Structured Field Values (RFC 9651) the RateLimit fields use:
 * Lists and Dictionaries of Items with Parameters. Bare items: Integer,
 * Decimal, String, Token, Byte Sequence (kept as its base64 text), Boolean.
 * Inner Lists are not used by those fields and count as malformed.
 *
 * Any syntax error yields `undefined`: draft-ietf-httpapi-ratelimit-headers
 * says malformed RateLimit fields MUST be ignored, not half-read.
 */

export type BareItem = number | string | boolean;

export interface SfItem {
  readonly value: BareItem;
  readonly params: ReadonlyMap<string, BareItem>;
}

const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const NUMBER = /^-?\d{1,15}(?:\.\d{1,3})?/;
const BASE64 = /^[A-Za-z0-9+/=]*$/;

class Cursor {
  i = 0;
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.i >= this.s.length;
  }

  peek(): string {
    return this.s[this.i] ?? '';
  }

  skip(chars: string): void {
    while (this.i < this.s.length && chars.includes(this.s[this.i] as string)) this.i++;
  }
}

class Malformed extends Error {}

/** Parses a List (RFC 9651 §4.2.1), or undefined when malformed. */
export function parseSfList(input: string): SfItem[] | undefined {
  return attempt(input, (c) => {
    const items: SfItem[] = [];
    while (!c.done) {
      items.push(item(c));
      if (!members(c)) break;
    }
    return items;
  });
}

/** Parses a Dictionary (RFC 9651 §4.2.2), or undefined when malformed. Later duplicate keys win. */
export function parseSfDictionary(input: string): Map<string, SfItem> | undefined {
  return attempt(input, (c) => {
    const dict = new Map<string, SfItem>();
    while (!c.done) {
      const name = key(c);
      if (c.peek() === '=') {
        c.i++;
        dict.set(name, item(c));
      } else {
        dict.set(name, { value: true, params: params(c) });
      }
      if (!members(c)) break;
    }
    return dict;
  });
}

function attempt<T>(input: string, parse: (c: Cursor) => T): T | undefined {
  const c = new Cursor(input);
  c.skip(' ');
  try {
    const result = parse(c);
    c.skip(' ');
    return c.done ? result : undefined;
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}

/** After a member: true when another follows the comma, false at the end. */
function members(c: Cursor): boolean {
  c.skip(' \t');
  if (c.done) return false;
  if (c.peek() !== ',') throw new Malformed();
  c.i++;
  c.skip(' \t');
  if (c.done) throw new Malformed(); // a trailing comma
  return true;
}

function item(c: Cursor): SfItem {
  return { value: bare(c), params: params(c) };
}

function params(c: Cursor): Map<string, BareItem> {
  const out = new Map<string, BareItem>();
  while (c.peek() === ';') {
    c.i++;
    c.skip(' ');
    const name = key(c);
    let value: BareItem = true;
    if (c.peek() === '=') {
      c.i++;
      value = bare(c);
    }
    out.set(name, value);
  }
  return out;
}

function key(c: Cursor): string {
  const start = c.i;
  if (!KEY_START.test(c.peek())) throw new Malformed();
  c.i++;
  while (!c.done && KEY_CHAR.test(c.peek())) c.i++;
  return c.s.slice(start, c.i);
}

function bare(c: Cursor): BareItem {
  const ch = c.peek();
  if (ch === '-' || (ch >= '0' && ch <= '9')) return number(c);
  if (ch === '"') return string(c);
  if (ch === ':') return bytes(c);
  if (ch === '?') return boolean(c);
  if (TOKEN_START.test(ch)) return token(c);
  throw new Malformed();
}

function number(c: Cursor): number {
  const match = NUMBER.exec(c.s.slice(c.i));
  if (match === null) throw new Malformed();
  c.i += match[0].length;
  return Number(match[0]);
}

function string(c: Cursor): string {
  let out = '';
  c.i++; // opening quote
  while (!c.done) {
    const ch = c.s[c.i++] as string;
    if (ch === '\\') {
      const next = c.s[c.i++];
      if (next !== '"' && next !== '\\') throw new Malformed();
      out += next;
    } else if (ch === '"') {
      return out;
    } else if (ch < ' ' || ch > '~') {
      throw new Malformed();
    } else {
      out += ch;
    }
  }
  throw new Malformed(); // unterminated
}

function token(c: Cursor): string {
  const start = c.i;
  c.i++;
  while (!c.done && TOKEN_CHAR.test(c.peek())) c.i++;
  return c.s.slice(start, c.i);
}

function bytes(c: Cursor): string {
  const end = c.s.indexOf(':', c.i + 1);
  if (end === -1) throw new Malformed();
  const text = c.s.slice(c.i + 1, end);
  if (!BASE64.test(text)) throw new Malformed();
  c.i = end + 1;
  return text;
}

function boolean(c: Cursor): boolean {
  const ch = c.s[c.i + 1];
  if (ch !== '0' && ch !== '1') throw new Malformed();
  c.i += 2;
  return ch === '1';
}
