// Bulk reads for the passes that read every element of a region (refined pictures, line envelopes): the region
// is walked as lines along its axis of smallest stride, each line piece ONE positioned read from its lowest to its
// highest element (read through when the stride skips elements, as the tile planner does for gaps under 4 KiB),
// decoded at once into doubles. Unlike the tile reader there is no per-element bookkeeping: a reduction does not
// care about order, so element (l, k) is simply `vals[lineStart[l] + k·dk]`. Batches of up to `budgetBytes`, the
// next one read (on the read workers) while the caller reduces the current one.
import { readBatchFrom, type BatchRead, type ByteSource } from '../npy/io/byteSource';
import { throwIfAborted } from '../shared/job';
import type { NumberDecoder } from './decode';

/** Lines whose elements are further apart than this (bytes between them) are not read through. */
export const READ_THROUGH_GAP = 4096;

export interface LineGrid {
  source: ByteSource;
  decoder: NumberDecoder;
  dataOffset: bigint;
  /** Element index of (l, k) = base + l·lineStride + k·stride. */
  base: number;
  lineStride: number;
  stride: number;
  /** Lines [l0, l0 + lines) and elements [k0, k0 + count) of each. */
  l0: number;
  lines: number;
  k0: number;
  count: number;
}

export interface LineBatch {
  /** Lines [la, lb), elements [ka, kb) of each. */
  la: number;
  lb: number;
  ka: number;
  kb: number;
  /** Decoded elements (reused by the next batch: copy what must outlive it). */
  vals: Float64Array;
  /** vals index of element (la + i, ka). */
  lineStart: Float64Array;
  /** vals step from element k to k + 1 (negative for a negative stride). */
  dk: number;
  /** Elements of the batch past the end of the data (NaN in vals). */
  missing: number;
}

/** True when lines of this stride are read through (else use the tile reader). */
export function readsThrough(stride: number, itemsize: number): boolean {
  return (Math.abs(stride) - 1) * itemsize <= READ_THROUGH_GAP;
}

/** Batches of a line grid, each read while the previous one is being used. */
export async function* lineBatches(g: LineGrid, budgetBytes: number, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  const size = g.decoder.itemsize;
  const st = Math.abs(g.stride);
  const step = Math.max(1, st);
  // Elements of one line piece within the budget, and lines per batch.
  const perPiece = Math.max(1, Math.min(g.count, Math.floor((budgetBytes / size - 1) / step) + 1));
  const pieceBytes = ((perPiece - 1) * step + 1) * size;
  const linesPer = perPiece < g.count ? 1 : Math.max(1, Math.floor(budgetBytes / pieceBytes));
  const origin = Number(g.dataOffset);
  const plans: { la: number; lb: number; ka: number; kb: number }[] = [];
  for (let la = g.l0; la < g.l0 + g.lines; la += linesPer) {
    const lb = Math.min(g.l0 + g.lines, la + linesPer);
    for (let ka = g.k0; ka < g.k0 + g.count; ka += perPiece) plans.push({ la, lb, ka, kb: Math.min(g.k0 + g.count, ka + perPiece) });
  }
  const read = (p: (typeof plans)[number]) => {
    const n = p.kb - p.ka;
    const reads: BatchRead[] = [];
    let total = 0;
    for (let l = p.la; l < p.lb; l++) {
      const first = g.base + l * g.lineStride + p.ka * g.stride;
      const low = g.stride < 0 ? first + (n - 1) * g.stride : first;
      const length = ((n - 1) * st + 1) * size;
      reads.push({ position: BigInt(origin + low * size), length, bufferOffset: total });
      total += length;
    }
    return readBatchFrom(g.source, reads, total).then((r) => ({ ...r, reads }));
  };
  let scratch = new Float64Array(0);
  let pending = plans.length ? read(plans[0]) : null;
  pending?.catch(() => undefined);
  for (let i = 0; i < plans.length; i++) {
    throwIfAborted(signal);
    const { buffer, got, reads } = await pending!;
    pending = i + 1 < plans.length ? read(plans[i + 1]) : null;
    pending?.catch(() => undefined);
    const p = plans[i];
    const n = p.kb - p.ka;
    const elems = buffer.length / size;
    // One scratch for every batch: the caller is done with a batch when it asks for the next.
    if (scratch.length < elems) scratch = new Float64Array(elems);
    const vals = scratch;
    g.decoder.bulk(buffer, elems, vals);
    const lineStart = new Float64Array(p.lb - p.la);
    let missing = 0;
    for (let j = 0; j < reads.length; j++) {
      const at = reads[j].bufferOffset / size;
      lineStart[j] = g.stride < 0 ? at + (n - 1) * st : at;
      if (got[j] < reads[j].length) {
        // Past the end of the file (truncated, or shrunk since it was opened): not data.
        const from = at + Math.floor(got[j] / size);
        const to = at + reads[j].length / size;
        vals.fill(NaN, from, to);
        for (let k = 0; k < n; k++) {
          const idx = lineStart[j] + k * (g.stride < 0 ? -st : st);
          if (idx >= from) missing++;
        }
      }
    }
    yield { la: p.la, lb: p.lb, ka: p.ka, kb: p.kb, vals, lineStart, dk: g.stride < 0 ? -st : st, missing };
  }
}
