// Where the histogram's bars sit on its canvas, and which bin is under a point: pure math, so the view's drawing,
// its hover and the tests agree. np.histogram with a bin count has evenly spaced edges, so bar i spans the i-th
// n-th of the plot's width; heights come from barHeights (linear, or log(1 + count) for log counts).
import { decadeTicks, niceTicks } from '../picture/ticks';

export const MARGIN = { left: 64, right: 12, top: 10, bottom: 24 } as const;

export interface Plot {
  /** The plot area inside the margins, in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export function plotArea(w: number, h: number): Plot {
  return { left: MARGIN.left, top: MARGIN.top, width: Math.max(1, w - MARGIN.left - MARGIN.right), height: Math.max(1, h - MARGIN.top - MARGIN.bottom) };
}

/** Bar i's horizontal extent [x0, x1) of n bars. */
export function barSpan(p: Plot, i: number, n: number): [number, number] {
  return [p.left + (p.width * i) / n, p.left + (p.width * (i + 1)) / n];
}

/** The bin under canvas x (any y inside the plot's height), or -1. */
export function binAt(p: Plot, n: number, x: number, y: number): number {
  if (n <= 0 || x < p.left || x >= p.left + p.width || y < p.top || y > p.top + p.height) return -1;
  return Math.min(n - 1, Math.floor(((x - p.left) / p.width) * n));
}

/** Count ticks: nice numbers from 0 on a linear axis, decades on the log(1 + c) axis; t ∈ [0, 1] from the bottom. */
export function countTicks(max: number, log: boolean): { value: number; t: number }[] {
  if (!(max > 0)) return [{ value: 0, t: 0 }];
  if (log) {
    const top = Math.log1p(max);
    return [0, ...decadeTicks(1, max, 6)].map((value) => ({ value, t: Math.log1p(value) / top }));
  }
  return niceTicks(0, max, 4)
    .filter((v) => Number.isInteger(v))
    .map((value) => ({ value, t: value / max }));
}

/** Value ticks along the x axis between the first and last edge; t ∈ [0, 1] from the left. */
export function valueTicks(lo: number, hi: number): { value: number; t: number }[] {
  if (!(hi > lo)) return [{ value: lo, t: 0.5 }];
  return niceTicks(lo, hi, 5).map((value) => ({ value, t: (value - lo) / (hi - lo) }));
}
