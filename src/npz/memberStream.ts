// A member's `.npy` bytes start to end, in bounded chunks, CRC-checked: for extracting and verifying.
import * as zlib from 'zlib';
import type { ByteSource } from '../npy/io/byteSource';
import { readAt } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';
import { cancelledError } from '../shared/job';
import { METHOD_STORED, type ZipMember } from './centralDirectory';
import { crc32, crcHex } from './crc32';

/**
 * Stored members are read through in CHUNK pieces; deflated ones go through Node's zlib stream (native speed;
 * the JS inflater is only needed where block boundaries matter, for the index). Either way no more than about
 * two chunks are held at once, the output is counted as it comes (a member that inflates past its declared size
 * is stopped right there: a zip bomb costs at most one chunk beyond it), and the end is checked: the size, and
 * the CRC-32 against the directory's. The chunks are handed out before the end is known to be good, so a
 * consumer writing them out must discard what it wrote when this throws.
 */
const CHUNK = 1 << 20;

export interface StreamResult {
  bytes: bigint;
  crc32: number;
}

export type ChunkSink = (chunk: Uint8Array) => void | Promise<void>;

/** Stream member `m` (data at `dataOffset` in `archive`) to `sink`; `onBytes` gets the inflated bytes so far. */
export async function streamMemberData(
  archive: ByteSource,
  m: ZipMember,
  dataOffset: bigint,
  sink: ChunkSink,
  signal: AbortSignal,
  onBytes: (done: bigint) => void,
): Promise<StreamResult> {
  let crc = 0;
  let total = 0n;
  const take = async (chunk: Uint8Array): Promise<void> => {
    total += BigInt(chunk.length);
    if (total > m.size) throw new NpyError(`inflates to more than the ${m.size} bytes its directory entry declares`);
    crc = crc32(chunk, crc);
    await sink(chunk);
    onBytes(total);
  };
  const what = `reading member '${m.name}'`;
  if (m.method === METHOD_STORED) {
    for (let at = 0n; at < m.size;) {
      if (signal.aborted) throw cancelledError(what);
      const n = m.size - at < BigInt(CHUNK) ? Number(m.size - at) : CHUNK;
      const part = await readAt(archive, dataOffset + at, n);
      if (part.length < n) throw new NpyError('the file ends inside its data');
      await take(part);
      at += BigInt(n);
    }
  } else if (m.compressedSize > 0n || m.size > 0n) {
    await inflateThrough(archive, m, dataOffset, take, signal, what);
  }
  if (total !== m.size) throw new NpyError(`inflates to ${total} bytes, not the ${m.size} bytes its directory entry declares`);
  if (crc !== m.crc32) throw new NpyError(`CRC-32 mismatch: the data gives ${crcHex(crc)}, the directory ${crcHex(m.crc32)}`);
  return { bytes: total, crc32: crc };
}

async function inflateThrough(
  archive: ByteSource,
  m: ZipMember,
  dataOffset: bigint,
  take: (chunk: Uint8Array) => Promise<void>,
  signal: AbortSignal,
  what: string,
): Promise<void> {
  const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
  let pumpError: unknown;
  const pump = (async () => {
    try {
      for (let at = 0n; at < m.compressedSize && !inflate.destroyed;) {
        if (signal.aborted) throw cancelledError(what);
        const n = m.compressedSize - at < BigInt(CHUNK) ? Number(m.compressedSize - at) : CHUNK;
        const part = await readAt(archive, dataOffset + at, n);
        if (part.length < n) throw new NpyError('the file ends inside its compressed data');
        at += BigInt(n);
        if (!inflate.write(part) && !inflate.destroyed) {
          await new Promise<void>((resolve) => {
            const done = () => {
              inflate.off('drain', done);
              inflate.off('close', done);
              resolve();
            };
            inflate.on('drain', done);
            inflate.on('close', done);
          });
        }
      }
      if (!inflate.destroyed) inflate.end();
    } catch (e) {
      pumpError = e;
      inflate.destroy();
    }
  })();
  try {
    for await (const chunk of inflate) {
      if (signal.aborted) throw cancelledError(what);
      await take(chunk as Buffer);
    }
  } catch (e) {
    if (pumpError) throw pumpError;
    if (e instanceof NpyError) throw e;
    throw new NpyError(`deflate data is corrupt: ${(e as Error).message}`);
  } finally {
    inflate.destroy();
    await pump;
  }
  if (pumpError) throw pumpError;
}
