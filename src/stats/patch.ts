// NaN and ±inf patched out of a float32/float64 chunk in the WebAssembly memory, so that the SIMD loops (which
// assume finite values) also take the chunks of real data that hold a few: the positions are found by a vector
// scan, each such value is overwritten with one finite value of the chunk's choosing, the fast loop runs, the
// caller subtracts that value's share from what the loop added, and the original bits are put back.
import type { SimdKernels } from './simd';

export interface Patch {
  /** Positions of the non-finite values in the chunk (ascending), and their original words (1 or 2 each). */
  pos: Uint32Array;
  orig: Uint32Array;
  count: number;
  nan: number;
  pinf: number;
  ninf: number;
  /** First positions in the chunk of +inf and -inf (-1: none). */
  firstPinf: number;
  firstNinf: number;
}

/** More non-finite values than this share of a chunk: the JavaScript loops are as fast, and patching is not. */
const MAX_SHARE = 32;

let outOff = -1;
let outCap = 0;

/** The chunk's non-finite values (`data`: its offset in the arena), or null when none, or 'many'. */
export function findNonFinite(k: SimdKernels, data: number, n: number, wide: boolean): Patch | null | 'many' {
  const cap = Math.max(16, Math.floor(n / MAX_SHARE));
  if (cap > outCap) {
    if (outOff >= 0) k.arena.release(outOff, outCap * 4);
    outCap = cap;
    outOff = k.arena.alloc(cap * 4);
  }
  const n4 = n - (n % 4);
  let count = wide ? k.nonfinite64(data, n4, outOff, cap) : k.nonfinite32(data, n4, outOff, cap);
  const words = wide ? 2 : 1;
  const u = k.arena.u32(data, n * words);
  const exp = wide ? 0x7ff00000 : 0x7f800000;
  const tail: number[] = [];
  for (let i = n4; i < n; i++) if ((u[i * words + words - 1] & exp) === exp) tail.push(i);
  if (count + tail.length === 0) return null;
  if (count + tail.length > cap || count + tail.length >= n) return 'many';
  const pos = new Uint32Array(count + tail.length);
  pos.set(k.arena.u32(outOff, count));
  pos.set(tail, count);
  count = pos.length;
  const orig = new Uint32Array(count * words);
  let pinf = 0;
  let ninf = 0;
  let firstPinf = -1;
  let firstNinf = -1;
  for (let j = 0; j < count; j++) {
    const at = pos[j] * words;
    const hi = u[at + words - 1];
    const lo = wide ? u[at] : 0;
    for (let w = 0; w < words; w++) orig[j * words + w] = u[at + w];
    const infBits = wide ? lo === 0 && (hi & 0x7fffffff) === 0x7ff00000 : (hi & 0x7fffffff) === 0x7f800000;
    if (!infBits) continue;
    if (hi >>> 31) {
      if (ninf++ === 0) firstNinf = pos[j];
    } else if (pinf++ === 0) firstPinf = pos[j];
  }
  return { pos, orig, count, nan: count - pinf - ninf, pinf, ninf, firstPinf, firstNinf };
}

/** The first position not patched whose raw top 16 bits pass `ok`, or -1. */
export function stand(k: SimdKernels, data: number, n: number, wide: boolean, patch: Patch, ok: (top: number) => boolean): number {
  const words = wide ? 2 : 1;
  const u = k.arena.u32(data, n * words);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (j < patch.count && patch.pos[j] === i) {
      j++;
      continue;
    }
    if (ok(u[i * words + words - 1] >>> 16)) return i;
  }
  return -1;
}

/** Overwrite every patched value with the value at position `with`. */
export function fillPatch(k: SimdKernels, data: number, n: number, wide: boolean, patch: Patch, withPos: number): void {
  const words = wide ? 2 : 1;
  const u = k.arena.u32(data, n * words);
  const lo = u[withPos * words];
  const hi = u[withPos * words + words - 1];
  for (let j = 0; j < patch.count; j++) {
    const at = patch.pos[j] * words;
    u[at] = lo;
    if (wide) u[at + 1] = hi;
  }
}

/** Put the original bits back. */
export function restorePatch(k: SimdKernels, data: number, n: number, wide: boolean, patch: Patch): void {
  const words = wide ? 2 : 1;
  const u = k.arena.u32(data, n * words);
  for (let j = 0; j < patch.count; j++) for (let w = 0; w < words; w++) u[patch.pos[j] * words + w] = patch.orig[j * words + w];
}
