// Reading an existing .npy's header for the commands that modify one (append, repair), and rewriting that header
// in place at exactly its current length.
import { promises as fs } from 'fs';
import { FileSource, openRegularFile } from '../io/fileSource';
import { pathForMessage } from '../../shared/quote';
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
  const h = await openRegularFile(p);
  try {
    const buf = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    return bytesRead === MAGIC.length && buf.equals(Buffer.from(MAGIC));
  } finally {
    await h.close();
  }
}

/**
 * The file a modifying command works on: `p` with every symbolic link resolved, once. Reading and writing that
 * path keeps a link a link (a rewrite renames over the real file) and cannot be redirected half-way by a link
 * retargeted between planning and applying.
 */
export async function resolveTarget(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch (e) {
    throw writeError(e, p, 'nothing was changed');
  }
}

/** Read an existing .npy's header. `shown` is the path its messages name (default `p`; e.g. the link the user gave). */
export async function readExisting(p: string, shown = p): Promise<ExistingNpy> {
  let source: FileSource;
  try {
    source = await FileSource.open(p);
  } catch (e) {
    throw writeError(e, shown, 'nothing was changed');
  }
  try {
    const stat = await fs.stat(p, { bigint: true });
    if (!stat.isFile()) throw new NpyError(`${pathForMessage(shown)} is not a regular file`);
    const parsed = await parseHeader(source, { maxHeaderSize: WRITE_MAX_HEADER_SIZE });
    return { path: p, header: parsed.header, fileSize: parsed.fileSize, warnings: describeArray(parsed).warnings.map(warningText), stat };
  } catch (e) {
    // The code travels with the message, except headerTooLarge: the modifying commands take no header limit (they
    // read up to WRITE_MAX_HEADER_SIZE), so no surface has a remedy to offer for it here.
    if (e instanceof NpyError) throw new NpyError(`${pathForMessage(shown)}: ${e.message}`, e.code === 'headerTooLarge' ? undefined : e.code);
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
