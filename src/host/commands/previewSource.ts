// The live preview of Attach NPY Header: a ByteSource that looks exactly like the .npy the attach would write —
// np.save's header for the chosen dtype/shape/order, then the raw file's bytes from `skip` on — without writing
// anything. Reads of the header come from memory; reads of the data are mapped into the raw file (so the viewer
// reads only the tiles it shows). No vscode import.
import type { BatchRead, BatchResult, ByteSource, PickedResult, Picks } from '../../npy/io/byteSource';
import { pickOut, readBatchFrom, readPickedFrom } from '../../npy/io/byteSource';
import type { Dtype } from '../../npy/types';
import { encodeHeader } from '../../npy/write/headerBytes';

export interface Interpretation {
  dtype: Dtype;
  /** Resolved (no -1). */
  shape: bigint[];
  fortranOrder: boolean;
  skip: bigint;
}

export class PreviewSource implements ByteSource {
  readonly header: Uint8Array;
  private readonly headerLength: bigint;

  /**
   * `raw` is the raw file (its own handle management); `dataSize` the bytes the array covers. The preview's size
   * is header + what the raw file actually holds of the data (a raw file shorter than the shape shows as truncated).
   */
  constructor(
    private readonly raw: ByteSource,
    readonly interp: Interpretation,
    private readonly dataSize: bigint,
    private readonly closeRaw = true,
    /** Called on each read of the data (the viewer is showing cells). */
    private readonly onDataRead?: () => void,
  ) {
    this.header = encodeHeader(interp.dtype, interp.shape, interp.fortranOrder);
    this.headerLength = BigInt(this.header.length);
  }

  async size(): Promise<bigint> {
    const rawSize = await this.raw.size();
    const avail = rawSize > this.interp.skip ? rawSize - this.interp.skip : 0n;
    return this.headerLength + (avail < this.dataSize ? avail : this.dataSize);
  }

  /** Bytes of the preview from `position` on, with the data part mapped to the raw file. */
  async read(position: bigint, into: Uint8Array): Promise<number> {
    const end = this.headerLength + this.dataSize;
    if (position >= end || into.length === 0) return 0;
    const want = Number(end - position < BigInt(into.length) ? end - position : BigInt(into.length));
    let done = 0;
    if (position < this.headerLength) {
      const h = this.header.subarray(Number(position), Math.min(this.header.length, Number(position) + want));
      into.set(h, 0);
      done = h.length;
      if (done < want) {
        const n = await this.raw.read(this.interp.skip, into.subarray(done, want));
        done += n;
      }
      return done;
    }
    return this.raw.read(this.interp.skip + (position - this.headerLength), into.subarray(0, want));
  }

  async readBatch(reads: readonly BatchRead[], total: number): Promise<BatchResult> {
    const end = this.headerLength + this.dataSize;
    // The viewer's tile reads are all inside the data: map them to the raw file in one batch.
    if (reads.length) this.onDataRead?.();
    if (reads.every((r) => r.position >= this.headerLength && r.position + BigInt(r.length) <= end)) {
      const mapped = reads.map((r) => ({ ...r, position: this.interp.skip + (r.position - this.headerLength) }));
      return readBatchFrom(this.raw, mapped, total);
    }
    const buffer = new Uint8Array(total);
    const got = new Array<number>(reads.length);
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i];
      let n = 0;
      while (n < r.length) {
        const k = await this.read(r.position + BigInt(n), buffer.subarray(r.bufferOffset + n, r.bufferOffset + r.length));
        if (k <= 0) break;
        n += k;
      }
      got[i] = n;
    }
    return { buffer, got };
  }

  async readPicked(reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
    const end = this.headerLength + this.dataSize;
    if (reads.every((r) => r.position >= this.headerLength && r.position + BigInt(r.length) <= end)) {
      if (reads.length) this.onDataRead?.();
      const mapped = reads.map((r) => ({ ...r, position: this.interp.skip + (r.position - this.headerLength) }));
      return readPickedFrom(this.raw, mapped, total, picks);
    }
    const { buffer, got } = await this.readBatch(reads, total);
    return { picked: pickOut(buffer, picks), got };
  }

  async close(): Promise<void> {
    if (this.closeRaw) await this.raw.close();
  }
}
