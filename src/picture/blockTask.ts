// One piece of a refined picture, run on a statistics worker thread (src/stats/pool.ts): lines [la, lb) of a view
// region, elements [ka, kb) of each, contiguous little-endian float32 or float64. The worker preads them itself
// (the process's file descriptor, synchronous reads straight into its own WebAssembly memory: no copy, no
// transfer) in chunks of at most `budget` bytes, reduces each line's runs with the SIMD kernels
// (src/picture/blockSimd.ts) into per-pixel (lo, hi, sum), and redoes the rare runs that hold NaN or ±inf with a
// careful loop. It answers the piece's pixels only (S slots × F slots): the caller merges them into the picture.
import { readSync } from 'fs';
import { ACC_STRIDE, blockKernels } from './blockSimd';
import { FLAG_NEG, FLAG_POS, type BlockResult, type BlockTask, type M4Result } from './blocks';

export type { BlockResult, BlockRunner, BlockTask } from './blocks';

/** Bytes per read (lines of one read stay in a core's L2 cache between the copy and the kernel). */
const READ_BYTES = 256 << 10;

/** Worker side: run a task. Throws when the kernels cannot run here (the caller then takes the JavaScript path). */
export function runBlockTask(t: BlockTask): BlockResult {
  const k = blockKernels();
  if (!k) throw new Error('WebAssembly SIMD is not available');
  const size = t.wide ? 8 : 4;
  const n = t.kb - t.ka;
  const runs = t.runStarts.length - 1;
  const lineBytes = n * size;
  const lines = t.lb - t.la;
  // Reads of about READ_BYTES, so the kernel finds the lines in the core's cache the read just filled.
  const perRead = Math.max(1, Math.min(lines, Math.floor(Math.min(t.budget, READ_BYTES) / lineBytes)));
  const pixels = t.slots * runs;
  const a = k.arena;
  const chunkLen = perRead * lineBytes + 16;
  const chunk = a.alloc(chunkLen);
  const rs = a.alloc((runs + 1) * 4);
  const acc = a.alloc(pixels * ACC_STRIDE);
  const bad = a.alloc(runs * 4);
  try {
    // Views after every alloc (a growing memory detaches the old ones).
    const buf = a.mem.buffer;
    new Int32Array(buf, rs, runs + 1).set(t.runStarts);
    const accV = new Float64Array(buf, acc, pixels * 3);
    for (let i = 0; i < pixels * 3; i += 3) {
      accV[i] = Infinity;
      accV[i + 1] = -Infinity;
      accV[i + 2] = 0;
    }
    const badV = new Int32Array(buf, bad, runs);
    const bytes = new Uint8Array(buf, chunk, chunkLen);
    // float32 elements sit at 4-byte offsets of the chunk, float64 at 8: the chunk is 16-byte aligned.
    const vals = t.wide ? new Float64Array(buf, chunk, perRead * n) : new Float32Array(buf, chunk, perRead * n);
    const adjacent = t.lineStride === n;
    let nan: Float64Array | null = null;
    let flags: Uint8Array | null = null;
    let nanTotal = 0;
    let posInf = 0;
    let negInf = 0;
    let missing = 0;
    const run = t.sum ? (t.wide ? k.runs64sum : k.runs32sum) : t.wide ? k.runs64 : k.runs32;
    if (t.m4 && (lines !== 1 || t.slots !== 1)) throw new Error('an M4 task is one line');
    const m4: M4Result | undefined = t.m4
      ? {
          first: new Float64Array(runs),
          last: new Float64Array(runs),
          minAt: new Float64Array(runs),
          min: new Float64Array(runs),
          maxAt: new Float64Array(runs),
          max: new Float64Array(runs),
        }
      : undefined;
    for (let l0 = t.la; l0 < t.lb; l0 += perRead) {
      const cnt = Math.min(perRead, t.lb - l0);
      // Read the lines: one pread for adjacent lines, else one per line.
      const reads = adjacent ? 1 : cnt;
      const len = adjacent ? cnt * lineBytes : lineBytes;
      for (let r = 0; r < reads; r++) {
        const pos = t.origin + (t.base + (l0 + r) * t.lineStride + t.ka) * size;
        const at = r * lineBytes;
        let got = 0;
        while (got < len) {
          const g = readSync(t.fd, bytes, at + got, len - got, pos + got);
          if (g <= 0) break;
          got += g;
        }
        if (got < len) {
          // Past the end of the file: not data (NaN, counted as missing).
          const from = at / size + Math.floor(got / size);
          vals.fill(NaN, from, (at + len) / size);
          missing += (at + len) / size - from;
        }
      }
      for (let li = 0; li < cnt; li++) {
        const s = t.lineSlot[l0 + li - t.la];
        const nb = run(chunk + li * lineBytes, rs, runs, acc + s * runs * ACC_STRIDE, bad);
        // Runs with NaN or an infinity (or an overflowing float64 sum): counted here, one by one.
        for (let b = 0; b < nb; b++) {
          const j = badV[b];
          const px = s * runs + j;
          let lo = accV[px * 3];
          let hi = accV[px * 3 + 1];
          let sum = 0;
          let nn = 0;
          let fl = 0;
          for (let e = li * n + t.runStarts[j], end = li * n + t.runStarts[j + 1]; e < end; e++) {
            const x = vals[e];
            if (x !== x) {
              nn++;
              continue;
            }
            sum += x;
            if (x === Infinity) {
              posInf++;
              fl |= FLAG_POS;
            } else if (x === -Infinity) {
              negInf++;
              fl |= FLAG_NEG;
            } else {
              if (x < lo) lo = x;
              if (x > hi) hi = x;
            }
          }
          accV[px * 3] = lo;
          accV[px * 3 + 1] = hi;
          accV[px * 3 + 2] += sum;
          if (nn) {
            nan ??= new Float64Array(pixels);
            nan[px] += nn;
            nanTotal += nn;
          }
          if (fl) {
            flags ??= new Uint8Array(pixels);
            flags[px] |= fl;
          }
        }
        if (m4) envelopeOfRuns(vals, t.runStarts, accV, flags, m4);
      }
    }
    return { acc: accV.slice(), nan, flags, nanTotal: nanTotal - missing, posInf, negInf, missing, m4 };
  } finally {
    a.release(chunk, chunkLen);
    a.release(rs, (runs + 1) * 4);
    a.release(acc, pixels * ACC_STRIDE);
    a.release(bad, runs * 4);
  }
}

/**
 * M4 of each run of one line in memory, from the kernels' finite (lo, hi) and infinity flags: the minimum is −inf
 * when the run holds one, else its finite minimum, else +inf when it holds one (else only NaN); its first
 * occurrence is found by the typed array's indexOf (±0 compare equal, so the first of either is found, as a
 * strict-less scan finds it), and the value reported is that element's.
 */
function envelopeOfRuns(vals: Float32Array | Float64Array, runStarts: Int32Array, acc: Float64Array, flags: Uint8Array | null, out: M4Result): void {
  const runs = runStarts.length - 1;
  for (let j = 0; j < runs; j++) {
    const e0 = runStarts[j];
    const e1 = runStarts[j + 1];
    const fl = flags ? flags[j] : 0;
    const lo = acc[j * 3];
    const hi = acc[j * 3 + 1];
    out.first[j] = vals[e0];
    out.last[j] = vals[e1 - 1];
    const mn = fl & FLAG_NEG ? -Infinity : lo !== Infinity ? lo : fl & FLAG_POS ? Infinity : NaN;
    const mx = fl & FLAG_POS ? Infinity : hi !== -Infinity ? hi : fl & FLAG_NEG ? -Infinity : NaN;
    const run = vals.subarray(e0, e1);
    const mi = mn === mn ? run.indexOf(mn) : -1;
    const xi = mx === mx ? run.indexOf(mx) : -1;
    out.minAt[j] = mi;
    out.min[j] = mi >= 0 ? run[mi] : NaN;
    out.maxAt[j] = xi;
    out.max[j] = xi >= 0 ? run[xi] : NaN;
  }
}
