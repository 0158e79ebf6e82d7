// Containers: one way to open what a file holds. A `.npy` is a container with one entry; an `.npz` (src/npz/)
// is one with an entry per member. An entry gives its parsed header and a ByteSource over the entry's own bytes
// (the whole `.npy`, or a window into the archive for a stored member, or an inflating source for a deflated
// one), so everything downstream (tiles, copy, statistics, pictures) reads any entry the same way.
import type { ByteSource } from './io/byteSource';
import { readAt } from './io/byteSource';
import { FileSource } from './io/fileSource';
import { openArray, type OpenedArray, type OpenOptions } from './open';
import { NpyError } from './types';
import { quoteForMessage } from '../shared/quote';

export interface EntryListing {
  /** `''` for a plain `.npy`; the array's key in an `.npz` (`np.load(f)[name]`). */
  name: string;
  /** Bytes of the entry's `.npy` (as stored inflated). */
  size: bigint;
  /** Bytes the entry takes in the file (less than `size` when compressed). */
  storedSize: bigint;
  compressed: boolean;
}

export interface ArrayEntry {
  name: string;
  opened: OpenedArray;
  /** The entry's `.npy` bytes (preamble, header, data); positions are relative to the entry. */
  source: ByteSource;
}

export interface ArrayContainer {
  readonly kind: 'npy' | 'npz';
  readonly entries: readonly EntryListing[];
  /** Open one entry (header parsed). The entry's source belongs to the container: close the container, not it. */
  open(name: string, opts?: OpenOptions): Promise<ArrayEntry>;
  close(): Promise<void>;
}

/** Opener for a zip-based container, registered by src/npz so the .npy engine does not depend on it. */
export type ZipOpener = (source: ByteSource, opts: OpenOptions) => Promise<ArrayContainer>;
let zipOpener: ZipOpener | undefined;

export function registerZipOpener(opener: ZipOpener): void {
  zipOpener = opener;
}

/** A `.npy`: one entry named `''` over the whole source. */
export class NpyContainer implements ArrayContainer {
  readonly kind = 'npy' as const;
  readonly entries: readonly EntryListing[];

  constructor(
    private readonly source: ByteSource,
    size: bigint,
  ) {
    this.entries = [{ name: '', size, storedSize: size, compressed: false }];
  }

  async open(name: string, opts: OpenOptions = {}): Promise<ArrayEntry> {
    if (name !== '') throw new NpyError(`a .npy file holds one array; there is no member ${quoteForMessage(name)}`);
    return { name, opened: await openArray(this.source, opts), source: this.source };
  }

  close(): Promise<void> {
    return this.source.close();
  }
}

/** `PK\x03\x04` (a zip's first local header) or `PK\x05\x06` (an empty zip's end record). */
function isZip(prefix: Uint8Array): boolean {
  return prefix.length >= 4 && prefix[0] === 0x50 && prefix[1] === 0x4b && ((prefix[2] === 3 && prefix[3] === 4) || (prefix[2] === 5 && prefix[3] === 6));
}

/**
 * The one factory: what the bytes are decides the container, not the file name (a `.npz` renamed `.npy` still
 * opens). Takes ownership of `source`: closing the container closes it.
 */
export async function openContainer(source: ByteSource, opts: OpenOptions = {}): Promise<ArrayContainer> {
  const size = await source.size();
  const prefix = await readAt(source, 0n, size < 4n ? Number(size) : 4);
  if (isZip(prefix)) {
    if (!zipOpener) throw new NpyError('this is a zip archive (.npz); archives are not supported here');
    return zipOpener(source, opts);
  }
  return new NpyContainer(source, size);
}

/** Open a local path as a container (the CLI, hovers and tooltips). */
export async function openPathContainer(path: string, opts: OpenOptions = {}): Promise<ArrayContainer> {
  const source = await FileSource.open(path);
  try {
    return await openContainer(source, opts);
  } catch (e) {
    await source.close().catch(() => undefined);
    throw e;
  }
}
