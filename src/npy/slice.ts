// numpy-style slice text <-> ViewSpec. `a[3, :, ::2]`, `a[..., 0]`, `[:, 5]`, `-1, ::-1`, `a[:, :].T`.
// Pure (no DOM, no I/O): the webview's slice box and the view controls both drive the same ViewSpec through here.
// Semantics follow Python/numpy basic indexing: integers may be negative (counted from the end) and must be in
// bounds; slices clamp like `slice.indices(n)`; missing trailing items are `:`; one `...` fills the middle.
// The range axes become the table's rows then columns, in axis order (`.T` swaps them); one range → rows only;
// none → a single cell.
import type { AxisSelection, ViewSpec } from './view';
import { NpyError } from './types';
import { quoteForMessage } from '../shared/quote';

export interface SliceOptions {
  /** Structured arrays show their fields as columns, so at most one axis can be a range (the rows). */
  structured?: boolean;
  /**
   * An axis the view draws whole although its ViewSpec indexes it (an image's channel axis, indexed at 0: the
   * picture reads every channel from there). Its item must be `:` (or left out) and is no row or column range.
   */
  whole?: number;
}

type Item =
  | { kind: 'int'; value: bigint; pos: number }
  | { kind: 'slice'; start: bigint | null; stop: bigint | null; step: bigint | null; pos: number }
  | { kind: 'ellipsis'; pos: number };

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }
  eat(s: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
  fail(what: string): never {
    // The character is the user's: quoted through the shared helper, so a typed newline or U+2028 stays escaped.
    const at = this.pos >= this.text.length ? 'at the end' : `at position ${this.pos + 1} (${quoteForMessage(String.fromCodePoint(this.text.codePointAt(this.pos)!))})`;
    throw new NpyError(`slice: ${what} ${at}`);
  }
  /** An optional signed decimal integer (underscores allowed as in Python). */
  int(): bigint | null {
    this.skipSpace();
    const m = /^[+-]?\s*\d[\d_]*/.exec(this.text.slice(this.pos));
    if (!m) {
      if (/^[+-]/.test(this.text.slice(this.pos))) this.fail('expected a number');
      return null;
    }
    const raw = m[0].replace(/[\s_]/g, '');
    this.pos += m[0].length;
    if (/^[A-Za-z.]/.test(this.text[this.pos] ?? '')) this.fail('expected an integer');
    return BigInt(raw);
  }
}

function parseItems(text: string): { items: Item[]; transpose: boolean } {
  const s = new Scanner(text);
  let bracketed = false;
  // Optional array name (`a`, `arr`, `x.data`): anything identifier-like before the `[`.
  s.skipSpace();
  const name = /^[A-Za-z_]\w*(?:\.(?!T(?!\w))[A-Za-z_]\w*)*/.exec(text.slice(s.pos));
  if (name) {
    s.pos += name[0].length;
    if (s.atEnd()) return { items: [], transpose: false };
    if (s.eat('.T') && s.atEnd()) return { items: [], transpose: true };
    if (!s.eat('[')) s.fail("expected '['");
    bracketed = true;
  } else if (s.eat('[')) {
    bracketed = true;
  }
  const items: Item[] = [];
  const closeOrEnd = (): boolean => (bracketed ? s.peek() === ']' : s.atEnd() || s.peek() === '.');
  if (s.eat('()')) {
    // `a[()]`: the empty tuple, every axis a full range (the one way to index a 0-d array).
  } else if (!closeOrEnd()) {
    for (;;) {
      const pos = s.pos;
      s.skipSpace();
      const itemPos = s.pos;
      if (s.eat('...') || s.eat('…')) {
        items.push({ kind: 'ellipsis', pos: itemPos });
      } else {
        const start = s.int();
        if (s.eat(':')) {
          let stop: bigint | null = null;
          let step: bigint | null = null;
          if (s.peek() !== ':' && s.peek() !== ',' && !closeOrEnd()) stop = s.int() ?? s.fail('expected a number');
          if (s.eat(':')) {
            if (s.peek() !== ',' && !closeOrEnd()) step = s.int() ?? s.fail('expected a number');
          }
          if (step === 0n) throw new NpyError('slice: slice step cannot be zero');
          items.push({ kind: 'slice', start, stop, step, pos: itemPos });
        } else if (start !== null) {
          items.push({ kind: 'int', value: start, pos: itemPos });
        } else {
          s.pos = pos;
          s.fail(s.peek() === '' ? 'expected an index' : 'expected an index, a slice or ...');
        }
      }
      if (s.eat(',')) {
        if (closeOrEnd()) break; // trailing comma: `a[1,]`
        continue;
      }
      if (closeOrEnd()) break;
      s.fail(bracketed && s.atEnd() ? "expected ']'" : "expected ','");
    }
  }
  if (bracketed && !s.eat(']')) s.fail("expected ']'");
  let transpose = false;
  if (s.eat('.T')) transpose = true;
  if (!s.atEnd()) s.fail('unexpected text');
  return { items, transpose };
}

/** Python's slice.indices(n) followed by len(range(...)). */
function sliceRange(start: bigint | null, stop: bigint | null, step: bigint | null, n: bigint): AxisSelection {
  const st = step ?? 1n;
  let a: bigint;
  let b: bigint;
  if (st > 0n) {
    a = start === null ? 0n : start < 0n ? start + n : start;
    b = stop === null ? n : stop < 0n ? stop + n : stop;
    a = a < 0n ? 0n : a > n ? n : a;
    b = b < 0n ? 0n : b > n ? n : b;
  } else {
    a = start === null ? n - 1n : start < 0n ? start + n : start;
    b = stop === null ? -1n : stop < 0n ? stop + n : stop;
    a = a < -1n ? -1n : a > n - 1n ? n - 1n : a;
    b = b < -1n ? -1n : b > n - 1n ? n - 1n : b;
  }
  let count = st > 0n ? (b - a + st - 1n) / st : (a - b + -st - 1n) / -st;
  if (count < 0n) count = 0n;
  return { kind: 'range', start: count > 0n ? a : 0n, step: st, count };
}

/** Parse numpy-style indexing text into a view of an array of this shape. Throws NpyError with a one-line message. */
export function parseSlice(text: string, shape: readonly bigint[], opts: SliceOptions = {}): ViewSpec {
  const { items, transpose } = parseItems(text);
  const ndim = shape.length;
  const ellipses = items.filter((i) => i.kind === 'ellipsis').length;
  if (ellipses > 1) throw new NpyError("slice: an index can only have a single ellipsis ('...')");
  const explicit = items.length - ellipses;
  if (explicit > ndim) {
    throw new NpyError(`slice: too many indices for array: array is ${ndim}-dimensional, but ${explicit} were indexed`);
  }
  // Expand `...` (or the implicit trailing one) into full slices.
  const full: Item = { kind: 'slice', start: null, stop: null, step: null, pos: -1 };
  const expanded: Item[] = [];
  for (const it of items) {
    if (it.kind === 'ellipsis') for (let k = 0; k < ndim - explicit; k++) expanded.push(full);
    else expanded.push(it);
  }
  while (expanded.length < ndim) expanded.push(full);

  const axes: AxisSelection[] = [];
  const ranges: number[] = [];
  expanded.forEach((it, axis) => {
    const n = shape[axis];
    if (axis === opts.whole) {
      const sel = it.kind === 'slice' ? sliceRange(it.start, it.stop, it.step, n) : null;
      if (!sel || sel.kind !== 'range' || sel.start !== 0n || sel.step !== 1n || sel.count !== n) {
        throw new NpyError(`slice: axis ${axis} is drawn whole (all ${n} of it): write ':' there`);
      }
      axes.push({ kind: 'index', index: 0n });
    } else if (it.kind === 'int') {
      const idx = it.value < 0n ? it.value + n : it.value;
      if (idx < 0n || idx >= n) throw new NpyError(`slice: index ${it.value} is out of bounds for axis ${axis} with size ${n}`);
      axes.push({ kind: 'index', index: idx });
    } else if (it.kind === 'slice') {
      axes.push(sliceRange(it.start, it.stop, it.step, n));
      ranges.push(axis);
    }
  });
  const maxRanges = opts.structured ? 1 : 2;
  if (ranges.length > maxRanges) {
    const hint = opts.structured
      ? 'a structured array shows its fields as columns, so only one axis can be a range (the rows); index the others'
      : 'only two axes can be shown (rows and columns); index the others, e.g. a[0, :, :]';
    throw new NpyError(`slice: ${ranges.length} axes are ranges; ${hint}`);
  }
  let rowAxis: number | null = ranges[0] ?? null;
  let colAxis: number | null = ranges[1] ?? null;
  if (transpose) {
    if (ranges.length < 2) throw new NpyError('slice: .T needs two range axes to swap');
    [rowAxis, colAxis] = [colAxis, rowAxis];
  }
  return { axes, rowAxis, colAxis };
}

function formatRange(sel: { start: bigint; step: bigint; count: bigint }, n: bigint): string {
  const { start, step, count } = sel;
  // An empty range keeps its step, so the text reads back to the same view.
  if (count === 0n) return step === 1n ? '0:0' : `0:0:${step}`;
  const stop = start + count * step;
  const parts: string[] = [];
  if (step > 0n) {
    parts.push(start === 0n ? '' : start.toString());
    parts.push(stop >= n ? '' : stop.toString());
  } else {
    parts.push(start === n - 1n ? '' : start.toString());
    parts.push(stop < 0n ? '' : stop.toString());
  }
  let out = parts.join(':');
  if (step !== 1n) out += `:${step}`;
  return out;
}

/**
 * The view as indexing text that parseSlice reads back to the same view, e.g. `a[3, :, ::2]` or `a[:, 0, :].T`;
 * `opts.whole` writes that axis as `:` (parse it back with the same option).
 */
export function formatSlice(view: ViewSpec, shape: readonly bigint[], name = 'a', opts: Pick<SliceOptions, 'whole'> = {}): string {
  if (shape.length === 0) return `${name}[()]`;
  const parts = view.axes.map((sel, axis) => (axis === opts.whole ? ':' : sel.kind === 'index' ? sel.index.toString() : formatRange(sel, shape[axis])));
  const transposed = view.rowAxis !== null && view.colAxis !== null && view.rowAxis > view.colAxis;
  // Trailing `:` items are implied (an axis drawn whole keeps its `:`, so the text says it is); keep at least one item.
  const keep = opts.whole === undefined ? 1 : opts.whole + 1;
  while (parts.length > Math.max(1, keep) && parts[parts.length - 1] === ':' && !transposed) parts.pop();
  return `${name}[${parts.join(', ')}]${transposed ? '.T' : ''}`;
}
