// Where the statistics kernels run: a pool of worker threads, one per core, shared by all jobs (each job has its
// own state in every worker, by id), started on first use and unref'd while idle so they never keep a process
// alive. The worker program is dist/statsWorker.js next to the bundle (scripts/build.mjs builds it); running from
// the TypeScript sources (tests, bench) it is src/stats/worker.ts through tsx. When no worker can start, the same
// kernels run on the calling thread, so statistics always work.
import { existsSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { Worker } from 'worker_threads';
import { NpyError } from '../npy/types';
import { handle, type ChunkData, type JobEntry, type OpenReply, type WorkerReply, type WorkerRequest } from './protocol';
import { simdKernels } from './simd';
import { blockKernels } from '../picture/blockSimd';
import type { BlockResult, BlockRunner, BlockTask } from '../picture/blocks';
import type { ChunkInfo, OpenSpec, Partial1, Partial2, RefinePlan, Summary2 } from './kernel';

export interface ChunkResult<P> {
  parts: P;
  /** The chunk's buffer, back for reuse (absent when the job keeps it). */
  buf?: ArrayBuffer;
}

/** One job's handle on the kernels: every call is answered in order per worker. */
export interface StatsExecutor {
  readonly size: number;
  /**
   * A buffer for the next chunk's bytes: a slot in a worker's shared memory when there is one (the chunk is read
   * straight to where the kernels run), else null (use any buffer; it is transferred).
   */
  acquire(bytes: number): Promise<Uint8Array> | null;
  pass1(info: ChunkInfo, bytes: Uint8Array): Promise<ChunkResult<Partial1[]>>;
  /** Per worker: its raw top-digit histograms per lane. */
  end1(): Promise<Float64Array[][]>;
  begin(plans: (RefinePlan | null)[]): void;
  pass2(info: ChunkInfo, bytes: Uint8Array, clean: boolean[]): Promise<ChunkResult<(Partial2 | null)[]>>;
  pass2Kept(): Promise<{ seq: number; parts: (Partial2 | null)[] }[]>;
  end2(): Promise<(Summary2 | null)[][]>;
  close(): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve(v: WorkerReply): void; reject(e: Error): void }>;
}

let threads: (Thread | null)[] = [];
let broken = false;
let nextRid = 1;
let nextJob = 1;

function workerProgram(): { file: string; eval: boolean } | null {
  if (__filename.endsWith('.ts')) {
    // Running from sources: let tsx compile the worker (only the dev tools have it).
    let tsx: string;
    try {
      tsx = require.resolve('tsx/cjs');
    } catch {
      return null;
    }
    return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`, eval: true };
  }
  const file = join(__dirname, 'statsWorker.js');
  return existsSync(file) ? { file, eval: false } : null;
}

function startThread(i: number): Thread | null {
  if (broken) return null;
  const program = workerProgram();
  if (!program) {
    broken = true;
    return null;
  }
  let worker: Worker;
  try {
    worker = new Worker(program.file, { eval: program.eval });
  } catch {
    broken = true;
    return null;
  }
  const slot: Thread = { worker, pending: new Map() };
  worker.on('message', (msg: WorkerReply) => {
    const p = slot.pending.get(msg.rid);
    if (!p) return;
    slot.pending.delete(msg.rid);
    if (slot.pending.size === 0) worker.unref();
    p.resolve(msg);
  });
  const fail = (e: Error): void => {
    for (const p of slot.pending.values()) p.reject(new NpyError(`statistics worker stopped: ${e.message.split('\n')[0]}`));
    slot.pending.clear();
    if (threads[i] === slot) threads[i] = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  worker.unref();
  threads[i] = slot;
  return slot;
}

/** The pool's workers (started on demand), or null when none can run here. */
function pool(size: number): Thread[] | null {
  const out: Thread[] = [];
  for (let i = 0; i < size; i++) {
    const s = threads[i] ?? startThread(i);
    if (!s) return out.length ? out : null;
    out.push(s);
  }
  return out;
}

/** Workers the engine uses by default: one per core, at most 8. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Stop the pool's workers (tests, and the extension's deactivation). */
export async function shutdownStatsWorkers(): Promise<void> {
  const all = threads;
  threads = [];
  await Promise.all(all.map((s) => s?.worker.terminate()));
}

/** One request to one thread, answered by its id. */
function request(w: Thread, msg: WorkerRequest & { rid: number }): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    w.pending.set(msg.rid, { resolve, reject });
    w.worker.ref();
    try {
      w.worker.postMessage(msg);
    } catch (e) {
      w.pending.delete(msg.rid);
      reject(new NpyError(`statistics worker: ${(e as Error).message}`));
    }
  });
}

/**
 * The refined picture's pieces on the same threads (src/picture/blockTask.ts): `workers` of them (default one per
 * core), or null when no worker can start or this runtime has no WebAssembly SIMD (the picture then takes its
 * JavaScript path).
 */
export function blockRunner(workers = defaultWorkers()): BlockRunner | null {
  if (!blockKernels()) return null;
  const ws = pool(workers);
  if (!ws) return null;
  return {
    size: ws.length,
    async run(i: number, task: BlockTask): Promise<BlockResult> {
      const r = await request(ws[i % ws.length], { t: 'blocks', rid: nextRid++, task });
      if (!r.ok) throw new NpyError(`picture failed: ${r.message}`);
      return r.value as BlockResult;
    },
  };
}

/** Chunk slots per worker: two in flight and one being read. */
const SLOTS = 3;

interface SlotTicket {
  worker: number;
  off: number;
}

class WorkerExecutor implements StatsExecutor {
  private readonly job = nextJob++;
  /** Chunks outstanding per worker (the engine's window spreads over the least busy). */
  private readonly busy: number[];
  private mems: (WebAssembly.Memory | null)[] = [];
  private freeSlots: number[][] = [];
  private readonly waiting: (() => void)[] = [];
  /** Slots handed out, by the memory's buffer object and offset (the reader may pass on a sub-view). */
  private readonly tickets = new Map<ArrayBufferLike, Map<number, SlotTicket>>();
  private shared = false;

  private constructor(
    private readonly workers: Thread[],
    private readonly slotBytes: number,
  ) {
    this.busy = workers.map(() => 0);
  }

  static async open(workers: Thread[], spec: OpenSpec, keep: boolean, slotBytes: number): Promise<WorkerExecutor> {
    const ex = new WorkerExecutor(workers, slotBytes);
    const replies = await Promise.all(
      workers.map((w) => ex.value<OpenReply>(ex.call(w, { t: 'open', rid: nextRid++, job: ex.job, spec, keep, slots: SLOTS, slotBytes }))),
    );
    ex.mems = replies.map((r) => r.value.mem);
    ex.freeSlots = replies.map((r) => [...r.value.slots]);
    ex.shared = replies.every((r) => r.value.mem !== null && r.value.slots.length > 0);
    return ex;
  }

  get size(): number {
    return this.workers.length;
  }

  private post(w: Thread, msg: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    w.worker.postMessage(msg, transfer);
  }

  private call(w: Thread, msg: WorkerRequest & { rid: number }, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      w.pending.set(msg.rid, { resolve, reject });
      w.worker.ref();
      try {
        w.worker.postMessage(msg, transfer);
      } catch (e) {
        w.pending.delete(msg.rid);
        reject(new NpyError(`statistics worker: ${(e as Error).message}`));
      }
    });
  }

  private async value<T>(reply: Promise<WorkerReply>): Promise<{ value: T; buf?: ArrayBuffer }> {
    const r = await reply;
    if (!r.ok) throw new NpyError(`statistics failed: ${r.message}`);
    return { value: r.value as T, buf: r.buf };
  }

  private leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[best]) best = i;
    return best;
  }

  /** A free slot, on the least busy worker that has one (waiting for one to come back if none is free). */
  private async slot(): Promise<SlotTicket> {
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.workers.length; i++) if (this.freeSlots[i].length && (best < 0 || this.busy[i] < this.busy[best])) best = i;
      if (best >= 0) return { worker: best, off: this.freeSlots[best].pop()! };
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private freeSlot(t: SlotTicket): void {
    this.freeSlots[t.worker].push(t.off);
    this.waiting.shift()?.();
  }

  private view(t: SlotTicket, bytes: number): Uint8Array {
    return new Uint8Array(this.mems[t.worker]!.buffer, t.off, bytes);
  }

  acquire(bytes: number): Promise<Uint8Array> | null {
    if (!this.shared || bytes > this.slotBytes) return null;
    return this.slot().then((t) => {
      const v = this.view(t, bytes);
      let m = this.tickets.get(v.buffer);
      if (!m) this.tickets.set(v.buffer, (m = new Map()));
      m.set(v.byteOffset, t);
      return v;
    });
  }

  /** The slot `bytes` was read into (taken out of the handed-out set), or null. */
  private ticketOf(bytes: Uint8Array): SlotTicket | null {
    const m = this.tickets.get(bytes.buffer);
    const t = m?.get(bytes.byteOffset);
    if (!m || !t) return null;
    m.delete(bytes.byteOffset);
    if (m.size === 0) this.tickets.delete(bytes.buffer);
    return t;
  }

  private async chunk<P>(make: (rid: number, data: ChunkData) => WorkerRequest & { rid: number }, bytes: Uint8Array): Promise<ChunkResult<P>> {
    let ticket = this.ticketOf(bytes);
    if (!ticket && this.shared && bytes.byteLength <= this.slotBytes) {
      // Bytes from elsewhere (a view's tile): copy them into a slot.
      ticket = await this.slot();
      this.view(ticket, bytes.byteLength).set(bytes);
    }
    const i = ticket ? ticket.worker : this.leastBusy();
    this.busy[i]++;
    try {
      const rid = nextRid++;
      if (ticket) {
        const r = await this.value<P>(this.call(this.workers[i], make(rid, { slot: ticket.off, len: bytes.byteLength })));
        return { parts: r.value };
      }
      // Whole buffers travel; a view into a larger buffer is copied first so only its bytes move.
      let buf = bytes.buffer as ArrayBuffer;
      let off = bytes.byteOffset;
      if (bytes.byteLength !== buf.byteLength && bytes.byteLength * 2 < buf.byteLength) {
        buf = bytes.slice().buffer;
        off = 0;
      }
      const r = await this.value<P>(this.call(this.workers[i], make(rid, { buf, off, len: bytes.byteLength }), [buf]));
      return { parts: r.value, buf: r.buf };
    } finally {
      this.busy[i]--;
      if (ticket) this.freeSlot(ticket);
    }
  }

  pass1(info: ChunkInfo, bytes: Uint8Array): Promise<ChunkResult<Partial1[]>> {
    return this.chunk((rid, data) => ({ t: 'p1', rid, job: this.job, info, data }), bytes);
  }

  async end1(): Promise<Float64Array[][]> {
    return Promise.all(this.workers.map(async (w) => (await this.value<Float64Array[]>(this.call(w, { t: 'end1', rid: nextRid++, job: this.job }))).value));
  }

  begin(plans: (RefinePlan | null)[]): void {
    for (const w of this.workers) this.post(w, { t: 'begin', job: this.job, plans });
  }

  pass2(info: ChunkInfo, bytes: Uint8Array, clean: boolean[]): Promise<ChunkResult<(Partial2 | null)[]>> {
    return this.chunk((rid, data) => ({ t: 'p2', rid, job: this.job, info, data, clean }), bytes);
  }

  async pass2Kept(): Promise<{ seq: number; parts: (Partial2 | null)[] }[]> {
    const lists = await Promise.all(
      this.workers.map(
        async (w) => (await this.value<{ seq: number; parts: (Partial2 | null)[] }[]>(this.call(w, { t: 'p2kept', rid: nextRid++, job: this.job }))).value,
      ),
    );
    return lists.flat();
  }

  async end2(): Promise<(Summary2 | null)[][]> {
    return Promise.all(this.workers.map(async (w) => (await this.value<(Summary2 | null)[]>(this.call(w, { t: 'end2', rid: nextRid++, job: this.job }))).value));
  }

  close(): void {
    for (const w of this.workers) {
      try {
        this.post(w, { t: 'close', job: this.job });
      } catch {
        // a stopped worker has nothing to close
      }
    }
  }
}

/** The kernels on the calling thread: the same requests, answered synchronously. */
class LocalExecutor implements StatsExecutor {
  private readonly jobs = new Map<number, JobEntry>();
  readonly size = 1;
  private slots: number[] = [];

  constructor(
    spec: OpenSpec,
    keep: boolean,
    private readonly slotBytes: number,
  ) {
    const r = handle(this.jobs, { t: 'open', rid: 0, job: 0, spec, keep, slots: 2, slotBytes }).value as OpenReply;
    this.slots = r.slots;
  }

  private run<T>(msg: WorkerRequest): { value: T; buf?: ArrayBuffer } {
    const r = handle(this.jobs, msg);
    return { value: r.value as T, buf: r.buf };
  }

  acquire(bytes: number): Promise<Uint8Array> | null {
    // Work here is synchronous: a chunk is done before the next is read, so slots simply alternate.
    if (!this.slots.length || bytes > this.slotBytes) return null;
    const off = this.slots[0];
    this.slots.push(this.slots.shift()!);
    return Promise.resolve(simdKernels()!.arena.u8(off, bytes));
  }

  private data(bytes: Uint8Array): ChunkData {
    const k = simdKernels();
    if (k && bytes.buffer === k.arena.mem.buffer && this.slots.includes(bytes.byteOffset)) return { slot: bytes.byteOffset, len: bytes.byteLength };
    return { buf: bytes.buffer as ArrayBuffer, off: bytes.byteOffset, len: bytes.byteLength };
  }

  async pass1(info: ChunkInfo, bytes: Uint8Array): Promise<ChunkResult<Partial1[]>> {
    const r = this.run<Partial1[]>({ t: 'p1', rid: 0, job: 0, info, data: this.data(bytes) });
    return { parts: r.value, buf: r.buf };
  }

  async end1(): Promise<Float64Array[][]> {
    return [this.run<Float64Array[]>({ t: 'end1', rid: 0, job: 0 }).value];
  }

  begin(plans: (RefinePlan | null)[]): void {
    this.run({ t: 'begin', job: 0, plans });
  }

  async pass2(info: ChunkInfo, bytes: Uint8Array, clean: boolean[]): Promise<ChunkResult<(Partial2 | null)[]>> {
    const r = this.run<(Partial2 | null)[]>({ t: 'p2', rid: 0, job: 0, info, data: this.data(bytes), clean });
    return { parts: r.value, buf: r.buf };
  }

  async pass2Kept(): Promise<{ seq: number; parts: (Partial2 | null)[] }[]> {
    return this.run<{ seq: number; parts: (Partial2 | null)[] }[]>({ t: 'p2kept', rid: 0, job: 0 }).value;
  }

  async end2(): Promise<(Summary2 | null)[][]> {
    return [this.run<(Summary2 | null)[]>({ t: 'end2', rid: 0, job: 0 }).value];
  }

  close(): void {
    handle(this.jobs, { t: 'close', job: 0 });
  }
}

/**
 * An executor for one job: `workers` threads (0: on this thread; default one per core), falling back to this
 * thread when none can start. `keep`: the workers hold every chunk for the later passes. `slotBytes`: the largest
 * chunk the engine reads.
 */
export async function openExecutor(spec: OpenSpec, keep: boolean, workers = defaultWorkers(), slotBytes = 4 << 20): Promise<StatsExecutor> {
  if (workers > 0) {
    const ws = pool(workers);
    if (ws) return WorkerExecutor.open(ws, spec, keep, slotBytes);
  }
  return new LocalExecutor(spec, keep, slotBytes);
}
