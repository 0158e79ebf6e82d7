// Shared bits of the npz tests: a counting source, rejection checks, a temp dir, and a plain inflate driver.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readBatchFrom, type BatchRead, type BatchResult, type ByteSource } from '../../../src/npy/io/byteSource';
import { NpyError } from '../../../src/npy/types';
import { BLOCK_BOUNDARY, Inflater, NEED_INPUT, OUTPUT_FULL } from '../../../src/npz/inflate/inflater';

/** Counts the bytes and reads asked of a source. */
export class CountingSource implements ByteSource {
  bytes = 0;
  reads = 0;
  constructor(private readonly inner: ByteSource) {}
  size(): Promise<bigint> {
    return this.inner.size();
  }
  async read(position: bigint, into: Uint8Array): Promise<number> {
    this.reads++;
    this.bytes += into.length;
    return this.inner.read(position, into);
  }
  /** One batch counts as one read (FileSource sends it to its worker in one message). */
  readBatch(reads: readonly BatchRead[], total: number): Promise<BatchResult> {
    this.reads++;
    this.bytes += reads.reduce((s, r) => s + r.length, 0);
    return readBatchFrom(this.inner, reads, total);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export async function expectNpyError(p: () => Promise<unknown> | unknown, pattern: RegExp): Promise<NpyError> {
  try {
    await p();
  } catch (e) {
    assert.ok(e instanceof NpyError, `expected NpyError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), `message must be one line: ${e.message}`);
    assert.ok(e.message.length < 300, `message too long: ${e.message}`);
    return e;
  }
  assert.fail(`expected an NpyError matching ${pattern}`);
}

export function tempDir(prefix: string): { dir: string; path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Inflate `c` whole with the JS inflater, feeding `chunk` bytes at a time; records the block boundaries
 * (output offset, bit offset) and the output.
 */
export function jsInflate(c: Uint8Array, chunk = 65536, capacity = 1 << 16): { out: Uint8Array; boundaries: { out: number; bit: number }[] } {
  const inf = new Inflater(capacity, true);
  inf.start(0, 0);
  const parts: Uint8Array[] = [];
  const boundaries: { out: number; bit: number }[] = [];
  let flushed = 0;
  const buf = new Uint8Array(chunk + 1024);
  let have = 0;
  const feed = () => {
    const left = inf.inputLeft;
    const from = inf.nextInputOffset;
    buf.copyWithin(0, have - left, have);
    const n = Math.min(chunk, buf.length - left, c.length - (from + left));
    buf.set(c.subarray(from + left, from + left + n), left);
    have = left + n;
    inf.setInput(buf, 0, have, from, from + have >= c.length);
  };
  feed();
  for (;;) {
    const s = inf.run();
    if (s === NEED_INPUT) feed();
    else if (s === OUTPUT_FULL) {
      parts.push(inf.out.slice(flushed, inf.outPos));
      inf.slide();
      flushed = inf.outPos;
    } else if (s === BLOCK_BOUNDARY) boundaries.push({ out: inf.outOffset, bit: inf.bitPosition });
    else {
      parts.push(inf.out.slice(flushed, inf.outPos));
      break;
    }
  }
  return { out: Buffer.concat(parts), boundaries };
}

/** Inflate from a block boundary with the given window, until `length` bytes are out (or the end). */
export function jsInflateFrom(c: Uint8Array, bit: number, outOffset: number, window: Uint8Array, length: number): Uint8Array {
  const inf = new Inflater(1 << 16);
  inf.start(bit, outOffset, window);
  const start = Math.floor(bit / 8);
  inf.setInput(c, start, c.length, start, true);
  const parts: Uint8Array[] = [];
  let got = 0;
  let flushed = inf.outPos;
  for (;;) {
    const s = inf.run();
    parts.push(inf.out.slice(flushed, inf.outPos));
    got += inf.outPos - flushed;
    if (s === OUTPUT_FULL) inf.slide();
    flushed = inf.outPos;
    if (got >= length || s !== OUTPUT_FULL) break;
  }
  return Buffer.concat(parts).subarray(0, length);
}

/** A deterministic pseudo-random generator (xorshift32), for reproducible fuzzing. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}
