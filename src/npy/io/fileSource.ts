// The Node implementation of ByteSource: one FileHandle, reads serialized on it; batches go to the read worker.
import { promises as fs, constants as C, type Stats } from 'fs';
import { readBatchFrom, readPickedFrom, type BatchRead, type BatchResult, type ByteSource, type PickedResult, type Picks } from './byteSource';
import { readBatchOnWorker, readPickedOnWorker } from './batchReader';
import { NpyError } from '../types';
import { pathForMessage } from '../../shared/quote';

function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Open `path` only if it is a regular file, never blocking: open(2) of a FIFO waits for a writer and a device may
 * wait for its hardware, so the file is opened with O_NONBLOCK (which returns at once for both, and changes nothing
 * for a regular file's reads and writes) and the type is checked on the opened descriptor itself (fstat). Checking
 * the descriptor, not the name, leaves no window for a FIFO to be swapped in between the check and the open.
 * `flags` are the open(2) flags (default read-only). Every engine open of an existing file goes through here.
 */
export async function openRegularFile(path: string, flags: number = C.O_RDONLY): Promise<fs.FileHandle> {
  const handle = await fs.open(path, flags | (C.O_NONBLOCK ?? 0));
  let st: Stats;
  try {
    st = await handle.stat();
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
  if (!st.isFile()) {
    await handle.close().catch(() => undefined);
    const kind = fileKind(st);
    throw new NpyError(`${pathForMessage(path)} is ${kind}${kind.startsWith('not') ? '' : ', not a regular file'}`);
  }
  return handle;
}

/** Node's positioned read takes a JS number; files up to 2^53 bytes (8 PiB) are addressable. */
const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/** Set once a read worker could not start (a host without worker_threads): batches then read one by one. */
let workersFailed = false;

export class FileSource implements ByteSource {
  private queue: Promise<unknown> = Promise.resolve();
  /** withFd calls running, and close() waiting for them to end. */
  private pins = 0;
  private unpinned: (() => void)[] = [];

  private constructor(private readonly handle: fs.FileHandle) {}

  /** Open a regular file for reading (a FIFO, device or folder is refused at once; see openRegularFile). */
  static async open(path: string): Promise<FileSource> {
    return new FileSource(await openRegularFile(path));
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

  readPicked(reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
    return this.enqueue(async () => {
      if (!workersFailed) {
        try {
          return await readPickedOnWorker(this.handle.fd, reads, total, picks);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code) throw e;
          workersFailed = true;
        }
      }
      return readPickedFrom(this.direct, reads, total, picks);
    });
  }

  async withFd<T>(work: (fd: number, base: bigint) => Promise<T>): Promise<T> {
    this.pins++;
    try {
      return await work(this.handle.fd, 0n);
    } finally {
      if (--this.pins === 0) for (const wake of this.unpinned.splice(0)) wake();
    }
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
    // Workers may be reading the descriptor: closing it under them could hand its number to another file.
    while (this.pins > 0) await new Promise<void>((wake) => this.unpinned.push(wake));
    await this.handle.close();
  }
}
