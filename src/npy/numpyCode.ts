// The Python expression that gives numpy's value of a view: what "Copy View as NumPy Code" puts on the clipboard.
import { pyStrRepr } from './literal';
import { formatSlice } from './slice';
import type { ViewSpec } from './view';

/** `np.load('/data/x.npy', mmap_mode='r')[2, :, ::2]`; an .npz member `np.load('/data/a.npz')['key'][…]`. */
export function numpyCode(file: string, member: string | undefined, shape: readonly bigint[], view: ViewSpec): string {
  // An .npz member cannot be memory-mapped (numpy issue #5976): np.load(...)[key] reads it whole.
  const base = member === undefined ? `np.load(${pyStrRepr(file)}, mmap_mode='r')` : `np.load(${pyStrRepr(file)})[${pyStrRepr(member)}]`;
  return formatSlice(view, shape, base);
}
