// Exact shortest round-trip digits for any binary floating-point value, with BigInt arithmetic.
// Same result as numpy's Dragon4 in "unique" mode (dragon4.c): the fewest significant digits whose value
// lies within the rounding interval of the float (boundaries inclusive when the mantissa is even, as an
// IEEE round-half-even reading would give the float back), and among those the closest one (a tie goes
// to the even digit). Instead of generating digits one by one, the value is scaled once to P digits and the
// shortest length is found by binary search (validity is monotone in length).
// Used for x87 long double and as the exact fallback of the fast paths in float.ts.

/** `digits` (no trailing zeros, at least one digit) means d.ddd × 10^exp. */
export interface DecimalDigits {
  digits: string;
  exp: number;
}

const LOG10_2 = 0.3010299956639812; // log10(2) to double precision
const pow10Cache: bigint[] = [1n];

function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1] * 10n);
  return pow10Cache[n];
}

const HEX_BITS = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];

function bitLength(m: bigint): number {
  const h = m.toString(16);
  return (h.length - 1) * 4 + HEX_BITS[parseInt(h[0], 16)];
}

/**
 * Shortest digits of m × 2^e (m > 0). `unequalMargins`: the value is a power of two above the smallest
 * normal exponent, so the gap to the next lower value is half the gap to the next higher one.
 */
export function shortestDigits(m: bigint, e: number, unequalMargins: boolean): DecimalDigits {
  const even = (m & 1n) === 0n;
  let r: bigint;
  let s: bigint;
  let mPlus: bigint;
  let mMinus: bigint;
  if (e >= 0) {
    const be = 1n << BigInt(e);
    if (!unequalMargins) {
      r = (m * be) << 1n;
      s = 2n;
      mPlus = be;
      mMinus = be;
    } else {
      r = (m * be) << 2n;
      s = 4n;
      mPlus = be << 1n;
      mMinus = be;
    }
  } else if (!unequalMargins) {
    r = m << 1n;
    s = 1n << BigInt(1 - e);
    mPlus = 1n;
    mMinus = 1n;
  } else {
    r = m << 2n;
    s = 1n << BigInt(2 - e);
    mPlus = 2n;
    mMinus = 1n;
  }
  // Scale so that A/S = value·10^(P-k) lies in [10^(P-1), 10^P), with margins ML/S and MH/S in the same
  // units; P digits always leave room for a candidate inside the rounding interval.
  const P = Math.ceil(bitLength(m) * LOG10_2) + 2;
  let k = Math.floor(Math.log10(Number(m)) + e * LOG10_2) + 1; // 10^(k-1) <= value < 10^k, up to a fix-up
  let A: bigint;
  let S: bigint;
  let ML: bigint;
  let MH: bigint;
  let Q: bigint;
  // For e < 0 the denominator is a power of two: divide by shifting.
  let shift = -1;
  for (;;) {
    const n = P - k;
    if (n >= 0) {
      const p = pow10(n);
      A = r * p;
      ML = mMinus * p;
      MH = mPlus === mMinus ? ML : mPlus * p;
      S = s;
      shift = e < 0 ? (unequalMargins ? 2 - e : 1 - e) : -1;
    } else {
      A = r;
      ML = mMinus;
      MH = mPlus;
      S = s * pow10(-n);
      shift = -1;
    }
    Q = shift >= 0 ? A >> BigInt(shift) : A / S;
    if (Q >= pow10(P)) k += 1;
    else if (Q < pow10(P - 1)) k -= 1;
    else break;
  }
  // Candidates with j digits dropped: fl = Q rounded down to a multiple of 10^j, and fl + 10^j.
  // fl is valid when A - fl·S is within ML, fl + 10^j when (fl + 10^j)·S - A is within MH (inclusive
  // when the mantissa is even). A candidate valid with j dropped digits stays valid with fewer dropped,
  // so binary-search the largest j: that is the shortest output.
  return P <= 22 ? pickSmall(A, S, ML, MH, Q, P, k, even, shift) : pickBig(A, S, ML, MH, Q, P, k, even);
}

function stripZeros(digits: string, exp: number): DecimalDigits {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: end === digits.length ? digits : digits.slice(0, end), exp };
}

/** Any size, all in BigInt. */
function pickBig(A: bigint, S: bigint, ML: bigint, MH: bigint, Q: bigint, P: number, k: number, even: boolean): DecimalDigits {
  let lo = 0;
  let hi = P - 1;
  while (lo < hi) {
    const j = (lo + hi + 1) >> 1;
    const u = pow10(j);
    const fl = Q - (Q % u);
    const dl = A - fl * S;
    const dh = (fl + u) * S - A;
    if ((even ? dl <= ML : dl < ML) || (even ? dh <= MH : dh < MH)) lo = j;
    else hi = j - 1;
  }
  const u = pow10(lo);
  const fl = Q - (Q % u);
  const ce = fl + u;
  const dl = A - fl * S;
  const dh = ce * S - A;
  const okLow = even ? dl <= ML : dl < ML;
  const okHigh = even ? dh <= MH : dh < MH;
  let pick: bigint;
  if (okLow && okHigh) {
    // Closest candidate; a tie goes to the even digit.
    pick = dl < dh ? fl : dl > dh ? ce : (fl / u) % 2n === 0n ? fl : ce;
  } else {
    pick = okLow ? fl : ce;
  }
  const digits = (pick / u).toString();
  if (digits.length > P - lo) return { digits: '1', exp: k };
  return stripZeros(digits, k - 1);
}

const SPLIT = 1e11;
const SPLIT_BIG = 100000000000n;
const POW10N: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10N.push(p);

function padTo(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * Q < 10^22: Q = Qhi·10^11 + Qlo in doubles. With R = A - Q·S, a candidate Q - t is valid when
 * t·S + R <= ML, i.e. t < ML div S or (t = ML div S and R <= ML mod S); Q + w is valid when
 * w·S <= MH + R. Margins are a few thousand units of Q at most, so only small t and w can pass,
 * and every comparison is exact in doubles.
 */
function pickSmall(A: bigint, S: bigint, ML: bigint, MH: bigint, Q: bigint, P: number, k: number, even: boolean, shift: number): DecimalDigits {
  let R: bigint;
  let mlq: bigint;
  let mlr: bigint;
  let mhq: bigint;
  let mhr: bigint;
  if (shift >= 0) {
    const sh = BigInt(shift);
    const mask = S - 1n;
    R = A & mask;
    mlq = ML >> sh;
    mlr = ML & mask;
    mhq = MH === ML ? mlq : MH >> sh;
    mhr = MH === ML ? mlr : MH & mask;
  } else {
    R = A - Q * S;
    mlq = ML / S;
    mlr = ML - mlq * S;
    mhq = MH === ML ? mlq : MH / S;
    mhr = MH === ML ? mlr : MH - mhq * S;
  }
  const ql = Number(mlq);
  const lowTie = even ? R <= mlr : R < mlr;
  const sumHigh = mhr + R; // MH + R = (mhq + carry)·S + rest
  const carry = sumHigh >= S;
  const qh = Number(mhq) + (carry ? 1 : 0);
  const highTie = even || (carry ? sumHigh > S : sumHigh > 0n);
  const qhiBig = Q / SPLIT_BIG;
  const Qhi = Number(qhiBig);
  const Qlo = Number(Q - qhiBig * SPLIT_BIG);
  const tOf = (j: number): number => (j <= 11 ? Qlo % POW10N[j] : (Qhi % POW10N[j - 11]) * SPLIT + Qlo);
  const wOf = (j: number, t: number): number => (j <= 11 ? POW10N[j] - t : (POW10N[j - 11] - 1 - (Qhi % POW10N[j - 11])) * SPLIT + (SPLIT - Qlo));
  let lo = 0;
  let hi = P - 1;
  while (lo < hi) {
    const j = (lo + hi + 1) >> 1;
    const t = tOf(j);
    const w = wOf(j, t);
    if (t < ql || (t === ql && lowTie) || w < qh || (w === qh && highTie)) lo = j;
    else hi = j - 1;
  }
  const j = lo;
  const t = tOf(j);
  const w = wOf(j, t);
  const okLow = t < ql || (t === ql && lowTie);
  const okHigh = w < qh || (w === qh && highTie);
  let up: boolean;
  if (okLow && okHigh) {
    // Distances t·S + R and w·S - R: compare (t - w)·S + 2R with 0; a tie goes to the even digit.
    const D = t - w;
    let c: number;
    if (D >= 1) c = 1;
    else if (D <= -2) c = -1;
    else if (D === 0) c = R > 0n ? 1 : 0;
    else {
      const twoR = 2n * R;
      c = twoR < S ? -1 : twoR > S ? 1 : 0;
    }
    if (c === 0) {
      const digit = j < 11 ? Math.floor(Qlo / POW10N[j]) % 10 : Math.floor(Qhi / POW10N[j - 11]) % 10;
      up = digit % 2 === 1;
    } else {
      up = c > 0;
    }
  } else {
    up = !okLow;
  }
  // Digits of floor(Q / 10^j), plus one when rounding up.
  let digits: string;
  if (j >= 11) {
    digits = String(Math.floor(Qhi / POW10N[j - 11]) + (up ? 1 : 0));
  } else {
    let low = Math.floor(Qlo / POW10N[j]) + (up ? 1 : 0);
    let high = Qhi;
    if (low === POW10N[11 - j]) {
      low = 0;
      high += 1;
    }
    digits = high > 0 ? String(high) + padTo(low, 11 - j) : String(low);
  }
  if (digits.length > P - j) return { digits: '1', exp: k };
  return stripZeros(digits, k - 1);
}
