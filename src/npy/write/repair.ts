// Repair a .npy whose header disagrees with its data length (an append or writer that crashed between writing data
// and updating the header, or a cut-off copy): the growth axis (0 in C order, the last in Fortran order) is set to
// the number of whole rows present and a partial trailing row is dropped. planRepair() only reads; applyRepair()
// rewrites the header in place (one write of the header's own length, the old header restored on failure) and then
// truncates the partial row — every intermediate state is a valid .npy — or, when the header has no room for the
// new shape, rewrites the file to a temp file and renames it over. A path through symbolic links is resolved once,
// when planning, and both ways write that real file (a link stays a link).
import { promises as fs, constants as C } from 'fs';
import { NpyError } from '../types';
import { hasObject } from '../dtype';
import { encodeHeader, growthAxis } from './headerBytes';
import { abortError, writeAtomic, writeError, writeFully } from './atomic';
import { toPosition, writeHeaderAndCopy } from './copy';
import { product, shapeText } from './spec';
import { readExisting, resolveTarget, sameLengthHeader, type ExistingNpy } from './npyFile';
import { openRegularFile } from '../io/fileSource';
import { pathForMessage } from '../../shared/quote';

export interface RepairPlan {
  /** The path as given (for messages). */
  path: string;
  /** The file read and written: `path` with symbolic links resolved (once, when planning). */
  realPath: string;
  /** False when header and data agree. */
  needed: boolean;
  oldShape: bigint[];
  newShape: bigint[];
  /** Which axis changes (-1 for a 0-d array). */
  axis: number;
  fileSize: bigint;
  newFileSize: bigint;
  /** Bytes at the end that are not a whole row and are cut off. */
  droppedBytes: bigint;
  /** True when the header is rewritten in place; false when the file is rewritten. */
  inPlace: boolean;
  /** The plan in words, one line each. */
  lines: string[];
  existing: ExistingNpy;
}

function fail(msg: string): never {
  throw new NpyError(msg);
}

function plural(n: bigint, word: string): string {
  return `${n} ${word}${n === 1n ? '' : 's'}`;
}

export async function planRepair(path: string): Promise<RepairPlan> {
  const realPath = await resolveTarget(path);
  const e = await readExisting(realPath, path);
  const h = e.header;
  const shown = pathForMessage(path);
  if (hasObject(h.dtype)) fail(`${shown} holds pickled Python objects; their length cannot be checked`);
  const available = e.fileSize - h.dataOffset;
  const itemsize = BigInt(h.dtype.itemsize);
  const axis = growthAxis(h.shape.length, h.fortranOrder);
  const newShape = [...h.shape];
  let dropped = 0n;
  if (axis < 0) {
    if (available < itemsize) fail(`${shown} is a 0-d array whose only element is cut off (${available} of ${itemsize} bytes); it cannot be repaired`);
    dropped = available - itemsize;
  } else {
    const rowBytes = product(h.shape.filter((_, i) => i !== axis)) * itemsize;
    if (rowBytes === 0n) {
      dropped = available; // rows of zero bytes: any bytes after the header are not data
    } else {
      newShape[axis] = available / rowBytes;
      dropped = available % rowBytes;
    }
  }
  const changed = newShape.some((d, i) => d !== h.shape[i]);
  const needed = changed || dropped > 0n;
  const newFileSize = e.fileSize - dropped;
  const inPlace = !changed || sameLengthHeader(h, newShape) !== null;
  const lines: string[] = [];
  if (!needed) {
    lines.push(`${shown}: header and data agree (shape ${shapeText(h.shape)}, ${e.fileSize} bytes); nothing to repair`);
  } else {
    const what = e.fileSize > h.dataOffset + h.dataSize ? `${e.fileSize - h.dataOffset - h.dataSize} bytes more` : `${h.dataOffset + h.dataSize - e.fileSize} bytes less`;
    lines.push(`${shown}: the header says shape ${shapeText(h.shape)} (${h.dataSize} data bytes) but the file holds ${what}`);
    if (changed) {
      const diff = newShape[axis] - h.shape[axis];
      lines.push(`shape ${shapeText(h.shape)} → ${shapeText(newShape)} (axis ${axis}: ${diff >= 0n ? '+' : ''}${diff} ${diff === 1n || diff === -1n ? 'row' : 'rows'})`);
    }
    if (dropped > 0n) lines.push(`drop the last ${plural(dropped, 'byte')} (not a whole row); file ${e.fileSize} → ${newFileSize} bytes`);
    lines.push(inPlace ? 'the header is rewritten in place' : 'the header has no room for the new shape: the file is rewritten (needs free space for a copy)');
  }
  return { path, realPath, needed, oldShape: h.shape, newShape, axis, fileSize: e.fileSize, newFileSize, droppedBytes: dropped, inPlace, lines, existing: e };
}

export interface RepairOptions {
  signal?: AbortSignal;
  onProgress?: (done: bigint, total: bigint) => void;
}

/** Apply a plan from planRepair. Refuses if the file changed since the plan was made. */
export async function applyRepair(plan: RepairPlan, opts: RepairOptions = {}): Promise<void> {
  if (!plan.needed) return;
  const st = await fs.stat(plan.realPath, { bigint: true });
  if (st.size !== plan.fileSize || st.mtimeNs !== plan.existing.stat.mtimeNs || st.ino !== plan.existing.stat.ino) {
    fail(`${pathForMessage(plan.path)} changed since the repair was planned; nothing was changed (run repair again)`);
  }
  if (opts.signal?.aborted) throw writeError(abortError(), plan.path);
  if (plan.inPlace) await repairInPlace(plan);
  else await repairRewrite(plan, opts);
}

async function repairInPlace(plan: RepairPlan): Promise<void> {
  const h0 = plan.existing.header;
  const changed = plan.newShape.some((d, i) => d !== h0.shape[i]);
  let h: fs.FileHandle;
  try {
    h = await openRegularFile(plan.realPath, C.O_RDWR);
  } catch (e) {
    throw writeError(e, plan.path);
  }
  try {
    if (changed) {
      const header = sameLengthHeader(h0, plan.newShape)!;
      const old = Buffer.alloc(header.length);
      await h.read(old, 0, old.length, 0);
      try {
        await writeFully(h, header, 0);
        await h.sync();
      } catch (e) {
        let outcome = 'nothing was changed';
        try {
          await writeFully(h, old, 0);
          await h.sync();
        } catch {
          outcome = 'the header may be damaged';
        }
        throw writeError(e, plan.path, outcome);
      }
    }
    // The header now counts only whole rows: cutting the partial row keeps the file valid at every step.
    if (plan.droppedBytes > 0n) {
      try {
        await h.truncate(toPosition(plan.newFileSize));
        await h.sync();
      } catch (e) {
        throw writeError(e, plan.path, `the header was repaired; the last ${plan.droppedBytes} bytes remain (numpy ignores them)`);
      }
    }
  } finally {
    await h.close().catch(() => undefined);
  }
}

async function repairRewrite(plan: RepairPlan, opts: RepairOptions): Promise<void> {
  const h0 = plan.existing.header;
  const header = encodeHeader(h0.dtype, plan.newShape, h0.fortranOrder);
  const dataBytes = plan.newFileSize - h0.dataOffset;
  await writeAtomic(plan.realPath, { force: true, signal: opts.signal }, async (file) => {
    await file.handle.chmod(Number(plan.existing.stat.mode & 0o7777n));
    await writeHeaderAndCopy(file.handle, header, plan.realPath, h0.dataOffset, dataBytes, opts);
  });
}
