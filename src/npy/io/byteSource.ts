// Positioned reads: the one way the engine touches data. Implementations never read more than asked
// (a FileHandle source may add a bounded read-ahead), so showing a slice never costs the whole file.

/** One read of a batch: `length` bytes from file `position` into the batch buffer at `bufferOffset`. */
export interface BatchRead {
  position: bigint;
  length: number;
  bufferOffset: number;
}

/** A batch's result: one buffer, and the bytes each read got (fewer only at end of file). */
export interface BatchResult {
  buffer: Uint8Array;
  got: ArrayLike<number>;
}

/**
 * The bytes wanted out of a batch: `length` bytes at each of `offsets` (positions in the batch buffer of `total`
 * bytes, in non-decreasing order, each inside one read). A sampled picture reads whole pages to get one element of
 * each: the pages are read (each once), but only the elements travel.
 */
export interface Picks {
  offsets: Float64Array;
  count: number;
  length: number;
}

/** The picked bytes packed one pick after another, and the bytes each read got (fewer only at end of file). */
export interface PickedResult {
  picked: Uint8Array;
  got: ArrayLike<number>;
}

export interface ByteSource {
  /** Total size in bytes, as of the last stat. */
  size(): Promise<bigint>;
  /**
   * Fill `into` from `position`; returns how many bytes were read (fewer only at end of file).
   * `position` is a BigInt because files may exceed 2^53 bytes.
   */
  read(position: bigint, into: Uint8Array): Promise<number>;
  /** Many reads at once into one buffer of `total` bytes; sources that can do this cheaper than one by one do. */
  readBatch?(reads: readonly BatchRead[], total: number): Promise<BatchResult>;
  /** A batch of which only some bytes are wanted (see readPickedFrom); sources that can keep the rest from moving do. */
  readPicked?(reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult>;
  /**
   * Sources over a local file: run `work` with the OS file descriptor and the file position of this source's
   * position 0, for worker threads that pread the file themselves. The descriptor stays open until `work` settles
   * (close() waits for it); work must not read past size().
   */
  withFd?<T>(work: (fd: number, base: bigint) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Run a batch through `readBatch` when the source has it, else read by read. */
export async function readBatchFrom(source: ByteSource, reads: readonly BatchRead[], total: number): Promise<BatchResult> {
  if (source.readBatch) return source.readBatch(reads, total);
  const buffer = new Uint8Array(total);
  const got = new Array<number>(reads.length);
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i];
    const bytes = await readAt(source, r.position, r.length);
    buffer.set(bytes, r.bufferOffset);
    got[i] = bytes.length;
  }
  return { buffer, got };
}

/** Run a batch through `readPicked` when the source has it, else read the batch and copy the picks out of it. */
export async function readPickedFrom(source: ByteSource, reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
  if (source.readPicked) return source.readPicked(reads, total, picks);
  const { buffer, got } = await readBatchFrom(source, reads, total);
  return { picked: pickOut(buffer, picks), got };
}

/** Copy each pick out of a batch buffer (bytes past the buffer's end stay 0; `got` tells the caller they are not data). */
export function pickOut(buffer: Uint8Array, picks: Picks): Uint8Array {
  const { offsets, count, length } = picks;
  const out = new Uint8Array(count * length);
  for (let i = 0; i < count; i++) {
    const at = offsets[i];
    const end = Math.min(at + length, buffer.length);
    if (end > at) out.set(buffer.subarray(at, end), i * length);
  }
  return out;
}

/** A ByteSource over bytes already in memory (tests, non-file URIs under the size guard, .npz members stored raw). */
export class MemorySource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}
  async size(): Promise<bigint> {
    return BigInt(this.bytes.length);
  }
  async read(position: bigint, into: Uint8Array): Promise<number> {
    if (position >= BigInt(this.bytes.length)) return 0;
    const start = Number(position);
    const n = Math.min(into.length, this.bytes.length - start);
    into.set(this.bytes.subarray(start, start + n));
    return n;
  }
  async close(): Promise<void> {}
}

/** Read exactly `length` bytes or fewer at end of file; returns the filled prefix. */
export async function readAt(source: ByteSource, position: bigint, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = await source.read(position + BigInt(done), buf.subarray(done));
    if (n <= 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}
