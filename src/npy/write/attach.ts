// Attach a .npy header to a raw dump (what ndarray.tofile wrote). Three ways:
//  copy     — a new .npy: np.save's header, then the raw bytes streamed after it (bounded buffers), atomically.
//  reserved — the dump already starts with `skip` spare bytes: the header is written into them, padded to exactly
//             `skip` bytes (numpy reads any header length ending in '\n'; 64-byte alignment is only for speed).
//  insert   — Linux ext4/xfs: `fallocate --insert-range` shifts the data by whole filesystem blocks in O(1), the
//             header is written into the new room. No data is copied.
// Every check runs before anything is touched; a failure after a change rolls it back.
import { promises as fs, constants as C } from 'fs';
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { NpyError, type Dtype } from '../types';
import { encodeHeader, fixedHeaderPrefix, fixedHeaderTextLength, minimalHeaderLength, numpyHeaderSizeWarning, numpyHeaderTextLength } from './headerBytes';
import { abortError, checkTarget, renameNoReplace, throwIfAborted, writeAtomic, writeError, writeFully } from './atomic';
import { writeHeaderAndCopy } from './copy';
import { openRegularFile } from '../io/fileSource';
import { checkStorable, product, shapeText } from './spec';
import { pathForMessage, quoteForMessage } from '../../shared/quote';

export type AttachMode = 'copy' | 'reserved' | 'insert';

export interface AttachOptions {
  dtype: Dtype;
  /** May hold one -1n, inferred from the raw size. */
  shape: bigint[];
  fortranOrder?: boolean;
  /** Bytes at the front of the raw file that are not data. */
  skip?: bigint;
  mode?: AttachMode;
  /** Accept bytes after the data (otherwise a size that does not divide is an error). */
  allowTrailing?: boolean;
  /** Replace an existing OUT. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: bigint, total: bigint) => void;
}

export interface AttachPlan {
  raw: string;
  /** Where the .npy ends up (for reserved/insert without OUT: the raw file itself). */
  out: string;
  mode: AttachMode;
  shape: bigint[];
  fortranOrder: boolean;
  skip: bigint;
  rawSize: bigint;
  dataSize: bigint;
  /** Bytes after the data in the raw file: not copied (copy) or left at the end (reserved/insert). */
  trailing: bigint;
  /** Length of the header that will be written (= data offset in the result). */
  headerLength: number;
  /** insert mode: bytes inserted at the front (whole filesystem blocks); 0 otherwise. */
  inserted: number;
  warnings: string[];
}

export interface AttachResult extends AttachPlan {
  fileSize: bigint;
}

function fail(msg: string): never {
  throw new NpyError(msg);
}

/** Resolve a shape with at most one -1 against the bytes available. */
export function inferShape(
  shape: readonly bigint[],
  itemsize: number,
  available: bigint,
  allowTrailing: boolean,
): { shape: bigint[]; dataSize: bigint; trailing: bigint } {
  const known = shape.filter((d) => d !== -1n);
  const unknown = shape.length - known.length;
  if (unknown > 1) fail(`shape ${shapeText(shape)} has more than one -1`);
  const rowBytes = product(known) * BigInt(itemsize);
  if (unknown === 1) {
    if (rowBytes === 0n) fail(`cannot infer -1 in shape ${shapeText(shape)}: the other dimensions hold 0 bytes`);
    const n = available / rowBytes;
    const rem = available % rowBytes;
    if (rem !== 0n && !allowTrailing) {
      throw new NpyError(
        `${available} data bytes are not a multiple of ${rowBytes} (${shapeText(shape)} of ${itemsize}-byte items): ` + `${rem} bytes left over`,
        'trailingData',
      );
    }
    const resolved = shape.map((d) => (d === -1n ? n : d));
    return { shape: resolved, dataSize: n * rowBytes, trailing: rem };
  }
  const need = rowBytes;
  if (available < need) fail(`the raw data is ${available} bytes but shape ${shapeText(shape)} of ${itemsize}-byte items needs ${need}`);
  if (available > need && !allowTrailing) {
    throw new NpyError(`the raw data is ${available} bytes, ${available - need} more than shape ${shapeText(shape)} needs`, 'trailingData');
  }
  return { shape: [...shape], dataSize: need, trailing: available - need };
}

/** Default output name: RAW with its extension replaced by .npy. */
export function defaultOut(raw: string): string {
  const ext = path.extname(raw);
  if (ext.toLowerCase() === '.npy') fail(`${pathForMessage(raw)} already ends in .npy; name the output file`);
  return raw.slice(0, raw.length - ext.length) + '.npy';
}

// ---------------------------------------------------------------------------------------------------------------
// Filesystem support for insert-range.

const FS_NAMES: Record<number, string> = {
  0xef53: 'ext2/3/4',
  0x58465342: 'xfs',
  0xf2f52010: 'f2fs',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlayfs',
  0x9123683e: 'btrfs',
  0x6969: 'nfs',
  0xff534d42: 'cifs',
  0xfe534d42: 'smb2',
  0x65735546: 'fuse',
  0x2fc12fc1: 'zfs',
  0x858458f6: 'ramfs',
  0x4d44: 'vfat',
  0x5346544e: 'ntfs',
  0x9fa0: 'proc',
};
/** Filesystems whose fallocate implements FALLOC_FL_INSERT_RANGE. */
const INSERT_RANGE_FS = new Set([0xef53, 0x58465342, 0xf2f52010]);

export interface InsertSupport {
  ok: boolean;
  /** Filesystem block size (insert-range works in whole blocks). */
  blockSize: number;
  fsName: string;
  reason?: string;
}

let fallocateBinary: boolean | undefined;
function haveFallocate(): boolean {
  if (fallocateBinary === undefined) {
    try {
      const r = spawnSync('fallocate', ['--help'], { encoding: 'utf8', timeout: 5000 });
      fallocateBinary = r.status === 0 && r.stdout.includes('--insert-range');
    } catch {
      fallocateBinary = false;
    }
  }
  return fallocateBinary;
}

/** Whether `file`'s filesystem can insert a range at the front (without changing anything). */
export async function insertSupport(file: string): Promise<InsertSupport> {
  if (process.platform !== 'linux') return { ok: false, blockSize: 0, fsName: process.platform, reason: 'insert mode needs Linux' };
  const st = await fs.statfs(file);
  const type = Number(st.type) >>> 0;
  const fsName = FS_NAMES[type] ?? `filesystem type 0x${type.toString(16)}`;
  if (!INSERT_RANGE_FS.has(type)) {
    return { ok: false, blockSize: st.bsize, fsName, reason: `${fsName} cannot insert a range into a file (insert mode needs ext4 or xfs)` };
  }
  if (!haveFallocate()) {
    return { ok: false, blockSize: st.bsize, fsName, reason: 'insert mode needs the util-linux `fallocate` program with insert-range support' };
  }
  return { ok: true, blockSize: st.bsize, fsName };
}

function runFallocate(args: string[]): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn('fallocate', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ ok: false, stderr: e.message }));
    child.on('close', (code) => resolve({ ok: code === 0, stderr: stderr.trim().split('\n')[0] ?? '' }));
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** Every check, nothing changed: sizes, shape inference, output name, header room, filesystem support. */
export async function planAttach(raw: string, out: string | undefined, opts: AttachOptions): Promise<AttachPlan> {
  const mode = opts.mode ?? 'copy';
  if (!['copy', 'reserved', 'insert'].includes(mode)) fail(`mode must be copy, reserved or insert, got ${quoteForMessage(String(mode))}`);
  const skip = opts.skip ?? 0n;
  if (skip < 0n) fail('skip must not be negative');
  const fortranOrder = opts.fortranOrder ?? false;
  let st: import('fs').BigIntStats;
  try {
    st = await fs.stat(raw, { bigint: true });
  } catch (e) {
    throw writeError(e, raw);
  }
  if (!st.isFile()) fail(`${pathForMessage(raw)} is not a regular file`);
  const rawSize = st.size;
  if (skip > rawSize) fail(`skip (${skip} bytes) is past the end of ${pathForMessage(raw)} (${rawSize} bytes)`);
  const { shape, dataSize, trailing } = inferShape(opts.shape, opts.dtype.itemsize, rawSize - skip, !!opts.allowTrailing);
  checkStorable(opts.dtype, shape);
  const warnings: string[] = [];

  let target: string;
  let headerLength: number;
  let inserted = 0;
  if (mode === 'copy') {
    target = out ?? defaultOut(raw);
    if (path.resolve(target) === path.resolve(raw)) fail('copy mode writes a new file; the output must differ from the raw file (or use reserved or insert mode)');
    await checkTarget(target, opts.force);
    const header = encodeHeader(opts.dtype, shape, fortranOrder);
    headerLength = header.length;
    const w = numpyHeaderSizeWarning(numpyHeaderTextLength(header));
    if (w) warnings.push(w);
  } else {
    target = out ?? raw;
    if (path.resolve(target) !== path.resolve(raw)) {
      await checkTarget(target, opts.force);
      const [a, b] = await Promise.all([fs.stat(path.dirname(path.resolve(raw))), fs.stat(path.dirname(path.resolve(target)))]);
      if (a.dev !== b.dev) fail(`${mode} mode changes the raw file in place and renames it; the output must be on the same filesystem (or use copy mode)`);
    }
    const minLen = minimalHeaderLength(opts.dtype, shape, fortranOrder);
    if (mode === 'reserved') {
      if (skip < BigInt(minLen)) {
        fail(`the ${skip} skipped bytes cannot hold the header: it needs at least ${minLen} bytes (use copy${process.platform === 'linux' ? ' or insert' : ''} mode)`);
      }
      headerLength = Number(skip);
    } else {
      const sup = await insertSupport(raw);
      if (!sup.ok) fail(`${sup.reason}; ${pathForMessage(raw)} is on ${sup.fsName} — use copy mode`);
      const bs = BigInt(sup.blockSize);
      const need = BigInt(minLen) > skip ? BigInt(minLen) - skip : 0n;
      inserted = Number(((need + bs - 1n) / bs) * bs);
      headerLength = inserted + Number(skip);
      if (inserted > 0 && rawSize === 0n) inserted = 0; // nothing to shift: the header is just written
    }
    const prefix = fixedHeaderPrefix(opts.dtype, shape, fortranOrder, headerLength);
    if (!prefix) fail(`a header of exactly ${headerLength} bytes is not possible (the .npy format allows at most 4 GiB of header)`);
    const w = numpyHeaderSizeWarning(fixedHeaderTextLength(prefix, headerLength));
    if (w) warnings.push(w);
    if (trailing > 0n) warnings.push(`${trailing} trailing bytes stay after the data at the end of the file`);
  }
  if (mode === 'copy' && trailing > 0n) warnings.push(`${trailing} trailing bytes of ${pathForMessage(raw)} are not copied`);
  return { raw, out: target, mode, shape, fortranOrder, skip, rawSize, dataSize, trailing, headerLength, inserted, warnings };
}

/** Check everything, then attach. See the module comment for the modes. */
export async function attachHeader(raw: string, out: string | undefined, opts: AttachOptions): Promise<AttachResult> {
  const plan = await planAttach(raw, out, opts);
  if (opts.signal?.aborted) throw writeError(abortError(), raw);
  if (plan.mode === 'copy') return attachCopy(plan, opts);
  return attachInPlace(plan, opts);
}

async function attachCopy(plan: AttachPlan, opts: AttachOptions): Promise<AttachResult> {
  const header = encodeHeader(opts.dtype, plan.shape, plan.fortranOrder);
  await writeAtomic(plan.out, { force: opts.force, signal: opts.signal }, async (file) => {
    await writeHeaderAndCopy(file.handle, header, plan.raw, plan.skip, plan.dataSize, { signal: opts.signal, onProgress: opts.onProgress });
  });
  return { ...plan, fileSize: BigInt(header.length) + plan.dataSize };
}

/** Bytes restored if writing the header fails part-way (reserved mode). */
const SAVE_LIMIT = 1 << 20;
const PAD_CHUNK = 1 << 16;

/** Write a header of exactly `total` bytes at offset 0: prefix, spaces (in bounded chunks), '\n'. */
async function writeFixedHeader(h: fs.FileHandle, prefix: Uint8Array, total: number): Promise<void> {
  await writeFully(h, prefix, 0);
  const pad = Buffer.alloc(Math.min(PAD_CHUNK, Math.max(0, total - 1 - prefix.length)), 0x20);
  for (let pos = prefix.length; pos < total - 1; pos += pad.length) {
    await writeFully(h, pad.subarray(0, Math.min(pad.length, total - 1 - pos)), pos);
  }
  await writeFully(h, Uint8Array.of(0x0a), total - 1);
}

async function attachInPlace(plan: AttachPlan, opts: AttachOptions): Promise<AttachResult> {
  const prefix = fixedHeaderPrefix(opts.dtype, plan.shape, plan.fortranOrder, plan.headerLength)!;
  const st0 = await fs.stat(plan.raw, { bigint: true });
  if (st0.size !== plan.rawSize) fail(`${pathForMessage(plan.raw)} changed size while planning; nothing was changed`);

  let h: fs.FileHandle;
  try {
    h = await openRegularFile(plan.raw, C.O_RDWR);
  } catch (e) {
    throw writeError(e, plan.raw);
  }
  // The bytes the header replaces (the skipped prefix), kept to put back if the write fails.
  let saved: Buffer | null = null;
  const overwritten = Number(plan.skip); // the bytes before the data, which the header covers
  if (overwritten > 0 && overwritten <= SAVE_LIMIT) {
    saved = Buffer.alloc(overwritten);
    const { bytesRead } = await h.read(saved, 0, overwritten, 0);
    if (bytesRead !== overwritten) {
      await h.close();
      fail(`${pathForMessage(plan.raw)} changed while planning; nothing was changed`);
    }
  }
  try {
    if (plan.inserted > 0) {
      const r = await runFallocate(['--insert-range', '--offset', '0', '--length', String(plan.inserted), plan.raw]);
      if (!r.ok) {
        const unsupported = /not supported/i.test(r.stderr);
        fail(
          unsupported
            ? `this filesystem cannot insert a range into ${pathForMessage(plan.raw)} (${r.stderr}); nothing was changed — use copy mode`
            : `fallocate (insert range) failed on ${pathForMessage(plan.raw)}: ${r.stderr}; nothing was changed`,
        );
      }
    }
    try {
      throwIfAborted(opts.signal);
      await writeFixedHeader(h, prefix, plan.headerLength);
      await h.sync();
    } catch (e) {
      let outcome = 'nothing was changed';
      if (saved) {
        try {
          await writeFully(h, saved, plan.inserted);
        } catch {
          outcome = `the first ${plan.headerLength} bytes of ${pathForMessage(plan.raw)} may have been overwritten; the data after them is unchanged`;
        }
      } else if (overwritten > 0) {
        outcome = `the first ${plan.headerLength} bytes of ${pathForMessage(plan.raw)} may have been overwritten; the data after them is unchanged`;
      }
      if (plan.inserted > 0) {
        const r = await runFallocate(['--collapse-range', '--offset', '0', '--length', String(plan.inserted), plan.raw]);
        if (!r.ok)
          outcome = `the inserted ${plan.inserted} bytes could not be removed again (${r.stderr}); the data now starts at byte ${plan.inserted + Number(plan.skip)}`;
      }
      await h.sync().catch(() => undefined);
      throw writeError(e, plan.raw, outcome);
    }
  } finally {
    await h.close().catch(() => undefined);
  }
  if (path.resolve(plan.out) !== path.resolve(plan.raw)) {
    try {
      await renameNoReplace(plan.raw, plan.out, opts.force);
    } catch (e) {
      throw writeError(e, plan.out, `the header was attached, but the file keeps the name ${pathForMessage(plan.raw)}`);
    }
  }
  const fileSize = (await fs.stat(plan.out, { bigint: true })).size;
  return { ...plan, fileSize };
}
