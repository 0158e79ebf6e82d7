// The data range of the part of a picture that shows: the pixels of `pic` that meet the visible region. A reply
// covers whole pyramid tiles around the region (and its `range` all of them), so the visible domain is taken from
// the pixels themselves. At one pixel per element their values are the visible elements; a refined picture of
// larger blocks carries each block's finite min and max (`lo`, `hi`), so the domain is exactly the finite min/max
// of the elements of the blocks that show (a block at the edge counts whole: it is less than a screen pixel
// beyond it, the level's blocks being at most a screen pixel). A sampled picture gives its samples' range.
import { addToRange, emptyRange, type DataRange } from '../../../src/picture/geometry';
import type { Pic } from './picture';
import type { ElementRegion } from './viewport';

export function visibleRange(pic: Pic, region: ElementRegion): DataRange {
  const r = emptyRange();
  const b = pic.block;
  const y0 = Math.max(0, Math.floor((region.row0 - pic.row0) / b));
  const y1 = Math.min(pic.height, Math.ceil((region.row0 + region.rows - pic.row0) / b));
  const x0 = Math.max(0, Math.floor((region.col0 - pic.col0) / b));
  const x1 = Math.min(pic.width, Math.ceil((region.col0 + region.cols - pic.col0) / b));
  const ch = pic.channels;
  const { lo, hi } = pic;
  for (let y = y0; y < y1; y++) {
    const from = (y * pic.width + x0) * ch;
    const end = (y * pic.width + x1) * ch;
    if (lo && hi) {
      for (let i = from; i < end; i++) {
        const l = lo[i];
        const h = hi[i];
        if (l < r.min) r.min = l;
        if (h > r.max) r.max = h;
        // The smallest positive element is at most the block's smallest positive bound (an upper estimate).
        const p = l > 0 ? l : h > 0 ? h : Infinity;
        if (p < r.positiveMin) r.positiveMin = p;
      }
    } else for (let i = from; i < end; i++) addToRange(r, pic.values[i]);
  }
  return r;
}
