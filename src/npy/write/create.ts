// Create a .npy of a given dtype/shape/order filled with zeros, like np.lib.format.open_memmap(mode='w+'):
// np.save's exact header, then the file is extended to its full size with ftruncate — a sparse file, so a 1 TiB
// array takes milliseconds and a few KiB on disk. Atomic: the file appears complete or not at all.
import { encodeHeader, numpyHeaderLimitWarning, numpyHeaderTextLength } from './headerBytes';
import type { NpyWarning } from '../warnings';
import { writeAtomic, writeFully } from './atomic';
import { checkStorable } from './spec';
import { toPosition } from './copy';
import type { Dtype } from '../types';

export interface CreateOptions {
  dtype: Dtype;
  shape: bigint[];
  fortranOrder?: boolean;
  /** Replace an existing file. */
  force?: boolean;
  signal?: AbortSignal;
}

export interface CreateResult {
  path: string;
  /** Bytes of preamble + header: where the data starts. */
  dataOffset: number;
  dataSize: bigint;
  fileSize: bigint;
  /**
   * What the user should know about the file written: `headerOverNumpyLimit` when np.load needs
   * `max_header_size=` for it (np.save writes such headers too, for records of ~1,000 fields and more).
   */
  warnings: NpyWarning[];
}

export async function createNpy(path: string, opts: CreateOptions): Promise<CreateResult> {
  const fortranOrder = opts.fortranOrder ?? false;
  const dataSize = checkStorable(opts.dtype, opts.shape);
  const header = encodeHeader(opts.dtype, opts.shape, fortranOrder);
  const fileSize = BigInt(header.length) + dataSize;
  const size = toPosition(fileSize);
  const limit = numpyHeaderLimitWarning(numpyHeaderTextLength(header));
  const warnings = limit ? [limit] : [];
  return writeAtomic(path, { force: opts.force, signal: opts.signal }, async (file) => {
    await writeFully(file.handle, header, 0);
    if (size > header.length) await file.handle.truncate(size);
    return { path: file.target, dataOffset: header.length, dataSize, fileSize, warnings };
  });
}
