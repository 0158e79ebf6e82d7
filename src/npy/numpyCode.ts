// The Python expression that gives numpy's value of a view: what "Copy View as NumPy Code" puts on the clipboard.
import { pyStrRepr } from './literal';
import { formatSlice } from './slice';
import type { ViewSpec } from './view';

/**
 * `np.load('/data/x.npy', mmap_mode='r')[2, :, ::2]`; an .npz member `np.load('/data/a.npz')['key'][…]`. `whole`:
 * an axis the view indexes but the picture draws whole (an image's channels), written `:`; its rows and columns
 * swapped are `.transpose(1, 0, 2)` (`.T` would move the channels first).
 */
export function numpyCode(file: string, member: string | undefined, shape: readonly bigint[], view: ViewSpec, whole?: number): string {
  // An .npz member cannot be memory-mapped (numpy issue #5976): np.load(...)[key] reads it whole.
  const base = member === undefined ? `np.load(${pyStrRepr(file)}, mmap_mode='r')` : `np.load(${pyStrRepr(file)})[${pyStrRepr(member)}]`;
  if (whole !== undefined && view.rowAxis !== null && view.colAxis !== null && view.rowAxis > view.colAxis) {
    return formatSlice({ ...view, rowAxis: view.colAxis, colAxis: view.rowAxis }, shape, base, { whole }) + '.transpose(1, 0, 2)';
  }
  return formatSlice(view, shape, base, { whole });
}
