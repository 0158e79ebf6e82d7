// Bounded streaming copy between two open files: two reusable buffers (read the next chunk while the previous one
// is being written), so memory never grows with the file, with progress and cancellation between chunks.
import type { promises as fs } from 'fs';
import { spawn, spawnSync } from 'child_process';
import { throwIfAborted } from './atomic';
import { NpyError } from '../types';
import { openRegularFile } from '../io/fileSource';

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
export async function copyRange(src: fs.FileHandle, srcPos: bigint, dst: fs.FileHandle, dstPos: bigint, length: bigint, opts: CopyOptions = {}): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------------
// Kernel copy. Node exposes copy_file_range only through fs.copyFile (whole files, from offset 0). GNU cat ≥ 9
// calls copy_file_range(stdin, NULL, stdout, NULL, …) itself, continuing from both descriptors' file offsets, so a
// `cat` child whose stdin is the source positioned at the first data byte and whose stdout is the output positioned
// after the header copies inside the kernel (no user-space buffers) — as fast as `cp`. Used on Linux when those
// offsets are cheap to reach; everything else takes the bounded user-space loop above.

/** Up to this many bytes are read to position the source, or copied past the end and cut off again. */
const KERNEL_COPY_SLACK = 64n << 20n;
let catProbe: boolean | undefined;

function catUsesCopyFileRange(): boolean {
  if (process.platform !== 'linux' || process.env.NPY_STUDIO_NO_KERNEL_COPY === '1') return false;
  if (catProbe === undefined) {
    try {
      const r = spawnSync('cat', ['--version'], { encoding: 'utf8', timeout: 5000 });
      const m = /GNU coreutils\)? (\d+)\./.exec(r.stdout ?? '');
      catProbe = r.status === 0 && !!m && Number(m[1]) >= 9;
    } catch {
      catProbe = false;
    }
  }
  return catProbe === true;
}

const ERRNO_TEXT: Array<[RegExp, string]> = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/File too large/i, 'EFBIG'],
  [/Input\/output error/i, 'EIO'],
  [/Permission denied/i, 'EACCES'],
  [/Read-only file system/i, 'EROFS'],
];

/** Advance a descriptor's file offset by reading `n` bytes (Node has no lseek), in bounded chunks. */
async function advance(h: fs.FileHandle, n: bigint): Promise<void> {
  const buf = Buffer.allocUnsafe(Number(n < 1n << 20n ? n : 1n << 20n) || 1);
  while (n > 0n) {
    const want = n < BigInt(buf.length) ? Number(n) : buf.length;
    const { bytesRead } = await h.read(buf, 0, want, null);
    if (bytesRead === 0) throw new NpyError('source ended before the data start');
    n -= BigInt(bytesRead);
  }
}

/**
 * Write `header` at offset 0 of the fresh, empty file `dst`, then `length` bytes of `srcPath` from `srcOffset` after
 * it, and cut the file to exactly header + length. Kernel copy where possible (see above), else copyRange.
 */
export async function writeHeaderAndCopy(
  dst: fs.FileHandle,
  header: Uint8Array,
  srcPath: string,
  srcOffset: bigint,
  length: bigint,
  opts: CopyOptions = {},
): Promise<void> {
  const src = await openRegularFile(srcPath);
  try {
    const srcSize = (await src.stat({ bigint: true })).size;
    const beyond = srcSize - srcOffset - length;
    const kernel = catUsesCopyFileRange() && srcOffset <= KERNEL_COPY_SLACK && beyond >= 0n && beyond <= KERNEL_COPY_SLACK && length > 0n;
    if (!kernel) {
      await writeAll(dst, header, header.length, 0);
      await copyRange(src, srcOffset, dst, BigInt(header.length), length, opts);
    } else {
      // Both file offsets matter here: write the header and skip the source prefix with position = null.
      let w = 0;
      while (w < header.length) w += (await dst.write(header, w, header.length - w, null)).bytesWritten;
      await advance(src, srcOffset);
      await catCopy(src, dst, BigInt(header.length), srcSize - srcOffset, opts, length);
    }
    await dst.truncate(toPosition(BigInt(header.length) + length));
  } finally {
    await src.close().catch(() => undefined);
  }
}

/** `cat` from src's offset to dst's offset until the end of src; `expect` bytes must arrive after `base`. */
function catCopy(src: fs.FileHandle, dst: fs.FileHandle, base: bigint, expect: bigint, opts: CopyOptions, total: bigint): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortErrorLocal());
    const child = spawn('cat', [], { stdio: [src.fd, dst.fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setInterval(() => {
      dst.stat({ bigint: true }).then(
        (st) => {
          const done = st.size - base;
          opts.onProgress?.(done < total ? done : total, total);
        },
        () => undefined,
      );
    }, 250);
    const finish = (err?: Error) => {
      clearInterval(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (e) => finish(e));
    child.on('close', async (code, sig) => {
      if (opts.signal?.aborted) return finish(abortErrorLocal());
      if (code !== 0) {
        const line = stderr.trim().split('\n')[0] || `cat ended with ${sig ?? `exit code ${code}`}`;
        const hit: [RegExp, string] | undefined = sig === 'SIGXFSZ' ? [/./, 'EFBIG'] : ERRNO_TEXT.find(([re]) => re.test(line));
        return finish(Object.assign(new Error(line), hit ? { code: hit[1] } : {}));
      }
      try {
        const st = await dst.stat({ bigint: true });
        if (st.size - base < expect) return finish(new NpyError(`source ended ${expect - (st.size - base)} bytes early (was it truncated meanwhile?)`));
        opts.onProgress?.(total, total);
        finish();
      } catch (e) {
        finish(e as Error);
      }
    });
  });
}

function abortErrorLocal(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}
