// What a picture is drawn from and how its pixels divide a view region. A region of a view (rows × columns of
// the view, see src/npy/view.ts) is drawn at a picture size: along each axis, n elements become min(n, out) pixels;
// pixel i covers elements [starts[i], starts[i+1]) of the region (`evenBins`: starts[i] = floor(i·n / out), so
// blocks differ by at most one element; `fixedBins`: blocks of exactly `size` elements, the last one shorter, for
// pyramid tiles). When n ≤ out each pixel is one element.
import type { ByteSource } from '../npy/io/byteSource';
import type { ArrayEntry } from '../npy/container';
import type { ViewRange } from '../npy/read/chunks';
import type { ResolvedView } from '../npy/view';
import { NpyError } from '../npy/types';
import { numericDecoder, type NumberDecoder } from './decode';

export interface AxisBins {
  /** Elements along the axis. */
  readonly n: number;
  /** Pixels along the axis. */
  readonly count: number;
  /** count + 1 boundaries, starts[0] = 0, starts[count] = n. */
  readonly starts: Float64Array;
}

const SAFE = Number.MAX_SAFE_INTEGER;

export function evenBins(n: number, out: number): AxisBins {
  if (!Number.isSafeInteger(n) || n < 0) throw new NpyError(`axis of ${n} elements is too long to draw`);
  const count = Math.max(0, Math.min(n, Math.floor(out)));
  const starts = new Float64Array(count + 1);
  const big = count * n > SAFE;
  for (let i = 0; i <= count; i++) starts[i] = big ? Number((BigInt(i) * BigInt(n)) / BigInt(count)) : Math.floor((i * n) / count);
  return { n, count, starts };
}

export function fixedBins(n: number, size: number): AxisBins {
  if (!Number.isSafeInteger(n) || n < 0) throw new NpyError(`axis of ${n} elements is too long to draw`);
  if (!(size >= 1) || !Number.isSafeInteger(size)) throw new NpyError(`block size must be a positive integer, got ${size}`);
  const count = Math.ceil(n / size);
  const starts = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) starts[i] = Math.min(n, i * size);
  return { n, count, starts };
}

/** True when every pixel of the axis is one element. */
export function isIdentity(bins: AxisBins): boolean {
  return bins.count === bins.n;
}

export interface PictureGeometry {
  /** The region of the view, in view rows/columns. */
  readonly region: ViewRange;
  /** Picture rows (height = rows.count) over region rows, picture columns (width) over region columns. */
  readonly rows: AxisBins;
  readonly cols: AxisBins;
}

function regionSize(v: bigint, what: string): number {
  if (v < 0n || v > BigInt(SAFE)) throw new NpyError(`region of ${v} ${what} is too large to draw`);
  return Number(v);
}

/** The region drawn at (at most) width × height pixels: each axis min(n, out) pixels. */
export function pictureGeometry(region: ViewRange, width: number, height: number): PictureGeometry {
  checkSize(width, height);
  return { region, rows: evenBins(regionSize(region.rows, 'rows'), height), cols: evenBins(regionSize(region.cols, 'columns'), width) };
}

/** Blocks of exactly blockRows × blockCols elements (the last ones shorter): a pyramid tile at level L uses 2^L. */
export function blockGeometry(region: ViewRange, blockRows: number, blockCols: number): PictureGeometry {
  return { region, rows: fixedBins(regionSize(region.rows, 'rows'), blockRows), cols: fixedBins(regionSize(region.cols, 'columns'), blockCols) };
}

/** Largest picture side and pixel count the engine draws (memory is a few doubles per pixel). */
export const MAX_PICTURE_SIDE = 32768;
export const MAX_PICTURE_PIXELS = 64 * 1024 * 1024;

export function checkSize(width: number, height: number): void {
  for (const [v, name] of [
    [width, 'width'],
    [height, 'height'],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1 || v > MAX_PICTURE_SIDE) throw new NpyError(`picture ${name} must be an integer from 1 to ${MAX_PICTURE_SIDE}, got ${v}`);
  }
  if (width * height > MAX_PICTURE_PIXELS) throw new NpyError(`a picture of ${width} × ${height} pixels is larger than ${MAX_PICTURE_PIXELS} pixels`);
}

/** A view of one array, ready to draw: where its elements are and how to read them as numbers. */
export interface PictureSource {
  readonly source: ByteSource;
  readonly decoder: NumberDecoder;
  /** Byte offset of element 0 in the source. */
  readonly dataOffset: bigint;
  /** Elements present (fewer than the shape's count when the file is truncated); those past it draw as NaN. */
  readonly availableCount: bigint;
  /** Channel 0 of each cell. Must not be a view of record fields. */
  readonly view: ResolvedView;
  /** 1 for a heatmap or a grey image; 3 (RGB) or 4 (RGBA) for an image. */
  readonly channels: number;
  /** Elements from channel k to channel k+1 of a cell. */
  readonly channelStride: bigint;
}

/** Make a PictureSource of an opened entry (throws for object and non-numeric dtypes, and record views). */
export function pictureSource(entry: ArrayEntry, view: ResolvedView, channels = 1, channelStride = 0n): PictureSource {
  const { opened, source } = entry;
  if (opened.dataError) throw new NpyError(opened.dataError);
  const decoder = numericDecoder(opened.header.dtype);
  if (view.leaves) throw new NpyError('cannot draw the fields of a structured array');
  return { source, decoder, dataOffset: opened.header.dataOffset, availableCount: opened.availableCount, view, channels, channelStride };
}

/** What was seen of the elements read: the default colour domain is [min, max] (finite values). */
export interface DataRange {
  /** Finite minimum and maximum (Infinity / −Infinity when no finite value was read). */
  min: number;
  max: number;
  /** Smallest positive finite value (for a log domain), Infinity when none. */
  positiveMin: number;
  /** Elements read (including NaN and ±inf, excluding missing ones). */
  count: number;
  nan: number;
  posInf: number;
  negInf: number;
}

export function emptyRange(): DataRange {
  return { min: Infinity, max: -Infinity, positiveMin: Infinity, count: 0, nan: 0, posInf: 0, negInf: 0 };
}

/** Add one value to a range. */
export function addToRange(r: DataRange, v: number): void {
  r.count++;
  if (v !== v) r.nan++;
  else if (v === Infinity) r.posInf++;
  else if (v === -Infinity) r.negInf++;
  else {
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
    if (v > 0 && v < r.positiveMin) r.positiveMin = v;
  }
}

export function mergeRange(into: DataRange, r: DataRange): void {
  if (r.min < into.min) into.min = r.min;
  if (r.max > into.max) into.max = r.max;
  if (r.positiveMin < into.positiveMin) into.positiveMin = r.positiveMin;
  into.count += r.count;
  into.nan += r.nan;
  into.posInf += r.posInf;
  into.negInf += r.negInf;
}

export type Reduce = 'max' | 'min' | 'mean';
export const REDUCE_NAMES: readonly (Reduce | 'sample')[] = ['sample', 'mean', 'max', 'min'];

/** A drawn region: one value per pixel and channel, before colour. */
export interface Picture {
  readonly geometry: PictureGeometry;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** (y · width + x) · channels + channel; NaN where a block had no value (all NaN, or past a truncated end). */
  readonly values: Float64Array;
  /**
   * Refined pictures: per pixel and channel, the finite min and max of its block (Infinity / −Infinity when it has
   * none): what the visible-region colour domain is made of, whatever the reduce.
   */
  readonly lo?: Float64Array;
  readonly hi?: Float64Array;
  /** `sampled`: one element stood for each block; `exact`: every element of the region contributed. */
  readonly level: 'sampled' | 'exact';
  /** How a block became its pixel: one element (`sample`, also every exact one-element-per-pixel picture) or a reduce. */
  readonly reduce: Reduce | 'sample';
  /** The elements read (all of the region when exact, the samples when sampled). */
  readonly range: DataRange;
  /** Elements of the region past the end of a truncated file. */
  readonly missing: number;
}
