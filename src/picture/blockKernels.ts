// Vector loops for the refined picture's common case: a line of native float32 or float64 elements, one after the
// other, cut into runs (the part of the line each pixel's block covers). For every run the kernel gives its min,
// max, sum and count of values that are not NaN, four or two values per instruction. NaN drops out without a test:
// `pmin` / `pmax` keep their first operand when the second is NaN, and the sum adds the value masked by `x == x`.
// ±inf take part as numbers (numpy's nanmax / nanmean do the same); the caller sees them in a run's min or max and
// counts them there. Other dtypes, strides and byte orders take the JavaScript loops in refine.ts.
import {
  BLOCK,
  BR,
  BR_IF,
  EMPTY,
  END,
  F32_LOAD,
  F32X4_EQ,
  F32X4_EXTRACT,
  F32X4_PMAX,
  F32X4_PMIN,
  F32X4_SPLAT,
  F64_ADD,
  F64_CONVERT_I32_U,
  F64_CONVERT_I64_S,
  F64_EQ,
  F64_GT,
  F64_LOAD,
  F64_LT,
  F64_MAX,
  F64_MIN,
  F64_PROMOTE_F32,
  F64_STORE,
  F64T,
  F64X2_ADD,
  F64X2_EQ,
  F64X2_EXTRACT,
  F64X2_PMAX,
  F64X2_PMIN,
  F64X2_PROMOTE_LOW,
  F64X2_SPLAT,
  Fn,
  HIGH_HALF,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_SHL,
  I32X4_EXTRACT,
  I32X4_SUB,
  I64_ADD,
  I64X2_EXTRACT,
  I64X2_SUB,
  IF,
  LOOP,
  memarg,
  section,
  SELECT,
  SHUFFLE,
  str,
  uleb,
  V128,
  V128_AND,
  V128_CONST,
  V128_LOAD,
  vec,
  ZERO16,
} from '../stats/wasm';

export interface BlockKernels {
  /** Never grown once a job has started: reads in flight write into its buffer. */
  memory: WebAssembly.Memory;
  /**
   * (ptr, runs, n, out): the line's elements start at byte `ptr`; `runs` holds n + 1 u32 element offsets (run m is
   * elements [runs[m], runs[m+1])); four f64 per run to `out`: min, max, sum, count of non-NaN values (a run of only
   * NaN has min +inf, max −inf). `sum` variants also add; the others leave the sum 0.
   */
  f32(ptr: number, runs: number, n: number, out: number): void;
  f32sum(ptr: number, runs: number, n: number, out: number): void;
  f64(ptr: number, runs: number, n: number, out: number): void;
  f64sum(ptr: number, runs: number, n: number, out: number): void;
}

/** The kernel over runs for float32 (wide = false) or float64, with or without the sum. */
function runsKernel(wide: boolean, withSum: boolean): Fn {
  const f = new Fn(4);
  const [ptr, runs, n, out] = [0, 1, 2, 3];
  const r = f.local(I32);
  const i = f.local(I32);
  const e = f.local(I32);
  const addr = f.local(I32);
  const x = f.local(V128);
  const m = f.local(V128);
  const mn = f.local(V128);
  const mx = f.local(V128);
  const cnt = f.local(V128);
  const mn2 = f.local(V128);
  const mx2 = f.local(V128);
  const cnt2 = f.local(V128);
  const p = f.local(I32);
  const pe = f.local(I32);
  const sa = f.local(V128);
  const sb = f.local(V128);
  const smn = f.local(F64T);
  const smx = f.local(F64T);
  const ssum = f.local(F64T);
  const scnt = f.local(F64T);
  const s = f.local(F64T);
  const L = wide ? 2 : 4;
  const shift = wide ? 3 : 2;
  const EQ = wide ? F64X2_EQ : F32X4_EQ;
  const PMIN = wide ? F64X2_PMIN : F32X4_PMIN;
  const PMAX = wide ? F64X2_PMAX : F32X4_PMAX;
  const SUB = wide ? I64X2_SUB : I32X4_SUB;
  const ADD = wide ? 0xce /* i64x2.add */ : 0xae; /* i32x4.add */
  const splat = (v: number): void => {
    if (wide) f.f64(v).simd(F64X2_SPLAT);
    else f.f32(v).simd(F32X4_SPLAT);
  };
  const elementAddr = (): void => {
    f.get(ptr).get(i).i32(shift).op(I32_SHL).op(I32_ADD);
  };
  // for r in [0, n)
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(r).get(n).op(I32_GE_U).op(BR_IF, 1);
  f.get(runs)
    .get(r)
    .i32(2)
    .op(I32_SHL)
    .op(I32_ADD)
    .tee(addr)
    .op(I32_LOAD, ...memarg(2))
    .set(i);
  f.get(addr)
    .op(I32_LOAD, ...memarg(2, 4))
    .set(e);
  splat(Infinity);
  f.set(mn);
  splat(-Infinity);
  f.set(mx);
  f.simd(V128_CONST, ...ZERO16).set(cnt);
  if (withSum) {
    f.simd(V128_CONST, ...ZERO16).set(sa);
    f.simd(V128_CONST, ...ZERO16).set(sb);
  }
  // vectors, two at a time (two chains of pmin / pmax), then one: while p + 16 <= pe (byte addresses)
  f.get(ptr).get(e).i32(shift).op(I32_SHL).op(I32_ADD).set(pe);
  f.get(ptr).get(i).i32(shift).op(I32_SHL).op(I32_ADD).set(p);
  splat(Infinity);
  f.set(mn2);
  splat(-Infinity);
  f.set(mx2);
  f.simd(V128_CONST, ...ZERO16).set(cnt2);
  const step = (acc: { mn: number; mx: number; cnt: number; s: number; t: number }, offset: number): void => {
    f.get(p)
      .simd(V128_LOAD, ...memarg(0, offset))
      .set(x);
    f.get(x).get(x).simd(EQ).set(m);
    f.get(acc.cnt).get(m).simd(SUB).set(acc.cnt);
    f.get(acc.mn).get(x).simd(PMIN).set(acc.mn);
    f.get(acc.mx).get(x).simd(PMAX).set(acc.mx);
    if (withSum) {
      f.get(x).get(m).simd(V128_AND).set(x); // NaN → +0
      if (wide) f.get(acc.s).get(x).simd(F64X2_ADD).set(acc.s);
      else {
        f.get(acc.s).get(x).simd(F64X2_PROMOTE_LOW).simd(F64X2_ADD).set(acc.s);
        f.get(acc.t)
          .get(x)
          .get(x)
          .simd(SHUFFLE, ...HIGH_HALF)
          .simd(F64X2_PROMOTE_LOW)
          .simd(F64X2_ADD)
          .set(acc.t);
      }
    }
  };
  const A = { mn, mx, cnt, s: sa, t: sb };
  const B = { mn: mn2, mx: mx2, cnt: cnt2, s: sa, t: sb };
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(p).i32(32).op(I32_ADD).get(pe).op(0x4b /* i32.gt_u */).op(BR_IF, 1);
  step(A, 0);
  step(B, 16);
  f.get(p).i32(32).op(I32_ADD).set(p);
  f.op(BR, 0).op(END).op(END);
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(p).i32(16).op(I32_ADD).get(pe).op(0x4b /* i32.gt_u */).op(BR_IF, 1);
  step(A, 0);
  f.get(p).i32(16).op(I32_ADD).set(p);
  f.op(BR, 0).op(END).op(END);
  f.get(mn).get(mn2).simd(PMIN).set(mn);
  f.get(mx).get(mx2).simd(PMAX).set(mx);
  f.get(cnt).get(cnt2).simd(ADD).set(cnt);
  f.get(p).get(ptr).op(0x6b /* i32.sub */).i32(shift).op(0x76 /* i32.shr_u */).set(i);
  // the lanes
  const lane = (v: number, j: number): void => {
    if (wide) f.get(v).simd(F64X2_EXTRACT, j);
    else f.get(v).simd(F32X4_EXTRACT, j).op(F64_PROMOTE_F32);
  };
  for (const [acc, v, op] of [
    [smn, mn, F64_MIN],
    [smx, mx, F64_MAX],
  ] as const) {
    lane(v, 0);
    for (let j = 1; j < L; j++) {
      lane(v, j);
      f.op(op);
    }
    f.set(acc);
  }
  if (wide) f.get(cnt).simd(I64X2_EXTRACT, 0).get(cnt).simd(I64X2_EXTRACT, 1).op(I64_ADD).op(F64_CONVERT_I64_S).set(scnt);
  else {
    f.get(cnt).simd(I32X4_EXTRACT, 0).get(cnt).simd(I32X4_EXTRACT, 1).op(I32_ADD);
    f.get(cnt).simd(I32X4_EXTRACT, 2).op(I32_ADD).get(cnt).simd(I32X4_EXTRACT, 3).op(I32_ADD).op(F64_CONVERT_I32_U).set(scnt);
  }
  if (withSum) {
    f.get(sa).simd(F64X2_EXTRACT, 0).get(sa).simd(F64X2_EXTRACT, 1).op(F64_ADD);
    if (!wide) f.get(sb).simd(F64X2_EXTRACT, 0).op(F64_ADD).get(sb).simd(F64X2_EXTRACT, 1).op(F64_ADD);
    f.set(ssum);
  } else f.f64(0).set(ssum);
  // the tail: while i < e, one value
  f.op(BLOCK, EMPTY).op(LOOP, EMPTY);
  f.get(i).get(e).op(I32_GE_U).op(BR_IF, 1);
  elementAddr();
  if (wide) f.op(F64_LOAD, ...memarg(0));
  else f.op(F32_LOAD, ...memarg(0)).op(F64_PROMOTE_F32);
  f.set(s);
  f.get(s).get(s).op(F64_EQ).op(IF, EMPTY);
  f.get(scnt).f64(1).op(F64_ADD).set(scnt);
  f.get(s).get(smn).get(s).get(smn).op(F64_LT).op(SELECT).set(smn);
  f.get(s).get(smx).get(s).get(smx).op(F64_GT).op(SELECT).set(smx);
  if (withSum) f.get(ssum).get(s).op(F64_ADD).set(ssum);
  f.op(END);
  f.get(i).i32(1).op(I32_ADD).set(i);
  f.op(BR, 0).op(END).op(END);
  // out[r] = min, max, sum, count
  f.get(out).get(r).i32(5).op(I32_SHL).op(I32_ADD).set(addr);
  f.get(addr)
    .get(smn)
    .op(F64_STORE, ...memarg(3, 0));
  f.get(addr)
    .get(smx)
    .op(F64_STORE, ...memarg(3, 8));
  f.get(addr)
    .get(ssum)
    .op(F64_STORE, ...memarg(3, 16));
  f.get(addr)
    .get(scnt)
    .op(F64_STORE, ...memarg(3, 24));
  f.get(r).i32(1).op(I32_ADD).set(r);
  f.op(BR, 0).op(END).op(END);
  return f;
}

const NAMES = ['f32', 'f32sum', 'f64', 'f64sum'] as const;

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])];
  const fns = [runsKernel(false, false), runsKernel(false, true), runsKernel(true, false), runsKernel(true, true)];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(fns.map(() => uleb(0)))),
    ...section(7, vec(NAMES.map((name, idx) => [...str(name), 0x00, ...uleb(idx)]))),
    ...section(10, vec(fns.map((fn) => fn.body()))),
  ];
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The kernels over a memory of their own (one per job: a job's reads land in its memory while the kernels run), or
 * null where WebAssembly SIMD is not available. `bytes`: the memory's size.
 */
export function blockKernels(bytes = 65536): BlockKernels | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const e = new WebAssembly.Instance(compiled, { env: { mem: memory } }).exports as unknown as Omit<BlockKernels, 'memory'>;
  return { memory, f32: e.f32, f32sum: e.f32sum, f64: e.f64, f64sum: e.f64sum };
}

/** For tests: the module's bytes validate. */
export function blockModuleValid(): boolean {
  return WebAssembly.validate(moduleBytes());
}
