// Seeded, coverage-free mutation of text inputs. Everything here is a pure function of (seed, index): input i of a
// run can be rebuilt from the seed alone, so a hang that kills the worker is reproduced without having sent the
// input anywhere, and a run is the same sequence on every machine.

/** mulberry32: small, fast, good enough for choosing mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of the run seed and the input index (splitmix-style), the seed of that input's generator. */
export function inputSeed(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export type Rand = () => number;

export const int = (r: Rand, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

/** Numbers that sit on the edges of the engine's checks (int32, int53, int64, uint64, header lengths). */
export const INTERESTING_NUMBERS = [
  '0',
  '1',
  '-1',
  '2',
  '3',
  '7',
  '255',
  '256',
  '65535',
  '65536',
  '2147483647',
  '2147483648',
  '-2147483648',
  '4294967295',
  '4294967296',
  '9007199254740991',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551615',
  '18446744073709551616',
  '1099511627776',
  '99999999999999999999999999999',
  '0x7fffffff',
  '0o777',
  '0b1',
  '1_000',
  '1L',
  '1l',
  '1 L',
  '00',
  '-0',
];

/** Type strings and descr fragments, valid and not, to splice in where a quoted string or a type is. */
export const TYPE_WORDS = [
  "'<f8'",
  "'>f4'",
  "'|V0'",
  "'V0'",
  "'|S0'",
  "'<U0'",
  "'|S2147483647'",
  "'<U536870911'",
  "'|V2147483647'",
  "'<f12'",
  "'<c24'",
  "'<f16'",
  "'<M8[ns]'",
  "'<M8[2147483647s]'",
  "'<m8[0ns]'",
  "'|O'",
  "'u1'",
  "'?'",
  "r'<f8'",
  "b'<f8'",
  '[]',
  "[('a', [], (2147483647,))]",
  "[('a', 'u1', (2147483647,))]",
  "[('a', '|V0', (2147483647,))]",
  "('<f8', (5,))",
  "(('<f8', (5,)), (2,))",
  "[('', '|V4')]",
  "[(('t', 'n'), '<i4')]",
  "('S', 5)",
  "('|V0', 7)",
  "[('x', ('<f8', (5,)), (2,))]",
  "[('a', '<f8', (" + '1, '.repeat(64) + '))]',
  "{'names': ['a'], 'formats': ['<f4']}",
];

/** Characters that have broken parsers and messages: separators, controls, quotes, brackets, odd spaces. */
export const INTERESTING_CHARS = [
  '\n',
  '\r',
  '\t',
  '\f',
  '\v',
  '\x00',
  '\\',
  "'",
  '"',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '#',
  ' ',
  'L',
  'l',
  'j',
  '.',
  '-',
  '+',
  '_',
  'e',
  'r',
  'u',
  'b',
  'f',
  '\x85',
  '\xa0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ud800',
  '😀',
];

const NUMBER = /-?(?:0[xob][0-9a-f_]+|\d[\d_]*)L?/gi;
const QUOTED = /'[^'\n]*'|"[^"\n]*"/g;

function tokens(text: string, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m && out.length < 4096; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function replaceRange(text: string, [a, b]: [number, number], s: string): string {
  return text.slice(0, a) + s + text.slice(b);
}

/** One mutation of `text` (`others` are more seeds to splice from). `latin1` keeps characters in 0–255 (file bytes). */
export function mutateOnce(r: Rand, text: string, others: readonly string[], latin1: boolean): string {
  const n = text.length;
  const pos = () => int(r, n + 1);
  const char = () => {
    const c = pick(r, INTERESTING_CHARS);
    if (!latin1 || c.charCodeAt(0) < 256) return c;
    return String.fromCharCode(int(r, 256));
  };
  switch (int(r, 12)) {
    case 0: {
      // replace a number token by an edge number
      const t = tokens(text, NUMBER);
      if (t.length) return replaceRange(text, pick(r, t), pick(r, INTERESTING_NUMBERS));
      return text + pick(r, INTERESTING_NUMBERS);
    }
    case 1: {
      // replace a quoted string (a type, a key, a name) by a type word
      const t = tokens(text, QUOTED);
      if (t.length) return replaceRange(text, pick(r, t), pick(r, TYPE_WORDS));
      return text + pick(r, TYPE_WORDS);
    }
    case 2: {
      const p = pos();
      return text.slice(0, p) + char() + text.slice(p);
    }
    case 3: {
      if (!n) return char();
      const p = int(r, n);
      return text.slice(0, p) + char() + text.slice(p + 1);
    }
    case 4: {
      // delete a range
      const a = pos();
      const b = Math.min(n, a + 1 + int(r, 16));
      return text.slice(0, a) + text.slice(b);
    }
    case 5: {
      // duplicate a range (nesting, repeated fields)
      const a = pos();
      const b = Math.min(n, a + 1 + int(r, 64));
      return text.slice(0, b) + text.slice(a, b) + text.slice(b);
    }
    case 6: {
      // splice a piece of another seed in
      const o = pick(r, others) ?? '';
      const a = int(r, o.length + 1);
      const piece = o.slice(a, a + 1 + int(r, 80));
      const p = pos();
      return text.slice(0, p) + piece + text.slice(p + int(r, 8));
    }
    case 7: {
      // flip a byte
      if (!n) return text;
      const p = int(r, n);
      const c = (text.charCodeAt(p) ^ (1 << int(r, 8))) & (latin1 ? 0xff : 0xffff);
      return text.slice(0, p) + String.fromCharCode(c) + text.slice(p + 1);
    }
    case 8: {
      // wrap a range in brackets (deep nesting)
      const a = pos();
      const b = Math.min(n, a + int(r, 40));
      const [o, c] = pick(r, [
        ['(', ',)'],
        ['[', ']'],
        ['(', ')'],
        ['{', '}'],
      ] as const);
      const times = 1 + int(r, r() < 0.1 ? 80 : 3);
      return text.slice(0, a) + o.repeat(times) + text.slice(a, b) + c.repeat(times) + text.slice(b);
    }
    case 9: {
      // white space, comments and line joins around the literal
      const ws = pick(r, [' ', '\t', '\r', '\n', '\r\t', '\n ', '\\\n', '#x\n', '\f', '\r\n']);
      return r() < 0.5 ? ws + text : text + ws;
    }
    case 10:
      // truncate
      return text.slice(0, pos());
    default: {
      // swap two ranges
      const a = pos();
      const b = pos();
      const [x, y] = a < b ? [a, b] : [b, a];
      const len = Math.min(int(r, 24), y - x);
      return text.slice(0, x) + text.slice(y, y + len) + text.slice(x + len, y) + text.slice(x, x + len) + text.slice(y + len);
    }
  }
}

export function mutate(r: Rand, text: string, others: readonly string[], latin1: boolean, maxLength = 1 << 17): string {
  let out = text;
  const times = 1 + int(r, r() < 0.2 ? 8 : 3);
  for (let i = 0; i < times; i++) out = mutateOnce(r, out, others, latin1);
  return out.length > maxLength ? out.slice(0, maxLength) : out;
}
