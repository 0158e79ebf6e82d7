// From a view to RGBA pixels: the pieces the CLI's `render` (and an export) put together. The webview does the
// same with its own canvas: a Picture (sampled first, then refined) → colorize / imageRgba → ImageData.
import { NpyError } from '../npy/types';
import type { Job } from '../shared/job';
import type { ScaleName } from './color';
import { isIdentity, type DataRange, type Picture, type PictureGeometry, type PictureSource, type Reduce } from './geometry';
import type { Envelope } from './line';
import { refinePicture, type RefineOptions } from './refine';
import { samplePicture, type SampleOptions } from './sample';

/**
 * The picture of a geometry as a job: one element per pixel when every block is one element (exact) or when asked
 * for `sample`; otherwise every element reduced into its pixel.
 */
export function drawPicture(src: PictureSource, geom: PictureGeometry, reduce: Reduce | 'sample', opts: SampleOptions & RefineOptions = {}): Job<Picture> {
  if (reduce === 'sample' || (isIdentity(geom.rows) && isIdentity(geom.cols))) {
    return async (signal, onProgress) => {
      const p = await samplePicture(src, geom, { ...opts, signal });
      onProgress(1, 1);
      return p;
    };
  }
  return refinePicture(src, geom, reduce, opts);
}

/** The default colour domain: finite min and max of what was read (smallest positive value for log). */
export function defaultDomain(range: DataRange, scale: ScaleName): [number, number] {
  if (scale === 'log') {
    if (range.positiveMin === Infinity) return [1, 10];
    return [range.positiveMin, range.max];
  }
  if (range.min > range.max) return [0, 1];
  return [range.min, range.max];
}

/** Nearest-neighbour resize of RGBA (upscaling a picture smaller than the requested size). */
export function resizeNearest(rgba: Uint8Array | Uint8ClampedArray, w: number, h: number, W: number, H: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(W * H * 4);
  const src32 = new Uint32Array(rgba.buffer, rgba.byteOffset, w * h);
  const dst32 = new Uint32Array(out.buffer);
  const xs = new Uint32Array(W);
  for (let x = 0; x < W; x++) xs[x] = Math.floor((x * w) / W);
  for (let y = 0; y < H; y++) {
    const sy = Math.floor((y * h) / H) * w;
    for (let x = 0; x < W; x++) dst32[y * W + x] = src32[sy + xs[x]];
  }
  return out;
}

export interface LineStyle {
  /** y range [lo, hi]; positive for log. */
  domain: readonly [number, number];
  log?: boolean;
  color?: readonly [number, number, number, number];
  background?: readonly [number, number, number, number];
}

/** matplotlib's first colour (C0), on white. */
export const LINE_COLOR = [31, 119, 180, 255] as const;
export const LINE_BACKGROUND = [255, 255, 255, 255] as const;

/**
 * Raster an M4 envelope into W × H RGBA: bucket b sits at x = floor((b + ½)·W / buckets); at each x a vertical
 * stroke from the bucket's min to its max, and a segment from the previous bucket's last value to this bucket's
 * first. NaN (and log's non-positive values) break the line; values outside the domain are clipped to the edges.
 */
export function lineRgba(env: Envelope, W: number, H: number, style: LineStyle): Uint8ClampedArray {
  const out = new Uint8ClampedArray(W * H * 4);
  const bg = style.background ?? LINE_BACKGROUND;
  const fg = style.color ?? LINE_COLOR;
  for (let i = 0; i < W * H; i++) out.set(bg, i * 4);
  let [lo, hi] = style.domain;
  if (style.log) {
    if (!(lo > 0 && hi > 0)) throw new NpyError(`a log scale needs a positive domain, got ${lo},${hi}`);
    lo = Math.log10(lo);
    hi = Math.log10(hi);
  }
  const f = (v: number): number => (style.log ? (v > 0 ? Math.log10(v) : NaN) : v === Infinity ? hi : v === -Infinity ? lo : v);
  // y pixel of a value: hi at the top row, lo at the bottom row.
  const span = hi - lo;
  const yOf = (v: number): number => {
    const x = f(v);
    if (x !== x) return NaN;
    if (span === 0) return Math.floor(H / 2);
    const t = (x - lo) / span;
    const c = t < 0 ? 0 : t > 1 ? 1 : t;
    return Math.min(H - 1, Math.max(0, Math.round((1 - c) * (H - 1))));
  };
  const plot = (x: number, y: number): void => {
    if (x < 0 || x >= W || y < 0 || y >= H) return;
    out.set(fg, (y * W + x) * 4);
  };
  const stroke = (x: number, y0: number, y1: number): void => {
    const a = Math.min(y0, y1);
    const b = Math.max(y0, y1);
    for (let y = a; y <= b; y++) plot(x, y);
  };
  const segment = (x0: number, y0: number, x1: number, y1: number): void => {
    // Bresenham.
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      plot(x0, y0);
      if (x0 === x1 && y0 === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  };
  const B = env.buckets;
  let prevX = -1;
  let prevY = NaN;
  for (let b = 0; b < B; b++) {
    const x = Math.min(W - 1, Math.floor(((b + 0.5) * W) / B));
    const yFirst = yOf(env.first[b]);
    const yMin = yOf(env.min[b]);
    const yMax = yOf(env.max[b]);
    const yLast = yOf(env.last[b]);
    if (prevY === prevY && yFirst === yFirst && prevX >= 0) segment(prevX, prevY, x, yFirst);
    if (yMin === yMin && yMax === yMax) stroke(x, yMin, yMax);
    else if (yFirst === yFirst) plot(x, yFirst);
    prevX = x;
    prevY = yLast;
  }
  return out;
}
