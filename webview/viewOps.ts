// Pure edits of a ViewSpec driven by the view controls (axis pickers, index steppers).
import type { AxisSelection, ViewSpec } from '../src/npy/view';

const full = (dim: bigint): AxisSelection => ({ kind: 'range', start: 0n, step: 1n, count: dim });

function asIndex(sel: AxisSelection): AxisSelection {
  return sel.kind === 'index' ? sel : { kind: 'index', index: sel.count > 0n ? sel.start : 0n };
}

function asRange(sel: AxisSelection, dim: bigint): AxisSelection {
  return sel.kind === 'range' ? sel : full(dim);
}

/** Show `axis` as rows. Picking the column axis swaps rows and columns; the old row axis gets an index. */
export function setRowAxis(view: ViewSpec, shape: readonly bigint[], axis: number): ViewSpec {
  if (axis === view.rowAxis) return view;
  const axes = view.axes.slice();
  if (axis === view.colAxis) return { axes, rowAxis: axis, colAxis: view.rowAxis };
  if (view.rowAxis !== null) axes[view.rowAxis] = asIndex(axes[view.rowAxis]);
  axes[axis] = asRange(axes[axis], shape[axis]);
  return { axes, rowAxis: axis, colAxis: view.colAxis };
}

/** Show `axis` as columns (null: none). Picking the row axis swaps rows and columns. */
export function setColAxis(view: ViewSpec, shape: readonly bigint[], axis: number | null): ViewSpec {
  if (axis === view.colAxis) return view;
  const axes = view.axes.slice();
  if (axis !== null && axis === view.rowAxis) {
    if (view.colAxis === null) return view;
    return { axes, rowAxis: view.colAxis, colAxis: axis };
  }
  if (view.colAxis !== null) axes[view.colAxis] = asIndex(axes[view.colAxis]);
  if (axis !== null) axes[axis] = asRange(axes[axis], shape[axis]);
  // Never leave columns without rows.
  if (view.rowAxis === null && axis !== null) return { axes, rowAxis: axis, colAxis: null };
  return { axes, rowAxis: view.rowAxis, colAxis: axis };
}

/** Fix `axis` at `index` (negative counts from the end; clamped into the axis). */
export function setIndex(view: ViewSpec, shape: readonly bigint[], axis: number, index: bigint): ViewSpec {
  const dim = shape[axis];
  let i = index < 0n ? index + dim : index;
  if (i < 0n) i = 0n;
  if (i >= dim) i = dim > 0n ? dim - 1n : 0n;
  const axes = view.axes.slice();
  axes[axis] = { kind: 'index', index: i };
  return { ...view, axes };
}

/**
 * The logical row/column of the view that shows index `index` of `axis` (nearest one when the view steps over
 * it). Negative counts from the end of the axis.
 */
export function logicalFromAxisIndex(sel: AxisSelection | undefined, dim: bigint, index: bigint): bigint {
  const i = index < 0n ? index + dim : index;
  if (!sel || sel.kind !== 'range') return i < 0n ? 0n : i;
  if (sel.count <= 0n) return 0n;
  // BigInt division truncates: an index between two shown rows goes to the one nearer the start.
  let r = (i - sel.start) / sel.step;
  if (r < 0n) r = 0n;
  if (r >= sel.count) r = sel.count - 1n;
  return r;
}

export function sameView(a: ViewSpec, b: ViewSpec): boolean {
  if (a.rowAxis !== b.rowAxis || a.colAxis !== b.colAxis || a.axes.length !== b.axes.length) return false;
  return a.axes.every((x, i) => {
    const y = b.axes[i];
    if (x.kind === 'index') return y.kind === 'index' && x.index === y.index;
    return y.kind === 'range' && x.start === y.start && x.step === y.step && x.count === y.count;
  });
}

/**
 * Carry a view over to a new shape (the file changed on disk, e.g. rows were appended): an axis that showed its
 * whole old extent shows the whole new one, indices past the new end are clamped; null when the number of axes
 * changed (the caller starts from the default view).
 */
export function adaptView(view: ViewSpec, oldShape: readonly bigint[], newShape: readonly bigint[]): ViewSpec | null {
  if (oldShape.length !== newShape.length || view.axes.length !== newShape.length) return null;
  const axes = view.axes.map((sel, axis): AxisSelection => {
    const dim = newShape[axis];
    if (sel.kind === 'index') return sel.index < dim ? sel : { kind: 'index', index: dim > 0n ? dim - 1n : 0n };
    const wasWhole = sel.start === 0n && sel.step === 1n && sel.count === oldShape[axis];
    if (wasWhole) return full(dim);
    // A partial slice keeps what still fits.
    if (sel.count === 0n) return sel;
    const last = sel.start + (sel.count - 1n) * sel.step;
    if (sel.start < dim && last >= 0n && last < dim) return sel;
    if (sel.step > 0n && sel.start < dim) return { ...sel, count: (dim - 1n - sel.start) / sel.step + 1n };
    return full(dim);
  });
  return { axes, rowAxis: view.rowAxis, colAxis: view.colAxis };
}
