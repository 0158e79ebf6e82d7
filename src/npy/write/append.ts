// Append arrays along axis 0 of a C-order .npy: sources are .npy files with the same dtype and trailing shape, or
// raw dumps of that dtype. Data first, header last: the new rows are written after the existing data and fsync'ed,
// and only then is the header rewritten in place (numpy's writers leave room for axis 0 to grow). Until that single
// header write the file is still the old array (numpy ignores bytes after the data); a crash in between leaves
// trailing rows that `repair` adopts. Any error before the header write truncates the file back. When the header
// has no room for the new shape, the whole file is rewritten to a temp file and renamed over the target.
// A target reached through symbolic links is resolved once, when planning; both paths then read and write that real
// file, so a link stays a link (the rewrite renames over the real file, never over the link).
import { promises as fs, constants as C } from 'fs';
import { NpyError, type Dtype } from '../types';
import { dtypeName, hasObject } from '../dtype';
import { encodeHeader } from './headerBytes';
import { abortError, throwIfAborted, writeAtomic, writeError, writeFully } from './atomic';
import { copyRange, toPosition, writeHeaderAndCopy } from './copy';
import { checkStorable, product, sameDtype, shapeText } from './spec';
import { hasNpyMagic, layoutIsC, readExisting, resolveTarget, sameLengthHeader, type ExistingNpy } from './npyFile';
import { openRegularFile } from '../io/fileSource';
import { pathForMessage } from '../../shared/quote';

export interface AppendOptions {
  /** The dtype of raw (non-.npy) sources; must equal the target's. */
  dtype?: Dtype;
  signal?: AbortSignal;
  onProgress?: (done: bigint, total: bigint) => void;
}

export interface AppendSourcePlan {
  path: string;
  kind: 'npy' | 'raw';
  /** Where its data starts and how many bytes/rows are appended. */
  offset: bigint;
  bytes: bigint;
  rows: bigint;
}

export interface AppendPlan {
  /** The target as given (for messages). */
  target: string;
  /** The file every read and write goes to: `target` with symbolic links resolved (once, when planning). */
  realTarget: string;
  oldShape: bigint[];
  newShape: bigint[];
  fortranOrder: boolean;
  sources: AppendSourcePlan[];
  bytesAdded: bigint;
  /** True when the header is rewritten in place; false when the file must be rewritten (no spare room). */
  inPlace: boolean;
  warnings: string[];
  existing: ExistingNpy;
}

export type AppendResult = Omit<AppendPlan, 'existing'>;

function fail(msg: string): never {
  throw new NpyError(msg);
}

export async function planAppend(target: string, sources: string[], opts: AppendOptions = {}): Promise<AppendPlan> {
  if (sources.length === 0) fail('nothing to append: name at least one source');
  const realTarget = await resolveTarget(target);
  const t = await readExisting(realTarget, target);
  const th = t.header;
  const shown = pathForMessage(target);
  if (hasObject(th.dtype)) fail(`${shown} holds Python objects; only raw data can be appended`);
  if (th.shape.length === 0) fail(`${shown} is a 0-d array; there is no axis 0 to append along`);
  if (!layoutIsC(th)) fail(`${shown} is in Fortran order; appending along axis 0 needs C order`);
  const expected = th.dataOffset + th.dataSize;
  if (t.fileSize > expected) {
    fail(`${shown} has ${t.fileSize - expected} bytes after its data (an interrupted append?); run \`repair\` first`);
  }
  if (t.fileSize < expected) fail(`${shown} is truncated (${expected - t.fileSize} bytes missing); run \`repair\` first`);
  if (opts.dtype && !sameDtype(opts.dtype, th.dtype)) {
    fail(`the raw sources' dtype ${dtypeName(opts.dtype)} differs from the dtype of ${shown}, ${dtypeName(th.dtype)}; append does not convert`);
  }
  const tail = th.shape.slice(1);
  const rowBytes = product(tail) * BigInt(th.dtype.itemsize);
  const warnings: string[] = [];
  const planned: AppendSourcePlan[] = [];
  for (const src of sources) {
    const from = pathForMessage(src);
    let st: import('fs').BigIntStats;
    try {
      st = await fs.stat(src, { bigint: true });
    } catch (e) {
      throw writeError(e, src);
    }
    if (!st.isFile()) fail(`${from} is not a regular file`);
    if (st.dev === t.stat.dev && st.ino === t.stat.ino) fail(`${from} is the target itself`);
    if (await hasNpyMagic(src)) {
      const s = await readExisting(src);
      const sh = s.header;
      if (hasObject(sh.dtype)) fail(`${from} holds Python objects; only raw data can be appended`);
      if (!sameDtype(sh.dtype, th.dtype)) fail(`${from} has dtype ${dtypeName(sh.dtype)}, ${shown} has ${dtypeName(th.dtype)}; append does not convert`);
      if (sh.shape.length !== th.shape.length || sh.shape.slice(1).some((d, i) => d !== tail[i])) {
        fail(`${from} has shape ${shapeText(sh.shape)}; appending to ${shapeText(th.shape)} needs (N${tail.map((d) => `, ${d}`).join('')}${tail.length ? '' : ','})`);
      }
      if (!layoutIsC(sh)) fail(`${from} is in Fortran order; append needs C order (save it with np.ascontiguousarray)`);
      const end = sh.dataOffset + sh.dataSize;
      if (s.fileSize < end) fail(`${from} is truncated (${end - s.fileSize} bytes missing)`);
      if (s.fileSize > end) warnings.push(`${from}: ${s.fileSize - end} bytes after its data are not appended`);
      planned.push({ path: src, kind: 'npy', offset: sh.dataOffset, bytes: sh.dataSize, rows: sh.shape[0] });
    } else {
      if (!opts.dtype) {
        throw new NpyError(
          `${from} is not a .npy file, and no dtype was given for it as raw data (it must be the target's, ${dtypeName(th.dtype)})`,
          'rawSourceNeedsDtype',
        );
      }
      if (rowBytes === 0n) fail(`${from}: rows of ${shapeText(th.shape)} hold 0 bytes, so a raw file's row count is unknown`);
      if (st.size % rowBytes !== 0n) {
        fail(`${from} is ${st.size} bytes, not a whole number of ${rowBytes}-byte rows (${shapeText(tail)} of ${dtypeName(th.dtype)})`);
      }
      planned.push({ path: src, kind: 'raw', offset: 0n, bytes: st.size, rows: st.size / rowBytes });
    }
  }
  const rowsAdded = planned.reduce((a, s) => a + s.rows, 0n);
  const newShape = [th.shape[0] + rowsAdded, ...tail];
  checkStorable(th.dtype, newShape);
  const fortranOrder = th.shape.length <= 1 ? th.fortranOrder : false;
  const inPlace = sameLengthHeader({ ...th, fortranOrder }, newShape) !== null;
  return {
    target,
    realTarget,
    oldShape: th.shape,
    newShape,
    fortranOrder,
    sources: planned,
    bytesAdded: planned.reduce((a, s) => a + s.bytes, 0n),
    inPlace,
    warnings,
    existing: t,
  };
}

async function openRead(p: string): Promise<fs.FileHandle> {
  try {
    return await openRegularFile(p);
  } catch (e) {
    throw writeError(e, p);
  }
}

/** Copy every source's data into `out` from `pos` on, reporting progress over all of them. */
async function copySources(plan: AppendPlan, out: fs.FileHandle, pos: bigint, opts: AppendOptions, base = 0n, total = plan.bytesAdded): Promise<void> {
  let done = base;
  for (const s of plan.sources) {
    const h = await openRead(s.path);
    try {
      const start = done;
      await copyRange(h, s.offset, out, pos, s.bytes, {
        signal: opts.signal,
        onProgress: (d) => opts.onProgress?.(start + d, total),
      });
    } finally {
      await h.close().catch(() => undefined);
    }
    pos += s.bytes;
    done += s.bytes;
  }
}

export async function appendArrays(target: string, sources: string[], opts: AppendOptions = {}): Promise<AppendResult> {
  const plan = await planAppend(target, sources, opts);
  if (opts.signal?.aborted) throw writeError(abortError(), target);
  if (plan.inPlace) await appendInPlace(plan, opts);
  else await appendRewrite(plan, opts);
  const { existing: _existing, ...result } = plan;
  return result;
}

async function appendInPlace(plan: AppendPlan, opts: AppendOptions): Promise<void> {
  const th = plan.existing.header;
  const header = sameLengthHeader({ ...th, fortranOrder: plan.fortranOrder }, plan.newShape)!;
  const origSize = plan.existing.fileSize;
  let h: fs.FileHandle;
  try {
    h = await openRegularFile(plan.realTarget, C.O_RDWR);
  } catch (e) {
    throw writeError(e, plan.target);
  }
  let headerWritten = false;
  const oldHeader = Buffer.alloc(header.length);
  try {
    const st = await h.stat({ bigint: true });
    if (st.size !== origSize) fail(`${pathForMessage(plan.target)} changed size while planning; nothing was changed`);
    await h.read(oldHeader, 0, oldHeader.length, 0);
    await copySources(plan, h, origSize, opts);
    await h.sync(); // the rows are on disk before the header counts them
    throwIfAborted(opts.signal);
    headerWritten = true;
    await writeFully(h, header, 0);
    await h.sync();
  } catch (e) {
    let outcome = `${pathForMessage(plan.target)} is unchanged`;
    try {
      if (headerWritten) await writeFully(h, oldHeader, 0);
      await h.truncate(toPosition(origSize));
      await h.sync();
    } catch {
      outcome = `${pathForMessage(plan.target)} could not be restored; its header still describes the old data — run \`repair\``;
    }
    throw writeError(e, plan.target, outcome);
  } finally {
    await h.close().catch(() => undefined);
  }
}

async function appendRewrite(plan: AppendPlan, opts: AppendOptions): Promise<void> {
  const th = plan.existing.header;
  const header = encodeHeader(th.dtype, plan.newShape, plan.fortranOrder);
  const total = th.dataSize + plan.bytesAdded;
  await writeAtomic(plan.realTarget, { force: true, signal: opts.signal }, async (file) => {
    await file.handle.chmod(Number(plan.existing.stat.mode & 0o7777n));
    await writeHeaderAndCopy(file.handle, header, plan.realTarget, th.dataOffset, th.dataSize, {
      signal: opts.signal,
      onProgress: (d) => opts.onProgress?.(d, total),
    });
    const st = await fs.stat(plan.realTarget, { bigint: true });
    if (st.size !== plan.existing.fileSize || st.mtimeNs !== plan.existing.stat.mtimeNs || st.ino !== plan.existing.stat.ino) {
      fail(`${pathForMessage(plan.target)} changed while appending; nothing was changed`);
    }
    await copySources(plan, file.handle, BigInt(header.length) + th.dataSize, opts, th.dataSize, total);
  });
}
