// Many small positioned reads at once, off the main thread. A tile of a wide array is hundreds of reads of a few
// hundred bytes; through the async fs API each costs a thread-pool round trip (~10 µs), which made a random tile
// 15× slower than numpy's mmap. One worker thread doing plain synchronous preads on the same file descriptor
// (workers share the process's fd table) costs ~1 µs a read, and a cold or remote disk only stalls that worker,
// never the extension host.
import { Worker } from 'worker_threads';
import { availableParallelism } from 'os';
import type { BatchRead, BatchResult } from './byteSource';

/** The worker's whole program: our own constant text, no input is ever evaluated. */
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
const { readSync } = require('fs');
parentPort.on('message', ({ id, fd, positions, lengths, offsets, total }) => {
  const buffer = new Uint8Array(total);
  const got = new Float64Array(positions.length);
  try {
    for (let i = 0; i < positions.length; i++) {
      let done = 0;
      while (done < lengths[i]) {
        const n = readSync(fd, buffer, offsets[i] + done, lengths[i] - done, positions[i] + done);
        if (n <= 0) break;
        done += n;
      }
      got[i] = done;
    }
    parentPort.postMessage({ id, buffer, got }, [buffer.buffer, got.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

interface Pending {
  resolve(v: BatchResult): void;
  reject(e: Error): void;
}

/** A batch this large is split across the workers, so reads run on every core. */
const SPLIT_AT = 32;
const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism()));
const workers: (Worker | undefined)[] = [];
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(slot: number): Worker {
  const existing = workers[slot];
  if (existing) return existing;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  const mine = new Set<number>();
  w.on('message', (msg: { id: number; buffer?: Uint8Array; got?: Float64Array; error?: { message: string; code?: string } }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    mine.delete(msg.id);
    if (mine.size === 0) w.unref();
    if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
    else p.resolve({ buffer: msg.buffer!, got: msg.got! });
  });
  const drop = (e: Error): void => {
    for (const id of mine) pending.get(id)?.reject(e);
    for (const id of mine) pending.delete(id);
    mine.clear();
    if (workers[slot] === w) workers[slot] = undefined;
  };
  w.on('error', drop);
  w.on('exit', () => drop(new Error('read worker stopped')));
  w.unref();
  (w as Worker & { ids?: Set<number> }).ids = mine;
  workers[slot] = w;
  return w;
}

function post(slot: number, fd: number, reads: readonly BatchRead[], from: number, to: number, total: number, shift: number): Promise<BatchResult> {
  const count = to - from;
  const positions = new Float64Array(count);
  const lengths = new Float64Array(count);
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const r = reads[from + i];
    if (r.position < 0n || r.position > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`read position ${r.position} out of range`);
    positions[i] = Number(r.position);
    lengths[i] = r.length;
    offsets[i] = r.bufferOffset - shift;
  }
  const w = getWorker(slot);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    (w as Worker & { ids: Set<number> }).ids.add(id);
    w.ref();
    w.postMessage({ id, fd, positions, lengths, offsets, total }, [positions.buffer, lengths.buffer, offsets.buffer]);
  });
}

/**
 * Read every segment of `reads` from `fd` into one buffer of `total` bytes. Returns the buffer and the bytes each
 * read actually got (fewer at end of file).
 */
export async function readBatchOnWorker(fd: number, reads: readonly BatchRead[], total: number): Promise<BatchResult> {
  const parts = reads.length >= SPLIT_AT ? POOL_SIZE : 1;
  if (parts === 1) return post(0, fd, reads, 0, reads.length, total, 0);
  // Contiguous runs of reads per worker; each fills its own slice of the buffer, then the slices are joined.
  const per = Math.ceil(reads.length / parts);
  const jobs: Promise<BatchResult>[] = [];
  const starts: number[] = [];
  for (let k = 0; k < parts && k * per < reads.length; k++) {
    const from = k * per;
    const to = Math.min(reads.length, from + per);
    const shift = reads[from].bufferOffset;
    const end = to < reads.length ? reads[to].bufferOffset : total;
    starts.push(from);
    jobs.push(post(k, fd, reads, from, to, end - shift, shift));
  }
  const results = await Promise.all(jobs);
  const buffer = new Uint8Array(total);
  const got = new Float64Array(reads.length);
  results.forEach((r, k) => {
    buffer.set(r.buffer, reads[starts[k]].bufferOffset);
    for (let i = 0; i < r.got.length; i++) got[starts[k] + i] = r.got[i];
  });
  return { buffer, got };
}
