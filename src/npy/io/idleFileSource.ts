// A ByteSource over a path that opens its FileHandle on first use, serializes reads on it (FileSource), closes it
// after a quiet spell (so the file is not held open, e.g. blocking deletes on Windows) and can be reset to pick up
// a file replaced on disk (a new inode after an atomic rename).
import { FileSource } from './fileSource';
import type { BatchRead, BatchResult, ByteSource, PickedResult, Picks } from './byteSource';

export class IdleFileSource implements ByteSource {
  private handle: Promise<FileSource> | undefined;
  private inflight = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly idleMs = 10_000,
  ) {}

  /** Whether a FileHandle is open right now (tests). */
  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  private acquire(): Promise<FileSource> {
    if (this.closed) return Promise.reject(new Error('the document is closed'));
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.handle) {
      const opening = FileSource.open(this.path);
      this.handle = opening;
      opening.catch(() => {
        if (this.handle === opening) this.handle = undefined;
      });
    }
    return this.handle;
  }

  private release(): void {
    if (--this.inflight > 0 || this.closed || this.idleMs <= 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inflight === 0) void this.reset();
    }, this.idleMs);
    this.timer.unref?.();
  }

  private async use<T>(fn: (s: FileSource) => Promise<T>): Promise<T> {
    this.inflight++;
    try {
      return await fn(await this.acquire());
    } finally {
      this.release();
    }
  }

  size(): Promise<bigint> {
    return this.use((s) => s.size());
  }

  read(position: bigint, into: Uint8Array): Promise<number> {
    return this.use((s) => s.read(position, into));
  }

  readBatch(reads: readonly BatchRead[], total: number): Promise<BatchResult> {
    return this.use((s) => s.readBatch(reads, total));
  }

  readPicked(reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
    return this.use((s) => s.readPicked(reads, total, picks));
  }

  withFd<T>(work: (fd: number, base: bigint) => Promise<T>): Promise<T> {
    return this.use((s) => s.withFd(work));
  }

  /** Close the handle now; the next read reopens the path (which may now be a different file). */
  async reset(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (h) {
      try {
        await (await h).close();
      } catch {
        // already gone
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = true;
    await this.reset();
  }
}
