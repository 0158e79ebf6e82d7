// The messages between the statistics engine and its workers, and how a job state answers them (the worker
// thread and the on-thread fallback run the same `handle`). A chunk travels one of two ways: in a slot of the
// worker's shared WebAssembly memory (the engine reads the file straight into it: no copy, nothing to transfer),
// or as a transferred ArrayBuffer that comes back for reuse.
import { JobState, type ChunkInfo, type OpenSpec, type RefinePlan } from './kernel';
import { simdKernels } from './simd';
import { runBlockTask, type BlockTask } from '../picture/blockTask';

export type ChunkData = { buf: ArrayBuffer; off: number; len: number } | { slot: number; len: number };

export type WorkerRequest =
  | { t: 'open'; rid: number; job: number; spec: OpenSpec; keep: boolean; slots: number; slotBytes: number }
  | { t: 'p1'; rid: number; job: number; info: ChunkInfo; data: ChunkData }
  | { t: 'end1'; rid: number; job: number }
  | { t: 'begin'; job: number; plans: (RefinePlan | null)[] }
  | { t: 'p2'; rid: number; job: number; info: ChunkInfo; data: ChunkData; clean: boolean[] }
  | { t: 'p2kept'; rid: number; job: number }
  | { t: 'end2'; rid: number; job: number }
  | { t: 'close'; job: number }
  /** A piece of a refined picture (src/picture/blockTask.ts): needs no job state. */
  | { t: 'blocks'; rid: number; task: BlockTask };

export type WorkerReply = { rid: number; ok: true; value: unknown; buf?: ArrayBuffer } | { rid: number; ok: false; message: string };

/** The reply to `open`: the job's chunk slots in the worker's memory (none when it has no shared memory). */
export interface OpenReply {
  slots: number[];
  mem: WebAssembly.Memory | null;
}

interface Job {
  state: JobState;
  slots: number[];
  slotBytes: number;
}

function chunkBytes(d: ChunkData): { bytes: Uint8Array; arenaOff: number } {
  if ('slot' in d) return { bytes: simdKernels()!.arena.u8(d.slot, d.len), arenaOff: d.slot };
  return { bytes: new Uint8Array(d.buf, d.off, d.len), arenaOff: -1 };
}

/** Apply one request to the job states; returns the reply value and the buffer to hand back, if any. */
export function handle(jobs: Map<number, Job>, msg: WorkerRequest): { value?: unknown; buf?: ArrayBuffer } {
  if (msg.t === 'open') {
    const k = msg.slots > 0 ? simdKernels() : null;
    const slots = k && k.arena.shared ? Array.from({ length: msg.slots }, () => k.arena.alloc(msg.slotBytes)) : [];
    jobs.set(msg.job, { state: new JobState(msg.spec, msg.keep), slots, slotBytes: msg.slotBytes });
    const reply: OpenReply = { slots, mem: slots.length ? k!.arena.mem : null };
    return { value: reply };
  }
  if (msg.t === 'blocks') {
    const r = runBlockTask(msg.task);
    return { value: r, buf: r.acc.buffer as ArrayBuffer };
  }
  if (msg.t === 'close') {
    const job = jobs.get(msg.job);
    if (job) {
      job.state.close();
      for (const s of job.slots) simdKernels()!.arena.release(s, job.slotBytes);
    }
    jobs.delete(msg.job);
    return {};
  }
  const job = jobs.get(msg.job);
  if (!job) throw new Error(`statistics job ${msg.job} is not open`);
  const state = job.state;
  switch (msg.t) {
    case 'p1': {
      const { bytes, arenaOff } = chunkBytes(msg.data);
      const parts = state.pass1(bytes, msg.info, arenaOff);
      return { value: parts, buf: 'buf' in msg.data && !state.keep ? msg.data.buf : undefined };
    }
    case 'end1':
      return { value: state.summary1() };
    case 'begin':
      state.begin(msg.plans);
      return {};
    case 'p2': {
      const { bytes, arenaOff } = chunkBytes(msg.data);
      return { value: state.pass2(bytes, msg.info, msg.clean, arenaOff), buf: 'buf' in msg.data ? msg.data.buf : undefined };
    }
    case 'p2kept':
      return { value: state.pass2Kept() };
    case 'end2':
      return { value: state.summary2() };
  }
}

export type { Job as JobEntry };
