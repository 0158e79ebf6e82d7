// A view of an N-D array as a 2-D table: every axis is either fixed at one index or a range
// (start, step, count); at most two ranges are shown, one as rows and one as columns. Structured arrays show
// their leaf fields as columns instead of an axis. Everything is in elements; the planner turns it into bytes.
import type { Dtype, ScalarDtype } from './types';
import { NpyError } from './types';

export type AxisSelection = { kind: 'index'; index: bigint } | { kind: 'range'; start: bigint; step: bigint; count: bigint };

export interface ViewSpec {
  /** One entry per axis of the array. */
  axes: AxisSelection[];
  /** Axis shown as rows (must be a range), or null (a single row). */
  rowAxis: number | null;
  /** Axis shown as columns (must be a range), or null (a single column, or the fields of a structured array). */
  colAxis: number | null;
}

/** One column of a structured array: a scalar leaf reached through nested records and sub-array fields. */
export interface LeafColumn {
  /** `x`, `rec.a`, `pos[1,2]`. */
  label: string;
  /** Byte offset inside the record. */
  offset: number;
  dtype: ScalarDtype;
}

/** A view resolved against a shape: element index of cell (r, c) is `base + r * rowStride + c * colStride`. */
export interface ResolvedView {
  rows: bigint;
  cols: bigint;
  base: bigint;
  rowStride: bigint;
  colStride: bigint;
  /** For structured arrays, the columns are these leaves of each element (virtual); otherwise null. */
  leaves: LeafColumns | null;
}

/** Element strides in C or Fortran order. */
export function elementStrides(shape: readonly bigint[], fortranOrder: boolean): bigint[] {
  const n = shape.length;
  const strides = new Array<bigint>(n);
  let acc = 1n;
  const order = fortranOrder ? [...Array(n).keys()] : [...Array(n).keys()].reverse();
  for (const axis of order) {
    strides[axis] = acc;
    acc *= shape[axis] > 0n ? shape[axis] : 1n;
  }
  return strides;
}

/** The view the viewer opens with: the last two axes as rows × columns, index 0 on the others. */
export function defaultView(shape: readonly bigint[], structured: boolean): ViewSpec {
  const n = shape.length;
  const axes: AxisSelection[] = shape.map((d) => ({ kind: 'range', start: 0n, step: 1n, count: d }));
  if (structured) {
    // Fields are the columns: rows over the last axis, other axes fixed.
    for (let i = 0; i < n - 1; i++) axes[i] = { kind: 'index', index: 0n };
    return { axes, rowAxis: n > 0 ? n - 1 : null, colAxis: null };
  }
  for (let i = 0; i < n - 2; i++) axes[i] = { kind: 'index', index: 0n };
  if (n === 0) return { axes, rowAxis: null, colAxis: null };
  if (n === 1) return { axes, rowAxis: 0, colAxis: null };
  return { axes, rowAxis: n - 2, colAxis: n - 1 };
}

/**
 * The scalar leaves of a structured dtype, in field order, flattening nested records and sub-arrays (C order) —
 * virtual like every other axis: a field `('a', 'u1', (2147483647,))` has 2^31 − 1 leaves, so leaves are counted
 * (BigInt) and computed one at a time for the columns on screen, never listed.
 */
export class LeafColumns {
  readonly count: bigint;
  private readonly counts = new WeakMap<Dtype, bigint>();
  /** Per struct: the leaf index at which each field starts, for a binary search. */
  private readonly starts = new WeakMap<Dtype, bigint[]>();

  constructor(readonly dtype: Dtype) {
    this.count = this.countOf(dtype);
  }

  private countOf(d: Dtype): bigint {
    const known = this.counts.get(d);
    if (known !== undefined) return known;
    let n: bigint;
    if (d.type === 'scalar') n = 1n;
    else if (d.type === 'struct') {
      const starts: bigint[] = [];
      n = 0n;
      for (const f of d.fields) {
        starts.push(n);
        n += this.countOf(f.dtype);
      }
      this.starts.set(d, starts);
    } else n = d.shape.reduce((a, b) => a * BigInt(b), 1n) * this.countOf(d.base);
    this.counts.set(d, n);
    return n;
  }

  /** Leaf `i` (0 ≤ i < count): its label (`x`, `rec.a`, `pos[1,2]`), byte offset in the record and dtype. */
  at(i: bigint): LeafColumn {
    if (i < 0n || i >= this.count) throw new NpyError(`field column ${i} is out of range (the record has ${this.count})`);
    let d = this.dtype;
    let label = '';
    let offset = 0;
    let rest = i;
    for (;;) {
      if (d.type === 'scalar') return { label, offset, dtype: d };
      if (d.type === 'struct') {
        const starts = this.starts.get(d)!;
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= rest) lo = mid;
          else hi = mid - 1;
        }
        // Skip fields with no leaves (an empty record) that share the start.
        while (lo + 1 < starts.length && starts[lo + 1] <= rest) lo++;
        const f = d.fields[lo];
        rest -= starts[lo];
        label = label ? `${label}.${f.name}` : f.name;
        offset += f.offset;
        d = f.dtype;
      } else {
        const per = this.countOf(d.base);
        const element = rest / per;
        rest -= element * per;
        const idx: bigint[] = [];
        let e = element;
        for (let k = d.shape.length - 1; k >= 0; k--) {
          idx.unshift(e % BigInt(d.shape[k]));
          e /= BigInt(d.shape[k]);
        }
        label = `${label}[${idx.join(',')}]`;
        offset += Number(element) * d.base.itemsize;
        d = d.base;
      }
    }
  }

  /** Leaves `from … to − 1`; the caller bounds the range (the columns on screen, a copy under its size limit). */
  slice(from: bigint, to: bigint): LeafColumn[] {
    const out: LeafColumn[] = [];
    const end = to < this.count ? to : this.count;
    for (let i = from < 0n ? 0n : from; i < end; i++) out.push(this.at(i));
    return out;
  }

  /** Bytes of the record that hold leaves `from … from + n − 1`: what a tile of those columns must read. */
  span(from: bigint, n: number): { start: number; end: number } {
    let start = Infinity;
    let end = 0;
    for (const leaf of this.slice(from, from + BigInt(n))) {
      start = Math.min(start, leaf.offset);
      end = Math.max(end, leaf.offset + leaf.dtype.itemsize);
    }
    return start === Infinity ? { start: 0, end: 0 } : { start, end };
  }
}

/** Every leaf of a dtype with few enough of them to list (field pickers); refuses records with more than `max`. */
export function leafColumns(dtype: Dtype, max = 1_000_000): LeafColumn[] {
  const leaves = new LeafColumns(dtype);
  if (leaves.count > BigInt(max)) throw new NpyError(`the record has ${leaves.count} field columns, too many to list (at most ${max})`);
  return leaves.slice(0n, leaves.count);
}

/** Check a view against the shape and reduce it to strides. Throws NpyError on an out-of-range selection. */
export function resolveView(shape: readonly bigint[], fortranOrder: boolean, dtype: Dtype, view: ViewSpec): ResolvedView {
  if (view.axes.length !== shape.length) throw new NpyError(`view has ${view.axes.length} axes, array has ${shape.length}`);
  if (view.rowAxis !== null && view.rowAxis === view.colAxis) throw new NpyError('rows and columns must be different axes');
  const strides = elementStrides(shape, fortranOrder);
  let base = 0n;
  for (let axis = 0; axis < shape.length; axis++) {
    const sel = view.axes[axis];
    const dim = shape[axis];
    if (sel.kind === 'index') {
      if (axis === view.rowAxis || axis === view.colAxis) throw new NpyError(`axis ${axis} is shown, so it needs a range`);
      if (sel.index < 0n || sel.index >= dim) throw new NpyError(`index ${sel.index} is out of bounds for axis ${axis} with size ${dim}`);
      base += sel.index * strides[axis];
    } else {
      if (axis !== view.rowAxis && axis !== view.colAxis) {
        throw new NpyError(`axis ${axis} needs an index (only two axes can be shown)`);
      }
      if (sel.step === 0n) throw new NpyError('slice step cannot be zero');
      if (sel.count < 0n) throw new NpyError('slice length cannot be negative');
      if (sel.count > 0n) {
        const last = sel.start + (sel.count - 1n) * sel.step;
        if (sel.start < 0n || sel.start >= dim || last < 0n || last >= dim) {
          throw new NpyError(`slice of axis ${axis} goes outside 0..${dim - 1n}`);
        }
        base += sel.start * strides[axis];
      }
    }
  }
  const range = (axis: number | null): [bigint, bigint] => {
    if (axis === null) return [1n, 0n];
    const sel = view.axes[axis];
    if (sel.kind !== 'range') throw new NpyError(`axis ${axis} is shown, so it needs a range`);
    return [sel.count, sel.step * strides[axis]];
  };
  const [rows, rowStride] = range(view.rowAxis);
  let [cols, colStride] = range(view.colAxis);
  let leaves: LeafColumns | null = null;
  if (dtype.type !== 'scalar') {
    leaves = new LeafColumns(dtype);
    if (view.colAxis !== null) throw new NpyError('a structured array shows its fields as columns');
    cols = leaves.count;
    colStride = 0n;
  }
  return { rows, cols, base, rowStride, colStride, leaves };
}
