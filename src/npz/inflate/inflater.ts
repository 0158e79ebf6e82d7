// A resumable raw-deflate decoder that knows where its blocks start, to the bit: the one thing Node's zlib
// cannot tell us, and what random access into a deflated member needs (see ../inflateIndex.ts).
import { NpyError } from '../../npy/types';
import { FAST_MASK, HuffmanTable } from './huffman';

/**
 * Deflate, RFC 1951, as this decoder reads it:
 * - A stream is a sequence of blocks; each starts with 3 header bits: BFINAL (1 on the last block) and BTYPE
 *   (0 stored, 1 fixed Huffman codes, 2 dynamic Huffman codes, 3 invalid). Bits are read least significant
 *   first; blocks are NOT byte-aligned, so a block boundary is a bit offset.
 * - Stored: skip to the next byte boundary, then LEN and NLEN (16 bits each, NLEN = ~LEN), then LEN raw bytes.
 * - Huffman blocks: literal/length symbols 0-255 are bytes, 256 ends the block, 257-285 are match lengths 3-258
 *   (with extra bits), each followed by a distance symbol 0-29 (distances 1-32768, with extra bits) that copies
 *   from the output already made. A match may reach back across block boundaries, up to 32 KiB: so decoding can
 *   resume at any block boundary given its bit offset and the 32 KiB of output before it (zlib's zran.c).
 * - Dynamic header: HLIT (257-286 literal/length lengths), HDIST (1-30 distance lengths), HCLEN (4-19) 3-bit
 *   lengths of the code-length code, in a fixed order; then the lengths, run-length coded with symbols 16 (repeat
 *   previous 3-6), 17 (zeros 3-10), 18 (zeros 11-138); a run may cross from literal to distance lengths but not
 *   past their end, and symbol 256 must have a code.
 * The checks are zlib's (huffman.ts lists those on codes), so what zlib refuses this refuses: a stream is never
 * half-understood.
 *
 * Use: give input with setInput() and call run() until it returns STREAM_END. It stops, with its state kept,
 * when it needs more input (NEED_INPUT: pass the unread tail again with more bytes after it), when its output
 * buffer is full (OUTPUT_FULL: take the output, then slide()), and, with `stopAtBlocks`, at every block boundary
 * (BLOCK_BOUNDARY: bitPosition is the boundary). It suspends only between symbols, so the hot loop needs no
 * per-bit state machine: NEED_INPUT comes while 16 input bytes (the most one symbol can take) or, before a block
 * header, HEADER_MARGIN bytes (a dynamic header is at most ~560) are left, unless the input is final.
 */
export const NEED_INPUT = 0;
export const OUTPUT_FULL = 1;
export const BLOCK_BOUNDARY = 2;
export const STREAM_END = 3;
export type InflateStatus = typeof NEED_INPUT | typeof OUTPUT_FULL | typeof BLOCK_BOUNDARY | typeof STREAM_END;

/** How far back a match may reach, and so how much output a resume point must keep. */
export const WINDOW_SIZE = 32768;
const MAX_MATCH = 258;
/** Input bytes a block header may need without suspending: a dynamic header is at most ~560 bytes. */
export const HEADER_MARGIN = 1024;
/** Input bytes one literal/length/distance symbol may need (at most 48 bits, plus the bit-buffer refill). */
const SYMBOL_MARGIN = 16;

const MODE_HEADER = 0;
const MODE_STORED = 1;
const MODE_CODES = 2;
const MODE_DONE = 3;

const LENGTH_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LENGTH_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** The fixed codes of BTYPE 1: literal/length 0-143 8 bits, 144-255 9, 256-279 7, 280-287 8; 32 distances of 5. */
const FIXED_LITERALS = new HuffmanTable();
const FIXED_DISTANCES = new HuffmanTable();
{
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  FIXED_LITERALS.build(l, 0, 288, 'literals');
  FIXED_DISTANCES.build(new Uint8Array(32).fill(5), 0, 32, 'distances');
}

const EMPTY = new Uint8Array(0);

export class Inflater {
  /** Output buffer: up to WINDOW_SIZE bytes of history, then new output; `out[0 .. outPos)` is all real. */
  readonly out: Uint8Array;
  /** Next write index in `out`. */
  outPos = 0;
  /** Stream output offset of `out[0]`. */
  outBase = 0;

  private input: Uint8Array = EMPTY;
  private inPos = 0;
  private inEnd = 0;
  private final = false;
  /** Stream byte offset of `input[0]`. */
  private inBase = 0;
  /** Bits not yet consumed, least significant first; refilled to 24..31 bits so it stays a small int. */
  private bitBuf = 0;
  private bitCnt = 0;
  /** Zero bytes loaded past the end of final input (a consumed one means the stream is cut off). */
  private overrun = 0;
  /** Bits of the first input byte to drop when starting at a bit offset. */
  private skip = 0;

  private mode = MODE_HEADER;
  private last = false;
  private storedLeft = 0;
  private boundaryReported = false;
  private litTable = FIXED_LITERALS;
  private distTable = FIXED_DISTANCES;
  private readonly dynLit = new HuffmanTable();
  private readonly dynDist = new HuffmanTable();
  private readonly codeLenTable = new HuffmanTable();
  private readonly lengths = new Uint8Array(320);

  constructor(
    /** Bytes of new output the buffer holds beyond the window (at least 2 × MAX_MATCH). */
    capacity: number,
    /** Report every block boundary (the indexing pass). */
    readonly stopAtBlocks = false,
  ) {
    this.out = new Uint8Array(WINDOW_SIZE + Math.max(capacity, 2 * MAX_MATCH));
  }

  /**
   * Start (again) at a block boundary: `bitOffset` into the stream, `outOffset` bytes of output before it, of
   * which `window` is the tail (up to WINDOW_SIZE bytes; all of it when outOffset < WINDOW_SIZE).
   */
  start(bitOffset: number, outOffset: number, window: Uint8Array = EMPTY): void {
    if (window.length > WINDOW_SIZE || window.length > outOffset) throw new RangeError('bad inflate window');
    this.out.set(window, 0);
    this.outPos = window.length;
    this.outBase = outOffset - window.length;
    this.input = EMPTY;
    this.inPos = this.inEnd = 0;
    this.inBase = Math.floor(bitOffset / 8);
    this.final = false;
    this.bitBuf = this.bitCnt = this.overrun = 0;
    this.skip = bitOffset % 8;
    this.mode = MODE_HEADER;
    this.last = false;
    this.storedLeft = 0;
    this.boundaryReported = false;
  }

  /**
   * Input `buf[start .. end)`, which starts at stream byte `streamOffset` (the byte the decoder asked for next:
   * after NEED_INPUT, the first unread one, `nextInputOffset`). `final` when it runs to the end of the stream's data.
   */
  setInput(buf: Uint8Array, start: number, end: number, streamOffset: number, final: boolean): void {
    this.input = buf;
    this.inPos = start;
    this.inEnd = end;
    this.inBase = streamOffset - start;
    this.final = final;
    if (this.skip !== 0 && start < end) {
      this.bitBuf = buf[this.inPos++] >>> this.skip;
      this.bitCnt = 8 - this.skip;
      this.skip = 0;
    }
  }

  /** Stream byte offset of the first input byte not yet taken into the bit buffer. */
  get nextInputOffset(): number {
    return this.inBase + this.inPos;
  }

  /** Unread input bytes in the current buffer. */
  get inputLeft(): number {
    return this.inEnd - this.inPos;
  }

  /** Stream bit offset of the next bit to decode (a block boundary right after BLOCK_BOUNDARY). */
  get bitPosition(): number {
    return (this.inBase + this.inPos) * 8 - this.bitCnt;
  }

  /** Stream output offset of the next byte to be made. */
  get outOffset(): number {
    return this.outBase + this.outPos;
  }

  get ended(): boolean {
    return this.mode === MODE_DONE;
  }

  /** Make room after OUTPUT_FULL (take the output first): keep the last WINDOW_SIZE bytes as history. */
  slide(): void {
    if (this.outPos <= WINDOW_SIZE) return;
    const shift = this.outPos - WINDOW_SIZE;
    this.out.copyWithin(0, shift, this.outPos);
    this.outBase += shift;
    this.outPos = WINDOW_SIZE;
  }

  run(): InflateStatus {
    for (;;) {
      switch (this.mode) {
        case MODE_HEADER:
          if (this.last) {
            this.mode = MODE_DONE;
            return STREAM_END;
          }
          if (this.stopAtBlocks && !this.boundaryReported) {
            this.boundaryReported = true;
            return BLOCK_BOUNDARY;
          }
          if (!this.final && this.inEnd - this.inPos < HEADER_MARGIN) return NEED_INPUT;
          this.boundaryReported = false;
          this.blockHeader();
          break;
        case MODE_STORED: {
          const s = this.stored();
          if (s >= 0) return s as InflateStatus;
          break;
        }
        case MODE_CODES: {
          const s = this.codes();
          if (s >= 0) return s as InflateStatus;
          break;
        }
        default:
          return STREAM_END;
      }
    }
  }

  private fail(what: string, inPos = this.inPos, bitCnt = this.bitCnt): never {
    const at = Math.floor(((this.inBase + inPos) * 8 - bitCnt) / 8);
    throw new NpyError(`deflate data is corrupt: ${what} (at compressed byte ${at})`);
  }

  private truncated(): never {
    throw new NpyError('deflate data is cut off: the compressed bytes end before the deflate stream does');
  }

  /** Ensure `n` ≤ 24 bits in the buffer (padding with zeros past final input; see checkOverrun). */
  private need(n: number): void {
    while (this.bitCnt < n) {
      let byte = 0;
      if (this.inPos < this.inEnd) byte = this.input[this.inPos++];
      else if (this.final) this.overrun++;
      else throw new Error('inflater read past its input margin');
      this.bitBuf |= byte << this.bitCnt;
      this.bitCnt += 8;
    }
  }

  private bits(n: number): number {
    this.need(n);
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCnt -= n;
    return v;
  }

  private checkOverrun(): void {
    if (this.overrun !== 0 && this.overrun * 8 > this.bitCnt) this.truncated();
  }

  private symbol(table: HuffmanTable, what: string): number {
    this.need(24);
    let e = table.fast[this.bitBuf & FAST_MASK];
    if (e === 0) {
      e = table.slow(this.bitBuf);
      if (e < 0) this.fail(`invalid ${what} code`);
    }
    this.bitBuf >>>= e & 15;
    this.bitCnt -= e & 15;
    this.checkOverrun();
    return e >> 4;
  }

  private blockHeader(): void {
    this.last = this.bits(1) === 1;
    const type = this.bits(2);
    if (type === 0) {
      const drop = this.bitCnt & 7;
      this.bitBuf >>>= drop;
      this.bitCnt -= drop;
      const len = this.bits(16);
      const nlen = this.bits(16);
      this.checkOverrun();
      if (len !== (~nlen & 0xffff)) this.fail('invalid stored block lengths');
      this.storedLeft = len;
      this.mode = MODE_STORED;
    } else if (type === 1) {
      this.litTable = FIXED_LITERALS;
      this.distTable = FIXED_DISTANCES;
      this.checkOverrun();
      this.mode = MODE_CODES;
    } else if (type === 2) {
      this.dynamicHeader();
      this.mode = MODE_CODES;
    } else {
      this.fail('invalid block type');
    }
  }

  private build(table: HuffmanTable, start: number, n: number, kind: 'codeLengths' | 'literals' | 'distances'): void {
    try {
      table.build(this.lengths, start, n, kind);
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  private dynamicHeader(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) this.fail('too many length or distance symbols');
    const lengths = this.lengths;
    lengths.fill(0, 0, 19);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]] = this.bits(3);
    this.checkOverrun();
    this.build(this.codeLenTable, 0, 19, 'codeLengths');
    // The code-length table was built from lengths[0..19); the literal and distance lengths reuse the array.
    const total = nlen + ndist;
    const cl = this.codeLenTable;
    const decoded = new Uint8Array(total);
    let i = 0;
    while (i < total) {
      const sym = this.symbol(cl, 'code lengths');
      if (sym < 16) {
        decoded[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) this.fail('invalid bit length repeat');
        value = decoded[i - 1];
        repeat = 3 + this.bits(2);
      } else if (sym === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      this.checkOverrun();
      if (i + repeat > total) this.fail('invalid bit length repeat');
      decoded.fill(value, i, i + repeat);
      i += repeat;
    }
    if (decoded[256] === 0) this.fail('missing end-of-block code');
    lengths.set(decoded, 0);
    this.build(this.dynLit, 0, nlen, 'literals');
    this.build(this.dynDist, nlen, ndist, 'distances');
    this.litTable = this.dynLit;
    this.distTable = this.dynDist;
  }

  /** Returns a status to stop with, or -1 at the end of the block. */
  private stored(): number {
    const out = this.out;
    while (this.storedLeft > 0 && this.bitCnt >= 8) {
      if (this.outPos >= out.length) return OUTPUT_FULL;
      out[this.outPos++] = this.bitBuf & 0xff;
      this.bitBuf >>>= 8;
      this.bitCnt -= 8;
      this.storedLeft--;
      this.checkOverrun();
    }
    while (this.storedLeft > 0) {
      const room = out.length - this.outPos;
      if (room === 0) return OUTPUT_FULL;
      const avail = this.inEnd - this.inPos;
      if (avail === 0) {
        if (this.final) this.truncated();
        return NEED_INPUT;
      }
      const n = Math.min(this.storedLeft, room, avail);
      out.set(this.input.subarray(this.inPos, this.inPos + n), this.outPos);
      this.inPos += n;
      this.outPos += n;
      this.storedLeft -= n;
    }
    this.mode = MODE_HEADER;
    return -1;
  }

  /** The hot loop of a Huffman block, on locals. Returns a status to stop with, or -1 at the end of the block. */
  private codes(): number {
    const input = this.input;
    const inEnd = this.inEnd;
    const final = this.final;
    const out = this.out;
    const outLimit = out.length - MAX_MATCH;
    const lit = this.litTable;
    const dist = this.distTable;
    const litFast = lit.fast;
    const distFast = dist.fast;
    let bitBuf = this.bitBuf;
    let bitCnt = this.bitCnt;
    let inPos = this.inPos;
    let outPos = this.outPos;
    let overrun = this.overrun;
    let status = -1;
    let error = '';
    for (;;) {
      if (inEnd - inPos < SYMBOL_MARGIN && !final) {
        status = NEED_INPUT;
        break;
      }
      if (outPos > outLimit) {
        status = OUTPUT_FULL;
        break;
      }
      while (bitCnt < 24) {
        if (inPos < inEnd) bitBuf |= input[inPos++] << bitCnt;
        else overrun++;
        bitCnt += 8;
      }
      let e = litFast[bitBuf & FAST_MASK];
      if (e === 0) {
        e = lit.slow(bitBuf);
        if (e < 0) {
          error = 'invalid literal/length code';
          break;
        }
      }
      let n = e & 15;
      bitBuf >>>= n;
      bitCnt -= n;
      let sym = e >> 4;
      if (sym < 256) {
        out[outPos++] = sym;
        // Literals come in runs: take a second one from the same refill when its whole code is in the buffer.
        e = litFast[bitBuf & FAST_MASK];
        if (e !== 0 && e < 256 << 4 && (e & 15) <= bitCnt) {
          n = e & 15;
          bitBuf >>>= n;
          bitCnt -= n;
          out[outPos++] = e >> 4;
        }
      } else if (sym === 256) {
        this.mode = MODE_HEADER;
        if (overrun !== 0 && overrun * 8 > bitCnt) error = 'cut';
        break;
      } else {
        sym -= 257;
        if (sym >= 29) {
          error = 'invalid literal/length code';
          break;
        }
        let length = LENGTH_BASE[sym];
        n = LENGTH_EXTRA[sym];
        if (n !== 0) {
          length += bitBuf & ((1 << n) - 1);
          bitBuf >>>= n;
          bitCnt -= n;
        }
        while (bitCnt < 24) {
          if (inPos < inEnd) bitBuf |= input[inPos++] << bitCnt;
          else overrun++;
          bitCnt += 8;
        }
        e = distFast[bitBuf & FAST_MASK];
        if (e === 0) {
          e = dist.slow(bitBuf);
          if (e < 0) {
            error = 'invalid distance code';
            break;
          }
        }
        n = e & 15;
        bitBuf >>>= n;
        bitCnt -= n;
        sym = e >> 4;
        if (sym >= 30) {
          error = 'invalid distance code';
          break;
        }
        let distance = DIST_BASE[sym];
        n = DIST_EXTRA[sym];
        if (n !== 0) {
          while (bitCnt < 24) {
            if (inPos < inEnd) bitBuf |= input[inPos++] << bitCnt;
            else overrun++;
            bitCnt += 8;
          }
          distance += bitBuf & ((1 << n) - 1);
          bitBuf >>>= n;
          bitCnt -= n;
        }
        // out[0 .. outPos) is all real history (start() puts the window at 0; slide() keeps WINDOW_SIZE).
        if (distance > outPos) {
          error = 'invalid distance too far back';
          break;
        }
        let from = outPos - distance;
        if (length >= 32 && distance >= length) {
          out.copyWithin(outPos, from, from + length);
          outPos += length;
        } else {
          // Matches are at least 3 bytes; most are short, so the first three go unrolled.
          const end = outPos + length;
          out[outPos] = out[from];
          out[outPos + 1] = out[from + 1];
          out[outPos + 2] = out[from + 2];
          outPos += 3;
          from += 3;
          while (outPos < end) out[outPos++] = out[from++];
        }
      }
      if (overrun !== 0 && overrun * 8 > bitCnt) {
        error = 'cut';
        break;
      }
    }
    this.bitBuf = bitBuf;
    this.bitCnt = bitCnt;
    this.inPos = inPos;
    this.outPos = outPos;
    this.overrun = overrun;
    if (error === 'cut') this.truncated();
    if (error) this.fail(error, inPos, bitCnt);
    return status;
  }
}
