// Exact shortest round-trip digits for any binary floating-point value, with BigInt arithmetic.
// This mirrors numpy's Dragon4 in "unique" mode (dragon4.c): digits are generated until the value is
// distinguished from its neighbours (boundaries inclusive when the mantissa is even, as IEEE
// round-half-even reading would accept them), and the last digit is the closest one (ties to even digit).
// Used for x87 long double and as the exact fallback of the fast paths in float.ts.

/** `digits` (no trailing zeros, at least one digit) means d.ddd × 10^exp. */
export interface DecimalDigits {
  digits: string;
  exp: number;
}

const LOG10_2 = 0.30102999566398119521;
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
  // k: 10^(k-1) <= value < 10^k.
  let k = Math.floor((bitLength(m) - 1 + e) * LOG10_2) + 1;
  if (k >= 0) {
    s *= pow10(k);
  } else {
    const p = pow10(-k);
    r *= p;
    mPlus *= p;
    mMinus *= p;
  }
  while (r >= s) {
    s *= 10n;
    k += 1;
  }
  while (r * 10n < s) {
    r *= 10n;
    mPlus *= 10n;
    mMinus *= 10n;
    k -= 1;
  }
  // Now value/10^k = r/s in [0.1, 1). Scale to P digits, where P always leaves room for a candidate:
  // A/s = value·10^(P-k) in [10^(P-1), 10^P), margins ML/s and MH/s in the same units.
  const P = Math.ceil(bitLength(m) * LOG10_2) + 2;
  const scale = pow10(P);
  const A = r * scale;
  const ML = mMinus * scale;
  const MH = mPlus * scale;
  const Q = A / s;
  // Candidates with j digits dropped: fl = Q rounded down to a multiple of 10^j, and fl + 10^j;
  // fl is valid when A - fl·s is within ML, fl + 10^j when (fl + 10^j)·s - A is within MH.
  // A candidate valid with j dropped digits stays valid with fewer dropped: binary-search the largest j.
  let lo = 0;
  let hi = P - 1;
  while (lo < hi) {
    const j = (lo + hi + 1) >> 1;
    const u = pow10(j);
    const fl = Q - (Q % u);
    const dl = A - fl * s;
    const dh = (fl + u) * s - A;
    if ((even ? dl <= ML : dl < ML) || (even ? dh <= MH : dh < MH)) lo = j;
    else hi = j - 1;
  }
  const u = pow10(lo);
  const fl = Q - (Q % u);
  const ce = fl + u;
  const dl = A - fl * s;
  const dh = ce * s - A;
  const okLow = even ? dl <= ML : dl < ML;
  const okHigh = even ? dh <= MH : dh < MH;
  let pick: bigint;
  if (okLow && okHigh) {
    // Closest candidate; a tie goes to the even digit.
    pick = dl < dh ? fl : dl > dh ? ce : (fl / u) % 2n === 0n ? fl : ce;
  } else {
    pick = okLow ? fl : ce;
  }
  let digits = (pick / u).toString();
  let exp = k - 1;
  if (digits.length > P - lo) {
    // Rounded up to a power of ten.
    digits = '1';
    exp += 1;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: end === digits.length ? digits : digits.slice(0, end), exp };
}
