// The Node implementation of ByteSource: one FileHandle, reads serialized on it; batches go to the read worker.
import { promises as fs } from 'fs';
import { readBatchFrom, type BatchRead, type BatchResult, type ByteSource } from './byteSource';
import { readBatchOnWorker } from './batchReader';

/** Node's positioned read takes a JS number; files up to 2^53 bytes (8 PiB) are addressable. */
const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/** Set once a read worker could not start (a host without worker_threads): batches then read one by one. */
let workersFailed = false;

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
    return this.enqueue(async () => {
      if (!workersFailed) {
        try {
          return await readBatchOnWorker(this.handle.fd, reads, total);
        } catch (e) {
          // A read error has an errno code; anything else means no worker runs here: read one by one from now on.
          if ((e as NodeJS.ErrnoException).code) throw e;
          workersFailed = true;
        }
      }
      return readBatchFrom(this.direct, reads, total);
    });
  }

  /** Reads straight on the handle, for use inside the queue. */
  private readonly direct: ByteSource = {
    size: () => this.size(),
    read: async (position, into) => (await this.handle.read(into, 0, into.length, Number(position))).bytesRead,
    close: async () => {},
  };

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
