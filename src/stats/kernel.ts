// The statistics kernels: what a worker thread does with each chunk of cells. Pass 1 reduces a chunk to counts,
// finite min/max with their first positions, a sum, and a radix histogram of the values' top 16 bits (counted by
// the raw bits; the engine maps raw digits to order keys). Pass 2 (for lanes wider than 16 bits) adds the
// moments about the global mean, counts the next digit (or keeps the values) in the few radix buckets that hold
// a wanted percentile rank, and bins the values of the buckets that straddle a histogram edge. The hot loops are
// monomorphic per lane family (float32, float64, float16, integers up to 32 bits, 64-bit integers, x87).
// Runs in the workers (src/stats/worker.ts) and, when no worker can start, on the calling thread.
import type { LaneKind, LaneSpec } from './lanes';
import { laneFamily, x87PartsToNumber } from './lanes';
import { binIndex, rounder, type FloatMode, type HistogramRule } from './numpy';
import { halfToNumber } from '../npy/format/float';
import { simdKernels, type Arena, type SimdKernels } from './simd';
import { fillPatch, findNonFinite, restorePatch, stand } from './patch';
import { productError, readX87Number } from '../npy/format/float';

/** How a chunk's cells map to positions in the selection's C order (for argmin/argmax). */
export type OrderSpec =
  /** C-order file walk: position = at + i. */
  | { kind: 'c' }
  /** Fortran-order file walk: file index at + i, unravelled in Fortran order, ravelled in C order. */
  | { kind: 'f'; shape: number[] }
  /** A view walk: position = at + floor(i / tileCols) * viewCols + i % tileCols. */
  | { kind: 'view'; viewCols: number };

export interface OpenSpec {
  lanes: LaneSpec[];
  cellSize: number;
  order: OrderSpec;
}

export interface ChunkInfo {
  seq: number;
  /** Cells in the chunk. */
  n: number;
  /** Position of the first cell (see OrderSpec). */
  at: number;
  /** Cells per tile row (view walks). */
  tileCols: number;
}

/** One lane's pass-1 reduction of one chunk. Positions are in the selection's C order, -1 when absent. */
export interface Partial1 {
  /** Values that are not NaN (or NaT). */
  n: number;
  nan: number;
  pinf: number;
  ninf: number;
  ipinf: number;
  ininf: number;
  /** Finite values, their min and max (numbers; bigint for 64-bit integers and x87 bits) and first positions. */
  fcount: number;
  fmin: number | bigint;
  ifmin: number;
  fmax: number | bigint;
  ifmax: number;
  /** Float lanes: finite sum as hi + lo. Integer lanes: exact sum = sumHi · 2^32 + sumLo (each a safe integer). */
  sumHi: number;
  sumLo: number;
  /** No NaN or infinity in the chunk (pass 2 then skips the finiteness test). */
  clean: boolean;
}

/** One lane's pass-2 moments of one chunk about the lane's mean mu: Σ(x-mu) and Σ(x-mu)², each hi + lo. */
export interface Partial2 {
  d: number;
  dLo: number;
  q: number;
  qLo: number;
}

/** A radix bucket (by its raw top digits) whose next digit is counted, or whose remaining bits are kept. */
export interface RefineSlot {
  /** Raw digits fixed so far, top first (length = the plan's level). */
  prefix: number[];
  collect: boolean;
  /** Values with this prefix in the whole selection (what a worker keeps at most). */
  count: number;
}

/**
 * A histogram bucket (raw top digit) that straddles bin edges: its values' bins by the raw bits below the top
 * digit, as segments starting at `starts` (ascending, the first 0) with bin `bins[j]`. Empty `starts`: bin each
 * value from the rule (x87 values, whose digits are not the double's).
 */
export interface StraddleBucket {
  top: number;
  starts: number[];
  bins: number[];
}

export interface RefinePlan {
  /** Digits already fixed (1 after pass 1). */
  level: number;
  slots: RefineSlot[];
  /** Mean to take the moments about, or null (no moments: datetimes, later refinement passes). */
  mu: number | null;
  /** The histogram's straddling buckets (the rule bins the values of x87 buckets one by one). */
  hist: { bins: number; rule: HistogramRule; buckets: StraddleBucket[] } | null;
}

export interface Summary2 {
  /** Per slot: counts of the next raw digit (65536), or the kept remaining raw bits. */
  slots: ({ hist: Float64Array } | { values: Float64Array | Uint16Array })[];
  /** Histogram counts of the straddling values. */
  bins: Float64Array | null;
}

const HALF = new Float64Array(65536);
for (let h = 0; h < 65536; h++) HALF[h] = halfToNumber(h);

/** √(x² + y²) correctly rounded in all but the rarest cases (double-double square sum, one Newton step). */
export function hypot(x: number, y: number): number {
  x = Math.abs(x);
  y = Math.abs(y);
  if (x === Infinity || y === Infinity) return Infinity;
  if (x !== x || y !== y) return NaN;
  if (x < y) {
    const t = x;
    x = y;
    y = t;
  }
  if (y === 0) return x;
  let scale = 1;
  if (x > 2 ** 500) {
    x *= 2 ** -600;
    y *= 2 ** -600;
    scale = 2 ** 600;
  } else if (x < 2 ** -450) {
    x *= 2 ** 600;
    y *= 2 ** 600;
    scale = 2 ** -600;
  }
  const xx = x * x;
  const yy = y * y;
  const s = xx + yy;
  const bv = s - xx;
  const es = xx - (s - bv) + (yy - bv) + productError(x, x, xx) + productError(y, y, yy);
  let r = Math.sqrt(s);
  const rr = r * r;
  r += (s - rr - productError(r, r, rr) + es) / (2 * r);
  return r * scale;
}

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/** The float32 neighbour of float32 `f` toward +inf (dir 1) or -inf (dir -1). */
function nextF32(f: number, dir: number): number {
  if (f === 0) return dir * 2 ** -149;
  F32[0] = f;
  F32U[0] += f > 0 === dir > 0 ? 1 : -1;
  return F32[0];
}

/** s + e (|e| far below s's last place) rounded once to float32. */
function roundF32(s: number, e: number): number {
  const f = Math.fround(s);
  if (e === 0 || f === s) return f;
  const lo = f < s ? f : nextF32(f, -1);
  const hi = f < s ? nextF32(f, 1) : f;
  if (s - lo !== hi - s) return f;
  return e > 0 ? hi : lo;
}

/**
 * numpy's vectorised complex absolute value (loops_unary_complex.dispatch.c.src), used whenever the stride
 * allows SIMD loads, and on unaligned data too (numpy buffers it into aligned runs): larger · sqrt(fma(r, r, 1))
 * with r = smaller / larger, every step rounded to the component's float type. FMA as on numpy's X86_V3/V4 and
 * ARM builds (an X86_V2-only CPU rounds the product first and can differ in the last bit).
 */
export function cabsSimd(re: number, im: number, f32: boolean): number {
  re = Math.abs(re);
  im = Math.abs(im);
  const reInf = re === Infinity;
  const imInf = im === Infinity;
  if (reInf) im = Infinity;
  if (imInf) re = Infinity;
  const reNaN = re !== re;
  const imNaN = im !== im;
  if (reNaN) im = NaN;
  if (imNaN) re = NaN;
  if (re !== re) return NaN;
  const larger = re > im ? re : im;
  const smaller = re > im ? im : re;
  const r = larger === 0 || smaller === Infinity ? 0 : f32 ? Math.fround(smaller / larger) : smaller / larger;
  const p = r * r;
  // fma(r, r, 1): r·r exactly (as p + pe), plus 1, rounded once.
  const s = 1 + p;
  const e = p - (s - 1) + (f32 ? 0 : productError(r, r, p));
  if (f32) return Math.fround(Math.fround(Math.sqrt(roundF32(s, e))) * larger);
  return Math.sqrt(s + e) * larger;
}

// ---- results of the hot loops, in module variables (no allocation per chunk) ----
let rMin = 0;
let rMax = 0;
let rHi = 0;
let rLo = 0;
let rQ = 0;
let rQLo = 0;

/** Neumaier-add `x` into (rHi, rLo). */
function addTo(x: number): void {
  const t = rHi + x;
  rLo += Math.abs(rHi) >= Math.abs(x) ? rHi - t + x : x - t + rHi;
  rHi = t;
}
function addQ(x: number): void {
  const t = rQ + x;
  rQLo += Math.abs(rQ) >= Math.abs(x) ? rQ - t + x : x - t + rQ;
  rQ = t;
}

const BLOCK = 4096;
const MBLOCK = 256;

/** float32 pass 1 without NaN/inf handling; the caller checks rMin/rMax are finite. */
function f32Fast(f: Float32Array, u: Uint32Array, n: number, hist: Uint32Array): void {
  let mn = Infinity;
  let mx = -Infinity;
  rHi = 0;
  rLo = 0;
  for (let b = 0; b < n; b += BLOCK) {
    const e = b + BLOCK < n ? b + BLOCK : n;
    let s0 = 0;
    let s1 = 0;
    let i = b;
    for (; i + 1 < e; i += 2) {
      const v0 = f[i];
      const v1 = f[i + 1];
      mn = Math.min(mn, v0);
      mx = Math.max(mx, v0);
      mn = Math.min(mn, v1);
      mx = Math.max(mx, v1);
      s0 += v0;
      s1 += v1;
      hist[u[i] >>> 16]++;
      hist[u[i + 1] >>> 16]++;
    }
    if (i < e) {
      const v = f[i];
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
      s0 += v;
      hist[u[i] >>> 16]++;
    }
    addTo(s0 + s1);
  }
  rMin = mn;
  rMax = mx;
}

function f64Fast(f: Float64Array, u: Uint32Array, n: number, hist: Uint32Array): void {
  let mn = Infinity;
  let mx = -Infinity;
  rHi = 0;
  rLo = 0;
  for (let b = 0; b < n; b += BLOCK) {
    const e = b + BLOCK < n ? b + BLOCK : n;
    let s0 = 0;
    let s1 = 0;
    let i = b;
    for (; i + 1 < e; i += 2) {
      const v0 = f[i];
      const v1 = f[i + 1];
      mn = Math.min(mn, v0);
      mx = Math.max(mx, v0);
      mn = Math.min(mn, v1);
      mx = Math.max(mx, v1);
      s0 += v0;
      s1 += v1;
      hist[u[2 * i + 1] >>> 16]++;
      hist[u[2 * i + 3] >>> 16]++;
    }
    if (i < e) {
      const v = f[i];
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
      s0 += v;
      hist[u[2 * i + 1] >>> 16]++;
    }
    addTo(s0 + s1);
  }
  rMin = mn;
  rMax = mx;
}

/** Integers up to 32 bits as exact doubles: min, max, exact sum, raw-digit histogram. */
function intFast(v: Float64Array, n: number, hist: Uint32Array, shift: number, mask: number): void {
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    mn = Math.min(mn, x);
    mx = Math.max(mx, x);
    s += x;
    hist[(x >>> shift) & mask]++;
  }
  rMin = mn;
  rMax = mx;
  rHi = s;
}

/** Float pass 1 with NaN and infinities: counts, finite min/max/sum (the histogram was counted by the fast loop). */
interface SlowFloat {
  nan: number;
  pinf: number;
  ninf: number;
  ipinf: number;
  ininf: number;
  imin: number;
  imax: number;
  min: number;
  max: number;
}

function floatSlow(f: Float32Array | Float64Array, n: number, onNaN: (i: number) => void): SlowFloat {
  const r: SlowFloat = { nan: 0, pinf: 0, ninf: 0, ipinf: -1, ininf: -1, imin: -1, imax: -1, min: Infinity, max: -Infinity };
  rHi = 0;
  rLo = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = f[i];
    if (x - x === 0) {
      if (x < r.min || r.imin < 0) {
        r.min = x;
        r.imin = i;
      }
      if (x > r.max || r.imax < 0) {
        r.max = x;
        r.imax = i;
      }
      s += x;
      if ((i & 4095) === 4095) {
        addTo(s);
        s = 0;
      }
    } else if (x !== x) {
      r.nan++;
      onNaN(i);
    } else if (x > 0) {
      if (r.pinf++ === 0) r.ipinf = i;
    } else if (r.ninf++ === 0) r.ininf = i;
  }
  addTo(s);
  return r;
}

/** Growable list of doubles (kept remaining bits of one refinement slot). */
class Values {
  a: Float64Array | Uint16Array;
  n = 0;
  /** `small`: the values are 16-bit digits (kept in 2 bytes). */
  constructor(private readonly small = false) {
    this.a = small ? new Uint16Array(4096) : new Float64Array(1024);
  }
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = this.small ? new Uint16Array(this.a.length * 2) : new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  take(): Float64Array | Uint16Array {
    return this.a.slice(0, this.n);
  }
}

/** Per-lane refinement state of a pass 2 (or later pass). */
class Refine {
  /**
   * Per raw top digit, what its values take part in: 1 a level-1 slot counting the next digit (the hot case),
   * 2 a straddling histogram bucket (bins by the raw bits below the top digit), 4 another slot (kept values, or
   * a deeper level), 8 a bucket whose values are binned one by one (x87).
   */
  readonly sel = new Uint8Array(65536);
  readonly slotOf = new Int32Array(65536).fill(-1);
  private readonly sub: Uint32Array;
  private readonly subTotal: Float64Array;
  readonly fastSlots: number[] = [];
  /** Per fast slot: its kept values (a crowded-enough bucket keeps them instead), or its sub-histogram index. */
  readonly fastKept: (Values | null)[] = [];
  readonly subOf: number[] = [];
  readonly stStart = new Int32Array(65536);
  readonly stLen = new Int32Array(65536);
  readonly splits: Float64Array;
  readonly sbins: Int32Array;
  readonly bins: Float64Array | null;
  /** Other slots: raw top digit → first slot, chained through `next`. */
  private readonly first = new Int32Array(65536).fill(-1);
  private readonly next: Int32Array;
  private readonly hists: (Uint32Array | null)[];
  private readonly totals: (Float64Array | null)[];
  private readonly kept: (Values | null)[];
  private readonly round: (x: number) => number;
  since = 0;

  constructor(
    readonly plan: RefinePlan,
    mode: FloatMode,
    private readonly layout: 32 | 64 | 80,
  ) {
    const slots = plan.slots;
    this.next = new Int32Array(slots.length).fill(-1);
    this.hists = slots.map(() => null);
    this.totals = slots.map(() => null);
    this.kept = slots.map(() => null);
    for (let s = slots.length - 1; s >= 0; s--) {
      const top = slots[s].prefix[0];
      if (plan.level === 1 && layout !== 80) {
        this.fastSlots.unshift(s);
        this.sel[top] |= 1;
      } else {
        this.next[s] = this.first[top];
        this.first[top] = s;
        this.sel[top] |= 4;
        if (slots[s].collect) this.kept[s] = new Values();
        else {
          this.hists[s] = new Uint32Array(65536);
          this.totals[s] = new Float64Array(65536);
        }
      }
    }
    let subs = 0;
    this.fastSlots.forEach((s, i) => {
      this.slotOf[slots[s].prefix[0]] = i;
      const collect = slots[s].collect;
      this.fastKept.push(collect ? new Values(layout === 32) : null);
      this.subOf.push(collect ? -1 : subs++);
    });
    this.sub = new Uint32Array(subs * 65536);
    this.subTotal = new Float64Array(subs * 65536);
    const h = plan.hist;
    let segments = 0;
    if (h) for (const b of h.buckets) segments += b.starts.length;
    this.splits = new Float64Array(segments);
    this.sbins = new Int32Array(segments);
    if (h) {
      let k = 0;
      for (const b of h.buckets) {
        if (b.starts.length === 0) {
          this.sel[b.top] |= 8;
          continue;
        }
        this.sel[b.top] |= 2;
        this.stStart[b.top] = k;
        this.stLen[b.top] = b.starts.length;
        for (let j = 0; j < b.starts.length; j++, k++) {
          this.splits[k] = b.starts[j];
          this.sbins[k] = b.bins[j];
        }
      }
      this.bins = new Float64Array(h.bins);
    } else this.bins = null;
    this.round = rounder(mode);
  }

  /** The bin of a straddling bucket's value by its raw bits below the top digit. */
  private binOf(top: number, rest: number): number {
    let lo = this.stStart[top];
    let hi = lo + this.stLen[top] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.splits[mid] <= rest) lo = mid;
      else hi = mid - 1;
    }
    return this.sbins[lo];
  }

  /** A flagged 32-bit value (float32 bits, or an integer's two's-complement bits). */
  hit32(w: number): void {
    const t = w >>> 16;
    const s = this.sel[t];
    if (s & 1) {
      const i = this.slotOf[t];
      const kept = this.fastKept[i];
      if (kept) kept.push(w & 0xffff);
      else this.sub[(this.subOf[i] << 16) | (w & 0xffff)]++;
    }
    if (s & 2) this.bins![this.binOf(t, w & 0xffff)]++;
    if (s & 4) this.generic(t, w, 0);
  }

  /** A flagged 64-bit value as (hi, lo) words. */
  hit64(hi: number, lo: number): void {
    const t = hi >>> 16;
    const s = this.sel[t];
    if (s & 1) {
      const i = this.slotOf[t];
      const kept = this.fastKept[i];
      if (kept) kept.push((hi & 0xffff) * 4294967296 + lo);
      else this.sub[(this.subOf[i] << 16) | (hi & 0xffff)]++;
    }
    if (s & 2) this.bins![this.binOf(t, (hi & 0xffff) * 4294967296 + lo)]++;
    if (s & 4) this.generic(t, hi, lo);
  }

  /** A flagged x87 value: sign/exponent word, mantissa words, and its double for binning. */
  hitX87(se: number, hi: number, lo: number, value: number): void {
    const s = this.sel[se];
    if (s & 4) this.generic(se, hi, lo);
    if (s & 8) this.bins![binIndex(this.plan.hist!.rule, value, this.round)]++;
  }

  /** The generic slots (flag 4) of a value the WebAssembly kernel left to JavaScript. */
  generic32(w: number): void {
    this.generic(w >>> 16, w, 0);
  }
  generic64(hi: number, lo: number): void {
    this.generic(hi >>> 16, hi, lo);
  }

  /** Slots other than level-1 digit counts: match the prefix, count the next digit or keep the rest. */
  private generic(top: number, hi: number, lo: number): void {
    const level = this.plan.level;
    for (let s = this.first[top]; s >= 0; s = this.next[s]) {
      const prefix = this.plan.slots[s].prefix;
      let ok = true;
      for (let k = 1; k < level && ok; k++) ok = this.digit(k, hi, lo) === prefix[k];
      if (!ok) continue;
      const h = this.hists[s];
      if (h) h[this.digit(level, hi, lo)]++;
      else this.kept[s]!.push(this.rest(level, hi, lo));
      break;
    }
  }

  /** Raw digit k (top = 0) of a value's bits. */
  private digit(k: number, hi: number, lo: number): number {
    switch (this.layout) {
      case 32:
        return k === 0 ? hi >>> 16 : hi & 0xffff;
      case 64:
        return k === 0 ? hi >>> 16 : k === 1 ? hi & 0xffff : k === 2 ? lo >>> 16 : lo & 0xffff;
      default:
        // x87: digit 0 is the sign/exponent word, handled by the caller's `top`.
        return k === 1 ? hi >>> 16 : k === 2 ? hi & 0xffff : k === 3 ? lo >>> 16 : lo & 0xffff;
    }
  }

  /** The raw bits below digit `level` (at most 48). */
  private rest(level: number, hi: number, lo: number): number {
    if (this.layout === 32) return hi & 0xffff;
    const l = this.layout === 64 ? level : level - 1;
    return l === 1 ? (hi & 0xffff) * 4294967296 + lo : l === 2 ? lo : lo & 0xffff;
  }

  flush(): void {
    const n = this.sub.length;
    for (let i = 0; i < n; i++) this.subTotal[i] += this.sub[i];
    this.sub.fill(0);
    for (let s = 0; s < this.hists.length; s++) {
      const h = this.hists[s];
      if (!h) continue;
      const t = this.totals[s]!;
      for (let i = 0; i < 65536; i++) t[i] += h[i];
      h.fill(0);
    }
    this.since = 0;
  }

  summary(): Summary2 {
    this.flush();
    const out: Summary2['slots'] = this.plan.slots.map((_, s) =>
      this.totals[s] ? { hist: this.totals[s]! } : this.kept[s] ? { values: this.kept[s]!.take() } : { hist: new Float64Array(0) },
    );
    this.fastSlots.forEach((s, i) => {
      const kept = this.fastKept[i];
      const j = this.subOf[i];
      out[s] = kept ? { values: kept.take() } : { hist: this.subTotal.slice(j * 65536, (j + 1) * 65536) };
    });
    return { slots: out, bins: this.bins };
  }
}

const FLUSH_AT = 2 ** 31;

/** One lane's state across a job: reads its values out of chunks and runs the family's loops. */
export class LaneKernel {
  readonly kind: LaneKind;
  readonly family: ReturnType<typeof laneFamily>;
  /** Pass-1 counts of the raw top digit; for SIMD lanes a view into the WebAssembly memory (re-made per chunk). */
  private hist: Uint32Array;
  private readonly histTotal = new Float64Array(65536);
  /** The WebAssembly kernels, for float32/float64 lanes that are the whole little-endian cell. */
  private readonly simd: SimdKernels | null;
  private histOff = -1;
  private selOff = -1;
  private tables: SimdTables | null = null;
  private sinceFlush = 0;
  private refine: Refine | null = null;
  // Scratch buffers, grown on demand.
  private u32 = new Uint32Array(0);
  private f64 = new Float64Array(0);
  private u16 = new Uint16Array(0);
  private xse = new Uint16Array(0);
  private xhi = new Uint32Array(0);
  private xlo = new Uint32Array(0);
  private readonly shift: number;
  private readonly mask: number;

  constructor(
    readonly spec: LaneSpec,
    private readonly cellSize: number,
    private readonly order: OrderSpec,
  ) {
    this.kind = spec.kind;
    this.family = laneFamily(spec.kind);
    const bytes = spec.kind === 'b' || spec.kind === 'i1' || spec.kind === 'u1' ? 1 : spec.kind === 'i2' || spec.kind === 'u2' ? 2 : 4;
    this.shift = bytes === 4 ? 16 : 0;
    this.mask = bytes === 1 ? 0xff : 0xffff;
    const plain = !spec.abs && spec.le && spec.at === 0 && spec.size === cellSize;
    this.simd = plain && (this.family === 'f32' || this.family === 'f64') && !noSimd ? simdKernels() : null;
    if (this.simd) {
      this.histOff = this.simd.arena.alloc(65536 * 4);
      this.hist = this.simd.arena.u32(this.histOff, 65536);
      this.hist.fill(0);
    } else this.hist = new Uint32Array(65536);
  }

  /** Give back the WebAssembly memory this lane holds. */
  close(): void {
    const a = this.simd?.arena;
    if (!a) return;
    if (this.histOff >= 0) a.release(this.histOff, 65536 * 4);
    if (this.selOff >= 0) a.release(this.selOff, 65536);
    this.histOff = this.selOff = -1;
    this.tables?.release();
    this.tables = null;
  }

  private refreshHist(): void {
    if (this.simd) this.hist = this.simd.arena.u32(this.histOff, 65536);
  }

  /** The chunk's values copied into the WebAssembly memory: its offset there. */
  private toArena(bytes: Uint8Array, n: number, size: number): number {
    const a = this.simd!.arena;
    const off = region(a, 0, n * size);
    a.u8(off, n * size).set(bytes.subarray(0, n * size));
    return off;
  }

  // ---- reading the lane's values out of a chunk ----

  private direct(bytes: Uint8Array, align: number): boolean {
    const s = this.spec;
    return !s.abs && s.le && s.at === 0 && s.size === this.cellSize && bytes.byteOffset % align === 0;
  }

  private grow(n: number, words: number): void {
    if (this.u32.length < n * words) this.u32 = new Uint32Array(n * words);
  }

  /** float32 values: [values, their bits]. */
  private f32(bytes: Uint8Array, n: number): [Float32Array, Uint32Array] {
    if (this.direct(bytes, 4)) return [new Float32Array(bytes.buffer, bytes.byteOffset, n), new Uint32Array(bytes.buffer, bytes.byteOffset, n)];
    this.grow(n, 1);
    const u = this.u32.subarray(0, n);
    const f = new Float32Array(u.buffer, 0, n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le, size } = this.spec;
    const cs = this.cellSize;
    if (this.spec.abs) {
      for (let i = 0, o = at; i < n; i++, o += cs) f[i] = cabsSimd(dv.getFloat32(o, le), dv.getFloat32(o + size, le), true);
    } else {
      for (let i = 0, o = at; i < n; i++, o += cs) u[i] = dv.getUint32(o, le);
    }
    return [f, u];
  }

  private f64v(bytes: Uint8Array, n: number): [Float64Array, Uint32Array] {
    if (this.direct(bytes, 8)) return [new Float64Array(bytes.buffer, bytes.byteOffset, n), new Uint32Array(bytes.buffer, bytes.byteOffset, 2 * n)];
    this.grow(n, 2);
    const u = this.u32.subarray(0, 2 * n);
    const f = new Float64Array(u.buffer, 0, n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le, size } = this.spec;
    const cs = this.cellSize;
    if (this.spec.abs) {
      if (this.spec.absOf === 'x87') {
        for (let i = 0, o = at; i < n; i++, o += cs) f[i] = hypot(readX87Number(dv, o, size, le), readX87Number(dv, o + size, size, le));
      } else {
        for (let i = 0, o = at; i < n; i++, o += cs) f[i] = cabsSimd(dv.getFloat64(o, le), dv.getFloat64(o + size, le), false);
      }
    } else {
      const lo = le ? 0 : 4;
      const hi = le ? 4 : 0;
      for (let i = 0, o = at; i < n; i++, o += cs) {
        u[2 * i] = dv.getUint32(o + lo, le);
        u[2 * i + 1] = dv.getUint32(o + hi, le);
      }
    }
    return [f, u];
  }

  private words64(bytes: Uint8Array, n: number): Uint32Array {
    if (this.direct(bytes, 4)) return new Uint32Array(bytes.buffer, bytes.byteOffset, 2 * n);
    this.grow(n, 2);
    const u = this.u32.subarray(0, 2 * n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le } = this.spec;
    const cs = this.cellSize;
    const lo = le ? 0 : 4;
    const hi = le ? 4 : 0;
    for (let i = 0, o = at; i < n; i++, o += cs) {
      u[2 * i] = dv.getUint32(o + lo, le);
      u[2 * i + 1] = dv.getUint32(o + hi, le);
    }
    return u;
  }

  private halves(bytes: Uint8Array, n: number): Uint16Array {
    if (this.direct(bytes, 2)) return new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    if (this.u16.length < n) this.u16 = new Uint16Array(n);
    const h = this.u16.subarray(0, n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le } = this.spec;
    const cs = this.cellSize;
    for (let i = 0, o = at; i < n; i++, o += cs) h[i] = dv.getUint16(o, le);
    return h;
  }

  /** Integers up to 32 bits as exact doubles (bool as 0/1). */
  private ints(bytes: Uint8Array, n: number): Float64Array {
    if (this.f64.length < n) this.f64 = new Float64Array(n);
    const v = this.f64.subarray(0, n);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le } = this.spec;
    const cs = this.cellSize;
    let o = at;
    switch (this.kind) {
      case 'b':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getUint8(o) !== 0 ? 1 : 0;
        break;
      case 'i1':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getInt8(o);
        break;
      case 'u1':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getUint8(o);
        break;
      case 'i2':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getInt16(o, le);
        break;
      case 'u2':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getUint16(o, le);
        break;
      case 'i4':
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getInt32(o, le);
        break;
      default:
        for (let i = 0; i < n; i++, o += cs) v[i] = dv.getUint32(o, le);
    }
    return v;
  }

  /** x87 values as (sign/exponent, mantissa hi, mantissa lo). */
  private x87(bytes: Uint8Array, n: number): [Uint16Array, Uint32Array, Uint32Array] {
    if (this.xse.length < n) {
      this.xse = new Uint16Array(n);
      this.xhi = new Uint32Array(n);
      this.xlo = new Uint32Array(n);
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { at, le, size } = this.spec;
    const cs = this.cellSize;
    for (let i = 0, o = at; i < n; i++, o += cs) {
      if (le) {
        this.xlo[i] = dv.getUint32(o, true);
        this.xhi[i] = dv.getUint32(o + 4, true);
        this.xse[i] = dv.getUint16(o + 8, true);
      } else {
        const p = o + size - 10;
        this.xse[i] = dv.getUint16(p, false);
        this.xhi[i] = dv.getUint32(p + 2, false);
        this.xlo[i] = dv.getUint32(p + 6, false);
      }
    }
    return [this.xse, this.xhi, this.xlo];
  }

  // ---- positions ----

  private position(info: ChunkInfo, i: number): number {
    const o = this.order;
    if (o.kind === 'view') return info.at + Math.floor(i / info.tileCols) * o.viewCols + (i % info.tileCols);
    if (o.kind === 'c') return info.at + i;
    // Fortran file order → C-order flat index.
    let p = info.at + i;
    const shape = o.shape;
    let c = 0;
    let stride = 1;
    const idx = new Array<number>(shape.length);
    for (let a = 0; a < shape.length; a++) {
      const d = shape[a] || 1;
      idx[a] = p % d;
      p = Math.floor(p / d);
    }
    for (let a = shape.length - 1; a >= 0; a--) {
      c += idx[a] * stride;
      stride *= shape[a] || 1;
    }
    return c;
  }

  /**
   * The first position (in C order) of a value found at chunk index `i0`: the chunk index itself except for
   * Fortran walks, where every equal value of the chunk is a candidate.
   */
  private firstPosition(info: ChunkInfo, i0: number, equal: (i: number) => boolean): number {
    if (i0 < 0) return -1;
    if (this.order.kind !== 'f') return this.position(info, i0);
    let best = this.position(info, i0);
    for (let i = i0 + 1; i < info.n; i++) {
      if (equal(i)) {
        const p = this.position(info, i);
        if (p < best) best = p;
      }
    }
    return best;
  }

  private countHist(n: number): void {
    this.sinceFlush += n;
    if (this.sinceFlush >= FLUSH_AT) this.flushHist();
  }

  private flushHist(): void {
    this.refreshHist();
    for (let i = 0; i < 65536; i++) this.histTotal[i] += this.hist[i];
    this.hist.fill(0);
    this.sinceFlush = 0;
  }

  // ---- pass 1 ----

  /** `arenaOff`: where the chunk already lies in this thread's WebAssembly memory (-1: elsewhere). */
  pass1(bytes: Uint8Array, info: ChunkInfo, arenaOff = -1): Partial1 {
    const n = info.n;
    this.countHist(n);
    switch (this.family) {
      case 'f32': {
        if (this.simd) {
          const k = this.simd;
          const data = arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 4);
          const patched = this.patchedPass1(k, data, n, info, false);
          if (patched) return patched;
          this.refreshHist();
          const f = k.arena.f32(data, n);
          const u = k.arena.u32(data, n);
          return this.floatPass1(
            f,
            n,
            info,
            () => simdPass1(k, data, f, u, n, this.hist, false, this.histOff),
            (i) => this.hist[u[i] >>> 16]--,
          );
        }
        const [f, u] = this.f32(bytes, n);
        return this.floatPass1(
          f,
          n,
          info,
          () => f32Fast(f, u, n, this.hist),
          (i) => this.hist[u[i] >>> 16]--,
        );
      }
      case 'f64': {
        if (this.simd) {
          const k = this.simd;
          const data = arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 8);
          const patched = this.patchedPass1(k, data, n, info, true);
          if (patched) return patched;
          this.refreshHist();
          const f = k.arena.f64(data, n);
          const u = k.arena.u32(data, 2 * n);
          return this.floatPass1(
            f,
            n,
            info,
            () => simdPass1(k, data, f, u, n, this.hist, true, this.histOff),
            (i) => this.hist[u[2 * i + 1] >>> 16]--,
          );
        }
        const [f, u] = this.f64v(bytes, n);
        return this.floatPass1(
          f,
          n,
          info,
          () => f64Fast(f, u, n, this.hist),
          (i) => this.hist[u[2 * i + 1] >>> 16]--,
        );
      }
      case 'f16': {
        const h = this.halves(bytes, n);
        if (this.f64.length < n) this.f64 = new Float64Array(n);
        const f = this.f64.subarray(0, n);
        for (let i = 0; i < n; i++) f[i] = HALF[h[i]];
        const hist = this.hist;
        return this.floatPass1(
          f,
          n,
          info,
          () => {
            for (let i = 0; i < n; i++) hist[h[i]]++;
            let mn = Infinity;
            let mx = -Infinity;
            rHi = 0;
            rLo = 0;
            let s = 0;
            for (let i = 0; i < n; i++) {
              const x = f[i];
              mn = Math.min(mn, x);
              mx = Math.max(mx, x);
              s += x;
            }
            addTo(s);
            rMin = mn;
            rMax = mx;
          },
          (i) => this.hist[h[i]]--,
        );
      }
      case 'int': {
        const v = this.ints(bytes, n);
        intFast(v, n, this.hist, this.shift, this.mask);
        const imin = n && this.candidate(rMin, false) ? v.indexOf(rMin) : -1;
        const imax = n && this.candidate(rMax, true) ? v.indexOf(rMax) : -1;
        const p: Partial1 = {
          n,
          nan: 0,
          pinf: 0,
          ninf: 0,
          ipinf: -1,
          ininf: -1,
          fcount: n,
          fmin: n ? rMin : 0,
          ifmin: -1,
          fmax: n ? rMax : 0,
          ifmax: -1,
          sumHi: 0,
          sumLo: rHi,
          clean: true,
        };
        const a = rMin;
        const b = rMax;
        p.ifmin = this.firstPosition(info, imin, (i) => v[i] === a);
        p.ifmax = this.firstPosition(info, imax, (i) => v[i] === b);
        return p;
      }
      case 'i64':
        return this.i64Pass1(this.words64(bytes, n), n, info);
      case 'x87':
        return this.x87Pass1(bytes, n, info);
    }
  }

  /**
   * Whether a chunk's min (max) can be the first occurrence of the selection's: not when an earlier chunk of this
   * worker had a smaller (or equal) one. Chunks reach a worker in walk order, and walk order is position order
   * except for Fortran walks. The position of a chunk that cannot win is not searched for (reported as -1).
   */
  private candidate(v: number | bigint, max: boolean): boolean {
    if (this.order.kind === 'f') return true;
    if (max) {
      if (this.runMax !== null && !(v > this.runMax)) return false;
      this.runMax = v;
    } else {
      if (this.runMin !== null && !(v < this.runMin)) return false;
      this.runMin = v;
    }
    return true;
  }
  private runMin: number | bigint | null = null;
  private runMax: number | bigint | null = null;

  /**
   * Pass 1 of a SIMD chunk holding a few NaN or infinities (src/stats/patch.ts): they are replaced by a finite
   * value of the chunk for the fast loop (min and max are unchanged by a value already there), then that value's
   * share of the sum and the histogram is taken back and the infinities are counted in their buckets. Null when
   * the chunk is clean (the plain path) or has too many (the JavaScript path).
   */
  private patchedPass1(k: SimdKernels, data: number, n: number, info: ChunkInfo, wide: boolean): Partial1 | null {
    const patch = findNonFinite(k, data, n, wide);
    if (patch === null || patch === 'many') return null;
    const j = stand(k, data, n, wide, patch, () => true);
    if (j < 0) return null;
    fillPatch(k, data, n, wide, patch, j);
    this.refreshHist();
    simdPass1(k, data, wide ? k.arena.f64(data, n) : k.arena.f32(data, n), k.arena.u32(data, wide ? 2 * n : n), n, this.hist, wide, this.histOff);
    restorePatch(k, data, n, wide, patch);
    // Views made after the loops (a growing memory detaches older ones).
    this.refreshHist();
    const f = wide ? k.arena.f64(data, n) : k.arena.f32(data, n);
    const u = k.arena.u32(data, wide ? 2 * n : n);
    const c = patch.count;
    const v = f[j];
    if (wide) for (let r = 0; r < c; r++) addTo(-v);
    else addTo(-c * v); // exact: a float32 times a count below 2^29
    this.hist[(wide ? u[2 * j + 1] : u[j]) >>> 16] -= c;
    this.hist[wide ? 0x7ff0 : 0x7f80] += patch.pinf;
    this.hist[wide ? 0xfff0 : 0xff80] += patch.ninf;
    const a = rMin;
    const b = rMax;
    const imin = this.candidate(a, false) ? f.indexOf(a) : -1;
    const imax = this.candidate(b, true) ? f.indexOf(b) : -1;
    const p: Partial1 = {
      n: n - patch.nan,
      nan: patch.nan,
      pinf: patch.pinf,
      ninf: patch.ninf,
      ipinf: -1,
      ininf: -1,
      fcount: n - c,
      fmin: imin >= 0 ? f[imin] : a,
      ifmin: -1,
      fmax: imax >= 0 ? f[imax] : b,
      ifmax: -1,
      sumHi: rHi,
      sumLo: rLo,
      clean: false,
    };
    p.ifmin = this.firstPosition(info, imin, (i) => f[i] === a);
    p.ifmax = this.firstPosition(info, imax, (i) => f[i] === b);
    p.ipinf = this.firstPosition(info, patch.firstPinf, (i) => f[i] === Infinity);
    p.ininf = this.firstPosition(info, patch.firstNinf, (i) => f[i] === -Infinity);
    return p;
  }

  private floatPass1(f: Float32Array | Float64Array, n: number, info: ChunkInfo, fast: () => void, unNaN: (i: number) => void): Partial1 {
    fast();
    let p: Partial1;
    if (n === 0 || (rMin - rMin === 0 && rMax - rMax === 0)) {
      const a = rMin;
      const b = rMax;
      const imin = n && this.candidate(a, false) ? f.indexOf(a) : -1;
      const imax = n && this.candidate(b, true) ? f.indexOf(b) : -1;
      p = {
        n,
        nan: 0,
        pinf: 0,
        ninf: 0,
        ipinf: -1,
        ininf: -1,
        fcount: n,
        fmin: imin >= 0 ? f[imin] : a,
        ifmin: -1,
        fmax: imax >= 0 ? f[imax] : b,
        ifmax: -1,
        sumHi: rHi,
        sumLo: rLo,
        clean: true,
      };
      p.ifmin = this.firstPosition(info, imin, (i) => f[i] === a);
      p.ifmax = this.firstPosition(info, imax, (i) => f[i] === b);
      return p;
    }
    const s = floatSlow(f, n, unNaN);
    p = {
      n: n - s.nan,
      nan: s.nan,
      pinf: s.pinf,
      ninf: s.ninf,
      ipinf: -1,
      ininf: -1,
      fcount: n - s.nan - s.pinf - s.ninf,
      fmin: s.imin >= 0 ? f[s.imin] : 0,
      ifmin: -1,
      fmax: s.imax >= 0 ? f[s.imax] : 0,
      ifmax: -1,
      sumHi: rHi,
      sumLo: rLo,
      clean: false,
    };
    const a = s.min;
    const b = s.max;
    p.ifmin = this.firstPosition(info, s.imin, (i) => f[i] === a);
    p.ifmax = this.firstPosition(info, s.imax, (i) => f[i] === b);
    p.ipinf = this.firstPosition(info, s.ipinf, (i) => f[i] === Infinity);
    p.ininf = this.firstPosition(info, s.ininf, (i) => f[i] === -Infinity);
    return p;
  }

  private i64Pass1(u: Uint32Array, n: number, info: ChunkInfo): Partial1 {
    const kind = this.kind;
    const signed = kind !== 'u8';
    const time = kind === 'M' || kind === 'm';
    const hist = this.hist;
    let mnH = Infinity;
    let mnL = 0;
    let mxH = -Infinity;
    let mxL = 0;
    let imn = -1;
    let imx = -1;
    let sLo = 0;
    let sHi = 0;
    let nat = 0;
    for (let i = 0; i < n; i++) {
      const lo = u[2 * i];
      const w = u[2 * i + 1];
      const hi = signed ? w | 0 : w;
      if (time && hi === -2147483648 && lo === 0) {
        nat++;
        continue;
      }
      if (hi < mnH || (hi === mnH && lo < mnL)) {
        mnH = hi;
        mnL = lo;
        imn = i;
      }
      if (hi > mxH || (hi === mxH && lo > mxL)) {
        mxH = hi;
        mxL = lo;
        imx = i;
      }
      sLo += lo;
      sHi += hi;
      hist[w >>> 16]++;
    }
    const big = (h: number, l: number): bigint => (BigInt(h) << 32n) + BigInt(l);
    const m = n - nat;
    const p: Partial1 = {
      n: m,
      nan: nat,
      pinf: 0,
      ninf: 0,
      ipinf: -1,
      ininf: -1,
      fcount: m,
      fmin: m ? big(mnH, mnL) : 0n,
      ifmin: -1,
      fmax: m ? big(mxH, mxL) : 0n,
      ifmax: -1,
      sumHi: sHi,
      sumLo: sLo,
      clean: nat === 0,
    };
    const eq = (h: number, l: number) => (i: number) => u[2 * i] === l && (signed ? u[2 * i + 1] | 0 : u[2 * i + 1]) === h;
    p.ifmin = this.firstPosition(info, imn, eq(mnH, mnL));
    p.ifmax = this.firstPosition(info, imx, eq(mxH, mxL));
    return p;
  }

  private x87Pass1(bytes: Uint8Array, n: number, info: ChunkInfo): Partial1 {
    const [se, hi, lo] = this.x87(bytes, n);
    const hist = this.hist;
    let nan = 0;
    let pinf = 0;
    let ninf = 0;
    let ipinf = -1;
    let ininf = -1;
    let imn = -1;
    let imx = -1;
    rHi = 0;
    rLo = 0;
    for (let i = 0; i < n; i++) {
      const x = x87PartsToNumber(se[i], hi[i], lo[i]);
      if (x !== x) {
        nan++;
        continue;
      }
      hist[se[i]]++;
      if ((se[i] & 0x7fff) === 0x7fff) {
        if (x > 0) {
          if (pinf++ === 0) ipinf = i;
        } else if (ninf++ === 0) ininf = i;
        continue;
      }
      addTo(x);
      if (imn < 0 || x87Less(se, hi, lo, i, imn)) imn = i;
      if (imx < 0 || x87Less(se, hi, lo, imx, i)) imx = i;
    }
    const bits = (i: number): bigint => (BigInt(se[i]) << 64n) | (BigInt(hi[i]) << 32n) | BigInt(lo[i]);
    const p: Partial1 = {
      n: n - nan,
      nan,
      pinf,
      ninf,
      ipinf: -1,
      ininf: -1,
      fcount: n - nan - pinf - ninf,
      fmin: imn >= 0 ? bits(imn) : 0n,
      ifmin: -1,
      fmax: imx >= 0 ? bits(imx) : 0n,
      ifmax: -1,
      sumHi: rHi,
      sumLo: rLo,
      clean: nan + pinf + ninf === 0,
    };
    const same = (j: number) => (i: number) => !x87Less(se, hi, lo, i, j) && !x87Less(se, hi, lo, j, i);
    p.ifmin = this.firstPosition(info, imn, same(imn));
    p.ifmax = this.firstPosition(info, imx, same(imx));
    const inf = (sign: number) => (i: number) => se[i] === (sign | 0x7fff) && hi[i] === 0x80000000 && lo[i] === 0;
    p.ipinf = this.firstPosition(info, ipinf, inf(0));
    p.ininf = this.firstPosition(info, ininf, inf(0x8000));
    return p;
  }

  /** The raw top-digit histogram of pass 1 (values that are not NaN). */
  summary1(): Float64Array {
    this.flushHist();
    return this.histTotal.slice();
  }

  // ---- pass 2 and later ----

  beginRefine(plan: RefinePlan): void {
    const mode: FloatMode = this.kind === 'f4' ? 'f32' : 'f64';
    const layout = this.family === 'f32' || this.family === 'int' ? 32 : this.family === 'x87' ? 80 : 64;
    this.refine = new Refine(plan, mode, layout);
    if (this.simd) {
      const a = this.simd.arena;
      if (this.selOff < 0) this.selOff = a.alloc(65536);
      a.u8(this.selOff, 65536).set(this.refine.sel);
      this.tables = new SimdTables(a, this.refine, this.family === 'f64');
    }
  }

  pass2(bytes: Uint8Array, info: ChunkInfo, clean: boolean, arenaOff = -1): Partial2 {
    const ref = this.refine!;
    const n = info.n;
    ref.since += n;
    if (ref.since >= FLUSH_AT) {
      ref.flush();
      this.tables?.flush();
    }
    const mu = ref.plan.mu;
    rHi = 0;
    rLo = 0;
    rQ = 0;
    rQLo = 0;
    switch (this.family) {
      case 'f32': {
        if (this.simd && clean) {
          simdPass2(this.simd, arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 4), n, mu, this.selOff, ref, this.tables!, false);
          break;
        }
        if (this.simd && this.patchedPass2(this.simd, arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 4), n, mu, ref, false)) break;
        const [f, u] = this.f32(bytes, n);
        if (clean) p2f32(f, u, n, mu, ref);
        else {
          p2f32Slow(f, u, n, ref);
          if (mu !== null) moments(f, n, mu, false);
        }
        break;
      }
      case 'f64': {
        if (this.simd && clean) {
          simdPass2(this.simd, arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 8), n, mu, this.selOff, ref, this.tables!, true);
          break;
        }
        if (this.simd && this.patchedPass2(this.simd, arenaOff >= 0 ? arenaOff : this.toArena(bytes, n, 8), n, mu, ref, true)) break;
        const [f, u] = this.f64v(bytes, n);
        p2words(u, n, ref, clean ? null : f, false);
        if (mu !== null) moments(f, n, mu, clean);
        break;
      }
      case 'int': {
        const v = this.ints(bytes, n);
        p2int(v, n, mu, ref);
        break;
      }
      case 'i64': {
        const u = this.words64(bytes, n);
        const time = this.kind === 'M' || this.kind === 'm';
        p2words(u, n, ref, null, time);
        if (mu !== null) {
          if (this.f64.length < n) this.f64 = new Float64Array(n);
          const f = this.f64.subarray(0, n);
          if (this.kind === 'u8') for (let i = 0; i < n; i++) f[i] = u[2 * i + 1] * 4294967296 + u[2 * i];
          else for (let i = 0; i < n; i++) f[i] = (u[2 * i + 1] | 0) * 4294967296 + u[2 * i];
          moments(f, n, mu, true);
        }
        break;
      }
      case 'x87': {
        const [se, hi, lo] = this.x87(bytes, n);
        if (this.f64.length < n) this.f64 = new Float64Array(n);
        const f = this.f64.subarray(0, n);
        const sel = ref.sel;
        for (let i = 0; i < n; i++) {
          const x = x87PartsToNumber(se[i], hi[i], lo[i]);
          // Values past the double range are finite long doubles: kept for selection, not for the moments.
          f[i] = (se[i] & 0x7fff) === 0x7fff ? NaN : x;
          if (x !== x) continue;
          if (sel[se[i]] !== 0) ref.hitX87(se[i], hi[i], lo[i], x);
        }
        if (mu !== null) moments(f, n, mu, false);
        break;
      }
      case 'f16':
        // float16 never needs a second pass (its radix histogram is exact); nothing to do.
        break;
    }
    return { d: rHi, dLo: rLo, q: rQ, qLo: rQLo };
  }

  /**
   * Pass 2 of a SIMD chunk holding a few NaN or infinities: they stand in as a finite value of the chunk whose
   * top digit no refinement wants, so the tables see only real values; that value's share of the moments is
   * taken back. False (the JavaScript path) when infinities themselves are wanted (a rank among them), or the
   * chunk has too many.
   */
  private patchedPass2(k: SimdKernels, data: number, n: number, mu: number | null, ref: Refine, wide: boolean): boolean {
    const sel = ref.sel;
    if (sel[wide ? 0x7ff0 : 0x7f80] !== 0 || sel[wide ? 0xfff0 : 0xff80] !== 0) return false;
    const patch = findNonFinite(k, data, n, wide);
    if (patch === null) {
      simdPass2(k, data, n, mu, this.selOff, ref, this.tables!, wide);
      return true;
    }
    if (patch === 'many') return false;
    const j = stand(k, data, n, wide, patch, (top) => sel[top] === 0);
    if (j < 0) return false;
    fillPatch(k, data, n, wide, patch, j);
    simdPass2(k, data, n, mu, this.selOff, ref, this.tables!, wide);
    restorePatch(k, data, n, wide, patch);
    const x = (wide ? k.arena.f64(data, n) : k.arena.f32(data, n))[j] - (mu ?? 0);
    for (let r = 0; r < patch.count; r++) {
      addTo(-x);
      addQ(-x * x);
    }
    return true;
  }

  summary2(): Summary2 {
    const s = this.refine!.summary();
    if (this.tables) {
      this.tables.into(s);
      this.tables.release();
      this.tables = null;
    }
    this.refine = null;
    return s;
  }
}

/** Set (tests, the bench) to run every lane on the JavaScript kernels. */
let noSimd = typeof process !== 'undefined' && !!process.env?.NPY_STATS_NO_SIMD;
export function useSimd(on: boolean): void {
  noSimd = !on;
}

// Per-thread scratch regions of the WebAssembly memory (kernels run one at a time per thread): 0 the chunk's
// values, 1 the flagged positions, 2 the results.
const regions: { off: number; cap: number }[] = [
  { off: -1, cap: 0 },
  { off: -1, cap: 0 },
  { off: -1, cap: 0 },
];
function region(a: Arena, which: number, bytes: number): number {
  const r = regions[which];
  if (bytes > r.cap) {
    if (r.off >= 0) a.release(r.off, r.cap);
    r.cap = Math.max(bytes, 1 << 16);
    r.off = a.alloc(r.cap);
  }
  return r.off;
}

/** Pass 1 of float32/float64 values in the WebAssembly memory at `data`; the last n % 4 in JavaScript. */
function simdPass1(k: SimdKernels, data: number, f: Float32Array | Float64Array, u: Uint32Array, n: number, hist: Uint32Array, wide: boolean, histOff: number): void {
  const res = region(k.arena, 2, 64);
  const n4 = n - (n % 4);
  if (wide) k.f64p1(data, n4, histOff, res);
  else k.f32p1(data, n4, histOff, res);
  const r = k.arena.f64(res, 4);
  let mn = r[0];
  let mx = r[1];
  rHi = r[2];
  rLo = r[3];
  for (let i = n4; i < n; i++) {
    const v = f[i];
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
    addTo(v);
    hist[(wide ? u[2 * i + 1] : u[i]) >>> 16]++;
  }
  rMin = mn;
  rMax = mx;
}

/**
 * A lane's refinement tables in the WebAssembly memory, for the SIMD pass 2: the level-1 slots (sub-histograms or
 * kept values), the straddling buckets' segments and the bin counts. Everything else (flag 4) stays in Refine.
 */
class SimdTables {
  private readonly regions: [number, number][] = [];
  readonly slotOf: number;
  readonly slots: number;
  readonly stStart: number;
  readonly stLen: number;
  readonly splits: number;
  readonly sbins: number;
  readonly bins: number;
  private readonly nbins: number;
  /** Per fast slot: [base, capacity, keeps]. */
  private readonly fast: { base: number; cap: number; keep: boolean; total: Float64Array | null }[] = [];

  constructor(
    private readonly a: Arena,
    private readonly ref: Refine,
    private readonly wide: boolean,
  ) {
    const take = (bytes: number): number => {
      const off = a.alloc(bytes);
      this.regions.push([off, bytes]);
      a.u8(off, bytes).fill(0);
      return off;
    };
    this.slotOf = take(65536 * 4);
    a.u32(this.slotOf, 65536).set(ref.slotOf);
    const nf = ref.fastSlots.length;
    this.slots = take(Math.max(1, nf) * 16);
    ref.fastSlots.forEach((si, i) => {
      const slot = ref.plan.slots[si];
      const keep = slot.collect;
      const cap = keep ? Math.max(1, slot.count) : 65536;
      const base = take(keep ? cap * (wide ? 8 : 2) : 65536 * 4);
      this.fast.push({ base, cap, keep, total: keep ? null : new Float64Array(65536) });
      a.u32(this.slots + i * 16, 4).set([keep ? 1 : 0, base, 0, cap]);
    });
    this.stStart = take(65536 * 4);
    this.stLen = take(65536 * 4);
    a.u32(this.stStart, 65536).set(ref.stStart);
    a.u32(this.stLen, 65536).set(ref.stLen);
    this.splits = take(Math.max(1, ref.splits.length) * 8);
    a.f64(this.splits, ref.splits.length).set(ref.splits);
    this.sbins = take(Math.max(1, ref.sbins.length) * 4);
    a.u32(this.sbins, ref.sbins.length).set(ref.sbins);
    this.nbins = ref.bins ? ref.bins.length : 0;
    this.bins = take(Math.max(1, this.nbins) * 8);
  }

  /** Sub-histograms into doubles before a counter could wrap. */
  flush(): void {
    for (const f of this.fast) {
      if (!f.total) continue;
      const h = this.a.u32(f.base, 65536);
      for (let i = 0; i < 65536; i++) f.total[i] += h[i];
      h.fill(0);
    }
  }

  /** Put the fast slots' results and the bin counts into the lane's summary. */
  into(s: Summary2): void {
    this.flush();
    // Chunks with NaN or infinities went through Refine itself: add to what it holds.
    this.ref.fastSlots.forEach((si, i) => {
      const f = this.fast[i];
      const prev = s.slots[si];
      if (f.total) {
        if ('hist' in prev && prev.hist.length === 65536) for (let j = 0; j < 65536; j++) f.total[j] += prev.hist[j];
        s.slots[si] = { hist: f.total };
      } else {
        const kept = this.a.u32(this.slots + i * 16, 4)[2];
        const mine = this.wide ? this.a.f64(f.base, kept) : new Uint16Array(this.a.mem.buffer, f.base, kept);
        const before = 'values' in prev ? prev.values : new Float64Array(0);
        const all = this.wide ? new Float64Array(before.length + kept) : new Uint16Array(before.length + kept);
        all.set(before);
        all.set(mine, before.length);
        s.slots[si] = { values: all };
      }
    });
    if (s.bins) {
      const b = this.a.f64(this.bins, this.nbins);
      for (let i = 0; i < this.nbins; i++) s.bins[i] += b[i];
    }
  }

  release(): void {
    for (const [off, bytes] of this.regions) this.a.release(off, bytes);
    this.regions.length = 0;
  }
}

/** Pass 2 of a clean float32/float64 chunk in the WebAssembly memory: moments and the fast slots there. */
function simdPass2(k: SimdKernels, data: number, n: number, mu: number | null, selOff: number, ref: Refine, t: SimdTables, wide: boolean): void {
  const a = k.arena;
  const out = region(a, 1, n * 4 + 64);
  const res = region(a, 2, 64);
  const n4 = n - (n % 4);
  const m = mu ?? 0;
  k.tables(t.slotOf, t.slots, t.stStart, t.stLen, t.splits, t.sbins, t.bins, out, selOff);
  let cnt = wide ? k.f64p2(data, n4, m, res) : k.f32p2(data, n4, m, res);
  const r = a.f64(res, 4);
  rHi = r[0];
  rLo = r[1];
  rQ = r[2];
  rQLo = r[3];
  const u = a.u32(data, wide ? 2 * n : n);
  const f = wide ? a.f64(data, n) : a.f32(data, n);
  const sel = ref.sel;
  for (let i = n4; i < n; i++) {
    const hi = wide ? u[2 * i + 1] : u[i];
    if (sel[hi >>> 16] !== 0) cnt = wide ? k.hit64(hi, u[2 * i], i) : k.hit32(hi, i);
    const x = f[i] - m;
    addTo(x);
    addQ(x * x);
  }
  if (cnt > 0) {
    const pos = a.u32(out, cnt);
    if (wide) for (let j = 0; j < cnt; j++) ref.generic64(u[2 * pos[j] + 1], u[2 * pos[j]]);
    else for (let j = 0; j < cnt; j++) ref.generic32(u[pos[j]]);
  }
}

/** float32 pass 2 of a chunk without NaN or infinity: flagged buckets and the moments in one loop. */
function p2f32(f: Float32Array, u: Uint32Array, n: number, mu: number | null, ref: Refine): void {
  const sel = ref.sel;
  if (mu === null) {
    for (let i = 0; i < n; i++) {
      const w = u[i];
      if (sel[w >>> 16] !== 0) ref.hit32(w);
    }
    return;
  }
  for (let b = 0; b < n; b += MBLOCK) {
    const e = b + MBLOCK < n ? b + MBLOCK : n;
    let d0 = 0;
    let d1 = 0;
    let q0 = 0;
    let q1 = 0;
    let i = b;
    for (; i + 1 < e; i += 2) {
      const w0 = u[i];
      const w1 = u[i + 1];
      if (sel[w0 >>> 16] !== 0) ref.hit32(w0);
      if (sel[w1 >>> 16] !== 0) ref.hit32(w1);
      const x0 = f[i] - mu;
      const x1 = f[i + 1] - mu;
      d0 += x0;
      d1 += x1;
      q0 += x0 * x0;
      q1 += x1 * x1;
    }
    if (i < e) {
      const w = u[i];
      if (sel[w >>> 16] !== 0) ref.hit32(w);
      const x = f[i] - mu;
      d0 += x;
      q0 += x * x;
    }
    addTo(d0 + d1);
    addQ(q0 + q1);
  }
}

/** float32 pass 2 of a chunk with NaN or infinities: NaN takes no part (its bits would land in a bucket). */
function p2f32Slow(f: Float32Array, u: Uint32Array, n: number, ref: Refine): void {
  const sel = ref.sel;
  for (let i = 0; i < n; i++) {
    const w = u[i];
    if (sel[w >>> 16] !== 0 && f[i] === f[i]) ref.hit32(w);
  }
}

/** Integers up to 32 bits (exact doubles): flagged buckets by their two's-complement bits, and the moments. */
function p2int(v: Float64Array, n: number, mu: number | null, ref: Refine): void {
  const sel = ref.sel;
  const m = mu ?? 0;
  for (let b = 0; b < n; b += MBLOCK) {
    const e = b + MBLOCK < n ? b + MBLOCK : n;
    let d0 = 0;
    let q0 = 0;
    for (let i = b; i < e; i++) {
      const x = v[i];
      const w = x >>> 0;
      if (sel[w >>> 16] !== 0) ref.hit32(w);
      const d = x - m;
      d0 += d;
      q0 += d * d;
    }
    if (mu !== null) {
      addTo(d0);
      addQ(q0);
    }
  }
}

/** 64-bit values as (lo, hi) words: flagged buckets. `f`: the doubles, to skip NaN; `time`: skip NaT. */
function p2words(u: Uint32Array, n: number, ref: Refine, f: Float64Array | null, time: boolean): void {
  const sel = ref.sel;
  for (let i = 0; i < n; i++) {
    const hi = u[2 * i + 1];
    if (sel[hi >>> 16] === 0) continue;
    const lo = u[2 * i];
    if (time && hi === 0x80000000 && lo === 0) continue;
    if (f && f[i] !== f[i]) continue;
    ref.hit64(hi, lo);
  }
}

/**
 * Σ(x - mu) and Σ(x - mu)² over the finite values: four accumulators over blocks of 256 (64 terms each), the
 * block sums added with compensation, so the error stays a few units in the last place of the block sums.
 */
function moments(f: Float32Array | Float64Array, n: number, mu: number, clean: boolean): void {
  for (let b = 0; b < n; b += MBLOCK) {
    const e = b + MBLOCK < n ? b + MBLOCK : n;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let i = b;
    if (clean) {
      for (; i + 3 < e; i += 4) {
        const x0 = f[i] - mu;
        const x1 = f[i + 1] - mu;
        const x2 = f[i + 2] - mu;
        const x3 = f[i + 3] - mu;
        d0 += x0;
        d1 += x1;
        d2 += x2;
        d3 += x3;
        q0 += x0 * x0;
        q1 += x1 * x1;
        q2 += x2 * x2;
        q3 += x3 * x3;
      }
    }
    for (; i < e; i++) {
      const x = f[i] - mu;
      if (x - x === 0) {
        d0 += x;
        q0 += x * x;
      }
    }
    addTo(d0 + d1 + (d2 + d3));
    addQ(q0 + q1 + (q2 + q3));
  }
}

function x87Less(se: Uint16Array, hi: Uint32Array, lo: Uint32Array, i: number, j: number): boolean {
  // Order keys: negative values count down. ±0 compare equal.
  const zi = (se[i] & 0x7fff) === 0 && hi[i] === 0 && lo[i] === 0;
  const zj = (se[j] & 0x7fff) === 0 && hi[j] === 0 && lo[j] === 0;
  if (zi && zj) return false;
  const ki = x87Key(se[i], hi[i], lo[i], zi);
  const kj = x87Key(se[j], hi[j], lo[j], zj);
  for (let k = 0; k < 3; k++) if (ki[k] !== kj[k]) return ki[k] < kj[k];
  return false;
}

function x87Key(se: number, hi: number, lo: number, zero: boolean): [number, number, number] {
  if (zero) return [0x8000, 0, 0];
  if (se & 0x8000) return [~se & 0xffff, ~hi >>> 0, ~lo >>> 0];
  return [se | 0x8000, hi, lo];
}

/** A job's state in one worker: a kernel per lane, and the chunks it keeps for later passes. */
export class JobState {
  readonly lanes: LaneKernel[];
  readonly kept: { info: ChunkInfo; bytes: Uint8Array; clean: boolean[] }[] = [];

  /** `keep`: hold every chunk for the later passes (the selection fits the memory budget). */
  constructor(
    readonly spec: OpenSpec,
    readonly keep = false,
  ) {
    this.lanes = spec.lanes.map((l) => new LaneKernel(l, spec.cellSize, spec.order));
  }

  close(): void {
    for (const k of this.lanes) k.close();
  }

  pass1(bytes: Uint8Array, info: ChunkInfo, arenaOff = -1): Partial1[] {
    const parts = this.lanes.map((k) => k.pass1(bytes, info, arenaOff));
    // A chunk in a memory slot is overwritten by the next one: keep a copy.
    if (this.keep) this.kept.push({ info, bytes: arenaOff >= 0 ? bytes.slice() : bytes, clean: parts.map((p) => p.clean) });
    return parts;
  }

  summary1(): Float64Array[] {
    return this.lanes.map((k) => k.summary1());
  }

  /** Start a refinement pass; lanes without a plan are skipped. */
  begin(plans: (RefinePlan | null)[]): void {
    this.plans = plans;
    plans.forEach((p, i) => p && this.lanes[i].beginRefine(p));
  }
  private plans: (RefinePlan | null)[] = [];

  pass2(bytes: Uint8Array, info: ChunkInfo, clean: boolean[], arenaOff = -1): (Partial2 | null)[] {
    return this.lanes.map((k, i) => (this.plans[i] ? k.pass2(bytes, info, clean[i], arenaOff) : null));
  }

  /** A refinement pass over the kept chunks: per chunk, its seq and the lanes' moments. */
  pass2Kept(): { seq: number; parts: (Partial2 | null)[] }[] {
    return this.kept.map((c) => ({ seq: c.info.seq, parts: this.pass2(c.bytes, c.info, c.clean) }));
  }

  summary2(): (Summary2 | null)[] {
    const out = this.lanes.map((k, i) => (this.plans[i] ? k.summary2() : null));
    this.plans = [];
    return out;
  }
}
