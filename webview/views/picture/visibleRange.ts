// The data range of the part of a picture that shows: the pixels of `pic` that meet the visible region. A reply
// covers whole pyramid tiles around the region (and its `range` all of them), so the visible domain is taken from
// the values themselves; at one pixel per element it is exactly the visible elements' finite min/max.
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
  for (let y = y0; y < y1; y++) {
    for (let i = (y * pic.width + x0) * ch, end = (y * pic.width + x1) * ch; i < end; i++) addToRange(r, pic.values[i]);
  }
  return r;
}
