// A small WebAssembly assembler: LEB128, sections, a function-body emitter and the opcodes the engine's SIMD
// kernels use (src/stats/simd.ts for statistics, src/picture/blockSimd.ts for refined pictures). The kernels are
// assembled at run time from these instructions: no build step, no dependency, no binary blob in the bundle.
export const I32 = 0x7f;
export const F64T = 0x7c;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function f64bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}
export function f32bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float32Array([x]).buffer));
}

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

/** Instruction emitter for one function body. */
export class Fn {
  readonly code: number[] = [];
  private readonly localTypes: number[] = [];
  constructor(private readonly params: number) {}
  local(type: number): number {
    this.localTypes.push(type);
    return this.params + this.localTypes.length - 1;
  }
  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(n: number): this {
    return this.op(0x41, ...sleb(n));
  }
  f64(x: number): this {
    return this.op(0x44, ...f64bytes(x));
  }
  f32(x: number): this {
    return this.op(0x43, ...f32bytes(x));
  }
  simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }
  body(): number[] {
    const groups = this.localTypes.map((t) => [1, t]);
    const b = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(b.length), ...b];
  }
}

// opcodes
export const BLOCK = 0x02;
export const IF = 0x04;
export const ELSE = 0x05;
export const CALL = 0x10;
export const GLOBAL_GET = 0x23;
export const GLOBAL_SET = 0x24;
export const I32_AND = 0x71;
export const I32_SUB = 0x6b;
export const I32_SHR_U = 0x76;
export const I32_GE_S = 0x4e;
export const I32_EQZ = 0x45;
export const I32_STORE16 = 0x3b;
export const F64_LOAD = 0x2b;
export const F64_LE = 0x65;
export const F64_MUL = 0xa2;
export const F64_CONVERT_I32_U = 0xb8;
export const LOOP = 0x03;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const RETURN = 0x0f;
export const SELECT = 0x1b;
export const EMPTY = 0x40;
export const I32_LOAD = 0x28;
export const I32_LOAD8_U = 0x2d;
export const I32_STORE = 0x36;
export const F64_STORE = 0x39;
export const I32_LT_U = 0x49;
export const I32_GE_U = 0x4f;
export const I32_ADD = 0x6a;
export const I32_SHL = 0x74;
export const F64_GE = 0x66;
export const F32_MIN = 0x96;
export const F32_MAX = 0x97;
export const F64_ABS = 0x99;
export const F64_MIN = 0xa4;
export const F64_MAX = 0xa5;
export const F64_ADD = 0xa0;
export const F64_SUB = 0xa1;
export const F64_PROMOTE_F32 = 0xbb;
// SIMD (0xfd prefix)
export const V128_LOAD = 0x00;
export const V128_CONST = 0x0c;
export const SHUFFLE = 0x0d;
export const F32X4_SPLAT = 0x13;
export const F64X2_SPLAT = 0x14;
export const I32X4_EXTRACT = 0x1b;
export const F32X4_EXTRACT = 0x1f;
export const F64X2_EXTRACT = 0x21;
export const F64X2_PROMOTE_LOW = 0x5f;
export const I32X4_SHL = 0xab;
export const I32X4_SHR_U = 0xad;
export const F32X4_MIN = 0xe8;
export const F32X4_MAX = 0xe9;
export const F64X2_ADD = 0xf0;
export const F64X2_SUB = 0xf1;
export const F64X2_MUL = 0xf2;
export const F64X2_MIN = 0xf4;
export const F64X2_MAX = 0xf5;
export const I32X4_EQ = 0x37;
export const V128_AND = 0x4e;
export const V128_ANY_TRUE = 0x53;
export const I32_EQ = 0x46;

export const memarg = (align: number, offset = 0): number[] => [align, ...uleb(offset)];
export const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
export const ZERO16 = new Array<number>(16).fill(0);

/** A module: function types, one imported memory `env.mem`, functions (type index, body) exported by name. */
export function moduleOf(types: number[][], fns: [string, number, Fn][], shared: boolean, maxPages: number, globals = 0): Uint8Array<ArrayBuffer> {
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, ...(shared ? [0x03, ...uleb(1), ...uleb(maxPages)] : [0x00, ...uleb(1)])]])),
    ...section(3, vec(fns.map(([, type]) => uleb(type)))),
    ...(globals ? section(6, vec(new Array(globals).fill([I32, 0x01, 0x41, 0x00, END]))) : []),
    ...section(7, vec(fns.map(([name], idx) => [...str(name), 0x00, ...uleb(idx)]))),
    ...section(10, vec(fns.map(([, , fn]) => fn.body()))),
  ];
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

/** A function type: params → results. */
export function fnType(params: number[], results: number[]): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
}
