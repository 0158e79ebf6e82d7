// The Node implementation of ByteSource: one FileHandle, reads serialized on it; batches go to the read worker.
import { promises as fs } from 'fs';
import type { BatchRead, BatchResult, ByteSource } from './byteSource';
import { readBatchOnWorker } from './batchReader';

/** Node's positioned read takes a JS number; files up to 2^53 bytes (8 PiB) are addressable. */
const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

export class FileSource implements ByteSource {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly handle: fs.FileHandle) {}

  static async open(path: string): Promise<FileSource> {
    return new FileSource(await fs.open(path, 'r'));
  }

  async size(): Promise<bigint> {
    const st = await this.handle.stat({ bigint: true });
    return st.size;
  }

  read(position: bigint, into: Uint8Array): Promise<number> {
    if (position < 0n || position > MAX_POSITION) return Promise.reject(new RangeError(`read position ${position} out of range`));
    return this.enqueue(async () => {
      const { bytesRead } = await this.handle.read(into, 0, into.length, Number(position));
      return bytesRead;
    });
  }

  readBatch(reads: readonly BatchRead[], total: number): Promise<BatchResult> {
    return this.enqueue(() => readBatchOnWorker(this.handle.fd, reads, total));
  }

  /** Serialize on the handle, so close() never pulls the descriptor from under a read. */
  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}
