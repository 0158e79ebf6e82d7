// Exact signed/unsigned 64-bit reads without allocating a BigInt when the value fits in a double exactly.

/** Signed int64 at `offset`: [hi (int32), lo (uint32)]. */
export function readI64Parts(view: DataView, offset: number, le: boolean): [number, number] {
  return le ? [view.getInt32(offset + 4, true), view.getUint32(offset, true)] : [view.getInt32(offset, false), view.getUint32(offset + 4, false)];
}

/** hi within ±2^21 ⇒ hi·2^32 + lo is an exact double. */
export function isSafeHi(hi: number): boolean {
  return hi >= -0x200000 && hi < 0x200000;
}

export function int64Text(view: DataView, offset: number, le: boolean): string {
  const [hi, lo] = readI64Parts(view, offset, le);
  if (isSafeHi(hi)) return String(hi * 4294967296 + lo);
  return view.getBigInt64(offset, le).toString();
}

export function uint64Text(view: DataView, offset: number, le: boolean): string {
  const hi = view.getUint32(le ? offset + 4 : offset, le);
  const lo = view.getUint32(le ? offset : offset + 4, le);
  if (hi < 0x200000) return String(hi * 4294967296 + lo);
  return view.getBigUint64(offset, le).toString();
}

/** Results of floorDivmod64 (module-level to avoid allocating per value). */
export let divQ = 0;
export let divR = 0;

/**
 * floor((hi·2^32 + lo) / d) into divQ and the non-negative remainder into divR, for 2 <= d <= 2^30, by
 * 16-bit long division. Returns false when the quotient is not an exact double (|q| >= 2^53).
 */
export function floorDivmod64(hi: number, lo: number, d: number): boolean {
  const neg = hi < 0;
  let h = hi;
  let l = lo;
  if (neg) {
    if (lo === 0) {
      h = -hi;
    } else {
      h = -hi - 1;
      l = 4294967296 - lo;
    }
  }
  let cur = Math.floor(h / 65536);
  let q = Math.floor(cur / d);
  let r = cur - q * d;
  cur = r * 65536 + (h % 65536);
  let qd = Math.floor(cur / d);
  r = cur - qd * d;
  q = q * 65536 + qd;
  cur = r * 65536 + (l >>> 16);
  qd = Math.floor(cur / d);
  r = cur - qd * d;
  q = q * 65536 + qd;
  cur = r * 65536 + (l & 0xffff);
  qd = Math.floor(cur / d);
  r = cur - qd * d;
  q = q * 65536 + qd;
  if (q >= 9007199254740992) return false;
  if (neg) {
    q = -q;
    r = -r;
    if (r < 0) {
      q -= 1;
      r += d;
    }
  }
  divQ = q;
  divR = r;
  return true;
}

/** floor(a / d) and remainder for exact-integer doubles. */
export function floorDivmod(a: number, d: number): [number, number] {
  let q = Math.floor(a / d);
  let r = a - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  return [q, r];
}
