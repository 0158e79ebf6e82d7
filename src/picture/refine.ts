// The refined picture: every element of the region contributes to its pixel (max, min or mean of the block), read
// through the chunk reader in bounded chunks, as a job (progress in elements, cancel between chunks). Memory: one
// chunk (two while the next one is read ahead) plus a few doubles per pixel, whatever the array's size.
//
// NaN is left out of a block (numpy's nanmax / nanmin / nanmean): a pixel is NaN only when its whole block is NaN
// (or past the end of a truncated file). ±inf take part as numbers: a block holding +inf has max +inf, and a mean
// over +inf and −inf is NaN, as in numpy.
import { viewChunks, type ViewRange } from '../npy/read/chunks';
import type { PlanInput } from '../npy/read/planner';
import type { ResolvedView } from '../npy/view';
import { throwIfAborted, type Job } from '../shared/job';
import { lineBatches, readsThrough } from './lines';
import { emptyRange, type AxisBins, type DataRange, type Picture, type PictureGeometry, type PictureSource, type Reduce } from './geometry';

export interface RefineOptions {
  /** Bytes of packed elements per chunk. */
  budgetBytes?: number;
  /** Also find the smallest positive value (for a log domain); costs one more comparison per element. */
  positiveMin?: boolean;
  /** Always use the tile reader (tests: the path for elements too far apart to read through). */
  tiles?: boolean;
}

export const REFINE_CHUNK_BYTES = 4 << 20;

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Statistics of the last run (module state: the kernel returns five numbers without allocating).
let rMin = Infinity;
let rMax = -Infinity;
let rSum = 0;
let rCount = 0;
let rFinMin = Infinity;
let rFinMax = -Infinity;
let rNan = 0;
let rPos = 0;
let rNeg = 0;

/** min, max, sum and count over v[from], v[from+step], … < to, NaN left out; finite min/max and specials too. */
function runStats(v: Float64Array, from: number, to: number, step: number): void {
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  let n = 0;
  if (step === 1) {
    for (let k = from; k < to; k++) {
      const x = v[k];
      if (x < mn) mn = x;
      if (x > mx) mx = x;
      s += x;
    }
    n = to - from;
  } else {
    for (let k = from; k < to; k += step) {
      const x = v[k];
      if (x < mn) mn = x;
      if (x > mx) mx = x;
      s += x;
      n++;
    }
  }
  rMin = mn;
  rMax = mx;
  if (s - s === 0) {
    // A finite sum: no NaN and no infinity in the run.
    rSum = s;
    rCount = n;
    rFinMin = mn;
    rFinMax = mx;
    rNan = rPos = rNeg = 0;
    return;
  }
  // Rare: NaN, infinities, or an overflowing sum. Count them exactly.
  let fmn = Infinity;
  let fmx = -Infinity;
  let nan = 0;
  let pos = 0;
  let neg = 0;
  s = 0;
  for (let k = from; k < to; k += step) {
    const x = v[k];
    if (x !== x) {
      nan++;
      continue;
    }
    s += x;
    if (x === Infinity) pos++;
    else if (x === -Infinity) neg++;
    else {
      if (x < fmn) fmn = x;
      if (x > fmx) fmx = x;
    }
  }
  rSum = s;
  rCount = n - nan;
  rFinMin = fmn;
  rFinMax = fmx;
  rNan = nan;
  rPos = pos;
  rNeg = neg;
}

function positiveMinOf(v: Float64Array, from: number, to: number, step: number, best: number): number {
  for (let k = from; k < to; k += step) {
    const x = v[k];
    if (x > 0 && x < best) best = x;
  }
  return best;
}

const MODE_MAX = 0;
const MODE_MIN = 1;
const MODE_MEAN = 2;

// The line kernels. Element k of a line piece is v[ls + k·dk]; `off[k]` is its pixel's offset from i0 in acc / cnt;
// `map[k]` its slot. `st` collects the data range: finite min, finite max, NaN, +inf, −inf, positive min. A kernel
// returns false when the line's sum is not finite (NaN or ±inf in it, or an overflow): the caller then redoes the
// line with the careful kernel, which counts the specials (rare, so the common loop has no test for them).

function lineMax(v: Float64Array, ls: number, dk: number, n: number, off: Int32Array, acc: Float64Array, i0: number, st: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  i0 |= 0;
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    const i = i0 + off[k];
    if (x > acc[i]) acc[i] = x;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
    s += x;
  }
  if (s - s !== 0) return false;
  if (mn < st[0]) st[0] = mn;
  if (mx > st[1]) st[1] = mx;
  return true;
}

function lineMin(v: Float64Array, ls: number, dk: number, n: number, off: Int32Array, acc: Float64Array, i0: number, st: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  i0 |= 0;
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    const i = i0 + off[k];
    if (x < acc[i]) acc[i] = x;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
    s += x;
  }
  if (s - s !== 0) return false;
  if (mn < st[0]) st[0] = mn;
  if (mx > st[1]) st[1] = mx;
  return true;
}

/** After lineMax / lineMin saw a special: NaN out of the counts, specials counted, finite range of the line. */
function lineFix(v: Float64Array, ls: number, dk: number, n: number, off: Int32Array, cnt: Float64Array, i0: number, st: Float64Array): void {
  ls |= 0;
  dk |= 0;
  i0 |= 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    if (x !== x) {
      cnt[i0 + off[k]]--;
      st[2]++;
    } else if (x === Infinity) st[3]++;
    else if (x === -Infinity) st[4]++;
    else {
      if (x < st[0]) st[0] = x;
      if (x > st[1]) st[1] = x;
    }
  }
}

/** Sums per slot of one-channel runs (slot m: elements [runStarts[m], runStarts[m+1])), in registers. */
function lineSums(v: Float64Array, ls: number, dk: number, runStarts: Float64Array, slots: number, la: Float64Array, st: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  let mn = Infinity;
  let mx = -Infinity;
  let total = 0;
  for (let m = 0; m < slots; m++) {
    let s = 0;
    const end = runStarts[m + 1];
    for (let k = runStarts[m], idx = ls + k * dk; k < end; k++, idx += dk) {
      const x = v[idx];
      if (x < mn) mn = x;
      if (x > mx) mx = x;
      s += x;
    }
    la[m] = s;
    total += s;
  }
  if (total - total !== 0) return false;
  if (mn < st[0]) st[0] = mn;
  if (mx > st[1]) st[1] = mx;
  return true;
}

/** Sums per slot through the slot map (channels interleaved in the line). */
function lineSumsMap(v: Float64Array, ls: number, dk: number, n: number, map: Int32Array, la: Float64Array, st: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  let mn = Infinity;
  let mx = -Infinity;
  let total = 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    la[map[k]] += x;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
    total += x;
  }
  if (total - total !== 0) return false;
  if (mn < st[0]) st[0] = mn;
  if (mx > st[1]) st[1] = mx;
  return true;
}

/** Sums and counts per slot with NaN left out, specials counted. */
function carefulSums(v: Float64Array, ls: number, dk: number, n: number, map: Int32Array, la: Float64Array, lc: Float64Array, st: Float64Array): void {
  ls |= 0;
  dk |= 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    if (x !== x) {
      st[2]++;
      continue;
    }
    la[map[k]] += x;
    lc[map[k]]++;
    if (x === Infinity) st[3]++;
    else if (x === -Infinity) st[4]++;
    else {
      if (x < st[0]) st[0] = x;
      if (x > st[1]) st[1] = x;
    }
  }
}

function positiveMinLine(v: Float64Array, ls: number, dk: number, n: number, best: number): number {
  ls |= 0;
  dk |= 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    if (x > 0 && x < best) best = x;
  }
  return best;
}

/** First bin whose block holds element k (k < n). */
function binOf(bins: AxisBins, k: number): number {
  let lo = 0;
  let hi = bins.count - 1;
  const s = bins.starts;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid] <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** One pass of the chunk reader: which view, which region, and how its columns map to pixels and channels. */
interface Pass {
  view: ResolvedView;
  region: ViewRange;
  /** Column bins in the pass's columns (channel-interleaved passes have C columns per view column). */
  cols: AxisBins;
  /** Channels interleaved in the pass's columns (1 when a pass reads one channel). */
  interleave: number;
  /** Channel a one-channel pass reads. */
  channel: number;
}

function passes(src: PictureSource, geom: PictureGeometry): Pass[] {
  const C = src.channels;
  const { view } = src;
  if (C === 1) return [{ view, region: geom.region, cols: geom.cols, interleave: 1, channel: 0 }];
  if (view.colStride === BigInt(C) * src.channelStride && src.channelStride !== 0n) {
    // Channels sit between columns (C-order RGB): one pass over `cols × C` columns with the channel stride.
    const v: ResolvedView = { ...view, cols: view.cols * BigInt(C), colStride: src.channelStride };
    const starts = geom.cols.starts.map((x) => x * C);
    const region = { ...geom.region, col0: geom.region.col0 * BigInt(C), cols: geom.region.cols * BigInt(C) };
    return [{ view: v, region, cols: { n: geom.cols.n * C, count: geom.cols.count, starts }, interleave: C, channel: 0 }];
  }
  return Array.from({ length: C }, (_, ch) => ({
    view: { ...view, base: view.base + BigInt(ch) * src.channelStride },
    region: geom.region,
    cols: geom.cols,
    interleave: 1,
    channel: ch,
  }));
}

/** The refined picture as a job: progress counts elements of the region (all channels). */
export function refinePicture(src: PictureSource, geom: PictureGeometry, reduce: Reduce, opts: RefineOptions = {}): Job<Picture> {
  return async (signal, onProgress) => {
    const H = geom.rows.count;
    const W = geom.cols.count;
    const C = src.channels;
    const N = W * H * C;
    const acc = new Float64Array(N).fill(reduce === 'max' ? -Infinity : reduce === 'min' ? Infinity : 0);
    const cnt = new Float64Array(N);
    const range: DataRange = emptyRange();
    let missing = 0;
    const dec = src.decoder;
    const size = dec.itemsize;
    const total = geom.rows.n * geom.cols.n * C;
    let done = 0;
    const budget = Math.max(size, opts.budgetBytes ?? REFINE_CHUNK_BYTES);
    let scratch = new Float64Array(0);
    const f8 = dec.dtype.kind === 'f' && size === 8 && (dec.dtype.byteOrder !== '>') === LITTLE;
    let posMin = Infinity;

    // Elements too far apart to read through: the tile reader (one read per element or run of elements).
    const tilePass = async (pass: Pass): Promise<void> => {
      const input: PlanInput = { view: pass.view, itemsize: size, dataOffset: src.dataOffset, availableCount: src.availableCount };
      const it = viewChunks(src.source, input, pass.region, { budgetBytes: budget, signal });
      const { cols, interleave: IL } = pass;
      const row0 = Number(pass.region.row0);
      const col0 = Number(pass.region.col0);
      let next = it.next();
      next.catch(() => undefined);
      try {
        for (;;) {
          const r = await next;
          if (r.done) break;
          // Read the next chunk while this one is reduced.
          next = it.next();
          next.catch(() => undefined);
          const { tile } = r.value;
          const n = tile.rows * tile.cellsPerRow;
          let vals: Float64Array;
          if (f8 && tile.bytes.byteOffset % 8 === 0) vals = new Float64Array(tile.bytes.buffer, tile.bytes.byteOffset, n);
          else {
            if (scratch.length < n) scratch = new Float64Array(n);
            dec.bulk(tile.bytes, n, scratch);
            vals = scratch;
          }
          for (const m of tile.missing) vals[m] = NaN;
          missing += tile.missing.length;
          const c0 = Number(r.value.col0) - col0;
          const cEnd = c0 + tile.cellsPerRow;
          const j0 = binOf(cols, c0);
          for (let rr = 0; rr < tile.rows; rr++) {
            const vr = Number(r.value.row0) - row0 + rr;
            const py = binOf(geom.rows, vr);
            const rowAt = rr * tile.cellsPerRow - c0;
            for (let j = j0; j < cols.count && cols.starts[j] < cEnd; j++) {
              const k0 = Math.max(cols.starts[j], c0);
              const k1 = Math.min(cols.starts[j + 1], cEnd);
              for (let ch = 0; ch < IL; ch++) {
                // First element of channel ch at or after k0 (interleaved columns: k mod C is the channel).
                const first = IL === 1 ? k0 : k0 + ((ch - (k0 % IL) + IL) % IL);
                if (first >= k1) continue;
                accumulate(vals, (py * W + j) * C + (IL === 1 ? pass.channel : ch), rowAt + first, rowAt + k1, IL);
              }
            }
          }
          done += n;
          range.count += n;
          onProgress(done, total);
          throwIfAborted(signal);
        }
      } finally {
        await it.return(undefined).catch(() => undefined);
      }
    };

    const mode = reduce === 'max' ? MODE_MAX : reduce === 'min' ? MODE_MIN : MODE_MEAN;
    // reduceLine's share of the data range (finite min, max, NaN, +inf, −inf, positive min).
    const stats = Float64Array.of(Infinity, -Infinity, 0, 0, 0, Infinity);
    const accumulate = (vals: Float64Array, i: number, from: number, to: number, step: number): void => {
      runStats(vals, from, to, step);
      if (reduce === 'max') {
        if (rMax > acc[i]) acc[i] = rMax;
      } else if (reduce === 'min') {
        if (rMin < acc[i]) acc[i] = rMin;
      } else acc[i] += rSum;
      cnt[i] += rCount;
      if (rFinMin < range.min) range.min = rFinMin;
      if (rFinMax > range.max) range.max = rFinMax;
      range.nan += rNan;
      range.posInf += rPos;
      range.negInf += rNeg;
      if (opts.positiveMin) posMin = positiveMinOf(vals, from, to, step, posMin);
    };

    for (const pass of passes(src, geom)) {
      const rs = Number(pass.view.rowStride);
      const cs = Number(pass.view.colStride);
      const colsFast = pass.region.rows === 1n || Math.abs(cs) <= Math.abs(rs);
      if (opts.tiles || !readsThrough(colsFast ? cs : rs, size)) {
        await tilePass(pass);
        continue;
      }
      // Lines along the axis of smaller stride; the other axis numbers the lines.
      const F = colsFast ? pass.cols : geom.rows;
      const S = colsFast ? geom.rows : pass.cols;
      const ILf = colsFast ? pass.interleave : 1;
      const ILs = colsFast ? 1 : pass.interleave;
      const grid = {
        source: src.source,
        decoder: dec,
        dataOffset: src.dataOffset,
        base: Number(pass.view.base),
        lineStride: colsFast ? rs : cs,
        stride: colsFast ? cs : rs,
        l0: Number(colsFast ? pass.region.row0 : pass.region.col0),
        lines: Number(colsFast ? pass.region.rows : pass.region.cols),
        k0: Number(colsFast ? pass.region.col0 : pass.region.row0),
        count: Number(colsFast ? pass.region.cols : pass.region.rows),
      };
      let map = new Int32Array(0);
      let off = new Int32Array(0);
      let pieceCnt = new Float64Array(0);
      let runStarts = new Float64Array(0);
      let mapKa = -1;
      let mapKb = -1;
      let m0 = 0;
      let slots = 0;
      let lineAcc = new Float64Array(0);
      let lineCnt = new Float64Array(0);
      for await (const bt of lineBatches(grid, budget, signal)) {
        missing += bt.missing;
        const kaRel = bt.ka - grid.k0;
        const kbRel = bt.kb - grid.k0;
        // Slot of each element of the piece (bin·IL + channel, from the piece's first whole pixel m0), its offset
        // in the accumulators (slot · mStep), the elements per slot and, for one channel per line, where each
        // slot's run starts. Rebuilt only when the piece changes (every batch of a region has the same one).
        const n = kbRel - kaRel;
        const mStep = colsFast ? (ILf === 1 ? C : 1) : W * C;
        if (mapKa !== kaRel || mapKb !== kbRel) {
          if (map.length < n) {
            map = new Int32Array(n);
            off = new Int32Array(n);
          }
          const jFirst = binOf(F, kaRel);
          m0 = jFirst * ILf;
          let j = jFirst;
          for (let k = kaRel; k < kbRel; k++) {
            while (F.starts[j + 1] <= k) j++;
            map[k - kaRel] = (ILf === 1 ? j : j * ILf + (k % ILf)) - m0;
          }
          slots = (j + 1) * ILf - m0;
          if (pieceCnt.length < slots + 1) {
            pieceCnt = new Float64Array(slots + 1);
            runStarts = new Float64Array(slots + 1);
            lineAcc = new Float64Array(slots + 1);
            lineCnt = new Float64Array(slots + 1);
          }
          pieceCnt.fill(0, 0, slots);
          for (let k = 0; k < n; k++) {
            pieceCnt[map[k]]++;
            off[k] = (m0 + map[k]) * mStep;
          }
          if (ILf === 1) {
            runStarts[0] = 0;
            for (let m = 0; m < slots; m++) runStarts[m + 1] = runStarts[m] + pieceCnt[m];
          }
          mapKa = kaRel;
          mapKb = kbRel;
        }
        for (let l = bt.la; l < bt.lb; l++) {
          const lRel = l - grid.l0;
          const sb = binOf(S, lRel);
          const channel = pass.interleave === 1 ? pass.channel : ILs > 1 ? lRel % ILs : 0;
          // Pixel index of slot m: i0 + (m0 + m)·mStep. Cols fast: (sb·W + j)·C + ch; rows fast: (j·W + sb)·C + channel.
          const i0 = colsFast ? sb * W * C + (ILf === 1 ? channel : 0) : sb * C + channel;
          const ls = bt.lineStart[l - bt.la];
          const v = bt.vals;
          if (mode !== MODE_MEAN) {
            // Straight into the pixels: across the rows of a block the running extreme rarely changes, so the
            // comparison is predictable. NaN never wins a comparison; the counts are fixed up if there was one.
            const ok = mode === MODE_MAX ? lineMax(v, ls, bt.dk, n, off, acc, i0, stats) : lineMin(v, ls, bt.dk, n, off, acc, i0, stats);
            for (let m = 0; m < slots; m++) cnt[i0 + (m0 + m) * mStep] += pieceCnt[m];
            if (!ok) lineFix(v, ls, bt.dk, n, off, cnt, i0, stats);
          } else {
            lineAcc.fill(0, 0, slots);
            let ok = ILf === 1 ? lineSums(v, ls, bt.dk, runStarts, slots, lineAcc, stats) : lineSumsMap(v, ls, bt.dk, n, map, lineAcc, stats);
            if (!ok) {
              lineAcc.fill(0, 0, slots);
              lineCnt.fill(0, 0, slots);
              carefulSums(v, ls, bt.dk, n, map, lineAcc, lineCnt, stats);
            }
            const counts = ok ? pieceCnt : lineCnt;
            for (let m = 0; m < slots; m++) {
              const i = i0 + (m0 + m) * mStep;
              acc[i] += lineAcc[m];
              cnt[i] += counts[m];
            }
            ok = true;
          }
          if (opts.positiveMin) stats[5] = positiveMinLine(v, ls, bt.dk, n, stats[5]);
        }
        done += (bt.lb - bt.la) * n;
        range.count += (bt.lb - bt.la) * n;
        onProgress(done, total);
      }
    }

    if (stats[0] < range.min) range.min = stats[0];
    if (stats[1] > range.max) range.max = stats[1];
    range.nan += stats[2];
    range.posInf += stats[3];
    range.negInf += stats[4];
    if (stats[5] < posMin) posMin = stats[5];
    // Missing cells were NaN in the runs: they are not data.
    range.nan -= missing;
    range.count -= missing;
    range.positiveMin = posMin;
    if (!opts.positiveMin && range.min > 0) range.positiveMin = range.min;
    for (let i = 0; i < N; i++) {
      if (cnt[i] === 0) acc[i] = NaN;
      else if (reduce === 'mean') acc[i] /= cnt[i];
    }
    return { geometry: geom, width: W, height: H, channels: C, values: acc, level: 'exact', reduce, range, missing };
  };
}
