// Feeding a member's compressed bytes to the inflater in bounded chunks, from any byte of the stream.
import type { ByteSource } from '../npy/io/byteSource';
import { readAt } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';
import { HEADER_MARGIN, type Inflater } from './inflate/inflater';

export class CompressedInput {
  private readonly buf: Uint8Array;
  private have = 0;
  /** Compressed bytes read so far (what the progress of a pass counts). */
  bytesRead = 0;

  constructor(
    /** The member's compressed data, positions relative to its start. */
    private readonly source: ByteSource,
    private readonly size: number,
    private readonly chunk: number,
  ) {
    // The unread tail kept on a refill is below HEADER_MARGIN bytes (the inflater asks for more only then).
    this.buf = new Uint8Array(chunk + HEADER_MARGIN);
  }

  /** Start feeding at compressed byte `offset`. */
  async begin(inflater: Inflater, offset: number): Promise<void> {
    this.have = 0;
    await this.fill(inflater, offset, 0);
  }

  /** After NEED_INPUT: keep the unread bytes, add a chunk after them. */
  async refill(inflater: Inflater): Promise<void> {
    const left = inflater.inputLeft;
    const from = inflater.nextInputOffset;
    this.buf.copyWithin(0, this.have - left, this.have);
    await this.fill(inflater, from, left);
  }

  private async fill(inflater: Inflater, from: number, kept: number): Promise<void> {
    const at = from + kept;
    const want = Math.min(this.chunk, this.buf.length - kept, this.size - at);
    if (want <= 0 && at < this.size) throw new Error('compressed input buffer full');
    let got = 0;
    if (want > 0) {
      const part = await readAt(this.source, BigInt(at), want);
      this.buf.set(part, kept);
      got = part.length;
      this.bytesRead += got;
      if (got < want) throw new NpyError('the file ends inside its compressed data');
    }
    this.have = kept + got;
    inflater.setInput(this.buf, 0, this.have, from, at + got >= this.size);
  }
}
