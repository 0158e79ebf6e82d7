// Canonical Huffman decoding tables for the inflater (inflater.ts).
import { NpyError } from '../../npy/types';

/**
 * Deflate's Huffman codes (RFC 1951 §3.2.2) are canonical: a code is given by its lengths alone. Codes of the
 * same length are consecutive integers in symbol order, and the shortest codes come first. Codes are packed
 * starting from the most significant bit of the code, while every other field is packed from the least
 * significant bit, so a code read LSB-first from the bit buffer is the bit-reverse of its canonical value.
 *
 * zlib's rules, which we follow so a stream zlib refuses is refused here too:
 * - a set of lengths that is over-subscribed (more codes than the lengths allow) is invalid;
 * - an incomplete set is invalid, except a literal/length or distance code of exactly one code of length 1
 *   (the other one-bit pattern is then an invalid code if met in the data); a distance code may also have no
 *   codes at all (a block of literals only), and then any distance is an invalid code;
 * - the code-length code (the 19-symbol code of a dynamic header) must be complete.
 */
export type CodeKind = 'codeLengths' | 'literals' | 'distances';

/** Codes up to this many bits decode with one table look-up; longer ones (rare by construction) walk the counts. */
export const FAST_BITS = 10;
export const FAST_MASK = (1 << FAST_BITS) - 1;
const MAX_BITS = 15;

/** Bit-reversal of a byte, for turning canonical codes into LSB-first table indexes. */
const REVERSE8 = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let r = 0;
  for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= 0x80 >> b;
  REVERSE8[i] = r;
}

function reverse(code: number, length: number): number {
  return ((REVERSE8[code & 0xff] << 8) | REVERSE8[code >> 8]) >> (16 - length);
}

const KIND_TEXT: Record<CodeKind, string> = {
  codeLengths: 'code lengths',
  literals: 'literal/length',
  distances: 'distance',
};

export class HuffmanTable {
  /** Indexed by the next FAST_BITS input bits: `(symbol << 4) | length`, or 0 for a longer or invalid code. */
  readonly fast = new Uint16Array(1 << FAST_BITS);
  /** Codes of each length, and the symbols sorted by (length, symbol): the canonical code, for the slow path. */
  readonly count = new Uint16Array(MAX_BITS + 1);
  readonly symbols = new Uint16Array(320);
  private readonly offsets = new Uint16Array(MAX_BITS + 2);
  private readonly next = new Uint16Array(MAX_BITS + 1);

  /** Build from `lengths[start .. start + n)`; throws NpyError for a set zlib would refuse. */
  build(lengths: Uint8Array, start: number, n: number, kind: CodeKind): void {
    const count = this.count;
    count.fill(0);
    for (let i = 0; i < n; i++) count[lengths[start + i]]++;
    count[0] = 0;
    let left = 1;
    let max = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      left = (left << 1) - count[len];
      if (left < 0) throw new NpyError(`invalid ${KIND_TEXT[kind]} code (over-subscribed)`);
      if (count[len] !== 0) max = len;
    }
    if (left > 0 && !(kind !== 'codeLengths' && max <= 1 && (max === 1 || kind === 'distances'))) {
      throw new NpyError(`invalid ${KIND_TEXT[kind]} code (incomplete)`);
    }

    const offsets = this.offsets;
    offsets[1] = 0;
    for (let len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len] + count[len];
    const next = this.next;
    let code = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code = (code + count[len - 1]) << 1;
      next[len] = code;
    }
    const fast = this.fast;
    fast.fill(0);
    const symbols = this.symbols;
    for (let sym = 0; sym < n; sym++) {
      const len = lengths[start + sym];
      if (len === 0) continue;
      symbols[offsets[len]++] = sym;
      const c = next[len]++;
      if (len <= FAST_BITS) {
        const entry = (sym << 4) | len;
        for (let r = reverse(c, len); r <= FAST_MASK; r += 1 << len) fast[r] = entry;
      }
    }
  }

  /**
   * The slow path for a code longer than FAST_BITS (or an invalid one): walk the code bit by bit through the
   * counts of each length, as the canonical construction defines it. `bits` holds at least 15 input bits.
   * Returns `(symbol << 4) | length`, or -1 for a bit pattern that is no code.
   */
  slow(bits: number): number {
    const count = this.count;
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= (bits >>> (len - 1)) & 1;
      const c = count[len];
      if (code - first < c) return (this.symbols[index + code - first] << 4) | len;
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    return -1;
  }
}
