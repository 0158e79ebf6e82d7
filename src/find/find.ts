// Find the next (or previous) cell of a view that matches a query (query.ts), in the view's row-major order from
// a cell, wrapping around once: a job over the chunk reader (memory is one chunk, whatever the view), with
// progress in cells and cancel between chunks. Rows are read in blocks; a backward search reads each block
// forward and keeps its last match, so both directions share one reader.
import type { ArrayEntry } from '../npy/container';
import { viewChunks } from '../npy/read/chunks';
import type { PlanInput } from '../npy/read/planner';
import { dtypeName } from '../npy/dtype';
import { NpyError } from '../npy/types';
import { resolveView, type ViewSpec } from '../npy/view';
import type { Job } from '../shared/job';
import { cellTest, type CellTest, type FindQuery } from './query';

export interface FindRequest {
  view: ViewSpec;
  query: FindQuery;
  direction: 'next' | 'previous';
  /** The cell to search from (excluded); the first (next) or last (previous) cell of the view when absent. */
  from?: { row: bigint; col: bigint };
  /** Bytes read per chunk (tests make it small). */
  chunkBytes?: number;
}

export interface FindMatch {
  row: bigint;
  col: bigint;
  /** The search passed the end (or the start) of the view to get there. */
  wrapped: boolean;
}

const CHUNK_BYTES = 4 << 20;

export function findJob(entry: Pick<ArrayEntry, 'opened' | 'source'>, req: FindRequest): Job<FindMatch | null> {
  return async (signal, onProgress) => {
    const { opened, source } = entry;
    if (opened.dataError) throw new NpyError(opened.dataError);
    const { header } = opened;
    const resolved = resolveView(header.shape, header.fortranOrder, header.dtype, req.view);
    const { rows, cols } = resolved;
    const total = rows * cols;
    if (total === 0n) return null;
    const leaves = resolved.leaves;
    let scalarTest: CellTest | undefined;
    if (!leaves) {
      if (header.dtype.type !== 'scalar') throw new NpyError('find: this dtype has no values to compare');
      scalarTest = cellTest(header.dtype, req.query);
      if (!scalarTest) throw new NpyError(`find: this search does not apply to dtype ${dtypeName(header.dtype)}`);
    }
    // Leaf columns: one test per column dtype, made once per distinct dtype (a record may have 10^6 columns).
    const tests = new Map<string, CellTest | undefined>();
    const leafTest = (c: bigint): { test: CellTest | undefined; offset: number } => {
      const leaf = leaves!.at(c);
      const key = `${leaf.dtype.kind}${leaf.dtype.byteOrder}${leaf.dtype.itemsize}${leaf.dtype.unit ?? ''}`;
      if (!tests.has(key)) tests.set(key, cellTest(leaf.dtype, req.query));
      return { test: tests.get(key), offset: leaf.offset };
    };

    const input: PlanInput = { view: resolved, itemsize: header.dtype.itemsize, dataOffset: header.dataOffset, availableCount: opened.availableCount };
    const budget = Math.max(1, req.chunkBytes ?? CHUNK_BYTES);
    // A row of a record view is one record; of a plain view, `cols` cells.
    const rowBytes = BigInt(Math.max(1, header.dtype.itemsize)) * (leaves ? 1n : cols);
    const blockRows = rowBytes >= BigInt(budget) ? 1n : BigInt(budget) / rowBytes;
    const forward = req.direction === 'next';
    const startLinear = req.from ? req.from.row * cols + req.from.col + (forward ? 1n : -1n) : forward ? 0n : total - 1n;
    let scanned = 0n;

    /** The first (forward) or last (backward) match with linear index in [a, b), or null. */
    const scan = async (a: bigint, b: bigint): Promise<bigint | null> => {
      if (a >= b) return null;
      const ra = a / cols;
      const rb = (b - 1n) / cols;
      for (let i = 0n; ra + i * blockRows <= rb; i++) {
        let r0: bigint;
        let r1: bigint;
        if (forward) {
          r0 = ra + i * blockRows;
          r1 = r0 + blockRows - 1n > rb ? rb : r0 + blockRows - 1n;
        } else {
          r1 = rb - i * blockRows;
          r0 = r1 - blockRows + 1n < ra ? ra : r1 - blockRows + 1n;
        }
        let best: bigint | null = null;
        for await (const chunk of viewChunks(source, input, { row0: r0, rows: r1 - r0 + 1n, col0: 0n, cols }, { budgetBytes: budget, signal })) {
          const { tile } = chunk;
          const dv = new DataView(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength);
          const missing = tile.missing.length ? new Set(tile.missing) : undefined;
          for (let r = 0; r < tile.rows; r++) {
            const rowLinear = (chunk.row0 + BigInt(r)) * cols + chunk.col0;
            for (let c = 0; c < chunk.cols; c++) {
              const linear = rowLinear + BigInt(c);
              if (linear < a || linear >= b) continue;
              let hit: boolean;
              if (leaves) {
                if (missing?.has(r)) continue;
                const { test, offset } = leafTest(chunk.col0 + BigInt(c));
                hit = !!test && test(dv, r * tile.cellSize + offset - tile.cellOffset);
              } else {
                const idx = r * tile.cellsPerRow + c;
                if (missing?.has(idx)) continue;
                hit = scalarTest!(dv, idx * tile.cellSize);
              }
              if (hit) {
                if (forward) return linear;
                best = linear;
              }
            }
          }
          scanned += BigInt(tile.rows * chunk.cols);
          onProgress?.(Number(scanned), Number(total));
        }
        if (best !== null) return best;
      }
      return null;
    };

    const found = (linear: bigint | null, wrapped: boolean): FindMatch | null => (linear === null ? null : { row: linear / cols, col: linear % cols, wrapped });
    if (forward) {
      const first = await scan(startLinear < 0n ? 0n : startLinear, total);
      if (first !== null) return found(first, false);
      return found(await scan(0n, startLinear < total ? startLinear : total), true);
    }
    const first = await scan(0n, startLinear + 1n);
    if (first !== null) return found(first, false);
    return found(await scan(startLinear + 1n < 0n ? 0n : startLinear + 1n, total), true);
  };
}
