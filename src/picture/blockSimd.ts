// WebAssembly SIMD kernels for the refined picture's commonest case: a line of contiguous little-endian float32 or
// float64 elements cut into runs, one run per pixel (a block's part of the line). Per run, the kernel takes the
// minimum and maximum (and, for a mean, the sum in float64) four float32 (two float64) at a time and merges them
// into the pixel's (lo, hi, sum). It uses `pmin` / `pmax`, one instruction each (wasm's `min` / `max` must
// propagate NaN and order ±0, which costs V8 a sequence of about eight): they leave the accumulator as it was for
// a NaN element, so NaN is found by the sum (a mean) or by a `ne(v, v)` mask (max, min), and infinities by the
// min / max themselves. A run with any of them is not merged but listed, for the caller's careful loop that
// counts the specials and keeps lo/hi finite (rare in real data).
import { Arena } from '../stats/simd';
import {
  BLOCK,
  BR,
  BR_IF,
  ELSE,
  EMPTY,
  END,
  F32X4_EXTRACT,
  F32X4_SPLAT,
  F64T,
  F64X2_ADD,
  F64X2_EXTRACT,
  F64X2_PROMOTE_LOW,
  F64X2_SPLAT,
  F64_ADD,
  F64_LOAD,
  F64_PROMOTE_F32,
  F64_STORE,
  F64_SUB,
  Fn,
  HIGH_HALF,
  I32,
  I32_ADD,
  I32_AND,
  I32_EQZ,
  I32_GE_U,
  I32_LOAD,
  I32_SHL,
  I32_STORE,
  IF,
  LOOP,
  SELECT,
  SHUFFLE,
  V128,
  V128_ANY_TRUE,
  V128_CONST,
  V128_LOAD,
  ZERO16,
  fnType,
  memarg,
  moduleOf,
} from '../stats/wasm';

const F32_LOAD = 0x2a;
const F64_EQ = 0x61;
const F64_NE = 0x62;
const I32_OR = 0x72;
const V128_OR = 0x50;
const F32X4_NE = 0x42;
const F64X2_NE = 0x48;
const F32X4_PMIN = 0xea;
const F32X4_PMAX = 0xeb;
const F64X2_PMIN = 0xf6;
const F64X2_PMAX = 0xf7;
/** Lanes 1, 0, 3, 2 (float32 neighbours swapped). */
const NEXT_LANE = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];
const F64_LT = 0x63;
const F64_GT = 0x64;
const I32_GT_U = 0x4b;

/** Bytes per pixel in the accumulator the kernels merge into: lo, hi, sum (float64 each). */
export const ACC_STRIDE = 24;

export interface BlockKernels {
  arena: Arena;
  /**
   * (ptr, rs, slots, acc, bad) → how many runs were listed. Run m is elements [rs[m], rs[m+1]) (i32 at rs) of the
   * line at ptr; its pixel's (lo, hi) is at acc + m·24 (and the sum after them, for the `sum` kernels). Listed
   * runs' indices go to bad (i32), unmerged.
   */
  runs32(ptr: number, rs: number, slots: number, acc: number, bad: number): number;
  runs64(ptr: number, rs: number, slots: number, acc: number, bad: number): number;
  runs32sum(ptr: number, rs: number, slots: number, acc: number, bad: number): number;
  runs64sum(ptr: number, rs: number, slots: number, acc: number, bad: number): number;
}

/** Lane reduction of a min (pmin) or max (pmax) vector into lane 0, as a double (lanes are never NaN). */
function lanesTo(f: Fn, vv: number, wide: boolean, op: number, out: number): void {
  // Swap halves, combine; for float32 swap neighbours, combine again.
  f.get(vv)
    .get(vv)
    .get(vv)
    .simd(SHUFFLE, ...HIGH_HALF)
    .simd(op)
    .set(vv);
  if (!wide)
    f.get(vv)
      .get(vv)
      .get(vv)
      .simd(SHUFFLE, ...NEXT_LANE)
      .simd(op)
      .set(vv);
  if (wide) f.get(vv).simd(F64X2_EXTRACT, 0).set(out);
  else f.get(vv).simd(F32X4_EXTRACT, 0).op(F64_PROMOTE_F32).set(out);
}

function runs(wide: boolean, withSum: boolean): Fn {
  const f = new Fn(5);
  const [ptr, rs, slots, acc, bad] = [0, 1, 2, 3, 4];
  const m = f.local(I32);
  const p = f.local(I32);
  const e = f.local(I32);
  const q = f.local(I32);
  const nbad = f.local(I32);
  const v = f.local(V128);
  const w = f.local(V128);
  // Two of each accumulator (one per vector of a step) so the dependency chains overlap.
  const mn0 = f.local(V128);
  const mn1 = f.local(V128);
  const mx0 = f.local(V128);
  const mx1 = f.local(V128);
  const s0 = f.local(V128);
  const s1 = f.local(V128);
  const s2 = f.local(V128);
  const s3 = f.local(V128);
  const odd = f.local(V128);
  const mn = f.local(F64T);
  const mx = f.local(F64T);
  const s = f.local(F64T);
  const x = f.local(F64T);
  const bad1 = f.local(I32);
  const shift = wide ? 3 : 2;
  const size = wide ? 8 : 4;
  const PMIN = wide ? F64X2_PMIN : F32X4_PMIN;
  const PMAX = wide ? F64X2_PMAX : F32X4_PMAX;
  const NE = wide ? F64X2_NE : F32X4_NE;
  const SPLAT = wide ? F64X2_SPLAT : F32X4_SPLAT;
  const inf = (sign: number): void => void (wide ? f.f64(sign * Infinity) : f.f32(sign * Infinity)).simd(SPLAT);
  f.get(acc).set(q);
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(m).get(slots).op(I32_GE_U).op(BR_IF, 1);
  // p, e: the run's first and end byte addresses.
  for (const [off, into] of [
    [0, p],
    [4, e],
  ] as const) {
    f.get(rs)
      .get(m)
      .i32(2)
      .op(I32_SHL)
      .op(I32_ADD)
      .op(I32_LOAD, ...memarg(2, off))
      .i32(shift)
      .op(I32_SHL)
      .get(ptr)
      .op(I32_ADD)
      .set(into);
  }
  for (const z of [mn0, mn1]) {
    inf(1);
    f.set(z);
  }
  for (const z of [mx0, mx1]) {
    inf(-1);
    f.set(z);
  }
  for (const z of withSum ? [s0, s1, s2, s3] : [odd]) f.simd(V128_CONST, ...ZERO16).set(z);
  // Two vectors per step while 32 bytes remain, then one while 16 do.
  for (const width of [32, 16]) {
    f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
    f.get(p).i32(width).op(I32_ADD).get(e).op(I32_GT_U).op(BR_IF, 1);
    f.get(p)
      .simd(V128_LOAD, ...memarg(0))
      .set(v);
    if (width === 32)
      f.get(p)
        .simd(V128_LOAD, ...memarg(0, 16))
        .set(w);
    (width === 32 ? [v, w] : [v]).forEach((u, j) => {
      // pmin / pmax: a NaN element leaves the accumulator as it was (one instruction each).
      f.get(j ? mn1 : mn0)
        .get(u)
        .simd(PMIN)
        .set(j ? mn1 : mn0);
      f.get(j ? mx1 : mx0)
        .get(u)
        .simd(PMAX)
        .set(j ? mx1 : mx0);
      if (!withSum) {
        // NaN lanes marked (a sum would have shown them).
        f.get(odd).get(u).get(u).simd(NE).simd(V128_OR).set(odd);
        return;
      }
      const [lo, hi] = j ? [s2, s3] : [s0, s1];
      if (wide) f.get(lo).get(u).simd(F64X2_ADD).set(lo);
      else {
        f.get(lo).get(u).simd(F64X2_PROMOTE_LOW).simd(F64X2_ADD).set(lo);
        f.get(hi)
          .get(u)
          .get(u)
          .simd(SHUFFLE, ...HIGH_HALF)
          .simd(F64X2_PROMOTE_LOW)
          .simd(F64X2_ADD)
          .set(hi);
      }
    });
    f.get(p).i32(width).op(I32_ADD).set(p);
    f.op(BR, 0).op(END).op(END);
  }
  f.get(mn0).get(mn1).simd(PMIN).set(mn0);
  f.get(mx0).get(mx1).simd(PMAX).set(mx0);
  lanesTo(f, mn0, wide, PMIN, mn);
  lanesTo(f, mx0, wide, PMAX, mx);
  if (withSum) {
    f.get(s0).get(s1).simd(F64X2_ADD).get(s2).get(s3).simd(F64X2_ADD).simd(F64X2_ADD).set(s0);
    f.get(s0).simd(F64X2_EXTRACT, 0).get(s0).simd(F64X2_EXTRACT, 1).op(F64_ADD).set(s);
  } else f.get(odd).simd(V128_ANY_TRUE).set(bad1);
  // The last elements one by one (compare and select: a NaN never wins; it is marked or summed).
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(p).get(e).op(I32_GE_U).op(BR_IF, 1);
  f.get(p);
  if (wide) f.op(F64_LOAD, ...memarg(3));
  else f.op(F32_LOAD, ...memarg(2)).op(F64_PROMOTE_F32);
  f.set(x);
  f.get(x).get(mn).get(x).get(mn).op(F64_LT).op(SELECT).set(mn);
  f.get(x).get(mx).get(x).get(mx).op(F64_GT).op(SELECT).set(mx);
  if (withSum) f.get(s).get(x).op(F64_ADD).set(s);
  else f.get(bad1).get(x).get(x).op(F64_NE).op(I32_OR).set(bad1);
  f.get(p).i32(size).op(I32_ADD).set(p);
  f.op(BR, 0).op(END).op(END);
  // No NaN and no infinity in the run (a finite sum, or no NaN marked and a finite min and max): merge it;
  // else list it.
  if (withSum) f.get(s).get(s).op(F64_SUB).f64(0).op(F64_EQ);
  else f.get(bad1).op(I32_EQZ).get(mn).f64(-Infinity).op(F64_GT).op(I32_AND).get(mx).f64(Infinity).op(F64_LT).op(I32_AND);
  f.op(IF, EMPTY);
  f.get(q)
    .get(q)
    .op(F64_LOAD, ...memarg(3, 0))
    .get(mn)
    .get(q)
    .op(F64_LOAD, ...memarg(3, 0))
    .get(mn)
    .op(F64_LT)
    .op(SELECT)
    .op(F64_STORE, ...memarg(3, 0));
  f.get(q)
    .get(mx)
    .get(q)
    .op(F64_LOAD, ...memarg(3, 8))
    .get(mx)
    .get(q)
    .op(F64_LOAD, ...memarg(3, 8))
    .op(F64_GT)
    .op(SELECT)
    .op(F64_STORE, ...memarg(3, 8));
  if (withSum)
    f.get(q)
      .get(q)
      .op(F64_LOAD, ...memarg(3, 16))
      .get(s)
      .op(F64_ADD)
      .op(F64_STORE, ...memarg(3, 16));
  f.op(ELSE);
  f.get(bad)
    .get(nbad)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .get(m)
    .op(I32_STORE, ...memarg(2));
  f.get(nbad).i32(1).op(I32_ADD).set(nbad);
  f.op(END);
  f.get(q).i32(ACC_STRIDE).op(I32_ADD).set(q);
  f.get(m).i32(1).op(I32_ADD).set(m);
  f.op(BR, 0).op(END).op(END);
  f.get(nbad);
  return f;
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const t = fnType([I32, I32, I32, I32, I32], [I32]);
  return moduleOf(
    [t],
    [
      ['runs32', 0, runs(false, false)],
      ['runs64', 0, runs(true, false)],
      ['runs32sum', 0, runs(false, true)],
      ['runs64sum', 0, runs(true, true)],
    ],
    false,
    0,
  );
}

let cached: BlockKernels | null | undefined;

/** The kernels on this thread (own memory, not shared), or null where WebAssembly SIMD is not available. */
export function blockKernels(): BlockKernels | null {
  if (cached !== undefined) return cached;
  try {
    const arena = new Arena(64, false);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { env: { mem: arena.mem } });
    const e = inst.exports as unknown as Omit<BlockKernels, 'arena'>;
    cached = { arena, runs32: e.runs32, runs64: e.runs64, runs32sum: e.runs32sum, runs64sum: e.runs64sum };
  } catch {
    cached = null;
  }
  return cached;
}

/** For tests: the module's bytes validate. */
export function blockModuleValid(): boolean {
  return WebAssembly.validate(moduleBytes());
}
