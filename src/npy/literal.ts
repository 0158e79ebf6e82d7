// A strict tokenizer + recursive-descent parser for the Python literal subset numpy writes in .npy headers.
// The header is untrusted: nothing here evaluates code. Only str, int, True/False, tuple, list and dict with
// str keys are understood; anything else (names, calls, attribute access, floats, None, sets, operators) is an
// NpyError. Dicts become Map so a `__proto__` key is just a key.

import { NpyError } from './types';
import { escapeForMessage } from '../shared/quote';

export interface PyTuple {
  tuple: PyValue[];
}
export type PyValue = string | bigint | boolean | PyTuple | PyValue[] | Map<string, PyValue>;

export interface LiteralOptions {
  /** Deepest allowed nesting of containers (dict/list/tuple). Default 64. */
  maxDepth?: number;
  /**
   * numpy's Python 2 header filter (`_filter_header`, run for format versions 1.0 and 2.0 when a header does not
   * parse at once): the `L` suffix on ints is dropped (`(3L, 4L)`, also `3 L`; never a lower-case `l`), and its
   * re-tokenizing forgives an indented last line after a `\n` (see checkTrailingLines).
   */
  allowLongSuffix?: boolean;
  /** Longest input accepted, in UTF-16 code units. Default: no limit (callers cap the header first). */
  maxLength?: number;
  /** What the text is, for error messages: `header: name "x" is not allowed …`. Default 'literal'. */
  context?: string;
}

export const DEFAULT_MAX_DEPTH = 64;

export function isTuple(v: PyValue): v is PyTuple {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

export function isDict(v: PyValue): v is Map<string, PyValue> {
  return v instanceof Map;
}

export function isList(v: PyValue): v is PyValue[] {
  return Array.isArray(v);
}

/** Python's `repr()` of a str: picks quotes like CPython and escapes non-printable characters. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += '\\x' + hex(cp, 2);
      else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
      else out += '\\U' + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

// CPython's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space excepted, handled above).
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Python's `repr()` of a parsed value (dict keys in insertion order). */
export function pyRepr(v: PyValue): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (v instanceof Map) return '{' + [...v].map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ') + '}';
  const items = v.tuple;
  if (items.length === 1) return '(' + pyRepr(items[0]) + ',)';
  return '(' + items.map(pyRepr).join(', ') + ')';
}

/** A short, single-line, printable excerpt for error messages: `"text…"`. */
export function snippet(text: string, max = 40): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  // JSON escapes C0 controls, quotes and lone surrogates; the shared helper escapes the rest (U+0085, U+2028/2029,
  // bidi and other format characters), so the message stays one line whatever the file holds.
  return escapeForMessage(JSON.stringify(cut));
}

/** Parse one Python literal (with optional surrounding whitespace and comments). Throws NpyError. */
export function parsePyLiteral(text: string, opts: LiteralOptions = {}): PyValue {
  if (opts.maxLength !== undefined && text.length > opts.maxLength) {
    throw new NpyError(`${opts.context ?? 'literal'} is too long (${text.length} characters, limit ${opts.maxLength})`);
  }
  const p = new Parser(text, opts.maxDepth ?? DEFAULT_MAX_DEPTH, opts.allowLongSuffix ?? false, opts.context ?? 'literal');
  p.skipSpace();
  p.checkLeadingIndent();
  const v = p.value(0);
  const end = p.pos;
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the literal');
  p.checkTrailingLines(end);
  return v;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

class Parser {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
    private readonly allowLong: boolean,
    private readonly context: string,
  ) {}

  fail(what: string, at = this.pos): never {
    const near = at >= this.s.length ? 'end of input' : `${snippet(this.s.slice(at), 24)}`;
    throw new NpyError(`${this.context}: ${what} at offset ${at} (near ${near})`);
  }

  skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.pos++;
      else if (c === '\\' && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) {
        // Explicit line joining is legal Python (any of \n, \r\n, \r ends the physical line); accept it.
        this.pos += s[this.pos + 1] === '\r' && s[this.pos + 2] === '\n' ? 3 : 2;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      } else break;
    }
  }

  /**
   * What Python's tokenizer says about the text after the literal (from `from` to the end: only white space,
   * comments, line breaks and line joins, as skipSpace left it). Outside brackets line structure matters: a line
   * join at the very end is "EOF in multi-line statement", and a last line holding spaces or tabs after its final
   * form feed (and no comment) with no line break after it is an "unexpected indent". numpy's Python 2 filter
   * (versions 1.0/2.0, `allowLongSuffix`) re-tokenizes and so forgives the indent after a `\n` or `\r\n`, not after
   * a lone `\r`, and not on a line reached through a line join. (Checked against np.load for every tail of up to
   * 4 of ` \t\r\n\f#\\x`, for both.)
   */
  checkTrailingLines(from: number): void {
    const s = this.s;
    let atLineStart = false;
    let indented = false;
    let comment = false;
    let loneCR = false;
    let joined = false;
    for (let i = from; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        i += s[i + 1] === '\r' && s[i + 2] === '\n' ? 2 : 1;
        if (i + 1 >= s.length) this.fail('line continuation at the end of the input', i);
        joined = true;
      } else if (c === '#') {
        comment = true;
        while (i + 1 < s.length && s[i + 1] !== '\n' && s[i + 1] !== '\r') i++;
      } else if (c === '\n' || c === '\r') {
        loneCR = c === '\r' && s[i + 1] !== '\n';
        if (c === '\r' && s[i + 1] === '\n') i++;
        atLineStart = true;
        indented = false;
        comment = false;
        joined = false;
      } else if (c === '\f') {
        indented = false;
      } else if (atLineStart) {
        indented = true; // space or tab
      }
    }
    if (atLineStart && indented && !comment && !(this.allowLong && !loneCR && !joined)) {
      this.fail('unexpected indent: the last line holds only spaces or tabs', s.length);
    }
  }

  /**
   * The line the literal starts on must not be indented (Python's "unexpected indent"): ast.literal_eval strips
   * spaces and tabs at the very start, and a form feed resets the column, but after a line break any space or tab
   * before the literal (a line join before it does not end the indent: no token came yet) is an error. numpy's
   * Python 2 filter (`allowLongSuffix`) rebuilds the text from tokens (reading lines split at `\n` only), which
   * drops the indent on the first line or when the literal starts its line, unless a lone `\r` came before.
   * Call at the literal.
   */
  checkLeadingIndent(): void {
    const s = this.s;
    const at = this.pos;
    let i = 0;
    while (i < at && (s[i] === ' ' || s[i] === '\t')) i++;
    let indented = false;
    let firstLine = true;
    let lineStart = 0;
    let loneCR = false;
    for (; i < at; i++) {
      const c = s[i];
      if (c === '\\') {
        const crlf = s[i + 1] === '\r' && s[i + 2] === '\n';
        if (s[i + 1] === '\r' && !crlf) loneCR = true;
        i += crlf ? 2 : 1;
        lineStart = i + 1;
        firstLine = false;
      } else if (c === '#') {
        while (i + 1 < at && s[i + 1] !== '\n' && s[i + 1] !== '\r') i++;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && s[i + 1] === '\n') i++;
        else if (c === '\r') loneCR = true;
        indented = false;
        firstLine = false;
        lineStart = i + 1;
      } else if (c === '\f') {
        indented = false;
      } else {
        indented = true; // space or tab
      }
    }
    if (!indented) return;
    if (this.allowLong && !loneCR && (firstLine || at === lineStart)) return;
    this.fail('unexpected indent before the literal', at);
  }

  value(depth: number): PyValue {
    const s = this.s;
    if (this.pos >= s.length) this.fail('expected a value');
    const c = s[this.pos];
    if (c === '{' || c === '[' || c === '(') {
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
      if (c === '{') return this.dict(depth + 1);
      if (c === '[') return this.list(depth + 1);
      return this.paren(depth + 1);
    }
    if (c === "'" || c === '"') return this.string(false);
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) return this.int();
    if (c === '.') this.fail('floats are not allowed');
    if (/[A-Za-z_]/.test(c) || c.charCodeAt(0) > 0x7f) {
      const m = /^[A-Za-z_0-9\u0080-\uffff]+/.exec(s.slice(this.pos, this.pos + 64))!;
      const word = m[0];
      const after = s[this.pos + word.length];
      if ((word === 'u' || word === 'U') && (after === "'" || after === '"')) {
        this.pos += 1;
        return this.string(false);
      }
      if ((word === 'r' || word === 'R') && (after === "'" || after === '"')) {
        this.pos += 1;
        return this.string(true); // raw string: backslashes stay (numpy's ast.literal_eval reads r'<f8')
      }
      if (word === 'True' || word === 'False') {
        this.pos += word.length;
        return word === 'True';
      }
      if (after === "'" || after === '"') this.fail(`string prefix ${snippet(word, 20)} is not allowed`);
      this.fail(`name ${snippet(word, 20)} is not allowed (only str, int, True/False, tuple, list, dict)`);
    }
    this.fail(`unexpected character ${snippet(c)}`);
  }

  private expectSep(close: string): boolean {
    // After an item: either `,` (returns true) or the closing bracket (returns false, not consumed).
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === ',') {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (c === close) return false;
    if (c === '.') this.fail('attribute access / floats are not allowed');
    if (c === '(' || c === '[') this.fail('calls and subscripts are not allowed');
    this.fail(`expected ',' or '${close}'`);
  }

  private dict(depth: number): Map<string, PyValue> {
    const start = this.pos;
    this.pos++; // {
    this.skipSpace();
    const out = new Map<string, PyValue>();
    while (this.s[this.pos] !== '}') {
      const keyAt = this.pos;
      const key = this.value(depth);
      if (typeof key !== 'string') this.fail('dict keys must be strings', keyAt);
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail(this.s[this.pos] === ',' || this.s[this.pos] === '}' ? 'sets are not allowed' : "expected ':'");
      this.pos++;
      this.skipSpace();
      const v = this.value(depth);
      if (out.has(key)) this.fail(`duplicate key ${snippet(key, 30)}`, keyAt);
      out.set(key, v);
      if (!this.expectSep('}')) break;
    }
    if (this.pos >= this.s.length) this.fail(`unclosed '{' opened at offset ${start}`);
    this.pos++; // }
    return out;
  }

  private list(depth: number): PyValue[] {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    const out: PyValue[] = [];
    while (this.s[this.pos] !== ']') {
      if (this.pos >= this.s.length) break;
      out.push(this.value(depth));
      if (!this.expectSep(']')) break;
    }
    if (this.pos >= this.s.length) this.fail(`unclosed '[' opened at offset ${start}`);
    this.pos++;
    return out;
  }

  /** `()` empty tuple, `(x)` just x, `(x,)` / `(x, y)` tuple. */
  private paren(depth: number): PyValue {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    const items: PyValue[] = [];
    let sawComma = false;
    while (this.s[this.pos] !== ')') {
      if (this.pos >= this.s.length) break;
      items.push(this.value(depth));
      if (!this.expectSep(')')) break;
      sawComma = true;
    }
    if (this.pos >= this.s.length) this.fail(`unclosed '(' opened at offset ${start}`);
    this.pos++;
    if (items.length === 1 && !sawComma) return items[0];
    return { tuple: items };
  }

  private int(): bigint {
    const s = this.s;
    const start = this.pos;
    let neg = false;
    // Unary +/- (possibly repeated, as Python allows: `--1`); keep it to one sign to stay simple and strict.
    if (s[this.pos] === '+' || s[this.pos] === '-') {
      neg = s[this.pos] === '-';
      this.pos++;
      while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    }
    const rest = s.slice(this.pos, this.pos + 4096);
    const m = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?[0-9])*)/.exec(rest);
    if (!m) this.fail('expected an integer', start);
    const lit = m[0];
    this.pos += lit.length;
    const next = s[this.pos] ?? '';
    if (next === '.' || next === 'e' || next === 'E' || next === 'j' || next === 'J') {
      this.fail('floats and complex numbers are not allowed', start);
    }
    if (next === 'L') {
      if (!this.allowLong) this.fail("the Python 2 'L' suffix is not allowed here", start);
      this.pos++;
    } else if (this.allowLong && (next === ' ' || next === '\t' || next === '\f')) {
      // numpy's filter drops a NAME token `L` right after a NUMBER token, so `3 L` is 3 as well.
      let j = this.pos;
      while (s[j] === ' ' || s[j] === '\t' || s[j] === '\f') j++;
      if (s[j] === 'L' && !/[0-9A-Za-z_\u0080-\uffff]/.test(s[j + 1] ?? '')) this.pos = j + 1;
    }
    const after = s[this.pos] ?? '';
    if (/[0-9A-Za-z_.]/.test(after)) this.fail('malformed number', start);
    if (rest.length >= 4096 && lit.length >= 4096) this.fail('integer literal is too long', start);
    const clean = lit.replace(/_/g, '');
    let v: bigint;
    if (/^0[oO]/.test(clean)) v = BigInt('0o' + clean.slice(2));
    else if (/^0[bB]/.test(clean)) v = BigInt('0b' + clean.slice(2));
    else if (/^0[xX]/.test(clean)) v = BigInt('0x' + clean.slice(2));
    else v = BigInt(clean);
    return neg ? -v : v;
  }

  private string(raw: boolean): string {
    const s = this.s;
    const start = this.pos;
    const q = s[this.pos];
    const triple = s.startsWith(q + q + q, this.pos);
    this.pos += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) this.fail('unterminated string', start);
      const c = s[this.pos];
      if (c === q && (!triple || s.startsWith(q + q + q, this.pos))) {
        this.pos += triple ? 3 : 1;
        break;
      }
      if (!triple && (c === '\n' || c === '\r')) this.fail('unterminated string', start);
      if (c !== '\\') {
        // Copy a run of plain characters at once.
        let end = this.pos + 1;
        while (end < s.length && s[end] !== '\\' && s[end] !== q && s[end] !== '\n' && s[end] !== '\r') end++;
        if (triple) {
          // Newlines are literal inside triple-quoted strings.
          while (end < s.length && s[end] !== '\\' && s[end] !== q) end++;
        }
        out += s.slice(this.pos, end);
        this.pos = end;
        continue;
      }
      // Escape sequence.
      const e = s[this.pos + 1];
      if (e === undefined) this.fail('unterminated string', start);
      if (raw) {
        // In a raw string a backslash keeps itself and the next character (which then cannot end the string).
        const two = e === '\r' && s[this.pos + 2] === '\n' ? 3 : 2;
        out += s.slice(this.pos, this.pos + two);
        this.pos += two;
      } else if (e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
        this.pos += 2;
      } else if (e === '\n') {
        this.pos += 2; // line continuation inside a string
      } else if (e === '\r') {
        this.pos += s[this.pos + 2] === '\n' ? 3 : 2;
      } else if (e >= '0' && e <= '7') {
        const m = /^[0-7]{1,3}/.exec(s.slice(this.pos + 1, this.pos + 4))!;
        out += String.fromCodePoint(parseInt(m[0], 8));
        this.pos += 1 + m[0].length;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const digits = s.slice(this.pos + 2, this.pos + 2 + n);
        if (digits.length !== n || !/^[0-9a-fA-F]+$/.test(digits)) this.fail(`truncated \\${e} escape`);
        const cp = parseInt(digits, 16);
        if (cp > 0x10ffff) this.fail('escape is outside the Unicode range');
        out += String.fromCodePoint(cp);
        this.pos += 2 + n;
      } else if (e === 'N') {
        this.fail('\\N{...} escapes are not supported');
      } else {
        // Python keeps unknown escapes verbatim (backslash included).
        out += '\\';
        this.pos += 1;
      }
    }
    return out;
  }
}
