// Floats as numpy prints them: shortest round-trip digits at the element's own precision (Dragon4 "unique"),
// positional when 1e-4 <= |x| < limit (or zero/nan), else scientific. The limit is 1e16, except that numpy >= 2.3's
// str() of float16 / float32 (and their complex) switches at 1e3 / 1e6 (`legacy='2.2'` and older keep 1e16 for all). f2/f4 use an exact-or-bail fast path in
// double arithmetic, f8 uses JavaScript's own shortest digits (same rule: closest, ties even, bounds inclusive
// for even mantissas), x87 long double and every doubtful case use the exact BigInt Dragon4.

import { NpyError } from '../types';
import { shortestDigits } from './dragon4';
import { layoutDigits, Trim } from './digits';

export { Trim } from './digits';

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** x × 10^n for an exact double x; at most three roundings (|n| <= 66). */
function scale10(x: number, n: number): number {
  while (n > 22) {
    x *= 1e22;
    n -= 22;
  }
  while (n < -22) {
    x /= 1e22;
    n += 22;
  }
  return n >= 0 ? x * POW10[n] : x / POW10[-n];
}

// 2^n for the f2/f4 exponent range.
const POW2_BIAS = 160;
const POW2 = new Float64Array(2 * POW2_BIAS);
for (let i = 0; i < POW2.length; i++) POW2[i] = 2 ** (i - POW2_BIAS);

// Absolute tolerance in scaled units (values < 1e9): three roundings cost at most ~3.4e-7.
const TOL = 1e-6;

/** Exponent of the digits last returned by fastShortest (avoids allocating a result object per value). */
let fastExp = 0;

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)

/** The rounding error of the double product p = fl(a·b) (Dekker's TwoProduct); 0 iff p is exact. */
export function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Whether v = scale10(x, n) is the exact product (only provable for a single step, |n| <= 22). */
function scaledExactly(x: number, n: number, v: number): boolean {
  if (n > 22 || n < -22) return false;
  if (n >= 0) return productError(x, POW10[n], v) === 0;
  const p = v * POW10[-n];
  return p === x && productError(v, POW10[-n], p) === 0;
}

// State of the value being converted by fastShortest, read by isExact/valid (no closures per value).
let sx = 0;
let sn = 0;
let sv = 0;
let sxh = 0;
let svh = 0;
let sxl = 0;
let svl = 0;
/** 0 not yet known, 1 all three scalings exact, -1 not provably exact. */
let sExact = 0;
let sEven = false;

function isExact(): boolean {
  if (sExact === 0) {
    sExact = scaledExactly(sx, sn, sv) && scaledExactly(sxh, sn, svh) && scaledExactly(sxl, sn, svl) ? 1 : -1;
  }
  return sExact === 1;
}

/**
 * Is a candidate at scaled distance d inside the boundary? 1 yes, 0 no, -1 undecidable in doubles.
 * Boundaries are inclusive when the mantissa is even (round-half-even reading gives back x).
 */
function valid(d: number): number {
  if (d >= TOL) return 1;
  if (d <= -TOL) return 0;
  if (!isExact()) return -1;
  return d > 0 || (d === 0 && sEven) ? 1 : 0;
}

/**
 * Shortest digits of x = m × 2^e (x > 0, m < 2^24, at most P significant digits needed), computed in doubles:
 * x and its rounding boundaries are scaled by 10^(P-1-k) into [10^(P-1), 10^P) and candidates are integers.
 * A comparison closer than the rounding error is settled exactly when the scaling was exact, otherwise
 * the function returns null and the caller uses exact BigInt arithmetic. Sets `fastExp`.
 */
function fastShortest(x: number, ulp: number, unequal: boolean, even: boolean, P: number): string | null {
  const top = POW10[P];
  const bottom = POW10[P - 1];
  let k = Math.floor(Math.log10(x));
  let n = P - 1 - k;
  let v = scale10(x, n);
  if (v >= top) {
    k += 1;
    n -= 1;
    v = scale10(x, n);
  } else if (v < bottom) {
    k -= 1;
    n += 1;
    v = scale10(x, n);
  }
  const xh = x + ulp / 2;
  const xl = x - (unequal ? ulp / 4 : ulp / 2);
  const vh = scale10(xh, n);
  const vl = scale10(xl, n);
  sx = x;
  sn = n;
  sv = v;
  sxh = xh;
  svh = vh;
  sxl = xl;
  svl = vl;
  sExact = 0;
  sEven = even;
  if (v < bottom || v >= top) return null;
  if ((top - v < TOL || (v !== bottom && v - bottom < TOL)) && !isExact()) return null;
  const vi = Math.floor(v);
  // A candidate valid with j dropped digits is also one with fewer dropped, so validity is monotone in j:
  // binary-search the largest j (shortest output) that has a valid candidate. j = 0 always has one.
  let lo = 0;
  let hi = P - 1;
  while (lo < hi) {
    const j = (lo + hi + 1) >> 1;
    const u = POW10[j];
    const fl = vi - (vi % u);
    const a = valid(fl - vl);
    const b = valid(vh - fl - u);
    if (a < 0 || b < 0) return null;
    if (a > 0 || b > 0) lo = j;
    else hi = j - 1;
  }
  const j = lo;
  const u = POW10[j];
  const fl = vi - (vi % u);
  const ce = fl + u;
  const lowOk = valid(fl - vl);
  const highOk = valid(vh - ce);
  if (lowOk < 0 || highOk < 0) return null;
  let pick: number;
  if (lowOk > 0 && highOk > 0) {
    const below = v - fl;
    const above = ce - v;
    const diff = below - above;
    if (diff < TOL && diff > -TOL) {
      if (!isExact()) return null;
      // below/above are exact here; a tie goes to the even digit.
      pick = below < above ? fl : below > above ? ce : (fl / u) % 2 === 0 ? fl : ce;
    } else {
      pick = diff < 0 ? fl : ce;
    }
  } else if (lowOk > 0 || highOk > 0) {
    pick = lowOk > 0 ? fl : ce;
  } else {
    return null;
  }
  let c = pick / u;
  if (c === POW10[P - j]) {
    fastExp = k + 1;
    return '1';
  }
  while (c % 10 === 0) c /= 10;
  fastExp = k;
  return String(c);
}

function usePositional(a: number, limit = 1e16): boolean {
  return a >= 1e-4 && a < limit;
}

/** Where numpy's scalar text turns scientific: `modern` is numpy >= 2.3's str(), else legacy (repr under 1.25). */
export function positionalLimit(itemsize: number, modern: boolean): number {
  if (!modern) return 1e16;
  return itemsize === 2 ? 1e3 : itemsize === 4 ? 1e6 : 1e16;
}

function infText(negative: boolean, plus: boolean): string {
  return negative ? '-inf' : plus ? '+inf' : 'inf';
}

/** An IEEE binary16/32 value given its fields; x is the exact value as a double. */
function formatSmall(x: number, expField: number, frac: number, mantBits: number, bias: number, P: number, trim: Trim, plus: boolean, limit: number): string {
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  if (x === 0) return layoutDigits(negative, plus, '0', 0, false, trim);
  const a = negative ? -x : x;
  const e = (expField === 0 ? 1 : expField) - bias - mantBits;
  const unequal = frac === 0 && expField > 1;
  const m = expField === 0 ? frac : frac + POW2[mantBits + POW2_BIAS];
  const digits = fastShortest(a, POW2[e + POW2_BIAS], unequal, (m & 1) === 0, P);
  if (digits !== null) return layoutDigits(negative, plus, digits, fastExp, !usePositional(a, limit), trim);
  const d = shortestDigits(BigInt(m), e, unequal);
  return layoutDigits(negative, plus, d.digits, d.exp, !usePositional(a, limit), trim);
}

/** binary16 bits → exact double. */
export function halfToNumber(h: number): number {
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  const v = e === 0 ? f * 2 ** -24 : e === 31 ? (f ? NaN : Infinity) : (f + 1024) * 2 ** (e - 25);
  return h & 0x8000 ? -v : v;
}

export function formatF2(view: DataView, offset: number, le: boolean, trim: Trim, plus: boolean, limit = 1e16): string {
  const h = view.getUint16(offset, le);
  const x = halfToNumber(h);
  if (x !== x) return plus ? '+nan' : 'nan';
  if (x === Infinity || x === -Infinity) return infText(x < 0, plus);
  return formatSmall(x, (h >> 10) & 0x1f, h & 0x3ff, 10, 15, 5, trim, plus, limit);
}

export function formatF4(view: DataView, offset: number, le: boolean, trim: Trim, plus: boolean, limit = 1e16): string {
  const x = view.getFloat32(offset, le);
  if (x !== x) return plus ? '+nan' : 'nan';
  if (x === Infinity || x === -Infinity) return infText(x < 0, plus);
  const b = view.getUint32(offset, le);
  return formatSmall(x, (b >>> 23) & 0xff, b & 0x7fffff, 23, 127, 9, trim, plus, limit);
}

/** A double's text. JavaScript's Number→string gives the same shortest digits as numpy's Dragon4. */
export function formatNumberF8(x: number, trim: Trim, plus: boolean): string {
  if (x !== x) return plus ? '+nan' : 'nan';
  if (x === Infinity || x === -Infinity) return infText(x < 0, plus);
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const sign = negative ? '-' : plus ? '+' : '';
  if (x === 0) return trim === Trim.LeaveOneZero ? sign + '0.0' : sign + '0';
  const a = negative ? -x : x;
  const s = String(a);
  if (usePositional(a)) {
    // JS prints positionally for 1e-6 <= a < 1e21 and never leaves trailing fraction zeros.
    if (trim === Trim.LeaveOneZero && s.indexOf('.') < 0) return sign + s + '.0';
    return sign + s;
  }
  const ei = s.indexOf('e');
  if (ei >= 0) {
    const ex = s.charCodeAt(ei + 1) === 45 ? -Number(s.slice(ei + 2)) : Number(s.slice(ei + 2));
    const ae = ex < 0 ? -ex : ex;
    return sign + s.slice(0, ei) + (ex < 0 ? 'e-' : 'e+') + (ae < 10 ? '0' + ae : String(ae));
  }
  // Positional JS text outside numpy's positional range: 1e16 <= a < 1e21 or 1e-6 <= a < 1e-4.
  let digits: string;
  let exp: number;
  if (a >= 1) {
    let end = s.length;
    while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
    digits = s.slice(0, end);
    exp = s.length - 1;
  } else {
    let i = 2;
    while (s.charCodeAt(i) === 48) i++;
    digits = s.slice(i);
    exp = -(i - 1);
  }
  return layoutDigits(negative, plus, digits, exp, true, trim);
}

// ---- x87 80-bit extended (long double, itemsize 12 or 16) ----

interface X87 {
  negative: boolean;
  /** 15-bit biased exponent. */
  expField: number;
  intBit: boolean;
  /** The 63 fraction bits. */
  frac: bigint;
}

/**
 * x87 80-bit extended parts (sign/exponent, high and low mantissa words) → the nearest double, as numpy's
 * float64 conversion gives it; unnormals (exponent set, integer bit clear) are invalid operands: NaN.
 */
export function x87PartsToNumber(se: number, hi: number, lo: number): number {
  const e = se & 0x7fff;
  const neg = (se & 0x8000) !== 0;
  if (e === 0x7fff) {
    if ((hi & 0x80000000) !== 0 && (hi & 0x7fffffff) === 0 && lo === 0) return neg ? -Infinity : Infinity;
    return NaN;
  }
  if (e !== 0 && (hi & 0x80000000) === 0) return NaN;
  const m = hi * 4294967296 + lo; // one rounding to 53 bits
  const p = (e === 0 ? 1 : e) - 16383 - 63;
  // m < 2^64: scale in two steps past the double's exponent range (overflow gives inf, underflow 0).
  const v = p > 1000 ? m * 2 ** 1000 * 2 ** (p - 1000) : p < -1000 ? m * 2 ** -1000 * 2 ** (p + 1000) : m * 2 ** p;
  return neg ? -v : v;
}

/** The long double at `offset` (value in the low 10 bytes little-endian, the high 10 big-endian) as a double. */
export function readX87Number(view: DataView, offset: number, itemsize: number, le: boolean): number {
  if (le) return x87PartsToNumber(view.getUint16(offset + 8, true), view.getUint32(offset + 4, true), view.getUint32(offset, true));
  const o = offset + itemsize - 10;
  return x87PartsToNumber(view.getUint16(o, false), view.getUint32(o + 2, false), view.getUint32(o + 6, false));
}

function readX87(view: DataView, offset: number, itemsize: number, le: boolean): X87 {
  let se: number;
  let hi: number;
  let lo: number;
  if (le) {
    lo = view.getUint32(offset, true);
    hi = view.getUint32(offset + 4, true);
    se = view.getUint16(offset + 8, true);
  } else {
    // Byte-swapped little-endian layout: the 10 value bytes are the last 10 of the item.
    const o = offset + itemsize - 10;
    se = view.getUint16(o, false);
    hi = view.getUint32(o + 2, false);
    lo = view.getUint32(o + 6, false);
  }
  return {
    negative: (se & 0x8000) !== 0,
    expField: se & 0x7fff,
    intBit: (hi & 0x80000000) !== 0,
    frac: (BigInt(hi & 0x7fffffff) << 32n) | BigInt(lo),
  };
}

/** What the x87 hardware (and so numpy's comparisons) makes of the value. */
export const enum FloatClass {
  /** +0 exactly (sign bit clear). */
  PosZero = 0,
  /** Any other number, including -0. */
  Finite = 1,
  NaN = 2,
  PosInf = 3,
  NegInf = 4,
}

function classifyX87(v: X87): FloatClass {
  if (v.expField === 0x7fff) {
    if (v.intBit && v.frac === 0n) return v.negative ? FloatClass.NegInf : FloatClass.PosInf;
    return FloatClass.NaN; // NaN, pseudo-infinity, pseudo-NaN
  }
  if (v.expField !== 0 && !v.intBit) return FloatClass.NaN; // unnormal: invalid operand
  if (v.expField === 0 && !v.intBit && v.frac === 0n) return v.negative ? FloatClass.Finite : FloatClass.PosZero;
  return FloatClass.Finite;
}

// Thresholds 1e16L (exact) and 1e-4L (nearest 64-bit-mantissa value, as m × 2^-77).
const LD_1E16 = 10n ** 16n;
const LD_1EM4 = (2n ** 78n + 10000n) / 20000n;

function formatX87(v: X87, trim: Trim, plus: boolean): string {
  if (v.expField === 0x7fff) {
    // numpy's Dragon4 ignores the explicit integer bit here.
    return v.frac === 0n ? infText(v.negative, plus) : plus ? '+nan' : 'nan';
  }
  const cls = classifyX87(v);
  let m: bigint;
  let e: number;
  let unequal = false;
  if (v.expField !== 0) {
    m = (1n << 63n) | v.frac;
    e = v.expField - 16383 - 63;
    unequal = v.expField !== 1 && v.frac === 0n;
  } else {
    m = v.frac;
    e = 1 - 16383 - 63;
  }
  let positional: boolean;
  if (cls === FloatClass.NaN || cls === FloatClass.PosZero) {
    positional = true;
  } else if (v.expField === 0) {
    positional = !v.intBit && v.frac === 0n; // -0; (pseudo-)denormals are far below 1e-4
  } else {
    // 1e-4L <= m·2^e < 1e16: decided in doubles unless within rounding distance, then exactly.
    const approx = Number(m) * 2 ** e;
    if (approx > 1.0000001e-4 && approx < 0.9999999e16) positional = true;
    else if (approx < 0.9999999e-4 || approx > 1.0000001e16) positional = false;
    else {
      const lowOk = e >= -77 ? m << BigInt(e + 77) >= LD_1EM4 : m >= LD_1EM4 << BigInt(-77 - e);
      const highOk = e >= 0 ? m << BigInt(e) < LD_1E16 : m < LD_1E16 << BigInt(-e);
      positional = lowOk && highOk;
    }
  }
  if (m === 0n) return layoutDigits(v.negative, plus, '0', 0, !positional, trim);
  const d = shortestDigits(m, e, unequal);
  return layoutDigits(v.negative, plus, d.digits, d.exp, !positional, trim);
}

/** One real float of `itemsize` bytes: numpy's `*_either` (str/repr of the scalar; complex components). */
export function formatFloatAt(view: DataView, offset: number, itemsize: number, le: boolean, trim: Trim, plus: boolean, modern = false): string {
  switch (itemsize) {
    case 8:
      return formatNumberF8(view.getFloat64(offset, le), trim, plus);
    case 4:
      return formatF4(view, offset, le, trim, plus, positionalLimit(4, modern));
    case 2:
      return formatF2(view, offset, le, trim, plus, positionalLimit(2, modern));
    case 12:
    case 16:
      return formatX87(readX87(view, offset, itemsize, le), trim, plus);
    default:
      throw new NpyError(`unsupported float size: ${itemsize} bytes`);
  }
}

function classifyNumber(x: number): FloatClass {
  if (x !== x) return FloatClass.NaN;
  if (x === Infinity) return FloatClass.PosInf;
  if (x === -Infinity) return FloatClass.NegInf;
  if (x === 0 && 1 / x > 0) return FloatClass.PosZero;
  return FloatClass.Finite;
}

export function classifyFloatAt(view: DataView, offset: number, itemsize: number, le: boolean): FloatClass {
  switch (itemsize) {
    case 8:
      return classifyNumber(view.getFloat64(offset, le));
    case 4:
      return classifyNumber(view.getFloat32(offset, le));
    case 2:
      return classifyNumber(halfToNumber(view.getUint16(offset, le)));
    case 12:
    case 16:
      return classifyX87(readX87(view, offset, itemsize, le));
    default:
      throw new NpyError(`unsupported float size: ${itemsize} bytes`);
  }
}
