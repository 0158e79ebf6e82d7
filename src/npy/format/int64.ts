// Exact signed/unsigned 64-bit reads without allocating a BigInt when the value fits in a double exactly.

/** Signed int64 at `offset`: [hi (int32), lo (uint32)]. */
export function readI64Parts(view: DataView, offset: number, le: boolean): [number, number] {
  return le
    ? [view.getInt32(offset + 4, true), view.getUint32(offset, true)]
    : [view.getInt32(offset, false), view.getUint32(offset + 4, false)];
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

/**
 * floor((hi·2^32 + lo) / d) and the non-negative remainder, for 2 <= d <= 2^30, by 16-bit long division.
 * Returns null when the quotient is not an exact double (|q| > 2^53).
 */
export function floorDivmod64(hi: number, lo: number, d: number): [number, number] | null {
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
  let r = 0;
  let q = 0;
  const limbs = [Math.floor(h / 65536), h % 65536, l >>> 16, l & 0xffff];
  for (let i = 0; i < 4; i++) {
    const cur = r * 65536 + limbs[i];
    const qd = Math.floor(cur / d);
    r = cur - qd * d;
    q = q * 65536 + qd;
  }
  if (q >= 9007199254740992) return null;
  if (neg) {
    q = -q;
    r = -r;
    if (r < 0) {
      q -= 1;
      r += d;
    }
  }
  return [q, r];
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
