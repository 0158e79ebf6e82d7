// Opening an array: header, the data actually present, and what the user should be warned about. The warnings
// are made here and only here (as codes, see warnings.ts); the CLI and the host present them, never re-derive them.
import type { ByteSource } from './io/byteSource';
import { parseHeader, OBJECT_DTYPE_MESSAGE, NUMPY_MAX_HEADER_SIZE, type ParsedHeader } from './header';
import { hasObject } from './dtype';
import type { NpyHeader } from './types';
import { makeWarning, type NpyWarning } from './warnings';
import { byteSizeText } from '../shared/text';

export interface OpenedArray {
  header: NpyHeader;
  /** Bytes of the array's source: the file, or the member for an array inside an archive. */
  fileSize: bigint;
  /** Elements present in the file: count, or fewer when the file is truncated. */
  availableCount: bigint;
  warnings: NpyWarning[];
  /** Set when the data must not be decoded (pickled Python objects); not repeated as a warning. */
  dataError?: string;
}

export interface OpenOptions {
  /** Largest header accepted, in characters (see header.ts). */
  maxHeaderSize?: number;
}

export async function openArray(source: ByteSource, opts: OpenOptions = {}): Promise<OpenedArray> {
  return describeArray(await parseHeader(source, opts));
}

/** What the data present says about a parsed header: elements available, warnings, whether data can be shown. */
export function describeArray({ header, fileSize, headerChars }: ParsedHeader): OpenedArray {
  const itemsize = BigInt(header.dtype.itemsize);
  const present = fileSize > header.dataOffset ? fileSize - header.dataOffset : 0n;
  const fit = itemsize > 0n ? present / itemsize : header.count;
  const availableCount = fit < header.count ? fit : header.count;
  const objects = hasObject(header.dtype);
  const warnings: NpyWarning[] = [];
  if (headerChars > NUMPY_MAX_HEADER_SIZE) {
    warnings.push(makeWarning('headerOverNumpyLimit', { chars: String(headerChars), limit: String(NUMPY_MAX_HEADER_SIZE) }));
  }
  // Pickled data has no fixed size, so neither truncation nor trailing bytes mean anything for it.
  if (!objects) {
    if (availableCount < header.count) {
      warnings.push(makeWarning('truncated', { available: String(availableCount), count: String(header.count) }));
    }
    const end = header.dataOffset + header.dataSize;
    if (fileSize > end) warnings.push(makeWarning('trailingBytes', { bytes: byteSizeText(fileSize - end) }));
  }
  return { header, fileSize, availableCount, warnings, dataError: objects ? OBJECT_DTYPE_MESSAGE : undefined };
}
