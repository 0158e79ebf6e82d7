// WebAssembly SIMD kernels for the two lane kinds that carry most data, float32 and float64 (little-endian, one
// value per cell): pass 1 (min, max, sum, the radix histogram of the top 16 bits) and pass 2 (the moments about
// the mean, and the positions of the values whose top digit is flagged, for the JavaScript side to refine).
// JavaScript cannot vectorise; these loops take four float32 (two float64) per instruction. The module is
// assembled here from its instructions (no build step, no dependency) and runs in each worker thread over its own
// memory: the engine copies a chunk in, runs a kernel, reads the results. NaN and infinities leave the fast
// path to the JavaScript kernels (src/stats/kernel.ts), which also take every other lane kind.
import {
  I32,
  F64T,
  V128,
  vec,
  Fn,
  moduleOf,
  BLOCK,
  IF,
  ELSE,
  CALL,
  GLOBAL_GET,
  GLOBAL_SET,
  I32_AND,
  I32_SUB,
  I32_SHR_U,
  I32_GE_S,
  I32_EQZ,
  I32_STORE16,
  F64_LOAD,
  F64_LE,
  F64_MUL,
  F64_CONVERT_I32_U,
  LOOP,
  END,
  BR,
  BR_IF,
  RETURN,
  SELECT,
  EMPTY,
  I32_LOAD,
  I32_LOAD8_U,
  I32_STORE,
  F64_STORE,
  I32_LT_U,
  I32_GE_U,
  I32_ADD,
  I32_SHL,
  F64_GE,
  F32_MIN,
  F32_MAX,
  F64_ABS,
  F64_MIN,
  F64_MAX,
  F64_ADD,
  F64_SUB,
  F64_PROMOTE_F32,
  V128_LOAD,
  V128_CONST,
  SHUFFLE,
  F32X4_SPLAT,
  F64X2_SPLAT,
  I32X4_EXTRACT,
  F32X4_EXTRACT,
  F64X2_EXTRACT,
  F64X2_PROMOTE_LOW,
  I32X4_SHL,
  I32X4_SHR_U,
  F32X4_MIN,
  F32X4_MAX,
  F64X2_ADD,
  F64X2_SUB,
  F64X2_MUL,
  F64X2_MIN,
  F64X2_MAX,
  I32X4_EQ,
  V128_AND,
  V128_ANY_TRUE,
  I32_EQ,
  memarg,
  HIGH_HALF,
  ZERO16,
} from './wasm';

/** A bump allocator over one WebAssembly memory, with views re-made when the memory grows. */
export class Arena {
  readonly mem: WebAssembly.Memory;
  /** Shared memory (a SharedArrayBuffer): the engine's thread reads chunks straight into it. */
  readonly shared: boolean;
  private top = 64;
  private readonly free = new Map<number, number[]>();

  constructor(pages = 256, shared = true) {
    this.mem = new WebAssembly.Memory(shared ? { initial: pages, maximum: MAX_PAGES, shared: true } : { initial: pages });
    this.shared = shared;
  }

  alloc(bytes: number): number {
    const size = Math.ceil(Math.max(16, bytes) / 16) * 16;
    const list = this.free.get(size);
    if (list && list.length) return list.pop()!;
    const off = this.top;
    this.top += size;
    const need = this.top - this.mem.buffer.byteLength;
    if (need > 0) this.mem.grow(Math.ceil(need / 65536));
    return off;
  }

  release(off: number, bytes: number): void {
    const size = Math.ceil(Math.max(16, bytes) / 16) * 16;
    const list = this.free.get(size) ?? [];
    list.push(off);
    this.free.set(size, list);
  }

  u8(off: number, n: number): Uint8Array {
    return new Uint8Array(this.mem.buffer, off, n);
  }
  u32(off: number, n: number): Uint32Array {
    return new Uint32Array(this.mem.buffer, off, n);
  }
  f32(off: number, n: number): Float32Array {
    return new Float32Array(this.mem.buffer, off, n);
  }
  f64(off: number, n: number): Float64Array {
    return new Float64Array(this.mem.buffer, off, n);
  }
}

export interface SimdKernels {
  arena: Arena;
  /** (ptr, n: a multiple of 4, hist, res): min, max (res+0, +8), sum hi/lo (+16, +24); hist counts top 16 bits. */
  f32p1(ptr: number, n: number, hist: number, res: number): void;
  /**
   * (ptr, n, mu, res) → count of values left for JavaScript: Σd, Σd² hi/lo to res; each value whose top digit is
   * flagged in the tables (see `tables`) is counted in its slot's sub-histogram, kept in its slot, binned by its
   * straddling bucket's segments, or (flag 4) its position written to the out list.
   */
  f32p2(ptr: number, n: number, mu: number, res: number): number;
  f64p1(ptr: number, n: number, hist: number, res: number): void;
  f64p2(ptr: number, n: number, mu: number, res: number): number;
  /** The refinement tables of the lane about to run (offsets in the memory); resets the out count. */
  tables(slotOf: number, slots: number, stStart: number, stLen: number, splits: number, sbins: number, bins: number, out: number, sel: number): void;
  /** One value through the tables (the chunk's last n % 4 values); returns the out count. */
  hit32(w: number, i: number): number;
  hit64(hi: number, lo: number, i: number): number;
  /**
   * (ptr, n: a multiple of 4, out, cap) → how many values are NaN or ±inf; the first `cap` of their positions, in
   * order, to out (u32). Chunks of real data often hold a few: they are patched out so the fast loops stay exact.
   */
  nonfinite32(ptr: number, n: number, out: number, cap: number): number;
  nonfinite64(ptr: number, n: number, out: number, cap: number): number;
}

/** 1 GiB of address space per thread at most (hist tables, chunk slots, kept values). */
const MAX_PAGES = 16384;

/** Neumaier-add local `x` into (s, c); `t` is scratch. */
function neumaier(f: Fn, s: number, c: number, x: number, t: number): void {
  f.get(s).get(x).op(F64_ADD).set(t);
  f.get(s).get(t).op(F64_SUB).get(x).op(F64_ADD);
  f.get(x).get(t).op(F64_SUB).get(s).op(F64_ADD);
  f.get(s).op(F64_ABS).get(x).op(F64_ABS).op(F64_GE).op(SELECT);
  f.get(c).op(F64_ADD).set(c);
  f.get(t).set(s);
}

/** Sum of the lanes of two f64x2 locals into local x. */
function lanes2(f: Fn, a: number, b: number, x: number): void {
  f.get(a).simd(F64X2_EXTRACT, 0).get(a).simd(F64X2_EXTRACT, 1).op(F64_ADD);
  f.get(b).simd(F64X2_EXTRACT, 0).get(b).simd(F64X2_EXTRACT, 1).op(F64_ADD).op(F64_ADD).set(x);
}

/** `end = min(i + step, n)`. */
function blockEnd(f: Fn, i: number, n: number, end: number, step: number): void {
  f.get(i).i32(step).op(I32_ADD).tee(end).get(n).get(end).get(n).op(I32_LT_U).op(SELECT).set(end);
}

/** Increment hist[lane value] (byte offsets already shifted) for the given i32x4 lanes of local k. */
function countLanes(f: Fn, hist: number, k: number, lanes: number[], addr: number): void {
  for (const j of lanes) {
    f.get(hist)
      .get(k)
      .simd(I32X4_EXTRACT, j)
      .op(I32_ADD)
      .tee(addr)
      .get(addr)
      .op(I32_LOAD, ...memarg(2))
      .i32(1)
      .op(I32_ADD)
      .op(I32_STORE, ...memarg(2));
  }
}

/** Pass 1 for float32 (wide = false) or float64 (wide = true). Params: ptr, n, hist, res. */
function pass1(wide: boolean): Fn {
  const f = new Fn(4);
  const [ptr, n, hist, res] = [0, 1, 2, 3];
  const i = f.local(I32);
  const end = f.local(I32);
  const addr = f.local(I32);
  const v = f.local(V128);
  const w = f.local(V128);
  const k = f.local(V128);
  const mn = f.local(V128);
  const mx = f.local(V128);
  const a0 = f.local(V128);
  const a1 = f.local(V128);
  const S = f.local(F64T);
  const C = f.local(F64T);
  const x = f.local(F64T);
  const t = f.local(F64T);
  if (wide) {
    f.f64(Infinity).simd(F64X2_SPLAT).set(mn);
    f.f64(-Infinity).simd(F64X2_SPLAT).set(mx);
  } else {
    f.f32(Infinity).simd(F32X4_SPLAT).set(mn);
    f.f32(-Infinity).simd(F32X4_SPLAT).set(mx);
  }
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(i).get(n).op(I32_GE_U).op(BR_IF, 1);
  blockEnd(f, i, n, end, 4096);
  f.simd(V128_CONST, ...ZERO16).set(a0);
  f.simd(V128_CONST, ...ZERO16).set(a1);
  f.op(LOOP, EMPTY);
  if (wide) {
    // Two vectors: elements i, i+1 and i+2, i+3.
    f.get(ptr)
      .get(i)
      .i32(3)
      .op(I32_SHL)
      .op(I32_ADD)
      .tee(addr)
      .simd(V128_LOAD, ...memarg(3))
      .set(v);
    f.get(addr)
      .simd(V128_LOAD, ...memarg(3, 16))
      .set(w);
    for (const q of [v, w]) {
      f.get(mn).get(q).simd(F64X2_MIN).set(mn);
      f.get(mx).get(q).simd(F64X2_MAX).set(mx);
    }
    f.get(a0).get(v).simd(F64X2_ADD).set(a0);
    f.get(a1).get(w).simd(F64X2_ADD).set(a1);
    for (const q of [v, w]) {
      f.get(q).i32(16).simd(I32X4_SHR_U).i32(2).simd(I32X4_SHL).set(k);
      countLanes(f, hist, k, [1, 3], addr);
    }
  } else {
    f.get(ptr)
      .get(i)
      .i32(2)
      .op(I32_SHL)
      .op(I32_ADD)
      .simd(V128_LOAD, ...memarg(2))
      .set(v);
    f.get(mn).get(v).simd(F32X4_MIN).set(mn);
    f.get(mx).get(v).simd(F32X4_MAX).set(mx);
    f.get(a0).get(v).simd(F64X2_PROMOTE_LOW).simd(F64X2_ADD).set(a0);
    f.get(a1)
      .get(v)
      .get(v)
      .simd(SHUFFLE, ...HIGH_HALF)
      .simd(F64X2_PROMOTE_LOW)
      .simd(F64X2_ADD)
      .set(a1);
    f.get(v).i32(16).simd(I32X4_SHR_U).i32(2).simd(I32X4_SHL).set(k);
    countLanes(f, hist, k, [0, 1, 2, 3], addr);
  }
  f.get(i).i32(4).op(I32_ADD).tee(i).get(end).op(I32_LT_U).op(BR_IF, 0);
  f.op(END);
  lanes2(f, a0, a1, x);
  neumaier(f, S, C, x, t);
  f.op(BR, 0).op(END).op(END);
  // Results: lane-wise min/max reduced, as doubles.
  f.get(res);
  if (wide) f.get(mn).simd(F64X2_EXTRACT, 0).get(mn).simd(F64X2_EXTRACT, 1).op(F64_MIN);
  else
    f.get(mn)
      .simd(F32X4_EXTRACT, 0)
      .get(mn)
      .simd(F32X4_EXTRACT, 1)
      .op(F32_MIN)
      .get(mn)
      .simd(F32X4_EXTRACT, 2)
      .get(mn)
      .simd(F32X4_EXTRACT, 3)
      .op(F32_MIN)
      .op(F32_MIN)
      .op(F64_PROMOTE_F32);
  f.op(F64_STORE, ...memarg(3, 0));
  f.get(res);
  if (wide) f.get(mx).simd(F64X2_EXTRACT, 0).get(mx).simd(F64X2_EXTRACT, 1).op(F64_MAX);
  else
    f.get(mx)
      .simd(F32X4_EXTRACT, 0)
      .get(mx)
      .simd(F32X4_EXTRACT, 1)
      .op(F32_MAX)
      .get(mx)
      .simd(F32X4_EXTRACT, 2)
      .get(mx)
      .simd(F32X4_EXTRACT, 3)
      .op(F32_MAX)
      .op(F32_MAX)
      .op(F64_PROMOTE_F32);
  f.op(F64_STORE, ...memarg(3, 8));
  f.get(res)
    .get(S)
    .op(F64_STORE, ...memarg(3, 16));
  f.get(res)
    .get(C)
    .op(F64_STORE, ...memarg(3, 24));
  return f;
}

/** Pass 2 for float32 / float64. Params: ptr, n, mu, sel, out, res; returns the flagged count. */
function pass2f(wide: boolean): Fn {
  const f = new Fn(4);
  const [ptr, n, mu, res] = [0, 1, 2, 3];
  const i = f.local(I32);
  const end = f.local(I32);
  const w = f.local(I32);
  const addr = f.local(I32);
  const raw = f.local(V128);
  const raw2 = f.local(V128);
  const lo = f.local(V128);
  const hi = f.local(V128);
  const m2 = f.local(V128);
  const d0 = f.local(V128);
  const d1 = f.local(V128);
  const q0 = f.local(V128);
  const q1 = f.local(V128);
  const x = f.local(F64T);
  const t = f.local(F64T);
  const D = f.local(F64T);
  const DC = f.local(F64T);
  const Q = f.local(F64T);
  const QC = f.local(F64T);
  f.get(mu).simd(F64X2_SPLAT).set(m2);
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(i).get(n).op(I32_GE_U).op(BR_IF, 1);
  blockEnd(f, i, n, end, 256);
  for (const z of [d0, d1, q0, q1]) f.simd(V128_CONST, ...ZERO16).set(z);
  f.op(LOOP, EMPTY);
  if (wide) {
    f.get(ptr)
      .get(i)
      .i32(3)
      .op(I32_SHL)
      .op(I32_ADD)
      .tee(addr)
      .simd(V128_LOAD, ...memarg(3))
      .set(raw);
    f.get(addr)
      .simd(V128_LOAD, ...memarg(3, 16))
      .set(raw2);
    f.get(raw).get(m2).simd(F64X2_SUB).set(lo);
    f.get(raw2).get(m2).simd(F64X2_SUB).set(hi);
  } else {
    f.get(ptr)
      .get(i)
      .i32(2)
      .op(I32_SHL)
      .op(I32_ADD)
      .simd(V128_LOAD, ...memarg(2))
      .set(raw);
    f.get(raw).simd(F64X2_PROMOTE_LOW).get(m2).simd(F64X2_SUB).set(lo);
    f.get(raw)
      .get(raw)
      .simd(SHUFFLE, ...HIGH_HALF)
      .simd(F64X2_PROMOTE_LOW)
      .get(m2)
      .simd(F64X2_SUB)
      .set(hi);
  }
  f.get(d0).get(lo).simd(F64X2_ADD).set(d0);
  f.get(d1).get(hi).simd(F64X2_ADD).set(d1);
  f.get(q0).get(lo).get(lo).simd(F64X2_MUL).simd(F64X2_ADD).set(q0);
  f.get(q1).get(hi).get(hi).simd(F64X2_MUL).simd(F64X2_ADD).set(q1);
  // A value whose top digit is flagged goes through the tables (rare: a few percent of the values).
  const flag = (vecLocal: number, hiLane: number, loLane: number, j: number): void => {
    f.get(vecLocal).simd(I32X4_EXTRACT, hiLane).set(w);
    f.op(GLOBAL_GET, G_SEL)
      .get(w)
      .i32(16)
      .op(I32_SHR_U)
      .op(I32_ADD)
      .op(I32_LOAD8_U, ...memarg(0))
      .op(IF, EMPTY);
    if (wide) f.get(w).get(vecLocal).simd(I32X4_EXTRACT, loLane).get(i).i32(j).op(I32_ADD).op(CALL, FN_HIT64).op(0x1a);
    else f.get(w).get(i).i32(j).op(I32_ADD).op(CALL, FN_HIT32).op(0x1a);
    f.op(END);
  };
  if (wide) {
    flag(raw, 1, 0, 0);
    flag(raw, 3, 2, 1);
    flag(raw2, 1, 0, 2);
    flag(raw2, 3, 2, 3);
  } else for (let j = 0; j < 4; j++) flag(raw, j, -1, j);
  f.get(i).i32(4).op(I32_ADD).tee(i).get(end).op(I32_LT_U).op(BR_IF, 0);
  f.op(END);
  lanes2(f, d0, d1, x);
  neumaier(f, D, DC, x, t);
  lanes2(f, q0, q1, x);
  neumaier(f, Q, QC, x, t);
  f.op(BR, 0).op(END).op(END);
  f.get(res)
    .get(D)
    .op(F64_STORE, ...memarg(3, 0));
  f.get(res)
    .get(DC)
    .op(F64_STORE, ...memarg(3, 8));
  f.get(res)
    .get(Q)
    .op(F64_STORE, ...memarg(3, 16));
  f.get(res)
    .get(QC)
    .op(F64_STORE, ...memarg(3, 24));
  f.op(GLOBAL_GET, G_CNT).op(RETURN);
  return f;
}

// Globals: the refinement tables of the lane being run.
const G_SLOTOF = 0;
const G_SLOTS = 1;
const G_STSTART = 2;
const G_STLEN = 3;
const G_SPLITS = 4;
const G_SBINS = 5;
const G_BINS = 6;
const G_OUT = 7;
const G_CNT = 8;
const G_SEL = 9;
const GLOBALS = 10;
const FN_HIT32 = 5;
const FN_HIT64 = 6;

function setTables(): Fn {
  const f = new Fn(9);
  [G_SLOTOF, G_SLOTS, G_STSTART, G_STLEN, G_SPLITS, G_SBINS, G_BINS, G_OUT, G_SEL].forEach((g, p) => f.get(p).op(GLOBAL_SET, g));
  f.i32(0).op(GLOBAL_SET, G_CNT);
  return f;
}

/**
 * One flagged value: `digit` the next 16 bits (for a slot's sub-histogram), `rest` all bits below the top digit
 * (for a straddling bucket, as a double; kept 2 bytes (32-bit values) or 8 bytes (64-bit) in a slot).
 * Slot table entries (16 bytes): kind (0 sub-histogram, 1 keep), base, count kept, capacity.
 */
function hit(wide: boolean): Fn {
  const f = new Fn(wide ? 3 : 2);
  const [hiP, loP, posP] = wide ? [0, 1, 2] : [0, -1, 1];
  const top = f.local(I32);
  const s = f.local(I32);
  const sp = f.local(I32);
  const a = f.local(I32);
  const c = f.local(I32);
  const lo = f.local(I32);
  const hi = f.local(I32);
  const mid = f.local(I32);
  const rest = f.local(F64T);
  f.get(hiP).i32(16).op(I32_SHR_U).set(top);
  f.op(GLOBAL_GET, G_SEL)
    .get(top)
    .op(I32_ADD)
    .op(I32_LOAD8_U, ...memarg(0))
    .set(s);
  // rest of the bits
  if (wide) f.get(hiP).i32(0xffff).op(I32_AND).op(F64_CONVERT_I32_U).f64(4294967296).op(F64_MUL).get(loP).op(F64_CONVERT_I32_U).op(F64_ADD).set(rest);
  else f.get(hiP).i32(0xffff).op(I32_AND).op(F64_CONVERT_I32_U).set(rest);
  // 1: a level-1 slot
  f.get(s).i32(1).op(I32_AND).op(IF, EMPTY);
  f.op(GLOBAL_GET, G_SLOTS)
    .op(GLOBAL_GET, G_SLOTOF)
    .get(top)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .op(I32_LOAD, ...memarg(2))
    .i32(4)
    .op(I32_SHL)
    .op(I32_ADD)
    .set(sp);
  f.get(sp)
    .op(I32_LOAD, ...memarg(2))
    .op(I32_EQZ)
    .op(IF, EMPTY);
  f.get(sp)
    .op(I32_LOAD, ...memarg(2, 4))
    .get(hiP)
    .i32(0xffff)
    .op(I32_AND)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .tee(a);
  f.get(a)
    .op(I32_LOAD, ...memarg(2))
    .i32(1)
    .op(I32_ADD)
    .op(I32_STORE, ...memarg(2));
  f.op(ELSE);
  f.get(sp)
    .op(I32_LOAD, ...memarg(2, 8))
    .tee(c)
    .get(sp)
    .op(I32_LOAD, ...memarg(2, 12))
    .op(I32_LT_U)
    .op(IF, EMPTY);
  if (wide)
    f.get(sp)
      .op(I32_LOAD, ...memarg(2, 4))
      .get(c)
      .i32(3)
      .op(I32_SHL)
      .op(I32_ADD)
      .get(rest)
      .op(F64_STORE, ...memarg(3));
  else
    f.get(sp)
      .op(I32_LOAD, ...memarg(2, 4))
      .get(c)
      .i32(1)
      .op(I32_SHL)
      .op(I32_ADD)
      .get(hiP)
      .op(I32_STORE16, ...memarg(1));
  f.get(sp)
    .get(c)
    .i32(1)
    .op(I32_ADD)
    .op(I32_STORE, ...memarg(2, 8));
  f.op(END);
  f.op(END);
  f.op(END);
  // 2: a straddling bucket: the last segment whose start is <= rest (binary search)
  f.get(s).i32(2).op(I32_AND).op(IF, EMPTY);
  f.op(GLOBAL_GET, G_STSTART)
    .get(top)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .op(I32_LOAD, ...memarg(2))
    .tee(lo);
  f.op(GLOBAL_GET, G_STLEN)
    .get(top)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .op(I32_LOAD, ...memarg(2))
    .op(I32_ADD)
    .i32(1)
    .op(I32_SUB)
    .set(hi);
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(lo).get(hi).op(I32_GE_S).op(BR_IF, 1);
  f.get(lo).get(hi).op(I32_ADD).i32(1).op(I32_ADD).i32(1).op(I32_SHR_U).set(mid);
  f.op(GLOBAL_GET, G_SPLITS)
    .get(mid)
    .i32(3)
    .op(I32_SHL)
    .op(I32_ADD)
    .op(F64_LOAD, ...memarg(3))
    .get(rest)
    .op(F64_LE)
    .op(IF, EMPTY);
  f.get(mid).set(lo);
  f.op(ELSE);
  f.get(mid).i32(1).op(I32_SUB).set(hi);
  f.op(END);
  f.op(BR, 0).op(END).op(END);
  f.op(GLOBAL_GET, G_BINS)
    .op(GLOBAL_GET, G_SBINS)
    .get(lo)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .op(I32_LOAD, ...memarg(2))
    .i32(3)
    .op(I32_SHL)
    .op(I32_ADD)
    .tee(a);
  f.get(a)
    .op(F64_LOAD, ...memarg(3))
    .f64(1)
    .op(F64_ADD)
    .op(F64_STORE, ...memarg(3));
  f.op(END);
  // 4: anything else is JavaScript's
  f.get(s).i32(4).op(I32_AND).op(IF, EMPTY);
  f.op(GLOBAL_GET, G_OUT)
    .op(GLOBAL_GET, G_CNT)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .get(posP)
    .op(I32_STORE, ...memarg(2));
  f.op(GLOBAL_GET, G_CNT).i32(1).op(I32_ADD).op(GLOBAL_SET, G_CNT);
  f.op(END);
  f.op(GLOBAL_GET, G_CNT);
  return f;
}

/** Little-endian i32x4 constant bytes. */
function i32x4(lanes: number[]): number[] {
  return Array.from(new Uint8Array(new Int32Array(lanes).buffer));
}

/**
 * The positions of NaN and ±inf (all exponent bits set) among n values (a multiple of 4). Params: ptr, n, out,
 * cap; returns the count (positions past `cap` are counted, not written). A vector test per four float32 (two
 * float64: only their high words), lane by lane only where one hit.
 */
function nonfinite(wide: boolean): Fn {
  const f = new Fn(4);
  const [ptr, n, out, cap] = [0, 1, 2, 3];
  const i = f.local(I32);
  const cnt = f.local(I32);
  const addr = f.local(I32);
  const v = f.local(V128);
  const exp = wide ? 0x7ff00000 : 0x7f800000;
  // float64: the low words are masked to 0 and compared with 1, so only high words can match.
  const mask = wide ? [0, exp, 0, exp] : [exp, exp, exp, exp];
  const want = wide ? [1, exp, 1, exp] : mask;
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(i).get(n).op(I32_GE_U).op(BR_IF, 1);
  const vectors = wide ? 2 : 1;
  for (let q = 0; q < vectors; q++) {
    f.get(ptr)
      .get(i)
      .i32(wide ? 3 : 2)
      .op(I32_SHL)
      .op(I32_ADD)
      .i32(16 * q)
      .op(I32_ADD)
      .tee(addr)
      .simd(V128_LOAD, ...memarg(2))
      .set(v);
    f.get(v)
      .simd(V128_CONST, ...i32x4(mask))
      .simd(V128_AND)
      .simd(V128_CONST, ...i32x4(want))
      .simd(I32X4_EQ)
      .simd(V128_ANY_TRUE)
      .op(IF, EMPTY);
    const lanes = wide ? [1, 3] : [0, 1, 2, 3];
    for (const j of lanes) {
      const element = wide ? 2 * q + (j - 1) / 2 : j;
      f.get(addr)
        .op(I32_LOAD, ...memarg(2, 4 * j))
        .i32(exp)
        .op(I32_AND)
        .i32(exp)
        .op(I32_EQ)
        .op(IF, EMPTY);
      f.get(cnt).get(cap).op(I32_LT_U).op(IF, EMPTY);
      f.get(out)
        .get(cnt)
        .i32(2)
        .op(I32_SHL)
        .op(I32_ADD)
        .get(i)
        .i32(element)
        .op(I32_ADD)
        .op(I32_STORE, ...memarg(2));
      f.op(END);
      f.get(cnt).i32(1).op(I32_ADD).set(cnt);
      f.op(END);
    }
    f.op(END);
  }
  f.get(i).i32(4).op(I32_ADD).set(i);
  f.op(BR, 0).op(END).op(END);
  f.get(cnt);
  return f;
}

function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const t1 = [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])];
  const t2 = [0x60, ...vec([[I32], [I32], [F64T], [I32]]), ...vec([[I32]])];
  const t3 = [0x60, ...vec(new Array(9).fill([I32])), ...vec([])];
  const t4 = [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])];
  const t5 = [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])];
  const t6 = [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[I32]])];
  // Indices matter: FN_HIT32 / FN_HIT64 are called by the pass-2 loops.
  const fns: [string, number, Fn][] = [
    ['f32p1', 0, pass1(false)],
    ['f32p2', 1, pass2f(false)],
    ['f64p1', 0, pass1(true)],
    ['f64p2', 1, pass2f(true)],
    ['tables', 2, setTables()],
    ['hit32', 3, hit(false)],
    ['hit64', 4, hit(true)],
    ['nonfinite32', 5, nonfinite(false)],
    ['nonfinite64', 5, nonfinite(true)],
  ];
  return moduleOf([t1, t2, t3, t4, t5, t6], fns, shared, MAX_PAGES, GLOBALS);
}

let cached: SimdKernels | null | undefined;

/** The kernels on this thread, or null where WebAssembly SIMD is not available. */
export function simdKernels(): SimdKernels | null {
  if (cached !== undefined) return cached;
  try {
    let arena: Arena;
    let module: WebAssembly.Module;
    try {
      arena = new Arena(256, true);
      module = new WebAssembly.Module(moduleBytes(true));
    } catch {
      // No shared memory here: the kernels still run, chunks are copied in.
      arena = new Arena(256, false);
      module = new WebAssembly.Module(moduleBytes(false));
    }
    const inst = new WebAssembly.Instance(module, { env: { mem: arena.mem } });
    const e = inst.exports as unknown as Omit<SimdKernels, 'arena'>;
    cached = {
      arena,
      f32p1: e.f32p1,
      f32p2: e.f32p2,
      f64p1: e.f64p1,
      f64p2: e.f64p2,
      tables: e.tables,
      hit32: e.hit32,
      hit64: e.hit64,
      nonfinite32: e.nonfinite32,
      nonfinite64: e.nonfinite64,
    };
  } catch {
    cached = null;
  }
  return cached;
}

/** For tests: the module's bytes validate. */
export function simdModuleValid(): boolean {
  return WebAssembly.validate(moduleBytes(true)) && WebAssembly.validate(moduleBytes(false));
}
