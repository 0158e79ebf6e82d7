// Lines: a 1-D view, or one row or column of a 2-D view, drawn as an M4 envelope (Jugel, Jerzak, Hackenbroich,
// Markl: "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014): per pixel column, the
// first, last, minimum and maximum element of its bucket, with their indices. Drawing the four per column (a
// vertical stroke min..max, joined last → next first) gives exactly the pixels of the full line at that width, so no
// spike between samples is lost. Read through the chunk reader as a job; memory is a few doubles per bucket.
import { viewChunks, type ViewRange } from '../npy/read/chunks';
import type { PlanInput } from '../npy/read/planner';
import { lineBatches, readsThrough } from './lines';
import type { ResolvedView } from '../npy/view';
import { NpyError } from '../npy/types';
import { throwIfAborted, type Job } from '../shared/job';
import { emptyRange, evenBins, type AxisBins, type DataRange, type PictureSource } from './geometry';
import type { BlockResult, BlockRunner, BlockTask } from './blocks';
import { dispatchBlocks } from './blockDispatch';
import type { LineSpec } from './sample';

export type { LineSpec } from './sample';

/** The line of a 1-D view (rows only), or row `row` / column `col` of a 2-D view. */
export function lineOfView(view: ResolvedView, which?: { row: bigint } | { col: bigint }): LineSpec {
  if (view.leaves) throw new NpyError('cannot draw the fields of a structured array as a line');
  if (!which) {
    if (view.cols !== 1n) throw new NpyError(`a line needs a 1-D view, this view is ${view.rows} × ${view.cols}; pick a row or a column, e.g. a[0, :]`);
    return { base: view.base, stride: view.rowStride, count: view.rows };
  }
  if ('row' in which) {
    if (which.row < 0n || which.row >= view.rows) throw new NpyError(`row ${which.row} is outside the view's ${view.rows} rows`);
    return { base: view.base + which.row * view.rowStride, stride: view.colStride, count: view.cols };
  }
  if (which.col < 0n || which.col >= view.cols) throw new NpyError(`column ${which.col} is outside the view's ${view.cols} columns`);
  return { base: view.base + which.col * view.colStride, stride: view.rowStride, count: view.rows };
}

export interface Envelope {
  /** Buckets (pixel columns): min(count, width). */
  readonly buckets: number;
  readonly bins: AxisBins;
  /** First index of the range drawn (along the line). */
  readonly start: number;
  /** Per bucket, indices along the line (from 0, not from `start`) and values. NaN values where the file ended. */
  readonly firstIndex: Float64Array;
  readonly first: Float64Array;
  readonly lastIndex: Float64Array;
  readonly last: Float64Array;
  /** NaN left out; NaN (index −1) when the bucket has no number. */
  readonly minIndex: Float64Array;
  readonly min: Float64Array;
  readonly maxIndex: Float64Array;
  readonly max: Float64Array;
  readonly range: DataRange;
  readonly missing: number;
}

export const LINE_CHUNK_BYTES = 4 << 20;
/** Bytes of a worker's piece of a line: small enough that its two searches (min, max) find it in the core's cache. */
const PIECE_BYTES = 1 << 20;
/** Lines shorter than this stay on this thread (a worker's round trip costs more than it saves). */
const FAST_MIN_ELEMENTS = 1 << 18;
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface EnvelopeOptions {
  budgetBytes?: number;
  positiveMin?: boolean;
  /**
   * Worker threads with the SIMD kernels (src/stats/pool.ts): a contiguous float32 / float64 line in native byte
   * order is reduced there in pieces, the rest here. `fast`: true takes them whatever the length (tests), false never.
   */
  blocks?: BlockRunner | null;
  fast?: boolean;
}

/**
 * The M4 envelope of elements [start, start + count) of a line at `width` buckets (one per element when the range
 * is shorter). Progress counts elements.
 */
export function lineEnvelope(src: PictureSource, line: LineSpec, width: number, range?: { start: number; count: number }, opts: EnvelopeOptions = {}): Job<Envelope> {
  return async (signal, onProgress) => {
    const total = Number(line.count);
    const start = range?.start ?? 0;
    const count = range?.count ?? total - start;
    if (!(start >= 0 && count >= 0 && start + count <= total)) throw new NpyError(`range ${start}..${start + count} is outside the line's ${total} elements`);
    if (!Number.isSafeInteger(width) || width < 1) throw new NpyError(`width must be a positive integer, got ${width}`);
    const bins = evenBins(count, width);
    const B = bins.count;
    const firstIndex = new Float64Array(B).fill(-1);
    const first = new Float64Array(B).fill(NaN);
    const lastIndex = new Float64Array(B).fill(-1);
    const last = new Float64Array(B).fill(NaN);
    const minIndex = new Float64Array(B).fill(-1);
    const min = new Float64Array(B).fill(NaN);
    const maxIndex = new Float64Array(B).fill(-1);
    const max = new Float64Array(B).fill(NaN);
    const dr = emptyRange();
    let missing = 0;
    const dec = src.decoder;
    const view: ResolvedView = { rows: 1n, cols: line.count, base: line.base, rowStride: 0n, colStride: line.stride, leaves: null };
    const input = { view, itemsize: dec.itemsize, dataOffset: src.dataOffset, availableCount: src.availableCount };
    const region = { row0: 0n, rows: 1n, col0: BigInt(start), cols: BigInt(count) };
    let done = 0;
    const budget = Math.max(dec.itemsize, opts.budgetBytes ?? LINE_CHUNK_BYTES);
    const env = { buckets: B, bins, start, firstIndex, first, lastIndex, last, minIndex, min, maxIndex, max, range: dr };
    if (fastTakes(src, line, start, count, opts)) {
      const m = await workerEnvelope(src, line, env, count, opts.blocks!, Math.max(dec.itemsize, opts.budgetBytes ?? PIECE_BYTES), signal, onProgress);
      dr.nan -= m;
      dr.count -= m;
      return { ...env, missing: m };
    }
    const pieces = linePieces(src, line, input, region, budget, start, count, signal);
    try {
      for await (const piece of pieces) {
        const { v, n } = piece;
        missing += piece.missing;
        const c0 = piece.c0;
        const cEnd = c0 + n;
        // First bucket holding c0.
        let j = 0;
        let lo = 0;
        let hi = B - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (bins.starts[mid] <= c0) lo = mid;
          else hi = mid - 1;
        }
        j = lo;
        for (; j < B && bins.starts[j] < cEnd; j++) {
          const k0 = Math.max(bins.starts[j], c0);
          const k1 = Math.min(bins.starts[j + 1], cEnd);
          if (bins.starts[j] >= c0) {
            firstIndex[j] = start + k0;
            first[j] = v[k0 - c0];
          }
          if (bins.starts[j + 1] <= cEnd) {
            lastIndex[j] = start + k1 - 1;
            last[j] = v[k1 - 1 - c0];
          }
          let mn = Infinity;
          let mx = -Infinity;
          let mi = -1;
          let xi = -1;
          let sum = 0;
          for (let k = k0 - c0; k < k1 - c0; k++) {
            const x = v[k];
            if (x < mn) {
              mn = x;
              mi = k;
            }
            if (x > mx) {
              mx = x;
              xi = k;
            }
            sum += x;
          }
          let fmn = mn;
          let fmx = mx;
          if (sum - sum !== 0) {
            // Rare: NaN or infinities in the bucket. A bucket of only +inf (for min) or −inf (for max) and NaN never
            // beats the start values; and the data range counts finite values only.
            fmn = Infinity;
            fmx = -Infinity;
            for (let k = k0 - c0; k < k1 - c0; k++) {
              const x = v[k];
              if (x !== x) {
                dr.nan++;
                continue;
              }
              if (mi < 0) mi = k;
              if (xi < 0) xi = k;
              if (x === Infinity) dr.posInf++;
              else if (x === -Infinity) dr.negInf++;
              else {
                if (x < fmn) fmn = x;
                if (x > fmx) fmx = x;
              }
            }
            if (mi >= 0) mn = v[mi];
            if (xi >= 0) mx = v[xi];
          }
          if (fmn < dr.min) dr.min = fmn;
          if (fmx > dr.max) dr.max = fmx;
          if (opts.positiveMin) dr.positiveMin = positiveMinOf(v, k0 - c0, k1 - c0, dr.positiveMin);
          if (mi >= 0 && (min[j] !== min[j] || mn < min[j])) {
            min[j] = mn;
            minIndex[j] = start + c0 + mi;
          }
          if (xi >= 0 && (max[j] !== max[j] || mx > max[j])) {
            max[j] = mx;
            maxIndex[j] = start + c0 + xi;
          }
        }
        done += n;
        dr.count += n;
        onProgress(done, count);
        throwIfAborted(signal);
      }
    } finally {
      await pieces.return(undefined).catch(() => undefined);
    }
    dr.nan -= missing;
    dr.count -= missing;
    return { buckets: B, bins, start, firstIndex, first, lastIndex, last, minIndex, min, maxIndex, max, range: dr, missing };
  };
}

/** Whether the workers take this line: contiguous native float32 / float64, all of it data, no positive minimum. */
function fastTakes(src: PictureSource, line: LineSpec, start: number, count: number, opts: EnvelopeOptions): boolean {
  const dt = src.decoder.dtype;
  const size = src.decoder.itemsize;
  if (!opts.blocks || opts.fast === false || opts.positiveMin || !src.source.withFd || line.stride !== 1n) return false;
  if (dt.kind !== 'f' || (size !== 4 && size !== 8) || (dt.byteOrder !== '>') !== LITTLE) return false;
  if (!opts.fast && count < FAST_MIN_ELEMENTS) return false;
  // Every element read must be data: a truncated file's end stays on this thread's path, which marks it.
  const first = line.base + BigInt(start);
  return first >= 0n && first + BigInt(count) <= src.availableCount;
}

type EnvelopeArrays = Omit<Envelope, 'missing'>;

/**
 * The envelope on the workers: pieces of the line of at most `pieceBytes`, each reduced (kernels for min / max, a
 * search for their first index, its first and last element) into the runs of the buckets it overlaps, merged here
 * as they come back in any order: the earliest index wins a tie, as numpy's argmin does. Returns elements missing.
 */
async function workerEnvelope(
  src: PictureSource,
  line: LineSpec,
  env: EnvelopeArrays,
  count: number,
  run: BlockRunner,
  pieceBytes: number,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const { bins, start, range: dr } = env;
  const B = env.buckets;
  const size = src.decoder.itemsize;
  const per = Math.max(1, Math.floor(pieceBytes / size));
  let done = 0;
  let missing = 0;
  const merge = (ka: number, j0: number, rs: Int32Array, r: BlockResult): void => {
    const m4 = r.m4!;
    for (let i = 0; i + 1 < rs.length; i++) {
      const j = j0 + i;
      const k0 = ka + rs[i];
      const k1 = ka + rs[i + 1];
      if (k0 === start + bins.starts[j]) {
        env.firstIndex[j] = k0;
        env.first[j] = m4.first[i];
      }
      if (k1 === start + bins.starts[j + 1]) {
        env.lastIndex[j] = k1 - 1;
        env.last[j] = m4.last[i];
      }
      if (m4.minAt[i] >= 0) {
        const v = m4.min[i];
        const at = k0 + m4.minAt[i];
        if (env.minIndex[j] < 0 || v < env.min[j] || (v === env.min[j] && at < env.minIndex[j])) {
          env.min[j] = v;
          env.minIndex[j] = at;
        }
      }
      if (m4.maxAt[i] >= 0) {
        const v = m4.max[i];
        const at = k0 + m4.maxAt[i];
        if (env.maxIndex[j] < 0 || v > env.max[j] || (v === env.max[j] && at < env.maxIndex[j])) {
          env.max[j] = v;
          env.maxIndex[j] = at;
        }
      }
      const lo = r.acc[i * 3];
      const hi = r.acc[i * 3 + 1];
      if (lo < dr.min) dr.min = lo;
      if (hi > dr.max) dr.max = hi;
    }
    // Missing elements were NaN in the runs, as on this thread's path (taken out by the caller).
    dr.nan += r.nanTotal + r.missing;
    dr.posInf += r.posInf;
    dr.negInf += r.negInf;
    dr.count += rs[rs.length - 1];
    missing += r.missing;
    done += rs[rs.length - 1];
    if (!signal.aborted) onProgress(done, count);
  };
  // The pieces in order; piece run i is the part of bucket j0 + i inside it.
  function* pieces(): Generator<{ c: number; c1: number; j0: number; rs: Int32Array }> {
    let j = 0;
    for (let c = 0; c < count; c += per) {
      const c1 = Math.min(count, c + per);
      while (bins.starts[j + 1] <= c) j++;
      const j0 = j;
      const cuts: number[] = [0];
      while (j < B && bins.starts[j + 1] < c1) cuts.push(bins.starts[++j] - c);
      cuts.push(c1 - c);
      yield { c, c1, j0, rs: Int32Array.from(cuts) };
    }
  }
  await src.source.withFd!(async (fd, base) => {
    const origin = Number(base + src.dataOffset);
    const task = (p: { c: number; c1: number; rs: Int32Array }): BlockTask => ({
      fd,
      origin,
      wide: size === 8,
      base: Number(line.base),
      lineStride: 0,
      la: 0,
      lb: 1,
      ka: start + p.c,
      kb: start + p.c1,
      lineSlot: new Int32Array(1),
      slots: 1,
      runStarts: p.rs,
      budget: (p.c1 - p.c) * size,
      sum: false,
      m4: true,
    });
    await dispatchBlocks(run, pieces(), task, (p, r) => merge(start + p.c, p.j0, p.rs, r), signal);
  });
  return missing;
}

function positiveMinOf(v: Float64Array, from: number, to: number, best: number): number {
  for (let k = from; k < to; k++) {
    const x = v[k];
    if (x > 0 && x < best && x !== Infinity) best = x;
  }
  return best;
}

/** Pieces of a line in index order: `v[0..n)` are elements c0 … c0 + n − 1 of the range (NaN past the data). */
async function* linePieces(
  src: PictureSource,
  line: LineSpec,
  input: PlanInput,
  region: ViewRange,
  budget: number,
  start: number,
  count: number,
  signal: AbortSignal,
): AsyncGenerator<{ c0: number; n: number; v: Float64Array; missing: number }> {
  const dec = src.decoder;
  const stride = Number(line.stride);
  if (readsThrough(stride, dec.itemsize)) {
    let ordered = new Float64Array(0);
    const grid = { source: src.source, decoder: dec, dataOffset: src.dataOffset, base: Number(line.base), lineStride: 0, stride, l0: 0, lines: 1, k0: start, count };
    for await (const b of lineBatches(grid, budget, signal)) {
      const n = b.kb - b.ka;
      let v: Float64Array;
      if (b.dk === 1) v = b.vals.subarray(b.lineStart[0], b.lineStart[0] + n);
      else {
        if (ordered.length < n) ordered = new Float64Array(n);
        for (let k = 0, idx = b.lineStart[0]; k < n; k++, idx += b.dk) ordered[k] = b.vals[idx];
        v = ordered;
      }
      yield { c0: b.ka - start, n, v, missing: b.missing };
    }
    return;
  }
  // Elements far apart: the tile reader.
  let scratch = new Float64Array(0);
  for await (const { col0, tile } of viewChunks(src.source, input, region, { budgetBytes: budget, signal })) {
    const n = tile.cellsPerRow;
    if (scratch.length < n) scratch = new Float64Array(n);
    dec.bulk(tile.bytes, n, scratch);
    for (const m of tile.missing) scratch[m] = NaN;
    yield { c0: Number(col0) - start, n, v: scratch, missing: tile.missing.length };
  }
}
