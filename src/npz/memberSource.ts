// The ByteSource over one member's `.npy` bytes: how it is made depends on how the member is stored.
import * as zlib from 'zlib';
import { promisify } from 'util';
import { MemorySource, readAt, type ByteSource } from '../npy/io/byteSource';
import { WindowSource } from '../npy/io/windowSource';
import { NpyError } from '../npy/types';
import { METHOD_STORED, type ZipMember } from './centralDirectory';
import { crc32, crcHex } from './crc32';
import { newIndex, type IndexOptions, type InflateIndex } from './inflateIndex';
import { InflatingSource } from './inflatingSource';

/**
 * - Stored: a window into the archive at the data offset; nothing is copied, reads go straight to the file.
 * - Deflated, inflating to at most `inMemoryLimit` bytes: inflated once, whole, by zlib (off the main thread),
 *   into memory, and CRC-checked; the output may not pass the declared size (zlib stops there), so the
 *   allocation is bounded by the limit, never by what the file claims.
 * - Deflated and bigger: an InflatingSource (random access through an index of checkpoints).
 */
export const DEFAULT_IN_MEMORY_LIMIT = 64 << 20;
const inflateRaw = promisify(zlib.inflateRaw) as (buf: Uint8Array, opts: zlib.ZlibOptions) => Promise<Buffer>;

export interface MemberSourceOptions extends IndexOptions {
  /** Deflated members of at most this many inflated bytes are inflated whole into memory (default 64 MiB). */
  inMemoryLimit?: number;
}

export function isLargeDeflated(m: ZipMember, opts: MemberSourceOptions): boolean {
  const limit = BigInt(Math.floor(opts.inMemoryLimit ?? DEFAULT_IN_MEMORY_LIMIT));
  return m.method !== METHOD_STORED && (m.size > limit || m.compressedSize > limit);
}

export async function makeMemberSource(archive: ByteSource, m: ZipMember, dataOffset: bigint, opts: MemberSourceOptions, index?: InflateIndex): Promise<ByteSource> {
  if (m.method === METHOD_STORED) return new WindowSource(archive, dataOffset, m.size);
  if (m.size === 0n && m.compressedSize === 0n) return new MemorySource(new Uint8Array(0));
  if (m.size > BigInt(Number.MAX_SAFE_INTEGER) || m.compressedSize > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NpyError('it is larger than 8 PiB, which is not supported');
  }
  const compressed = new WindowSource(archive, dataOffset, m.compressedSize);
  if (!isLargeDeflated(m, opts)) return new MemorySource(await inflateWhole(compressed, m));
  const identity = { name: m.name, compressedSize: Number(m.compressedSize), size: Number(m.size), crc32: m.crc32 };
  return new InflatingSource(compressed, index ?? newIndex(identity, opts));
}

async function inflateWhole(compressed: ByteSource, m: ZipMember): Promise<Uint8Array> {
  const n = Number(m.compressedSize);
  const bytes = await readAt(compressed, 0n, n);
  if (bytes.length < n) throw new NpyError('the file ends inside its compressed data');
  let out: Buffer;
  try {
    out = await inflateRaw(bytes, { maxOutputLength: Math.max(1, Number(m.size)) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE') throw new NpyError(`inflates to more than the ${m.size} bytes its directory entry declares`);
    if (err.code === 'Z_BUF_ERROR') throw new NpyError('deflate data is cut off: the compressed bytes end before the deflate stream does');
    throw new NpyError(`deflate data is corrupt: ${err.message}`);
  }
  if (BigInt(out.length) !== m.size) throw new NpyError(`inflates to ${out.length} bytes, not the ${m.size} bytes its directory entry declares`);
  const crc = crc32(out);
  if (crc !== m.crc32) throw new NpyError(`CRC-32 mismatch: the data gives ${crcHex(crc)}, the directory ${crcHex(m.crc32)}`);
  return out;
}
