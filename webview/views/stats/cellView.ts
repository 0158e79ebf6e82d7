// Where an element of the whole array (one index per axis, e.g. argmax) is in the table: the current view when it
// shows that element, else the view with the element's index on every fixed axis and, on a shown axis whose slice
// steps over it, that axis whole; with the element's logical row and column in that view.
import type { AxisSelection, LeafColumns, ViewSpec } from '../../../src/npy/view';

function positionIn(sel: AxisSelection, i: bigint): bigint | null {
  if (sel.kind !== 'range' || sel.step === 0n) return null;
  const d = i - sel.start;
  if (d % sel.step !== 0n) return null;
  const k = d / sel.step;
  return k >= 0n && k < sel.count ? k : null;
}

export function viewShowingIndex(view: ViewSpec, shape: readonly bigint[], index: readonly bigint[]): { view: ViewSpec; row: bigint; col: bigint | null } {
  let row = 0n;
  let col: bigint | null = null;
  const axes = view.axes.map((sel, a): AxisSelection => {
    const i = index[a] ?? 0n;
    if (a !== view.rowAxis && a !== view.colAxis) return { kind: 'index', index: i };
    let k = positionIn(sel, i);
    let out = sel;
    if (k === null) {
      out = { kind: 'range', start: 0n, step: 1n, count: shape[a] };
      k = i;
    }
    if (a === view.rowAxis) row = k;
    else col = k;
    return out;
  });
  return { view: { axes, rowAxis: view.rowAxis, colAxis: view.colAxis }, row, col };
}

/**
 * The column of the leaf field `label` in a record view (null when there is none). Leaves are virtual, so this
 * scans in blocks, and no further than the statistics engine lists fields (a million leaves).
 */
export function leafColumnOf(leaves: LeafColumns, label: string): bigint | null {
  const block = 4096n;
  const end = leaves.count < 1_000_000n ? leaves.count : 1_000_000n;
  for (let from = 0n; from < end; from += block) {
    const to = from + block < end ? from + block : end;
    const i = leaves.slice(from, to).findIndex((l) => l.label === label);
    if (i >= 0) return from + BigInt(i);
  }
  return null;
}
