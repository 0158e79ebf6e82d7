// The refined picture: every element of the region contributes to its pixel (max, min or mean of the block), read
// through the chunk reader in bounded chunks, as a job (progress in elements, cancel between chunks or worker
// tasks). Memory: one chunk (two while the next one is read ahead; on the workers, a 256 KiB read and the task's
// pixels each) plus a few doubles per pixel, whatever the array's size.
//
// NaN is left out of a block (numpy's nanmax / nanmin / nanmean): a pixel is NaN only when its whole block is NaN
// (or past the end of a truncated file). ±inf take part as numbers: a block holding +inf has max +inf, and a mean
// over +inf and −inf is NaN, as in numpy.
//
// Every path gathers the same five figures per pixel: the finite min and max of its block (`lo`, `hi`: also what
// the visible-region colour domain is made of), the sum and count of the values that are not NaN, and whether
// +inf / −inf occurred; max, min and mean all follow from them. Contiguous little-endian float32 / float64 lines
// (C-order rows, Fortran-order columns) go to worker threads with WebAssembly SIMD kernels when the caller passes
// a runner (`blocks`: src/stats/pool.ts, Node only); everything else takes the JavaScript loops below.
import { viewChunks, type ViewRange } from '../npy/read/chunks';
import type { PlanInput } from '../npy/read/planner';
import type { ResolvedView } from '../npy/view';
import { throwIfAborted, type Job } from '../shared/job';
import { lineBatches, readsThrough, type LineGrid } from './lines';
import { FLAG_NEG, FLAG_POS, type BlockResult, type BlockRunner, type BlockTask } from './blocks';
import { dispatchBlocks } from './blockDispatch';
import { emptyRange, type AxisBins, type DataRange, type Picture, type PictureGeometry, type PictureSource, type Reduce } from './geometry';

export interface RefineOptions {
  /** Bytes of packed elements per chunk. */
  budgetBytes?: number;
  /** Also find the smallest positive value (for a log domain); costs one more comparison per element. */
  positiveMin?: boolean;
  /** Always use the tile reader (tests: the path for elements too far apart to read through). */
  tiles?: boolean;
  /** Worker threads with the SIMD kernels, for the lines they take (absent: the JavaScript loops only). */
  blocks?: BlockRunner | null;
  /** With `blocks`: true uses them for any region they take (tests), false never; default: regions of FAST_MIN_ELEMENTS or more. */
  fast?: boolean;
}

/** Regions smaller than this are reduced on this thread (a worker round trip would cost more than it saves). */
export const FAST_MIN_ELEMENTS = 1 << 16;
/** Chunk budgets of elements per worker task (tasks are the unit of progress and cancel; two per thread in flight). */
const TASK_CHUNKS = 2;

export const REFINE_CHUNK_BYTES = 4 << 20;

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Statistics of the last run (module state: the kernel returns its figures without allocating).
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

// The line kernels. Element k of a line piece is v[ls + k·dk]; `map[k]` is its slot (bin·IL + channel from the
// piece's first pixel). They gather per slot the minimum, maximum and sum (lmn, lmx, lsum) and return false when
// the line's sum is not finite (NaN or ±inf in it, or an overflow): the caller then redoes the line with the
// careful kernel, which counts the specials and keeps min/max finite (rare, so the common loops test nothing).

/** One channel per line: slot m is the run of elements [runStarts[m], runStarts[m+1]), reduced in registers. */
function lineRuns(v: Float64Array, ls: number, dk: number, runStarts: Float64Array, slots: number, lmn: Float64Array, lmx: Float64Array, lsum: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  let total = 0;
  for (let m = 0; m < slots; m++) {
    let mn = Infinity;
    let mx = -Infinity;
    let s = 0;
    const end = runStarts[m + 1];
    for (let k = runStarts[m], idx = ls + k * dk; k < end; k++, idx += dk) {
      const x = v[idx];
      if (x < mn) mn = x;
      if (x > mx) mx = x;
      s += x;
    }
    lmn[m] = mn;
    lmx[m] = mx;
    lsum[m] = s;
    total += s;
  }
  return total - total === 0;
}

/** Channels interleaved in the line: through the slot map (lmn, lmx, lsum reset by the caller). */
function lineMap(v: Float64Array, ls: number, dk: number, n: number, map: Int32Array, lmn: Float64Array, lmx: Float64Array, lsum: Float64Array): boolean {
  ls |= 0;
  dk |= 0;
  let total = 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    const m = map[k];
    if (x < lmn[m]) lmn[m] = x;
    if (x > lmx[m]) lmx[m] = x;
    lsum[m] += x;
    total += x;
  }
  return total - total === 0;
}

/** After a line's sum was not finite: per slot the finite min/max, sum and NaN count, flags; st counts NaN, +inf, −inf. */
function lineCareful(
  v: Float64Array,
  ls: number,
  dk: number,
  n: number,
  map: Int32Array,
  lmn: Float64Array,
  lmx: Float64Array,
  lsum: Float64Array,
  lnan: Float64Array,
  lfl: Uint8Array,
  st: Float64Array,
): void {
  ls |= 0;
  dk |= 0;
  for (let k = 0, idx = ls; k < n; k++, idx += dk) {
    const x = v[idx];
    const m = map[k];
    if (x !== x) {
      lnan[m]++;
      st[0]++;
      continue;
    }
    lsum[m] += x;
    if (x === Infinity) {
      st[1]++;
      lfl[m] |= FLAG_POS;
    } else if (x === -Infinity) {
      st[2]++;
      lfl[m] |= FLAG_NEG;
    } else {
      if (x < lmn[m]) lmn[m] = x;
      if (x > lmx[m]) lmx[m] = x;
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

/** A worker task and where its pixels go: S bins from sb0, F bins from j0; linesIn[s] lines of the task in S slot s. */
interface Planned {
  task: Omit<BlockTask, 'fd' | 'origin' | 'wide' | 'budget' | 'base' | 'lineStride' | 'sum'>;
  sb0: number;
  j0: number;
  linesIn: Float64Array;
  elements: number;
}

/** Cut a line grid (stride 1) into worker tasks: pieces of lines within the chunk budget, lines grouped by S bin. */
function planTasks(g: LineGrid, S: AxisBins, F: AxisBins, size: number, budget: number): Planned[] {
  const maxPer = Math.max(1, Math.floor(budget / size));
  const out: Planned[] = [];
  for (let ka = 0; ka < g.count; ka += maxPer) {
    const kb = Math.min(g.count, ka + maxPer);
    const j0 = binOf(F, ka);
    const j1 = binOf(F, kb - 1);
    const runStarts = new Int32Array(j1 - j0 + 2);
    for (let j = j0; j <= j1; j++) runStarts[j - j0] = Math.max(F.starts[j], ka) - ka;
    runStarts[j1 - j0 + 1] = kb - ka;
    const maxLines = Math.max(1, Math.floor((TASK_CHUNKS * budget) / ((kb - ka) * size)));
    for (let la = 0; la < g.lines;) {
      let lb = Math.min(g.lines, la + maxLines);
      // End at an S-bin boundary when one lies inside, so a pixel is mostly one task's.
      if (lb < g.lines) {
        const edge = S.starts[binOf(S, lb)];
        if (edge > la) lb = edge;
      }
      const sb0 = binOf(S, la);
      const sb1 = binOf(S, lb - 1);
      const lineSlot = new Int32Array(lb - la);
      const linesIn = new Float64Array(sb1 - sb0 + 1);
      for (let l = la, sb = sb0; l < lb; l++) {
        while (S.starts[sb + 1] <= l) sb++;
        lineSlot[l - la] = sb - sb0;
        linesIn[sb - sb0]++;
      }
      out.push({
        task: { la: g.l0 + la, lb: g.l0 + lb, ka: g.k0 + ka, kb: g.k0 + kb, lineSlot, slots: sb1 - sb0 + 1, runStarts },
        sb0,
        j0,
        linesIn,
        elements: (lb - la) * (kb - ka),
      });
      la = lb;
    }
  }
  return out;
}

/** The refined picture as a job: progress counts elements of the region (all channels). */
export function refinePicture(src: PictureSource, geom: PictureGeometry, reduce: Reduce, opts: RefineOptions = {}): Job<Picture> {
  return async (signal, onProgress) => {
    const H = geom.rows.count;
    const W = geom.cols.count;
    const C = src.channels;
    const N = W * H * C;
    // Per pixel and channel: finite min and max, sum and count of the values that are not NaN, ±inf seen.
    const lo = new Float64Array(N).fill(Infinity);
    const hi = new Float64Array(N).fill(-Infinity);
    const sum = new Float64Array(N);
    const cnt = new Float64Array(N);
    const flags = new Uint8Array(N);
    // NaN, +inf, −inf of the whole region.
    const st = new Float64Array(3);
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

    const accumulate = (vals: Float64Array, i: number, from: number, to: number, step: number): void => {
      runStats(vals, from, to, step);
      if (rFinMin < lo[i]) lo[i] = rFinMin;
      if (rFinMax > hi[i]) hi[i] = rFinMax;
      sum[i] += rSum;
      cnt[i] += rCount;
      if (rPos) flags[i] |= FLAG_POS;
      if (rNeg) flags[i] |= FLAG_NEG;
      st[0] += rNan;
      st[1] += rPos;
      st[2] += rNeg;
      if (opts.positiveMin) posMin = positiveMinOf(vals, from, to, step, posMin);
    };
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

    // Contiguous float32 / float64 lines on the workers: pieces of lines, at most two per thread in flight.
    const runner = opts.blocks;
    const fastKind = dec.dtype.kind === 'f' && (size === 4 || size === 8) && (dec.dtype.byteOrder !== '>') === LITTLE;
    const fastPass = async (grid: LineGrid, S: AxisBins, F: AxisBins, colsFast: boolean, run: BlockRunner): Promise<void> => {
      const tasks = planTasks(grid, S, F, size, budget);
      await src.source.withFd!(async (fd, base) => {
        const origin = Number(base + src.dataOffset);
        const merge = (t: Planned, r: BlockResult): void => {
          const runs = t.task.runStarts.length - 1;
          const rs = t.task.runStarts;
          for (let s = 0; s < t.task.slots; s++) {
            const sb = t.sb0 + s;
            const lines = t.linesIn[s];
            for (let j = 0; j < runs; j++) {
              const px = s * runs + j;
              const i = colsFast ? sb * W + t.j0 + j : (t.j0 + j) * W + sb;
              const a = px * 3;
              if (r.acc[a] < lo[i]) lo[i] = r.acc[a];
              if (r.acc[a + 1] > hi[i]) hi[i] = r.acc[a + 1];
              sum[i] += r.acc[a + 2];
              cnt[i] += lines * (rs[j + 1] - rs[j]) - (r.nan ? r.nan[px] : 0);
              if (r.flags) flags[i] |= r.flags[px];
            }
          }
          // Missing elements were NaN in the runs, as on the JavaScript path (taken out at the end).
          st[0] += r.nanTotal + r.missing;
          st[1] += r.posInf;
          st[2] += r.negInf;
          missing += r.missing;
          done += t.elements;
          range.count += t.elements;
          if (!signal.aborted) onProgress(done, total);
        };
        const task = (t: Planned): BlockTask => ({
          ...t.task,
          fd,
          origin,
          wide: size === 8,
          base: grid.base,
          lineStride: grid.lineStride,
          budget,
          sum: reduce === 'mean',
        });
        await dispatchBlocks(run, tasks, task, merge, signal);
      });
    };
    const fastTakes = (grid: LineGrid): boolean => {
      if (!runner || opts.fast === false || !fastKind || C !== 1 || opts.tiles || opts.positiveMin || !src.source.withFd || grid.stride !== 1) return false;
      if (!opts.fast && grid.lines * grid.count < FAST_MIN_ELEMENTS) return false;
      // Every element read must be data: a truncated file's end stays on the JavaScript path, which marks it.
      const first = grid.base + grid.l0 * grid.lineStride + grid.k0;
      const last = grid.base + (grid.l0 + grid.lines - 1) * grid.lineStride + grid.k0;
      return Math.min(first, last) >= 0 && Math.max(first, last) + grid.count <= Number(src.availableCount);
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
      const grid: LineGrid = {
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
      if (fastTakes(grid)) {
        await fastPass(grid, S, F, colsFast, runner!);
        continue;
      }
      let map = new Int32Array(0);
      let pieceCnt = new Float64Array(0);
      let runStarts = new Float64Array(0);
      let mapKa = -1;
      let mapKb = -1;
      let m0 = 0;
      let slots = 0;
      let lmn = new Float64Array(0);
      let lmx = new Float64Array(0);
      let lsum = new Float64Array(0);
      let lnan = new Float64Array(0);
      let lfl = new Uint8Array(0);
      for await (const bt of lineBatches(grid, budget, signal)) {
        missing += bt.missing;
        const kaRel = bt.ka - grid.k0;
        const kbRel = bt.kb - grid.k0;
        // Slot of each element of the piece (bin·IL + channel, from the piece's first whole pixel m0), the
        // elements per slot and, for one channel per line, where each slot's run starts. Rebuilt only when the
        // piece changes (every batch of a region has the same one).
        const n = kbRel - kaRel;
        const mStep = colsFast ? (ILf === 1 ? C : 1) : W * C;
        if (mapKa !== kaRel || mapKb !== kbRel) {
          if (map.length < n) map = new Int32Array(n);
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
            lmn = new Float64Array(slots + 1);
            lmx = new Float64Array(slots + 1);
            lsum = new Float64Array(slots + 1);
            lnan = new Float64Array(slots + 1);
            lfl = new Uint8Array(slots + 1);
          }
          pieceCnt.fill(0, 0, slots);
          for (let k = 0; k < n; k++) pieceCnt[map[k]]++;
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
          let ok: boolean;
          if (ILf === 1) ok = lineRuns(v, ls, bt.dk, runStarts, slots, lmn, lmx, lsum);
          else {
            lmn.fill(Infinity, 0, slots);
            lmx.fill(-Infinity, 0, slots);
            lsum.fill(0, 0, slots);
            ok = lineMap(v, ls, bt.dk, n, map, lmn, lmx, lsum);
          }
          if (!ok) {
            lmn.fill(Infinity, 0, slots);
            lmx.fill(-Infinity, 0, slots);
            lsum.fill(0, 0, slots);
            lnan.fill(0, 0, slots);
            lfl.fill(0, 0, slots);
            lineCareful(v, ls, bt.dk, n, map, lmn, lmx, lsum, lnan, lfl, st);
          }
          for (let m = 0; m < slots; m++) {
            const i = i0 + (m0 + m) * mStep;
            if (lmn[m] < lo[i]) lo[i] = lmn[m];
            if (lmx[m] > hi[i]) hi[i] = lmx[m];
            sum[i] += lsum[m];
            if (ok) cnt[i] += pieceCnt[m];
            else {
              cnt[i] += pieceCnt[m] - lnan[m];
              flags[i] |= lfl[m];
            }
          }
          if (opts.positiveMin) posMin = positiveMinLine(v, ls, bt.dk, n, posMin);
        }
        done += (bt.lb - bt.la) * n;
        range.count += (bt.lb - bt.la) * n;
        onProgress(done, total);
      }
    }

    range.nan += st[0];
    range.posInf += st[1];
    range.negInf += st[2];
    // Missing cells were NaN in the runs: they are not data.
    range.nan -= missing;
    range.count -= missing;
    for (let i = 0; i < N; i++) {
      if (lo[i] < range.min) range.min = lo[i];
      if (hi[i] > range.max) range.max = hi[i];
    }
    range.positiveMin = posMin;
    if (!opts.positiveMin && range.min > 0) range.positiveMin = range.min;
    // Each reduce from the five figures (the sums become the values).
    const values = sum;
    for (let i = 0; i < N; i++) {
      const f = flags[i];
      if (cnt[i] === 0) values[i] = NaN;
      else if (reduce === 'max') values[i] = f & FLAG_POS ? Infinity : hi[i] > -Infinity ? hi[i] : -Infinity;
      else if (reduce === 'min') values[i] = f & FLAG_NEG ? -Infinity : lo[i] < Infinity ? lo[i] : Infinity;
      else values[i] /= cnt[i];
    }
    return { geometry: geom, width: W, height: H, channels: C, values, lo, hi, level: 'exact', reduce, range, missing };
  };
}
