// Tile requests from the webview wait here. Cancelled requests that have not started never touch the disk;
// a running one gets its token flagged so its result is dropped instead of posted.

export interface CancelToken {
  readonly cancelled: boolean;
}

type Task = (token: CancelToken) => Promise<void>;

interface Entry {
  id: number;
  task: Task;
  token: { cancelled: boolean };
}

export class RequestQueue {
  private pending: Entry[] = [];
  private running = new Map<number, Entry>();
  private disposed = false;
  /** Called with any error a task throws (tasks are expected to report their own errors). */
  onError: (err: unknown, id: number) => void = () => undefined;

  constructor(private readonly concurrency = 1) {}

  /** Queue a request. A pending request with the same id is replaced. */
  push(id: number, task: Task): void {
    if (this.disposed) return;
    this.pending = this.pending.filter((e) => e.id !== id);
    this.pending.push({ id, task, token: { cancelled: false } });
    this.pump();
  }

  /** Drop these requests: pending ones never run, running ones have their token flagged. */
  cancel(ids: Iterable<number>): void {
    const set = new Set(ids);
    this.pending = this.pending.filter((e) => !set.has(e.id));
    for (const id of set) {
      const r = this.running.get(id);
      if (r) r.token.cancelled = true;
    }
  }

  /** Drop everything (file reloaded, panel closed). */
  clear(): void {
    this.pending = [];
    for (const r of this.running.values()) r.token.cancelled = true;
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Resolves when nothing is pending or running (tests). */
  async idle(): Promise<void> {
    while (this.pending.length || this.running.size) await new Promise((r) => setTimeout(r, 1));
  }

  private pump(): void {
    while (!this.disposed && this.running.size < this.concurrency && this.pending.length) {
      const entry = this.pending.shift()!;
      const key = entry.id;
      this.running.set(key, entry);
      void (async () => {
        try {
          await entry.task(entry.token);
        } catch (err) {
          this.onError(err, key);
        } finally {
          if (this.running.get(key) === entry) this.running.delete(key);
          this.pump();
        }
      })();
    }
  }
}
