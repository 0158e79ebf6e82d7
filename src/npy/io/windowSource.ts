// A ByteSource that is a window [offset, offset + length) of another: a stored `.npz` member, or any array that
// lives inside a bigger file. Positions are relative to the window; reads past its end return fewer bytes, as at
// end of file. No alignment is assumed (a stored npz member's data starts wherever its local header ends).
import { readBatchFrom, readPickedFrom, type BatchRead, type BatchResult, type ByteSource, type PickedResult, type Picks } from './byteSource';

export class WindowSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    readonly offset: bigint,
    readonly length: bigint,
    /** Whether close() closes the parent too (a container shares one parent among its entries: false). */
    private readonly ownsParent = false,
  ) {
    if (offset < 0n || length < 0n) throw new RangeError('window offset and length must not be negative');
    // A window of a local file is a local file too, shifted.
    const parentFd = parent.withFd?.bind(parent);
    if (parentFd) this.withFd = (work) => parentFd((fd, base) => work(fd, base + offset));
  }

  readonly withFd?: <T>(work: (fd: number, base: bigint) => Promise<T>) => Promise<T>;

  async size(): Promise<bigint> {
    return this.length;
  }

  async read(position: bigint, into: Uint8Array): Promise<number> {
    if (position < 0n || position >= this.length) return 0;
    const room = this.length - position;
    const n = room < BigInt(into.length) ? Number(room) : into.length;
    return this.parent.read(this.offset + position, n === into.length ? into : into.subarray(0, n));
  }

  async readBatch(reads: readonly BatchRead[], total: number): Promise<BatchResult> {
    return readBatchFrom(this.parent, this.shift(reads), total);
  }

  async readPicked(reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
    return readPickedFrom(this.parent, this.shift(reads), total, picks);
  }

  /** Clip each read to the window and shift it into the parent, which batches them (worker preads). */
  private shift(reads: readonly BatchRead[]): BatchRead[] {
    return reads.map((r) => {
      const room = r.position >= this.length ? 0n : this.length - r.position;
      const length = room < BigInt(r.length) ? Number(room) : r.length;
      return { position: this.offset + r.position, length, bufferOffset: r.bufferOffset };
    });
  }

  async close(): Promise<void> {
    if (this.ownsParent) await this.parent.close();
  }
}
