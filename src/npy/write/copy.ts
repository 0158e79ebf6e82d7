// Bounded streaming copy between two open files: two reusable buffers (read the next chunk while the previous one
// is being written), so memory never grows with the file, with progress and cancellation between chunks.
import type { promises as fs } from 'fs';
import { throwIfAborted } from './atomic';
import { NpyError } from '../types';

/** 4 MiB × 2 buffers: measured fastest here beside `cp` (bigger chunks lose the read/write overlap). */
export const COPY_CHUNK = 4 << 20;

export interface CopyOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes copied so far by this call and the total to copy. */
  onProgress?: (done: bigint, total: bigint) => void;
  chunkSize?: number;
}

const MAX_POS = BigInt(Number.MAX_SAFE_INTEGER);

export function toPosition(p: bigint): number {
  if (p < 0n || p > MAX_POS) throw new NpyError(`file position ${p} is beyond what this platform can address`);
  return Number(p);
}

async function writeAll(h: fs.FileHandle, buf: Uint8Array, len: number, pos: number): Promise<void> {
  let w = 0;
  while (w < len) {
    const { bytesWritten } = await h.write(buf, w, len - w, pos + w);
    if (bytesWritten <= 0) throw Object.assign(new Error('write returned 0 bytes'), { code: 'EIO' });
    w += bytesWritten;
  }
}

/**
 * Copy `length` bytes from `src` at `srcPos` to `dst` at `dstPos`. Fails (code ESHORT, as an NpyError) if the
 * source ends early.
 */
export async function copyRange(
  src: fs.FileHandle,
  srcPos: bigint,
  dst: fs.FileHandle,
  dstPos: bigint,
  length: bigint,
  opts: CopyOptions = {},
): Promise<void> {
  if (length <= 0n) return;
  const chunk = opts.chunkSize ?? COPY_CHUNK;
  const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
  let readAt = srcPos;
  let done = 0n;
  let which = 0;
  const readInto = async (buf: Buffer): Promise<number> => {
    const want = length - (readAt - srcPos);
    if (want <= 0n) return 0;
    const n = want < BigInt(chunk) ? Number(want) : chunk;
    let got = 0;
    while (got < n) {
      const { bytesRead } = await src.read(buf, got, n - got, toPosition(readAt + BigInt(got)));
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got < n) throw new NpyError(`source ended ${length - (readAt - srcPos) - BigInt(got)} bytes early (was it truncated meanwhile?)`);
    readAt += BigInt(got);
    return got;
  };
  let pending: Promise<number> = readInto(bufs[0]);
  pending.catch(() => undefined);
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const n = await pending;
      if (n === 0) break;
      const buf = bufs[which];
      const at = dstPos + done;
      await writing; // the other buffer is free again
      throwIfAborted(opts.signal);
      which ^= 1;
      pending = readInto(bufs[which]);
      pending.catch(() => undefined); // awaited below; a rejection meanwhile must not count as unhandled
      writing = writeAll(dst, buf, n, toPosition(at)).then(() => {
        done += BigInt(n);
        opts.onProgress?.(done, length);
      });
      writing.catch(() => undefined);
    }
    await writing;
  } catch (e) {
    // Let the in-flight operations settle before the caller closes the handles.
    await Promise.allSettled([pending, writing]);
    throw e;
  }
}
