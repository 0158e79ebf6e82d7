// Many small positioned reads at once, off the main thread. A tile of a wide array is hundreds of reads of a few
// hundred bytes; through the async fs API each costs a thread-pool round trip (~10 µs), which made a random tile
// 15× slower than numpy's mmap. One worker thread doing plain synchronous preads on the same file descriptor
// (workers share the process's fd table) costs ~1 µs a read, and a cold or remote disk only stalls that worker,
// never the extension host.
import { Worker } from 'worker_threads';
import { availableParallelism } from 'os';
import type { BatchRead, BatchResult, PickedResult, Picks } from './byteSource';

/**
 * The worker's whole program: our own constant text, no input is ever evaluated. Without picks, every read lands in
 * one buffer that is sent back; with picks (offsets into that virtual buffer, in order), each read goes into a
 * scratch buffer and only the picked bytes are sent back.
 */
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
const { readSync } = require('fs');
function readFully(fd, into, at, length, position) {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, at + done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return done;
}
parentPort.on('message', ({ id, fd, positions, lengths, offsets, total, picks }) => {
  const got = new Float64Array(positions.length);
  try {
    if (!picks) {
      const buffer = new Uint8Array(total);
      for (let i = 0; i < positions.length; i++) got[i] = readFully(fd, buffer, offsets[i], lengths[i], positions[i]);
      parentPort.postMessage({ id, buffer, got }, [buffer.buffer, got.buffer]);
      return;
    }
    const { at, count, length } = picks;
    const picked = new Uint8Array(count * length);
    let longest = 0;
    for (let i = 0; i < lengths.length; i++) if (lengths[i] > longest) longest = lengths[i];
    const scratch = Buffer.allocUnsafe(longest);
    let k = 0;
    for (let i = 0; i < positions.length; i++) {
      const n = readFully(fd, scratch, 0, lengths[i], positions[i]);
      got[i] = n;
      const from = offsets[i];
      const end = from + lengths[i];
      for (; k < count && at[k] < end; k++) {
        const rel = at[k] - from;
        if (rel < 0) continue;
        const stop = Math.min(length, n - rel);
        for (let b = 0; b < stop; b++) picked[k * length + b] = scratch[rel + b];
      }
    }
    parentPort.postMessage({ id, buffer: picked, got }, [picked.buffer, got.buffer]);
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

/** Picks of one worker's part: offsets relative to the part's start. */
interface PartPicks {
  at: Float64Array;
  count: number;
  length: number;
}

function post(slot: number, fd: number, reads: readonly BatchRead[], from: number, to: number, total: number, shift: number, picks?: PartPicks): Promise<BatchResult> {
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
    const transfer = [positions.buffer, lengths.buffer, offsets.buffer];
    if (picks) transfer.push(picks.at.buffer as ArrayBuffer);
    w.postMessage({ id, fd, positions, lengths, offsets, total, picks }, transfer);
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

/**
 * Read every segment of `reads` from `fd`, keeping only the picked bytes (see Picks): the pages are read by the
 * workers, and only the picks cross to this thread. Returns the picks packed and the bytes each read got.
 */
export async function readPickedOnWorker(fd: number, reads: readonly BatchRead[], total: number, picks: Picks): Promise<PickedResult> {
  const parts = reads.length >= SPLIT_AT ? POOL_SIZE : 1;
  const per = Math.ceil(reads.length / parts);
  const jobs: Promise<BatchResult>[] = [];
  const starts: number[] = [];
  const pickStarts: number[] = [];
  let p = 0;
  for (let k = 0; k < parts && k * per < reads.length; k++) {
    const from = k * per;
    const to = Math.min(reads.length, from + per);
    const shift = reads[from].bufferOffset;
    const end = to < reads.length ? reads[to].bufferOffset : total;
    const first = p;
    while (p < picks.count && picks.offsets[p] < end) p++;
    const at = new Float64Array(p - first);
    for (let i = first; i < p; i++) at[i - first] = picks.offsets[i] - shift;
    starts.push(from);
    pickStarts.push(first);
    jobs.push(post(k, fd, reads, from, to, end - shift, shift, { at, count: p - first, length: picks.length }));
  }
  const results = await Promise.all(jobs);
  if (results.length === 1) return { picked: results[0].buffer, got: results[0].got };
  const picked = new Uint8Array(picks.count * picks.length);
  const got = new Float64Array(reads.length);
  results.forEach((r, k) => {
    picked.set(r.buffer, pickStarts[k] * picks.length);
    for (let i = 0; i < r.got.length; i++) got[starts[k] + i] = r.got[i];
  });
  return { picked, got };
}
