/**
 * A string matching a `pattern`, for the shapes specs use for ids and codes:
 * anchors, literals, escapes (`\d`, `\w`, `\.`), classes with ranges,
 * alternation groups and the quantifiers `{n}`, `{n,m}`, `?`, `*`, `+`.
 * Returns undefined for anything else (lookarounds, backreferences), and the
 * caller falls back. `pick(n)` chooses among n options, deterministically.
 */
export function samplePattern(source: string, pick: (n: number) => number): string | undefined {
  try {
    const parser = new Parser(source, pick);
    const out = parser.alternation();
    if (parser.pos !== source.length) return undefined;
    return new RegExp(source, 'u').test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

const DIGITS = '0123456789';
const WORD = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGITS}_`;

class Parser {
  pos = 0;
  constructor(
    readonly source: string,
    readonly pick: (n: number) => number,
  ) {}

  alternation(): string {
    const branches = [this.sequence()];
    while (this.source[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches[this.pick(branches.length)] as string;
  }

  sequence(): string {
    let out = '';
    while (this.pos < this.source.length && !'|)'.includes(this.source[this.pos] as string)) {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      const count = min + this.pick(Math.min(max, min + 3) - min + 1);
      for (let i = 0; i < count; i++) out += atom();
    }
    return out;
  }

  atom(): () => string {
    const char = this.source[this.pos++] as string;
    if (char === '^' || char === '$') return () => '';
    if (char === '(') {
      if (this.source[this.pos] === '?') {
        if (this.source.slice(this.pos, this.pos + 2) !== '?:')
          throw new Error('unsupported group');
        this.pos += 2;
      }
      const start = this.pos;
      this.alternation();
      if (this.source[this.pos++] !== ')') throw new Error('unclosed group');
      const inner = this.source.slice(start, this.pos - 1);
      return () => new Parser(inner, this.pick).alternation();
    }
    if (char === '[') {
      const set = this.charClass();
      return () => set[this.pick(set.length)] as string;
    }
    if (char === '\\') {
      const set = this.escape();
      return () => set[this.pick(set.length)] as string;
    }
    if (char === '.') return () => 'x';
    if ('*+?{'.includes(char)) throw new Error('quantifier without atom');
    return () => char;
  }

  escape(): string {
    const char = this.source[this.pos++] as string;
    if (char === 'd') return DIGITS;
    if (char === 'w') return WORD;
    if (char === 's') return ' ';
    if (/[A-Za-z0-9]/.test(char)) throw new Error('unsupported escape');
    return char;
  }

  charClass(): string {
    if (this.source[this.pos] === '^') throw new Error('negated class');
    let set = '';
    while (this.source[this.pos] !== ']') {
      if (this.pos >= this.source.length) throw new Error('unclosed class');
      const char = this.source[this.pos++] as string;
      if (char === '\\') {
        set += this.escape();
        continue;
      }
      if (this.source[this.pos] === '-' && this.source[this.pos + 1] !== ']') {
        const end = this.source[this.pos + 1] as string;
        this.pos += 2;
        for (let code = char.charCodeAt(0); code <= end.charCodeAt(0); code++)
          set += String.fromCharCode(code);
        continue;
      }
      set += char;
    }
    this.pos++;
    if (set === '') throw new Error('empty class');
    return set;
  }

  quantifier(): [number, number] {
    const char = this.source[this.pos];
    if (char === '?') return this.advance(1, [0, 1]);
    if (char === '*') return this.advance(1, [0, 3]);
    if (char === '+') return this.advance(1, [1, 3]);
    if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) throw new Error('bad quantifier');
      this.pos += match[0].length;
      const min = Number(match[1]);
      const max = match[2] ? (match[3] ? Number(match[3]) : min + 3) : min;
      return [min, max];
    }
    return [1, 1];
  }

  advance(by: number, range: [number, number]): [number, number] {
    this.pos += by;
    return range;
  }
}
