// Where a go-to index leads: one integer per array axis (numpy's a[i, j, k]: the other axes' indices change, the
// shown axes give the cell), or one per shown axis (row, or row and column) as before. Negative indices count from
// the end as in numpy; an index outside its axis is an error in numpy's words, never clamped. Pure, so tested alone.
import type { AxisSelection, ViewSpec } from '../src/npy/view';
import { t } from './strings';

export type GotoTarget =
  | {
      ok: true;
      /** The view to show first (null: the current one). */
      view: ViewSpec | null;
      /** Array indices along the row / column axis (or the field column), null to keep the current one. */
      row: bigint | null;
      col: bigint | null;
    }
  | { ok: false; message: string };

const outOfRange = (index: bigint, axis: number, size: bigint): GotoTarget => ({
  ok: false,
  message: t('gotoOutOfRange', { index: index.toString(), axis, size: size.toString() }),
});

/** The index i of an axis of size `dim` with numpy's negative indices, or null when out of range. */
export function normalizeIndex(i: bigint, dim: bigint): bigint | null {
  const n = i < 0n ? i + dim : i;
  return n >= 0n && n < dim ? n : null;
}

/** Whether the range shows index i. */
function rangeShows(sel: AxisSelection, i: bigint): boolean {
  if (sel.kind !== 'range' || sel.count <= 0n) return false;
  const d = i - sel.start;
  if (d % sel.step !== 0n) return false;
  const k = d / sel.step;
  return k >= 0n && k < sel.count;
}

/**
 * `values` (null = keep) against the array `shape` and the current `view`. `fieldCols`: a structured array's
 * field columns (the column is a field, not an axis), else null.
 */
export function gotoTarget(values: readonly (bigint | null)[], shape: readonly bigint[], view: ViewSpec, fieldCols: bigint | null): GotoTarget {
  const ndim = shape.length;
  if (values.length === ndim && ndim > 0) {
    const axes = view.axes.slice();
    let changed = false;
    let row: bigint | null = null;
    let col: bigint | null = null;
    for (let a = 0; a < ndim; a++) {
      const v = values[a];
      if (v === null) continue;
      const i = normalizeIndex(v, shape[a]);
      if (i === null) return outOfRange(v, a, shape[a]);
      if (a === view.rowAxis || a === view.colAxis) {
        // An index the slice steps over or leaves out: show the whole axis rather than a neighbour.
        if (!rangeShows(axes[a], i)) {
          axes[a] = { kind: 'range', start: 0n, step: 1n, count: shape[a] };
          changed = true;
        }
        if (a === view.rowAxis) row = i;
        else col = i;
      } else {
        const sel = axes[a];
        if (sel.kind !== 'index' || sel.index !== i) {
          axes[a] = { kind: 'index', index: i };
          changed = true;
        }
      }
    }
    return { ok: true, view: changed ? { ...view, axes } : null, row, col };
  }
  if (values.length < 1 || values.length > 2) return { ok: false, message: t('gotoInvalid') };
  const [r, c] = values;
  let row: bigint | null = null;
  let col: bigint | null = null;
  if (r !== null && r !== undefined) {
    if (view.rowAxis === null) {
      if (r !== 0n && r !== -1n) return outOfRange(r, 0, 1n);
      row = 0n;
    } else {
      const i = normalizeIndex(r, shape[view.rowAxis]);
      if (i === null) return outOfRange(r, view.rowAxis, shape[view.rowAxis]);
      row = i;
    }
  }
  if (c !== null && c !== undefined) {
    if (fieldCols !== null) {
      const i = normalizeIndex(c, fieldCols);
      if (i === null) return { ok: false, message: t('gotoFieldOutOfRange', { index: c.toString(), size: fieldCols.toString() }) };
      col = i;
    } else if (view.colAxis === null) {
      if (c !== 0n && c !== -1n) return { ok: false, message: t('gotoNoColumns') };
      col = 0n;
    } else {
      const i = normalizeIndex(c, shape[view.colAxis]);
      if (i === null) return outOfRange(c, view.colAxis, shape[view.colAxis]);
      col = i;
    }
  }
  // Shown axes whose slice leaves the index out: show the whole axis.
  const axes = view.axes.slice();
  let changed = false;
  for (const [axis, i] of [
    [view.rowAxis, row],
    [fieldCols === null ? view.colAxis : null, col],
  ] as const) {
    if (axis === null || i === null || rangeShows(axes[axis], i)) continue;
    axes[axis] = { kind: 'range', start: 0n, step: 1n, count: shape[axis] };
    changed = true;
  }
  return { ok: true, view: changed ? { ...view, axes } : null, row, col };
}
