// Reading an existing .npy's header for the commands that modify one (append, repair), and rewriting that header
// in place at exactly its current length.
import { promises as fs } from 'fs';
import { FileSource } from '../io/fileSource';
import { parseHeader, MAGIC } from '../header';
import type { NpyHeader } from '../types';
import { NpyError } from '../types';
import { fixedHeaderPrefix, encodeHeaderFixed } from './headerBytes';
import { writeError } from './atomic';
import { describeArray } from '../open';
import { warningText } from '../warnings';

/** Headers this big are still read by append/repair (np.save never writes more than a few KiB). */
export const WRITE_MAX_HEADER_SIZE = 1 << 20;

export interface ExistingNpy {
  path: string;
  header: NpyHeader;
  fileSize: bigint;
  warnings: string[];
  stat: import('fs').BigIntStats;
}

/** Whether the file starts with the .npy magic (false for shorter files). */
export async function hasNpyMagic(p: string): Promise<boolean> {
  const h = await fs.open(p, 'r');
  try {
    const buf = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    return bytesRead === MAGIC.length && buf.equals(Buffer.from(MAGIC));
  } finally {
    await h.close();
  }
}

export async function readExisting(p: string): Promise<ExistingNpy> {
  let source: FileSource;
  try {
    source = await FileSource.open(p);
  } catch (e) {
    throw writeError(e, p, 'nothing was changed');
  }
  try {
    const stat = await fs.stat(p, { bigint: true });
    if (!stat.isFile()) throw new NpyError(`${p} is not a regular file`);
    const parsed = await parseHeader(source, { maxHeaderSize: WRITE_MAX_HEADER_SIZE });
    return { path: p, header: parsed.header, fileSize: parsed.fileSize, warnings: describeArray(parsed).warnings.map(warningText), stat };
  } catch (e) {
    if (e instanceof NpyError) throw new NpyError(`${p}: ${e.message}`);
    throw e;
  } finally {
    await source.close();
  }
}

/** The header for `shape` at exactly the existing header's length and version, or null when it does not fit. */
export function sameLengthHeader(existing: NpyHeader, shape: bigint[]): Uint8Array | null {
  const total = Number(existing.dataOffset);
  if (!fixedHeaderPrefix(existing.dtype, shape, existing.fortranOrder, total, existing.version)) return null;
  return encodeHeaderFixed(existing.dtype, shape, existing.fortranOrder, total, existing.version);
}

/** Whether an array's memory layout is the same in C and Fortran order (at most one dimension longer than 1). */
export function layoutIsC(header: { shape: bigint[]; fortranOrder: boolean }): boolean {
  if (!header.fortranOrder) return true;
  return header.shape.filter((d) => d > 1n).length <= 1;
}
