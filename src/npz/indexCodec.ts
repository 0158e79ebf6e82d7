// The inflate index on disk: a compact binary form the host can keep and reuse when the archive is reopened.
// The bytes come back from storage we do not control, so they are parsed as strictly as the archive itself.
import * as zlib from 'zlib';
import { NpyError } from '../npy/types';
import { crc32 } from './crc32';
import { WINDOW_SIZE } from './inflate/inflater';
import type { Checkpoint, InflateIndex } from './inflateIndex';

/**
 * Layout, little-endian:
 *   magic "NPZIDX\r\n" (8)  version u32 = 1
 *   key: path (u32 length + UTF-8), file size u64, mtime ms f64, member name (u32 length + UTF-8),
 *        local header offset u64, compressed size u64, size u64, CRC-32 u32
 *   spacing u64, checkpoint count u32
 *   per checkpoint: output offset u64, bit offset u64, deflated window length u32, deflated window
 *   CRC-32 of all the bytes before it, u32
 * Only complete indexes are written. Reading checks the magic, version, every length against the bytes left,
 * the key against the archive being opened (a changed file makes the index stale), the checkpoints' order and
 * range, that each window inflates to exactly min(32 KiB, offset) bytes, and the trailing CRC.
 */
const MAGIC = Uint8Array.from('NPZIDX\r\n', (c) => c.charCodeAt(0));
const VERSION = 1;

/** What identifies the member an index belongs to: the archive file (as the host stats it) and the member. */
export interface IndexKey {
  path: string;
  fileSize: bigint;
  mtimeMs: number;
  memberName: string;
  localOffset: bigint;
  compressedSize: bigint;
  size: bigint;
  crc32: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  bytes(b: Uint8Array): void {
    this.push(b);
  }
  u32(x: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, x, true);
    this.push(b);
  }
  u64(x: bigint | number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(x), true);
    this.push(b);
  }
  f64(x: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, true);
    this.push(b);
  }
  text(s: string): void {
    const b = enc.encode(s);
    this.u32(b.length);
    this.push(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.length + 4);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    new DataView(out.buffer).setUint32(at, crc32(out.subarray(0, at)), true);
    return out;
  }
}

function bad(what: string): NpyError {
  return new NpyError(`the stored inflate index is unusable: ${what}`);
}

class Reader {
  private at = 0;
  private readonly v: DataView;
  constructor(private readonly b: Uint8Array) {
    this.v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  get left(): number {
    return this.b.length - this.at;
  }
  private need(n: number): void {
    if (n > this.left) throw bad('it is cut off');
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u32(): number {
    this.need(4);
    const x = this.v.getUint32(this.at, true);
    this.at += 4;
    return x;
  }
  u64(): bigint {
    this.need(8);
    const x = this.v.getBigUint64(this.at, true);
    this.at += 8;
    return x;
  }
  safe(): number {
    const x = this.u64();
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('an offset is out of range');
    return Number(x);
  }
  f64(): number {
    this.need(8);
    const x = this.v.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }
  text(max: number): string {
    const n = this.u32();
    if (n > max) throw bad('a name is too long');
    try {
      return dec.decode(this.bytes(n));
    } catch (e) {
      if (e instanceof NpyError) throw e;
      throw bad('a name is not UTF-8');
    }
  }
}

function writeKey(w: Writer, k: IndexKey): void {
  w.text(k.path);
  w.u64(k.fileSize);
  w.f64(k.mtimeMs);
  w.text(k.memberName);
  w.u64(k.localOffset);
  w.u64(k.compressedSize);
  w.u64(k.size);
  w.u32(k.crc32);
}

export function serializeIndex(index: InflateIndex, key: IndexKey): Uint8Array {
  if (!index.complete) throw new NpyError('only a complete inflate index can be stored');
  const w = new Writer();
  w.bytes(MAGIC);
  w.u32(VERSION);
  writeKey(w, key);
  w.u64(index.spacing);
  w.u32(index.checkpoints.length);
  for (const cp of index.checkpoints) {
    w.u64(cp.out);
    w.u64(cp.bit);
    w.u32(cp.window.length);
    w.bytes(cp.window);
  }
  return w.finish();
}

/**
 * Parse a stored index for the member `key` names. Throws NpyError (one line) when the bytes are damaged, of
 * another version, or for another file or member; the host then drops them and indexes again.
 */
export function deserializeIndex(bytes: Uint8Array, key: IndexKey, maxCheckpoints = 1 << 20): InflateIndex {
  if (bytes.length < MAGIC.length + 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('it is not an NPY Studio inflate index');
  const body = bytes.subarray(0, bytes.length - 4);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  if (crc32(body) !== stored) throw bad('its checksum does not match (damaged)');
  const r = new Reader(body);
  r.bytes(MAGIC.length);
  const version = r.u32();
  if (version !== VERSION) throw bad(`it is version ${version}, this build reads version ${VERSION}`);
  const path = r.text(1 << 16);
  const fileSize = r.u64();
  const mtimeMs = r.f64();
  const memberName = r.text(1 << 16);
  const localOffset = r.u64();
  const compressedSize = r.u64();
  const size = r.u64();
  const crc = r.u32();
  if (
    path !== key.path ||
    fileSize !== key.fileSize ||
    !Object.is(mtimeMs, key.mtimeMs) ||
    memberName !== key.memberName ||
    localOffset !== key.localOffset ||
    compressedSize !== key.compressedSize ||
    size !== key.size ||
    crc !== key.crc32
  ) {
    throw bad('it was made for another version of the file or another member (stale)');
  }
  if (size > BigInt(Number.MAX_SAFE_INTEGER) || compressedSize > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('the member is too large');
  const total = Number(size);
  const bits = Number(compressedSize) * 8;
  const spacing = r.safe();
  const count = r.u32();
  // Each checkpoint takes at least 20 bytes: a count the bytes cannot hold is refused before any allocation.
  if (count < 1 || count > maxCheckpoints || count * 20 > r.left) throw bad(`it claims ${count} checkpoints`);
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < count; i++) {
    const out = r.safe();
    const bit = r.safe();
    const wlen = r.u32();
    const window = r.bytes(wlen).slice();
    const prev = checkpoints[i - 1];
    if (i === 0 ? out !== 0 || bit !== 0 || wlen !== 0 : out <= prev.out || bit <= prev.bit || out >= total || bit >= bits) {
      throw bad(`checkpoint ${i} is out of order or out of range`);
    }
    const expect = Math.min(WINDOW_SIZE, out);
    if (expect > 0) {
      let raw: Uint8Array;
      try {
        raw = zlib.inflateRawSync(window, { maxOutputLength: expect });
      } catch {
        throw bad(`checkpoint ${i} has a damaged window`);
      }
      if (raw.length !== expect) throw bad(`checkpoint ${i} has a window of the wrong size`);
    }
    checkpoints.push({ out, bit, window });
  }
  if (r.left !== 0) throw bad('it has bytes after its last checkpoint');
  return {
    member: { name: memberName, compressedSize: Number(compressedSize), size: total, crc32: crc },
    spacing,
    checkpoints,
    complete: true,
  };
}
