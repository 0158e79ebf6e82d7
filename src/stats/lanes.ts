// What statistics are computed over: a "lane" is one stream of scalars taken from every cell of the selection —
// the array's elements, one numeric field of a record, or the real part, imaginary part or magnitude of a complex.
// This module maps dtypes to lanes and holds each lane kind's order-preserving keys (the radix digits the
// percentile selection counts) and the way back from a key to a value numpy would print.
import type { DatetimeUnit, Dtype, ScalarDtype } from '../npy/types';
import { NpyError } from '../npy/types';
import { leafColumns } from '../npy/view';
import { dtypeName } from '../npy/dtype';
import { halfToNumber } from '../npy/format/float';
import type { FloatMode } from './numpy';
import { x87PartsToNumber } from '../npy/format/float';

export type LaneKind = 'b' | 'i1' | 'u1' | 'i2' | 'u2' | 'i4' | 'u4' | 'i8' | 'u8' | 'M' | 'm' | 'f2' | 'f4' | 'f8' | 'x87';
export type ComplexPart = 'real' | 'imag' | 'abs';

/** How a worker finds one lane's scalars in a cell. Plain data: it crosses to the workers. */
export interface LaneSpec {
  /** The kind of the values statistics are computed over. */
  kind: LaneKind;
  /** Byte offset in the cell of the scalar, or of the complex number's real part. */
  at: number;
  /** Bytes of the source scalar (of one component for complex). */
  size: number;
  /** Byte order of the source. */
  le: boolean;
  /** `abs`: the magnitude of the complex whose real part is at `at` and imaginary part at `at + size`. */
  abs: boolean;
  /** The source component's float kind for `abs` (x87 components give a float64 magnitude). */
  absOf?: 'f4' | 'f8' | 'x87';
}

/** One set of figures: a lane, and how its values are named and printed. */
export interface Target {
  /** Field label (`x`, `rec.a`, `pos[1,2]`) for structured arrays, else ''. */
  field: string;
  /** For complex data, the part the figures are of. */
  part: ComplexPart | null;
  lane: LaneSpec;
  /** dtype of the values (what min/max/percentiles print as), little-endian. */
  valueDtype: ScalarDtype;
  /** numpy's name of the source dtype (`>f4`, `complex64`, `datetime64[s]`). */
  sourceName: string;
}

export function laneFamily(kind: LaneKind): 'f32' | 'f64' | 'f16' | 'int' | 'i64' | 'x87' {
  switch (kind) {
    case 'f4':
      return 'f32';
    case 'f8':
      return 'f64';
    case 'f2':
      return 'f16';
    case 'x87':
      return 'x87';
    case 'i8':
    case 'u8':
    case 'M':
    case 'm':
      return 'i64';
    default:
      return 'int';
  }
}

export const isFloatKind = (k: LaneKind): boolean => k === 'f2' || k === 'f4' || k === 'f8' || k === 'x87';
export const isTimeKind = (k: LaneKind): boolean => k === 'M' || k === 'm';
export const isIntegerKind = (k: LaneKind): boolean => !isFloatKind(k) && !isTimeKind(k);

/** Radix digits (16 bits each) of a lane kind's order keys. */
export function keyDigits(kind: LaneKind): number {
  switch (kind) {
    case 'b':
    case 'i1':
    case 'u1':
    case 'i2':
    case 'u2':
    case 'f2':
      return 1;
    case 'i4':
    case 'u4':
    case 'f4':
      return 2;
    case 'x87':
      return 5;
    default:
      return 4;
  }
}

/** Bits of the lane's key (8 for one-byte kinds, whose single digit only spans 0..255). */
export function keyBits(kind: LaneKind): number {
  if (kind === 'b' || kind === 'i1' || kind === 'u1') return 8;
  return keyDigits(kind) * 16;
}

const signedKinds = new Set<LaneKind>(['i1', 'i2', 'i4', 'i8', 'M', 'm']);

/**
 * The order key of a raw digit (the 16 bits as they sit in the value, top digit first) at digit `level`, given the
 * raw top digit (whose sign bit decides, for floats, whether the lower digits count down).
 */
export function digitKey(kind: LaneKind, level: number, raw: number, rawTop: number): number {
  const float = isFloatKind(kind);
  if (level === 0) {
    if (float) return raw & 0x8000 ? raw ^ 0xffff : raw ^ 0x8000;
    if (kind === 'i1') return raw ^ 0x80;
    return signedKinds.has(kind) ? raw ^ 0x8000 : raw;
  }
  return float && rawTop & 0x8000 ? raw ^ 0xffff : raw;
}

/** The raw digit back from its key (digitKey is an involution per case). */
export function digitRaw(kind: LaneKind, level: number, key: number, keyTop: number): number {
  if (level === 0) {
    if (isFloatKind(kind)) return key & 0x8000 ? key ^ 0x8000 : key ^ 0xffff;
    if (kind === 'i1') return key ^ 0x80;
    return signedKinds.has(kind) ? key ^ 0x8000 : key;
  }
  // The top key's sign bit is set exactly for non-negative floats.
  return isFloatKind(kind) && !(keyTop & 0x8000) ? key ^ 0xffff : key;
}

/** A value the engine holds: numbers for floats and integers up to 32 bits, bigints for 64-bit and x87 bits. */
export type LaneValue = number | bigint;

/** The raw bits (a bigint of keyBits) of a full key given as digits (top first). */
export function rawBitsOfKey(kind: LaneKind, keys: readonly number[]): bigint {
  let bits = 0n;
  for (let level = 0; level < keys.length; level++) {
    bits = (bits << 16n) | BigInt(digitRaw(kind, level, keys[level], keys[0]));
  }
  return bits;
}

const scratch = new DataView(new ArrayBuffer(16));

/** The value a lane's raw bits stand for (numbers for floats and ≤32-bit ints; bigint for 64-bit; x87: its bits). */
export function valueOfBits(kind: LaneKind, bits: bigint): LaneValue {
  switch (kind) {
    case 'f2':
      return halfToNumber(Number(bits));
    case 'f4':
      scratch.setUint32(0, Number(bits), true);
      return scratch.getFloat32(0, true);
    case 'f8':
      scratch.setBigUint64(0, bits, true);
      return scratch.getFloat64(0, true);
    case 'b':
    case 'u1':
    case 'u2':
    case 'u4':
      return Number(bits);
    case 'i1':
      return Number(BigInt.asIntN(8, bits));
    case 'i2':
      return Number(BigInt.asIntN(16, bits));
    case 'i4':
      return Number(BigInt.asIntN(32, bits));
    case 'u8':
      return BigInt.asUintN(64, bits);
    case 'i8':
    case 'M':
    case 'm':
      return BigInt.asIntN(64, bits);
    case 'x87':
      return bits;
  }
}

/** x87 80-bit bits (sign/exponent in the top 16) → the nearest double (what mean/std and interpolation use). */
export function x87ToNumber(bits: bigint): number {
  const se = Number(bits >> 64n);
  const hi = Number((bits >> 32n) & 0xffffffffn);
  const lo = Number(bits & 0xffffffffn);
  return x87PartsToNumber(se, hi, lo);
}

export { x87PartsToNumber };

/** A double as x87 80-bit bits (exact: every double is a long double). */
export function numberToX87(x: number): bigint {
  scratch.setFloat64(0, x, true);
  const b = scratch.getBigUint64(0, true);
  const neg = b >> 63n === 1n;
  const e = Number((b >> 52n) & 0x7ffn);
  const f = b & ((1n << 52n) - 1n);
  const sign = neg ? 0x8000n : 0n;
  if (e === 0x7ff) return ((sign | 0x7fffn) << 64n) | (1n << 63n) | (f << 11n);
  if (e === 0 && f === 0n) return sign << 64n;
  let exp: number;
  let m: bigint;
  if (e === 0) {
    // Subnormal double: normalize (the long double has the range).
    const len = f.toString(2).length; // bits of f
    m = f << BigInt(64 - len);
    exp = -1022 - (52 - len + 1) + 16383;
  } else {
    m = (1n << 63n) | (f << 11n);
    exp = e - 1023 + 16383;
  }
  return ((sign | BigInt(exp)) << 64n) | m;
}

/** Bytes (little-endian, in `dtype`) of a lane value, to print with the format module. */
export function valueBytes(kind: LaneKind, v: LaneValue, itemsize: number): DataView {
  const view = new DataView(new ArrayBuffer(Math.max(8, itemsize)));
  switch (kind) {
    case 'f2':
      view.setUint16(0, halfBits(v as number), true);
      break;
    case 'f4':
      view.setFloat32(0, v as number, true);
      break;
    case 'f8':
      view.setFloat64(0, v as number, true);
      break;
    case 'b':
    case 'u1':
      view.setUint8(0, Number(v));
      break;
    case 'i1':
      view.setInt8(0, Number(v));
      break;
    case 'i2':
      view.setInt16(0, Number(v), true);
      break;
    case 'u2':
      view.setUint16(0, Number(v), true);
      break;
    case 'i4':
      view.setInt32(0, Number(v), true);
      break;
    case 'u4':
      view.setUint32(0, Number(v), true);
      break;
    case 'u8':
      view.setBigUint64(0, BigInt(v), true);
      break;
    case 'i8':
    case 'M':
    case 'm':
      view.setBigInt64(0, BigInt(v), true);
      break;
    case 'x87': {
      const bits = BigInt(v);
      view.setBigUint64(0, bits & 0xffffffffffffffffn, true);
      view.setUint16(8, Number(bits >> 64n), true);
      break;
    }
  }
  return view;
}

/** binary16 bits of a value that is exactly a binary16 value. */
export function halfBits(x: number): number {
  if (x !== x) return 0x7e00;
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = Math.abs(x);
  let bits: number;
  if (a === Infinity) bits = 0x7c00;
  else if (a < 2 ** -14) bits = Math.round(a * 2 ** 24);
  else {
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a) e--;
    if (2 ** (e + 1) <= a) e++;
    bits = ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
  }
  return neg ? bits | 0x8000 : bits;
}

/** The float dtype numpy computes a lane's histogram and interpolation in. */
export function floatModeOf(kind: LaneKind): FloatMode {
  return kind === 'f2' ? 'f16' : kind === 'f4' ? 'f32' : 'f64';
}

const KIND_OF: Record<string, LaneKind> = {
  b1: 'b',
  i1: 'i1',
  u1: 'u1',
  i2: 'i2',
  u2: 'u2',
  i4: 'i4',
  u4: 'u4',
  i8: 'i8',
  u8: 'u8',
  f2: 'f2',
  f4: 'f4',
  f8: 'f8',
  f12: 'x87',
  f16: 'x87',
  M8: 'M',
  m8: 'm',
};

function valueDtypeOf(kind: LaneKind, source: ScalarDtype, itemsize: number): ScalarDtype {
  const k = kind === 'b' ? 'b' : kind === 'M' ? 'M' : kind === 'm' ? 'm' : isFloatKind(kind) ? 'f' : kind[0];
  return { type: 'scalar', kind: k as ScalarDtype['kind'], byteOrder: itemsize === 1 ? '|' : '<', itemsize, unit: source.unit };
}

/** A scalar dtype's lane (one per complex part asked), or a reason it has no numbers. */
function scalarTargets(d: ScalarDtype, at: number, field: string, part: ComplexPart): Target[] | string {
  const le = d.byteOrder !== '>';
  const sourceName = dtypeName(d);
  if (d.kind === 'c') {
    const size = d.itemsize / 2;
    const comp = size === 4 ? 'f4' : size === 8 ? 'f8' : size === 12 || size === 16 ? 'x87' : null;
    if (!comp) return `unsupported complex size ${d.itemsize}`;
    if (part === 'abs') {
      // The magnitude of an x87 complex is computed in float64.
      const kind: LaneKind = comp === 'f4' ? 'f4' : 'f8';
      const isz = kind === 'f4' ? 4 : 8;
      return [{ field, part, lane: { kind, at, size, le, abs: true, absOf: comp }, valueDtype: valueDtypeOf(kind, d, isz), sourceName }];
    }
    const kind: LaneKind = comp;
    return [{ field, part, lane: { kind, at: part === 'imag' ? at + size : at, size, le, abs: false }, valueDtype: valueDtypeOf(kind, d, size), sourceName }];
  }
  if (d.kind === 'O') return 'object (pickled Python objects)';
  if (d.kind === 'S' || d.kind === 'U' || d.kind === 'V') return `${sourceName} (not numbers)`;
  const kind = KIND_OF[`${d.kind === 'b' ? 'b' : d.kind}${d.itemsize}`];
  if (!kind) return `unsupported ${sourceName}`;
  return [{ field, part: null, lane: { kind, at, size: d.itemsize, le, abs: false }, valueDtype: valueDtypeOf(kind, d, d.itemsize), sourceName }];
}

/**
 * The targets of a dtype: one for a numeric scalar dtype; one per numeric leaf field of a structured dtype (or the
 * fields named); complex values give the part asked. Throws NpyError when nothing numeric is left.
 */
export function targetsOf(dtype: Dtype, opts: { fields?: readonly string[]; part?: ComplexPart } = {}): Target[] {
  const part = opts.part ?? 'abs';
  if (dtype.type === 'scalar') {
    if (opts.fields && opts.fields.length) throw new NpyError('this array has no fields (its dtype is not structured)');
    const t = scalarTargets(dtype, 0, '', part);
    if (typeof t === 'string') throw new NpyError(`statistics need numbers; this array's dtype is ${t}`);
    return t;
  }
  const leaves = leafColumns(dtype);
  let chosen = leaves;
  if (opts.fields && opts.fields.length) {
    chosen = opts.fields.map((name) => {
      const leaf = leaves.find((l) => l.label === name);
      if (!leaf) throw new NpyError(`no field '${name}'; fields: ${leaves.map((l) => l.label).join(', ')}`);
      return leaf;
    });
  }
  const out: Target[] = [];
  const skipped: string[] = [];
  for (const leaf of chosen) {
    const t = scalarTargets(leaf.dtype, leaf.offset, leaf.label, part);
    if (typeof t === 'string') {
      if (opts.fields && opts.fields.length) throw new NpyError(`field '${leaf.label}' has no numbers: ${t}`);
      skipped.push(leaf.label);
    } else out.push(...t);
  }
  if (!out.length) throw new NpyError(`statistics need numbers; no field of this structured array is numeric (${skipped.join(', ')})`);
  return out;
}

export type { DatetimeUnit };
