// Scroll mapping for the virtual grid, pure and DOM-free so it is unit-tested at 10^9 rows.
// The grid scrolls in whole rows/columns: the scroll position is the BigInt index of the first shown row (or
// column), never a pixel offset, so it is exact for any count. The custom scrollbar's thumb lives on a bounded
// track of a few hundred pixels; its position maps to and from the BigInt start through a 2^52-step fraction,
// so every start from 0 to the last one is reachable by keyboard/wheel and the thumb always lands within one
// pixel of where the start is.

const FRACTION_BITS = 52n;
const FRACTION_ONE = 1n << FRACTION_BITS;
const FRACTION_ONE_NUM = 2 ** 52;

export const MIN_THUMB_PX = 18;

/** The largest valid start so that the last `visible` items are shown (0 when everything fits). */
export function maxStart(total: bigint, visible: number): bigint {
  const v = BigInt(Math.max(1, Math.floor(visible)));
  return total > v ? total - v : 0n;
}

export function clampStart(start: bigint, total: bigint, visible: number): bigint {
  const max = maxStart(total, visible);
  return start < 0n ? 0n : start > max ? max : start;
}

/** Clamp any index into 0..total-1 (0 when total is 0). */
export function clampIndex(index: bigint, total: bigint): bigint {
  if (total <= 0n) return 0n;
  return index < 0n ? 0n : index >= total ? total - 1n : index;
}

export interface ThumbMetrics {
  /** Thumb length in px. */
  thumb: number;
  /** How far the thumb can travel (track − thumb), px. */
  travel: number;
  /** False when everything fits: the scrollbar is hidden. */
  scrollable: boolean;
}

export function thumbMetrics(total: bigint, visible: number, trackPx: number, minThumbPx = MIN_THUMB_PX): ThumbMetrics {
  const track = Math.max(0, trackPx);
  const scrollable = maxStart(total, visible) > 0n;
  if (!scrollable || total <= 0n) return { thumb: track, travel: 0, scrollable: false };
  // visible/total as a float is fine for the length: it is only a size, never an index.
  const ratio = Math.max(0, Math.min(1, visible / Number(total)));
  const thumb = Math.min(track, Math.max(Math.min(minThumbPx, track), Math.round(track * ratio)));
  return { thumb, travel: Math.max(0, track - thumb), scrollable };
}

/** Fraction (0..1) of the way from the first to the last start → start. Exact at both ends. */
export function fractionToStart(fraction: number, total: bigint, visible: number): bigint {
  const max = maxStart(total, visible);
  if (!(fraction > 0)) return 0n;
  if (fraction >= 1) return max;
  const f = BigInt(Math.round(fraction * FRACTION_ONE_NUM));
  // Round to nearest.
  return clampStart((max * f + FRACTION_ONE / 2n) >> FRACTION_BITS, total, visible);
}

/** Start → fraction (0..1) of the way from the first to the last start. */
export function startToFraction(start: bigint, total: bigint, visible: number): number {
  const max = maxStart(total, visible);
  if (max <= 0n) return 0;
  const s = clampStart(start, total, visible);
  if (s === max) return 1;
  return Number((s * FRACTION_ONE) / max) / FRACTION_ONE_NUM;
}

/** Thumb offset (px from the top/left of the track) → start. */
export function thumbToStart(thumbPx: number, total: bigint, visible: number, trackPx: number): bigint {
  const { travel } = thumbMetrics(total, visible, trackPx);
  if (travel <= 0) return 0n;
  return fractionToStart(Math.max(0, Math.min(1, thumbPx / travel)), total, visible);
}

/** Start → thumb offset (px). */
export function startToThumb(start: bigint, total: bigint, visible: number, trackPx: number): number {
  const { travel } = thumbMetrics(total, visible, trackPx);
  return startToFraction(start, total, visible) * travel;
}

/** The start that keeps `index` in view, moving as little as possible from `start`. */
export function ensureVisible(start: bigint, index: bigint, total: bigint, visible: number): bigint {
  const v = BigInt(Math.max(1, Math.floor(visible)));
  let s = start;
  if (index < s) s = index;
  else if (index >= s + v) s = index - v + 1n;
  return clampStart(s, total, visible);
}

/**
 * Wheel input → whole rows, carrying the remainder so slow trackpads still scroll. `deltaMode` is the DOM's
 * 0 = pixels, 1 = lines, 2 = pages.
 */
export function wheelToSteps(delta: number, deltaMode: number, itemPx: number, pageItems: number, carry: number): { steps: number; carry: number } {
  let items: number;
  if (deltaMode === 1) items = delta;
  else if (deltaMode === 2) items = delta * Math.max(1, pageItems);
  else items = delta / Math.max(1, itemPx);
  const total = items + carry;
  const steps = total < 0 ? Math.ceil(total) : Math.floor(total);
  return { steps, carry: total - steps };
}

/** The track click: page towards the click. */
export function pageTowards(start: bigint, clickPx: number, thumbPx: number, thumbLen: number, page: number): bigint {
  if (clickPx < thumbPx) return start - BigInt(Math.max(1, page));
  if (clickPx > thumbPx + thumbLen) return start + BigInt(Math.max(1, page));
  return start;
}
