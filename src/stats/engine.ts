// Statistics of an array or of a view of it, as a job: count, NaN and infinities, min/max with their first
// positions, mean and std (float64), exact integer sums, exact percentiles and numpy's histogram, streamed from
// disk in bounded chunks through worker threads.
//
// Passes. Pass 1 reads every cell once: counts, finite min/max, a sum, and a histogram of each value's top 16
// bits. For values of at most 16 bits (bool, int8/16, float16) that histogram is exact and everything follows
// from it. Wider values need pass 2: the moments about the pass-1 mean (a corrected two-pass variance), the next
// 16 bits (or the values themselves, when few) of the radix buckets holding the wanted percentile ranks, and the
// values of the buckets that straddle a histogram edge binned one by one (a bucket inside one bin is counted
// whole: numpy's bin index is monotone in the value). A selection that fits `keepBytes` stays in the workers'
// memory for pass 2; otherwise pass 2 reads the data again. 64-bit and x87 values whose wanted buckets are
// crowded take further passes, 16 bits each, until every rank is a single value.
import type { ByteSource } from '../npy/io/byteSource';
import type { OpenedArray } from '../npy/open';
import { fileOrderChunks, viewChunks } from '../npy/read/chunks';
import { resolveView, type ResolvedView, type ViewSpec } from '../npy/view';
import { NpyError, type ScalarDtype } from '../npy/types';
import { dtypeName } from '../npy/dtype';
import { formatScalar } from '../npy/format';
import { throwIfAborted, type Job, type ProgressFn } from '../shared/job';
import {
  digitKey,
  digitRaw,
  floatModeOf,
  isFloatKind,
  isIntegerKind,
  isTimeKind,
  keyBits,
  keyDigits,
  numberToX87,
  rawBitsOfKey,
  targetsOf,
  valueBytes,
  valueOfBits,
  x87ToNumber,
  type ComplexPart,
  type LaneKind,
  type LaneValue,
  type Target,
} from './lanes';
import { binIndex, histogramRule, lerpFloat, lerpInteger, lerpTicks, percentilePosition, rounder, PERCENTILES, type HistogramRule } from './numpy';
import type { ChunkInfo, OpenSpec, OrderSpec, Partial1, Partial2, RefinePlan, RefineSlot, StraddleBucket, Summary2 } from './kernel';
import { openExecutor, type StatsExecutor } from './pool';
import { productError } from '../npy/format/float';

export interface StatsRequest {
  /** The view to take the figures over (the viewer's current view, or parseSlice's); default the whole array. */
  view?: ViewSpec;
  /** Structured arrays: leaf labels (`x`, `rec.a`, `pos[1,2]`); default every numeric leaf. */
  fields?: readonly string[];
  /** Complex values: the part the figures are of (default `abs`, the magnitude). */
  part?: ComplexPart;
  /** Histogram bins (default 64). */
  bins?: number;
  /** Worker threads (default one per core; 0 runs the kernels on this thread). */
  workers?: number;
  /** Bytes per chunk read (default 4 MiB). */
  chunkBytes?: number;
  /** A selection of at most this many bytes stays in the workers' memory for pass 2 (default 128 MiB). */
  keepBytes?: number;
  /** Values a refinement pass keeps (instead of counting one more digit), over all ranks (default 4 M). */
  collectValues?: number;
}

export interface Percentile {
  q: number;
  /** numpy's str() of np.nanpercentile(a, q), or null when there are no values. */
  value: string | null;
}

export interface Histogram {
  /** numpy's str() of each edge (n + 1), in the dtype numpy computes them in. */
  edges: string[];
  counts: bigint[];
  /** The edges as numbers, for drawing. */
  edgeValues: number[];
  /** numpy would refuse these edges in the data's dtype ("Too many bins for data range"); they are float64. */
  widened: boolean;
}

/** The figures of one lane. Texts are numpy's str() of the value; null where no value exists. */
export interface Figures {
  /** Field label for structured arrays, else ''. */
  field: string;
  /** For complex data, which part the figures are of. */
  part: ComplexPart | null;
  /** numpy's name of the values' dtype (`float32`; for `abs` of complex64 `float32`) and of the source dtype. */
  dtype: string;
  source: string;
  /** Values that are not NaN (NaT for datetimes): what min, max, percentiles and the mean are over. */
  count: bigint;
  nan: bigint;
  posinf: bigint;
  neginf: bigint;
  min: string | null;
  max: string | null;
  /** Index tuples in the selection (the array, or the slice as numpy would index its result), first occurrence. */
  argmin: bigint[] | null;
  argmax: bigint[] | null;
  /** The same cells as indices into the whole array (to go to the cell in the viewer). */
  argminInArray: bigint[] | null;
  argmaxInArray: bigint[] | null;
  /** float64, as np.nanmean(a, dtype=np.float64) / np.nanstd(a, dtype=np.float64); null for datetimes. */
  mean: string | null;
  std: string | null;
  /** Exact for integers and bool; float64 for floats; null for datetimes. */
  sum: string | null;
  /** The exact integer sum lies outside numpy's accumulator (int64 / uint64): np.sum would wrap around. */
  sumOverflowsNumpy: boolean;
  percentiles: Percentile[];
  /** np.histogram of the finite values; null for datetimes. */
  histogram: Histogram | null;
  /** Numbers for charts and sorting (doubles; NaN when absent). */
  numbers: { min: number; max: number; mean: number; std: number };
}

export interface StatsReport {
  /** Shape of the selection (the array's shape, or the slice's as numpy gives it). */
  shape: bigint[];
  /** Cells in the selection, and how many of them lie past the end of a truncated file (not counted). */
  total: bigint;
  missing: bigint;
  figures: Figures[];
}

const DEFAULT_CHUNK = 4 << 20;
const DEFAULT_KEEP = 128 << 20;
const DEFAULT_COLLECT = 4 << 20;

/** Statistics of `entry` (its whole array, or `request.view`) as a job; progress counts cells of all passes. */
export function statsJob(entry: { opened: OpenedArray; source: ByteSource }, request: StatsRequest = {}): Job<StatsReport> {
  return (signal, onProgress) => computeStats(entry, request, signal, onProgress);
}

/** A walk over the selection, pass after pass: chunks with their positions. */
interface Walk {
  cellSize: number;
  order: OrderSpec;
  cells: bigint;
  /** `acquire`: where to read each chunk (a worker's memory slot), when the executor offers one. */
  run(each: (info: ChunkInfo, bytes: Uint8Array) => Promise<void>, signal: AbortSignal, acquire: (bytes: number) => Promise<Uint8Array> | null): Promise<void>;
  release(buf: ArrayBuffer): void;
}

interface Selection {
  walk: Walk;
  /** Shape of the selection, and its cells (present or not). */
  shape: bigint[];
  cells: bigint;
  /** A walk position → the index tuples in the selection and in the array. */
  locate(pos: number): { sel: bigint[]; arr: bigint[] };
}

function unravel(pos: number, shape: readonly bigint[]): bigint[] {
  const idx: bigint[] = new Array(shape.length);
  let rest = BigInt(pos);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = shape[a] > 0n ? rest % shape[a] : 0n;
    rest = shape[a] > 0n ? rest / shape[a] : 0n;
  }
  return idx;
}

/** A view that takes every element in C order (size-1 axes may be indexed): the file walk serves it. */
function wholeArray(spec: ViewSpec, shape: readonly bigint[]): boolean {
  let lastRange = -1;
  for (let a = 0; a < shape.length; a++) {
    const s = spec.axes[a];
    if (s.kind === 'index') {
      if (!(shape[a] === 1n && s.index === 0n)) return false;
    } else {
      if (!(s.start === 0n && s.step === 1n && s.count === shape[a])) return false;
    }
  }
  const ranges = [spec.rowAxis, spec.colAxis].filter((x): x is number => x !== null);
  for (const r of ranges) {
    if (r < lastRange) return false;
    lastRange = r;
  }
  return ranges.length === shape.filter((_, a) => spec.axes[a].kind === 'range').length;
}

function selectionOf(entry: { opened: OpenedArray; source: ByteSource }, request: StatsRequest, chunkBytes: number): Selection {
  const { header, availableCount } = entry.opened;
  const { shape, dtype, fortranOrder } = header;
  const cellSize = dtype.itemsize;
  const pool: ArrayBuffer[] = [];
  const fileWalk = (): Walk => {
    const fortran = fortranOrder && shape.filter((d) => d > 1n).length > 1;
    return {
      cellSize,
      order: fortran ? { kind: 'f', shape: shape.map(Number) } : { kind: 'c' },
      cells: availableCount,
      async run(each, signal, slot) {
        const acquire = (bytes: number): Uint8Array | Promise<Uint8Array> => {
          const s = slot(bytes);
          if (s) return s;
          const b = pool.pop();
          return b && b.byteLength >= bytes ? new Uint8Array(b) : new Uint8Array(Math.max(bytes, chunkBytes));
        };
        let seq = 0;
        const layout = { itemsize: cellSize, dataOffset: header.dataOffset, availableCount };
        for await (const c of fileOrderChunks(entry.source, layout, { budgetBytes: chunkBytes, signal, acquire })) {
          await each({ seq: seq++, n: c.count, at: Number(c.start), tileCols: 1 }, c.bytes);
        }
      },
      release(buf) {
        if (pool.length < 64) pool.push(buf);
      },
    };
  };
  const view = request.view;
  if (!view) {
    return { walk: fileWalk(), shape: [...shape], cells: header.count, locate: (pos) => ({ sel: unravel(pos, shape), arr: unravel(pos, shape) }) };
  }
  const resolved = resolveView(shape, fortranOrder, dtype, view);
  const selShape: bigint[] = [];
  if (view.rowAxis !== null) selShape.push(resolved.rows);
  if (view.colAxis !== null && !resolved.leaves) selShape.push(resolved.cols);
  const rangeAxes = [view.rowAxis, view.colAxis].filter((x): x is number => x !== null);
  const cells = selShape.reduce((a, b) => a * b, 1n);
  if (wholeArray(view, shape)) {
    // The same cells in the same order as the file walk's C order: positions are flat indices of the array.
    return {
      walk: fileWalk(),
      shape: selShape,
      cells,
      locate: (pos) => {
        const arr = unravel(pos, shape);
        return { sel: rangeAxes.map((a) => arr[a]), arr };
      },
    };
  }
  const toArray = (index: bigint[]): bigint[] =>
    view.axes.map((s, a) => {
      if (s.kind === 'index') return s.index;
      return s.start + index[rangeAxes.indexOf(a)] * s.step;
    });
  // A record view's columns are its fields; statistics read whole records (one cell per row) and pick the fields.
  const cellsView: ResolvedView = resolved.leaves ? { ...resolved, cols: 1n, colStride: 0n, leaves: null } : resolved;
  return {
    walk: viewWalk(entry, cellsView, cellSize, chunkBytes),
    shape: selShape,
    cells,
    locate: (pos) => {
      const sel = unravel(pos, selShape);
      return { sel, arr: toArray(sel) };
    },
  };
}

/** The view walk: the chunk reader's rectangles; cells past a truncated file's end are left out. */
function viewWalk(entry: { opened: OpenedArray; source: ByteSource }, view: ResolvedView, cellSize: number, chunkBytes: number): Walk {
  const { header, availableCount } = entry.opened;
  const cols = view.cols;
  const input = { view, itemsize: cellSize, dataOffset: header.dataOffset, availableCount };
  return {
    cellSize,
    order: { kind: 'view', viewCols: Number(cols) },
    cells: view.rows * cols,
    async run(each, signal) {
      let seq = 0;
      const range = { row0: 0n, rows: view.rows, col0: 0n, cols };
      for await (const { row0, col0, tile } of viewChunks(entry.source, input, range, { budgetBytes: chunkBytes, signal })) {
        const at = Number(row0 * cols + col0);
        if (tile.missing.length === 0) {
          await each({ seq: seq++, n: tile.rows * tile.cellsPerRow, at, tileCols: tile.cellsPerRow }, tile.bytes);
          continue;
        }
        // Runs of present cells, row by row, each its own chunk (a truncated file: rare, so small chunks are fine).
        const missing = new Set(tile.missing);
        for (let r = 0; r < tile.rows; r++) {
          let c = 0;
          while (c < tile.cellsPerRow) {
            while (c < tile.cellsPerRow && missing.has(r * tile.cellsPerRow + c)) c++;
            const c0 = c;
            while (c < tile.cellsPerRow && !missing.has(r * tile.cellsPerRow + c)) c++;
            if (c > c0) {
              const from = (r * tile.cellsPerRow + c0) * cellSize;
              const bytes = tile.bytes.slice(from, from + (c - c0) * cellSize);
              await each({ seq: seq++, n: c - c0, at: at + r * Number(cols) + c0, tileCols: c - c0 }, bytes);
            }
          }
        }
      }
    },
    release() {},
  };
}

// ---- merging in chunk order (deterministic whatever worker answered first) ----

class DoubleDouble {
  hi = 0;
  lo = 0;
  add(x: number, xlo = 0): void {
    const t = this.hi + x;
    const bv = t - this.hi;
    this.lo += this.hi - (t - bv) + (x - bv) + xlo;
    this.hi = t;
  }
  value(): number {
    return this.hi + this.lo;
  }
}

interface LaneTotals {
  n: number;
  nan: number;
  pinf: number;
  ninf: number;
  ipinf: number;
  ininf: number;
  fcount: number;
  fmin: LaneValue | null;
  ifmin: number;
  fmax: LaneValue | null;
  ifmax: number;
  fsum: DoubleDouble;
  isum: bigint;
  d: DoubleDouble;
  q: DoubleDouble;
}

function newTotals(): LaneTotals {
  return {
    n: 0,
    nan: 0,
    pinf: 0,
    ninf: 0,
    ipinf: -1,
    ininf: -1,
    fcount: 0,
    fmin: null,
    ifmin: -1,
    fmax: null,
    ifmax: -1,
    fsum: new DoubleDouble(),
    isum: 0n,
    d: new DoubleDouble(),
    q: new DoubleDouble(),
  };
}

/** An x87 value's key for comparisons (±0 equal): its bits as an order key. */
function x87Cmp(bits: bigint): bigint {
  const se = Number(bits >> 64n);
  const mag = bits & ((1n << 64n) - 1n);
  if ((se & 0x7fff) === 0 && mag === 0n) return 1n << 79n;
  return se & 0x8000 ? ~bits & ((1n << 80n) - 1n) : bits | (1n << 79n);
}

function less(kind: LaneKind, a: LaneValue, b: LaneValue): boolean {
  if (kind === 'x87') return x87Cmp(a as bigint) < x87Cmp(b as bigint);
  return a < b;
}

function firstPos(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function mergePart1(kind: LaneKind, t: LaneTotals, p: Partial1): void {
  t.n += p.n;
  t.nan += p.nan;
  t.pinf += p.pinf;
  t.ninf += p.ninf;
  t.ipinf = firstPos(t.ipinf, p.ipinf);
  t.ininf = firstPos(t.ininf, p.ininf);
  // A chunk reports no position when its worker saw an earlier chunk with a min (max) as good: it cannot win.
  if (p.fcount > 0 && p.ifmin >= 0 && (t.fmin === null || less(kind, p.fmin, t.fmin) || (!less(kind, t.fmin, p.fmin) && p.ifmin < t.ifmin))) {
    t.fmin = p.fmin;
    t.ifmin = p.ifmin;
  }
  if (p.fcount > 0 && p.ifmax >= 0 && (t.fmax === null || less(kind, t.fmax, p.fmax) || (!less(kind, p.fmax, t.fmax) && p.ifmax < t.ifmax))) {
    t.fmax = p.fmax;
    t.ifmax = p.ifmax;
  }
  t.fcount += p.fcount;
  if (isIntegerKind(kind)) t.isum += BigInt(p.sumHi) * 4294967296n + BigInt(p.sumLo);
  else t.fsum.add(p.sumHi, p.sumLo);
}

function mergePart2(t: LaneTotals, p: Partial2): void {
  t.d.add(p.d, p.dLo);
  t.q.add(p.q, p.qLo);
}

/** Results arrive in any order; `take` applies them in sequence order. */
class InOrder<T> {
  private next = 0;
  private readonly waiting = new Map<number, T>();
  constructor(private readonly apply: (v: T) => void) {}
  put(seq: number, v: T): void {
    this.waiting.set(seq, v);
    while (this.waiting.has(this.next)) {
      const x = this.waiting.get(this.next)!;
      this.waiting.delete(this.next++);
      this.apply(x);
    }
  }
}

// ---- percentile ranks ----

interface Rank {
  rank: number;
  /** Key digits known so far (top first) and the rank within that prefix. */
  keys: number[];
  offset: number;
  /** The full key's value once known. */
  value?: LaneValue;
}

/** In key order, the digit whose bucket holds `offset`, and the offset within it. */
function locate(counts: (key: number) => number, offset: number): [number, number] {
  let cum = 0;
  for (let k = 0; k < 65536; k++) {
    const c = counts(k);
    if (offset < cum + c) return [k, offset - cum];
    cum += c;
  }
  throw new NpyError('statistics: a percentile rank is past the counted values (the file changed while reading?)');
}

function prefixId(keys: readonly number[]): string {
  return keys.join(',');
}

// ---- the job ----

async function computeStats(
  entry: { opened: OpenedArray; source: ByteSource },
  request: StatsRequest,
  signal: AbortSignal,
  onProgress: ProgressFn,
): Promise<StatsReport> {
  const { opened } = entry;
  if (opened.dataError) throw new NpyError(opened.dataError);
  const bins = request.bins ?? 64;
  if (!Number.isSafeInteger(bins) || bins < 1 || bins > 1_000_000) throw new NpyError(`bins must be an integer from 1 to 1000000, got ${bins}`);
  const targets = targetsOf(opened.header.dtype, { fields: request.fields, part: request.part });
  const chunkBytes = Math.max(1, Math.floor(request.chunkBytes ?? DEFAULT_CHUNK));
  const sel = selectionOf(entry, request, chunkBytes);
  const walk = sel.walk;
  const kinds = targets.map((t) => t.lane.kind);
  const refines = kinds.map((k) => keyDigits(k) > 1);
  const needPass2 = refines.some((x) => x);
  const selBytes = walk.cells * BigInt(walk.cellSize);
  const keep = needPass2 && selBytes <= BigInt(Math.floor(request.keepBytes ?? DEFAULT_KEEP));
  const spec: OpenSpec = { lanes: targets.map((t) => t.lane), cellSize: walk.cellSize, order: walk.order };
  const exec = await openExecutor(spec, keep, request.workers, chunkBytes);
  const collectValues = Math.max(0, Math.floor(request.collectValues ?? DEFAULT_COLLECT));
  const cells = Number(walk.cells);
  let passes = needPass2 ? 2 : 1;
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    // A chunk in flight when the job was cancelled still completes: its count is not progress of a live job.
    if (!signal.aborted) onProgress(done, cells * passes);
  };
  try {
    throwIfAborted(signal);
    // ---- pass 1 ----
    const totals = targets.map(() => newTotals());
    const cleanBySeq = new Map<number, boolean[]>();
    let seen = 0;
    const order1 = new InOrder<Partial1[]>((parts) => parts.forEach((p, i) => mergePart1(kinds[i], totals[i], p)));
    await windowed(exec, walk, signal, async (info, bytes) => {
      const r = await exec.pass1(info, bytes);
      if (r.buf) walk.release(r.buf);
      if (needPass2 && !keep)
        cleanBySeq.set(
          info.seq,
          r.parts.map((p) => p.clean),
        );
      seen += info.n;
      order1.put(info.seq, r.parts);
      progress(info.n);
    });
    const hists = sumHists(await exec.end1(), targets.length);
    throwIfAborted(signal);

    // ---- plan pass 2 ----
    const lanes = targets.map((t, i) => new LanePlan(t, totals[i], hists[i], bins, collectValues));
    let plans = lanes.map((l) => l.firstPlan());
    let level = 1;
    while (plans.some((p) => p !== null)) {
      exec.begin(plans);
      const withMoments = plans.map((p) => p !== null && p.mu !== null);
      const order2 = new InOrder<(Partial2 | null)[]>((parts) => parts.forEach((p, i) => p && withMoments[i] && mergePart2(totals[i], p)));
      if (keep) {
        for (const { seq, parts } of await exec.pass2Kept()) order2.put(seq, parts);
        progress(cells);
      } else {
        await windowed(exec, walk, signal, async (info, bytes) => {
          const clean = cleanBySeq.get(info.seq) ?? targets.map(() => false);
          const r = await exec.pass2(info, bytes, clean);
          if (r.buf) walk.release(r.buf);
          order2.put(info.seq, r.parts);
          progress(info.n);
        });
      }
      const sums = await exec.end2();
      throwIfAborted(signal);
      plans = lanes.map((l, i) =>
        plans[i]
          ? l.afterPass(
              sums.map((s) => s[i]!),
              level,
            )
          : null,
      );
      level++;
      if (plans.some((p) => p !== null)) passes++;
    }
    onProgress(done, done);
    return {
      shape: sel.shape,
      total: sel.cells,
      missing: sel.cells > BigInt(seen) ? sel.cells - BigInt(seen) : 0n,
      figures: lanes.map((l) => l.figures(sel)),
    };
  } finally {
    exec.close();
  }
}

/** Run a walk with a bounded window of chunks in flight (two per worker). */
async function windowed(exec: StatsExecutor, walk: Walk, signal: AbortSignal, each: (info: ChunkInfo, bytes: Uint8Array) => Promise<void>): Promise<void> {
  const limit = Math.max(2, 2 * exec.size);
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  await walk.run(
    async (info, bytes) => {
      if (failure) throw failure;
      const p: Promise<void> = each(info, bytes).then(
        () => {
          inflight.delete(p);
        },
        (e) => {
          inflight.delete(p);
          failure ??= e;
        },
      );
      inflight.add(p);
      while (inflight.size >= limit) await Promise.race(inflight);
      if (failure) throw failure;
      throwIfAborted(signal);
    },
    signal,
    (bytes) => exec.acquire(bytes),
  );
  await Promise.all(inflight);
  if (failure) throw failure;
}

function sumHists(perWorker: Float64Array[][], lanes: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let l = 0; l < lanes; l++) {
    const h = new Float64Array(65536);
    for (const w of perWorker) {
      const x = w[l];
      for (let i = 0; i < 65536; i++) h[i] += x[i];
    }
    out.push(h);
  }
  return out;
}

/** One lane from pass-1 totals to its figures: plans the refinement passes and resolves the ranks. */
class LanePlan {
  private readonly kind: LaneKind;
  private readonly digits: number;
  /** Pass-1 counts by key (not raw) top digit. */
  private readonly top: Float64Array;
  private readonly ranks: Rank[] = [];
  private rule: HistogramRule | null = null;
  private binCounts: Float64Array | null = null;
  private slots: { keys: number[]; collect: boolean; count: number }[] = [];
  private mu: number | null = null;

  constructor(
    private readonly target: Target,
    private readonly t: LaneTotals,
    rawHist: Float64Array,
    private readonly bins: number,
    private readonly collectValues: number,
  ) {
    this.kind = target.lane.kind;
    this.digits = keyDigits(this.kind);
    this.top = new Float64Array(65536);
    for (let raw = 0; raw < 65536; raw++) if (rawHist[raw]) this.top[digitKey(this.kind, 0, raw, raw)] = rawHist[raw];
    const n = t.n;
    if (n > 0) {
      const wanted = new Set<number>();
      for (const q of PERCENTILES) {
        const p = percentilePosition(n, q);
        wanted.add(p.lower);
        wanted.add(p.upper);
      }
      for (const r of [...wanted].sort((a, b) => a - b)) {
        const [k, off] = locate((k) => this.top[k], r);
        this.ranks.push({ rank: r, keys: [k], offset: off });
      }
    }
    if (!isTimeKind(this.kind)) {
      const integer = isIntegerKind(this.kind);
      const mode = floatModeOf(this.kind);
      const min = t.fcount > 0 ? this.numberOrBig(t.fmin!) : 0;
      const max = t.fcount > 0 ? this.numberOrBig(t.fmax!) : 0;
      this.rule = histogramRule(min, max, t.fcount, bins, integer ? 'f64' : mode, integer);
      if (this.rule) this.binCounts = new Float64Array(this.rule.bins);
    }
    if (t.fcount > 0 && !isTimeKind(this.kind)) {
      this.mu = isIntegerKind(this.kind) ? Number(t.isum) / t.fcount : t.fsum.value() / t.fcount;
      if (!Number.isFinite(this.mu)) this.mu = 0;
    }
  }

  /** A value as the histogram rule wants it: doubles, or exact integers (bigint past 2^53). */
  private numberOrBig(v: LaneValue): number | bigint {
    if (this.kind === 'x87') return x87ToNumber(v as bigint);
    if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
    return v;
  }

  /** The value (a double) of a full key of the lane, for binning. */
  private valueOfKeys(keys: number[]): number {
    const v = valueOfBits(this.kind, rawBitsOfKey(this.kind, keys));
    return this.kind === 'x87' ? x87ToNumber(v as bigint) : Number(v);
  }

  /** The range of values of a top-digit key bucket, as doubles [lo, hi]. */
  private bucketRange(k: number): [number, number] {
    const lo = [k, ...Array(this.digits - 1).fill(0)];
    const hi = [k, ...Array(this.digits - 1).fill(0xffff)];
    if (keyBits(this.kind) === 8) return [this.valueOfKeys([k]), this.valueOfKeys([k])];
    return [this.valueOfKeys(lo), this.valueOfKeys(hi)];
  }

  firstPlan(): RefinePlan | null {
    const rule = this.rule;
    const bins = this.binCounts;
    const r = rounder(isIntegerKind(this.kind) ? 'f64' : floatModeOf(this.kind));
    if (this.digits === 1) {
      // Every key is one value: the histogram, the moments and the ranks all follow from the counts.
      const d = new DoubleDouble();
      const q = new DoubleDouble();
      for (let k = 0; k < 65536; k++) {
        const c = this.top[k];
        if (!c) continue;
        const v = this.valueOfKeys([k]);
        if (!Number.isFinite(v)) continue;
        if (rule && bins) bins[binIndex(rule, v, r)] += c;
        if (this.mu !== null) {
          const x = v - this.mu;
          d.add(c * x);
          q.add(c * x * x);
        }
      }
      this.t.d = d;
      this.t.q = q;
      for (const rk of this.ranks) rk.value = valueOfBits(this.kind, rawBitsOfKey(this.kind, rk.keys));
      return null;
    }
    const buckets: StraddleBucket[] = [];
    if (rule && bins && this.t.fcount > 0) {
      const restBits = keyBits(this.kind) - 16;
      const last = 2 ** restBits - 1;
      for (let k = 0; k < 65536; k++) {
        const c = this.top[k];
        if (!c) continue;
        const raw = digitRaw(this.kind, 0, k, k);
        const [lo, hi] = this.bucketRange(k);
        if (isFloatKind(this.kind) && (lo === Infinity || hi === -Infinity || (lo !== lo && hi !== hi))) continue; // ±inf buckets
        if (this.kind === 'x87') {
          buckets.push({ top: raw, starts: [], bins: [] });
          continue;
        }
        // numpy's bin index is monotone in the value, and the value in the raw bits below the top digit (falling
        // for negative floats): the bins of the bucket are segments, found by bisection.
        const g = (rest: number): number => binIndex(rule, this.valueAtRaw(raw, rest), r);
        const b0 = g(0);
        if (b0 === g(last)) {
          bins[b0] += c;
          continue;
        }
        const starts = [0];
        const segBins = [b0];
        const split = (a: number, ga: number, z: number, gz: number): void => {
          if (ga === gz) return;
          if (z - a === 1) {
            starts.push(z);
            segBins.push(gz);
            return;
          }
          const m = a + Math.floor((z - a) / 2);
          const gm = g(m);
          split(a, ga, m, gm);
          split(m, gm, z, gz);
        };
        split(0, b0, last, g(last));
        buckets.push({ top: raw, starts, bins: segBins });
      }
    }
    const slots = this.planSlots(1);
    if (!slots.length && !buckets.length && this.mu === null) return null;
    return { level: 1, slots, mu: this.mu, hist: buckets.length && rule ? { bins: rule.bins, rule, buckets } : null };
  }

  /** A value (as the histogram bins it) from its raw top digit and the raw bits below it. */
  private valueAtRaw(top: number, rest: number): number {
    const v = RAW;
    switch (this.kind) {
      case 'f4':
        v.setUint32(0, ((top << 16) | rest) >>> 0, true);
        return v.getFloat32(0, true);
      case 'i4':
        return (top << 16) | rest;
      case 'u4':
        return top * 65536 + rest;
      default: {
        // 64-bit: top 16 bits and 48 below.
        const hi = top * 65536 + Math.floor(rest / 4294967296);
        v.setUint32(4, hi >>> 0, true);
        v.setUint32(0, rest % 4294967296, true);
        if (this.kind === 'f8') return v.getFloat64(0, true);
        return Number(this.kind === 'u8' ? v.getBigUint64(0, true) : v.getBigInt64(0, true));
      }
    }
  }

  /** Slots for the unresolved ranks at `level` digits: keep the values when few, else count the next digit. */
  private planSlots(level: number): RefineSlot[] {
    const byPrefix = new Map<string, { keys: number[]; collect: boolean; count: number }>();
    for (const rk of this.ranks) {
      if (rk.value !== undefined) continue;
      const id = prefixId(rk.keys);
      if (!byPrefix.has(id)) byPrefix.set(id, { keys: rk.keys, collect: false, count: 0 });
    }
    const list = [...byPrefix.values()];
    for (const s of list) s.count = this.countOf(s.keys);
    const restBits = keyBits(this.kind) - 16 * level;
    const share = list.length ? this.collectValues / list.length : 0;
    // Keeping values is cheaper than counting a digit in a crowded table (one 256 KiB table per slot thrashes the
    // cache); 16-bit digits are kept in 2 bytes, so four times as many.
    for (const s of list) s.collect = (restBits > 16 && restBits <= 48 && s.count <= share) || (restBits === 16 && level === 1 && s.count <= 4 * share);
    this.slots = list;
    return list.map((s) => ({ prefix: s.keys.map((k, i) => digitRaw(this.kind, i, k, s.keys[0])), collect: s.collect, count: s.count }));
  }

  private readonly prefixCounts = new Map<string, number>();
  private countOf(keys: number[]): number {
    if (keys.length === 1) return this.top[keys[0]];
    return this.prefixCounts.get(prefixId(keys)) ?? 0;
  }

  /** Fold a refinement pass's results (one summary per worker) in; returns the next plan or null. */
  afterPass(sums: Summary2[], level: number): RefinePlan | null {
    if (this.binCounts) for (const s of sums) if (s.bins) for (let i = 0; i < s.bins.length; i++) this.binCounts[i] += s.bins[i];
    this.slots.forEach((slot, si) => {
      const raw0 = digitRaw(this.kind, 0, slot.keys[0], slot.keys[0]);
      const restBits = keyBits(this.kind) - 16 * level;
      if (slot.collect && restBits > 16) {
        const parts = sums.map((s) => (s.slots[si] as { values: Float64Array }).values);
        const all = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
        let o = 0;
        const flip = isFloatKind(this.kind) && (raw0 & 0x8000) !== 0;
        const top = 2 ** restBits - 1;
        for (const p of parts) for (let i = 0; i < p.length; i++) all[o++] = flip ? top - p[i] : p[i];
        if (all.length !== slot.count) throw changedWhileReading();
        all.sort();
        for (const rk of this.ranks) {
          if (rk.value !== undefined || prefixId(rk.keys) !== prefixId(slot.keys)) continue;
          const rest = all[rk.offset];
          const keys = [...rk.keys];
          for (let b = restBits - 16; b >= 0; b -= 16) keys.push(Math.floor(rest / 2 ** b) % 65536);
          rk.keys = keys;
          rk.value = valueOfBits(this.kind, rawBitsOfKey(this.kind, keys));
        }
      } else {
        const hist = new Float64Array(65536);
        for (const s of sums) {
          const slot2 = s.slots[si];
          if ('values' in slot2) for (const d of slot2.values) hist[d]++;
          else for (let i = 0; i < 65536; i++) hist[i] += slot2.hist[i];
        }
        if (hist.reduce((a, b) => a + b, 0) !== slot.count) throw changedWhileReading();
        const id = prefixId(slot.keys);
        for (const rk of this.ranks) {
          if (rk.value !== undefined || prefixId(rk.keys) !== id) continue;
          const [k, off] = locate((k) => hist[digitRaw(this.kind, level, k, slot.keys[0])], rk.offset);
          rk.keys = [...rk.keys, k];
          rk.offset = off;
          this.prefixCounts.set(prefixId(rk.keys), hist[digitRaw(this.kind, level, k, slot.keys[0])]);
          if (rk.keys.length === this.digits) rk.value = valueOfBits(this.kind, rawBitsOfKey(this.kind, rk.keys));
        }
      }
    });
    const slots = this.planSlots(level + 1);
    if (!slots.length) return null;
    return { level: level + 1, slots, mu: null, hist: null };
  }

  // ---- figures ----

  figures(sel: Selection): Figures {
    const { target, t, kind } = this;
    const dt = target.valueDtype;
    const text = (v: LaneValue): string => formatScalar(dt, valueBytes(kind, v, dt.itemsize), 0, 'str');
    const f64 = (x: number): string => formatScalar(F8, valueBytes('f8', x, 8), 0, 'str');
    const float = isFloatKind(kind);
    // Overall min/max: infinities take part, as in numpy's nan-functions.
    let min: LaneValue | null = null;
    let imin = -1;
    let max: LaneValue | null = null;
    let imax = -1;
    const inf = (sign: number): LaneValue => (kind === 'x87' ? numberToX87(sign * Infinity) : sign * Infinity);
    if (t.ninf > 0) [min, imin] = [inf(-1), t.ininf];
    else if (t.fcount > 0) [min, imin] = [t.fmin!, t.ifmin];
    else if (t.pinf > 0) [min, imin] = [inf(1), t.ipinf];
    if (t.pinf > 0) [max, imax] = [inf(1), t.ipinf];
    else if (t.fcount > 0) [max, imax] = [t.fmax!, t.ifmax];
    else if (t.ninf > 0) [max, imax] = [inf(-1), t.ininf];
    const inSel = (pos: number): { sel: bigint[] | null; arr: bigint[] | null } => (pos < 0 ? { sel: null, arr: null } : sel.locate(pos));
    const amin = inSel(imin);
    const amax = inSel(imax);

    // Mean, std, sum.
    let mean: number | null = null;
    let std: number | null = null;
    let sum: string | null = null;
    let overflow = false;
    if (!isTimeKind(kind)) {
      if (t.fcount > 0 && this.mu !== null) {
        const F = t.fcount;
        const d = t.d.value();
        mean = isIntegerKind(kind) ? ratioToNumber(t.isum, BigInt(F)) : this.mu + d / F;
        const variance = (t.q.value() - (d * d) / F) / F;
        // Rounding can leave a tiny negative variance for constant data; NaN (overflowed squares) stays NaN.
        std = Math.sqrt(variance < 0 ? 0 : variance);
      }
      if (float) {
        const fsum = new DoubleDouble();
        if (t.fcount > 0 && this.mu !== null) {
          const p = t.fcount * this.mu;
          fsum.add(p, productError(t.fcount, this.mu, p));
          fsum.add(t.d.hi, t.d.lo);
        }
        let s = fsum.value();
        if (t.pinf > 0 && t.ninf > 0) s = NaN;
        else if (t.pinf > 0) s = Infinity;
        else if (t.ninf > 0) s = -Infinity;
        sum = f64(t.n === 0 ? 0 : s);
        if (t.pinf > 0 || t.ninf > 0) {
          mean = t.pinf > 0 && t.ninf > 0 ? NaN : t.pinf > 0 ? Infinity : -Infinity;
          std = NaN;
        }
      } else {
        sum = t.isum.toString();
        const unsigned = kind === 'b' || kind[0] === 'u';
        overflow = unsigned ? t.isum >= 2n ** 64n : t.isum < -(2n ** 63n) || t.isum >= 2n ** 63n;
      }
    }

    // Percentiles.
    const percentiles: Percentile[] = PERCENTILES.map((q) => ({ q, value: t.n > 0 ? this.percentile(q, text, f64) : null }));

    let histogram: Histogram | null = null;
    if (this.rule && this.binCounts) {
      const edgeDtype: ScalarDtype = this.rule.mode === 'f64' || this.rule.widened ? F8 : this.rule.mode === 'f32' ? F4 : F2;
      const edgeKind: LaneKind = edgeDtype === F8 ? 'f8' : edgeDtype === F4 ? 'f4' : 'f2';
      histogram = {
        edges: this.rule.edges.map((e) => formatScalar(edgeDtype, valueBytes(edgeKind, e, edgeDtype.itemsize), 0, 'str')),
        counts: Array.from(this.binCounts, (c) => BigInt(c)),
        edgeValues: [...this.rule.edges],
        widened: this.rule.widened,
      };
    }
    const num = (v: LaneValue | null): number => (v === null ? NaN : kind === 'x87' ? x87ToNumber(v as bigint) : Number(v));
    return {
      field: target.field,
      part: target.part,
      dtype: dtypeName(dt),
      source: target.sourceName,
      count: BigInt(t.n),
      nan: BigInt(t.nan),
      posinf: BigInt(t.pinf),
      neginf: BigInt(t.ninf),
      min: min === null ? null : text(min),
      max: max === null ? null : text(max),
      argmin: amin.sel,
      argmax: amax.sel,
      argminInArray: amin.arr,
      argmaxInArray: amax.arr,
      mean: mean === null ? null : f64(mean),
      std: std === null ? null : f64(std),
      sum,
      sumOverflowsNumpy: overflow,
      percentiles,
      histogram,
      numbers: { min: num(min), max: num(max), mean: mean ?? NaN, std: std ?? NaN },
    };
  }

  private valueAtRank(rank: number): LaneValue {
    const rk = this.ranks.find((r) => r.rank === rank);
    if (!rk || rk.value === undefined) throw new NpyError(`statistics: rank ${rank} was not resolved`);
    return rk.value;
  }

  private percentile(q: number, text: (v: LaneValue) => string, f64: (x: number) => string): string {
    const kind = this.kind;
    const p = percentilePosition(this.t.n, q);
    // ±0 are one value in the sorted order; numpy's partition may put either at a rank: a zero rank is +0.
    const zero = (v: LaneValue): LaneValue => (kind === 'x87' ? (((v as bigint) & ~(1n << 79n)) === 0n ? 0n : v) : v === 0 ? 0 : v);
    const a = isFloatKind(kind) ? zero(this.valueAtRank(p.lower)) : this.valueAtRank(p.lower);
    const b = isFloatKind(kind) ? zero(this.valueAtRank(p.upper)) : this.valueAtRank(p.upper);
    if (isTimeKind(kind)) {
      const v = lerpTicks(a as bigint, b as bigint, p.gamma);
      return v === null ? 'NaT' : text(v);
    }
    if (isIntegerKind(kind)) return f64(lerpInteger(BigInt(a), BigInt(b), p.gamma));
    if (kind === 'x87') {
      // Interpolated in float64 (numpy: in long double); an exact element prints as itself.
      const x = x87ToNumber(a as bigint);
      const y = x87ToNumber(b as bigint);
      const v = lerpFloat(x, y, p.gamma, 'f64');
      if (v === x && Number.isFinite(x)) return text(a);
      if (v === y && Number.isFinite(y)) return text(b);
      return text(numberToX87(v));
    }
    return text(lerpFloat(a as number, b as number, p.gamma, floatModeOf(kind)));
  }
}

const RAW = new DataView(new ArrayBuffer(8));
const F8: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 };
const F4: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 4 };
const F2: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 2 };

/** n / d correctly rounded to a double (d > 0). */
export function ratioToNumber(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  const neg = n < 0n;
  const a = neg ? -n : n;
  // A quotient of 66 bits or more, plus a sticky bit, rounds once to 53 bits.
  const shift = Math.max(0, 66 - (a.toString(2).length - d.toString(2).length));
  const q = (a << BigInt(shift)) / d;
  const sticky = (a << BigInt(shift)) % d !== 0n ? 1n : 0n;
  const bits = q.toString(2).length;
  const drop = bits - 53;
  let m = q >> BigInt(drop);
  const rem = q & ((1n << BigInt(drop)) - 1n);
  const half = 1n << BigInt(drop - 1);
  if (rem > half || (rem === half && (sticky === 1n || (m & 1n) === 1n))) m += 1n;
  const v = Number(m) * 2 ** (drop - shift);
  return neg ? -v : v;
}

function changedWhileReading(): NpyError {
  return new NpyError('the file changed while its statistics were computed; run them again');
}
