// Opening an array: header, the data actually present, and what the user should be warned about.
import type { ByteSource } from './io/byteSource';
import { parseHeader, OBJECT_DTYPE_MESSAGE } from './header';
import { hasObject } from './dtype';
import type { NpyHeader } from './types';

export interface OpenedArray {
  header: NpyHeader;
  fileSize: bigint;
  /** Elements present in the file: count, or fewer when the file is truncated. */
  availableCount: bigint;
  warnings: string[];
  /** Set when the data must not be decoded (pickled Python objects). */
  dataError?: string;
}

export async function openArray(source: ByteSource, opts: { maxHeaderSize?: number } = {}): Promise<OpenedArray> {
  const { header, fileSize, warnings } = await parseHeader(source, opts);
  const itemsize = BigInt(header.dtype.itemsize);
  const present = fileSize > header.dataOffset ? fileSize - header.dataOffset : 0n;
  const fit = itemsize > 0n ? present / itemsize : header.count;
  const availableCount = fit < header.count ? fit : header.count;
  const dataError = hasObject(header.dtype) ? OBJECT_DTYPE_MESSAGE : undefined;
  return { header, fileSize, availableCount, warnings, dataError };
}
