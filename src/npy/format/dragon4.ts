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

function bitLength(m: bigint): number {
  return m.toString(2).length;
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
  let out = '';
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    r *= 10n;
    mPlus *= 10n;
    mMinus *= 10n;
    const q = r / s;
    r -= q * s;
    digit = Number(q);
    low = even ? r <= mMinus : r < mMinus;
    high = even ? r + mPlus >= s : r + mPlus > s;
    if (low || high) break;
    out += String.fromCharCode(48 + digit);
  }
  let roundDown = low;
  if (low === high) {
    const c = r * 2n;
    roundDown = c < s || (c === s && (digit & 1) === 0);
  }
  let exp = k - 1;
  if (roundDown) {
    out += String.fromCharCode(48 + digit);
  } else if (digit < 9) {
    out += String.fromCharCode(49 + digit);
  } else {
    // Carry through trailing nines.
    let i = out.length - 1;
    while (i >= 0 && out.charCodeAt(i) === 57) i--;
    if (i < 0) {
      out = '1';
      exp += 1;
    } else {
      out = out.slice(0, i) + String.fromCharCode(out.charCodeAt(i) + 1);
    }
  }
  // Strip trailing zeros (possible only after a carry).
  let end = out.length;
  while (end > 1 && out.charCodeAt(end - 1) === 48) end--;
  return { digits: end === out.length ? out : out.slice(0, end), exp };
}
