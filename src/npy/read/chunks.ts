// The chunk reader: walks a rectangle of a view, or a flat range of the array in C order, in bounded chunks of
// raw bytes, in the view's C order. Copy, the CLI's `values`, export, statistics and picture passes read through
// it, so their memory follows the budget and never the size of the file or of the range.
import type { ByteSource } from '../io/byteSource';
import { throwIfAborted } from '../../shared/job';
import type { ResolvedView } from '../view';
import { elementStrides } from '../view';
import { planElements, planTile, readTile, type PlanInput, type TileData } from './planner';

/** Default bytes of cells per chunk: large enough that per-chunk costs vanish, small enough to stay in cache. */
export const DEFAULT_CHUNK_BYTES = 4 << 20;

export interface ChunkOptions {
  /** Bytes of packed cells per chunk (at least one cell is read whatever the budget). */
  budgetBytes?: number;
  /** Checked before each chunk: an aborted signal ends the walk with the `cancelled` error. */
  signal?: AbortSignal;
}

/** A rectangle of a view in logical rows/columns (BigInt: views of huge arrays). */
export interface ViewRange {
  row0: bigint;
  rows: bigint;
  col0: bigint;
  cols: bigint;
}

export interface ViewChunk {
  /** Where the chunk's first cell sits in the view. */
  row0: bigint;
  col0: bigint;
  /** `tile.rows × tile.cellsPerRow` packed cells (records, for a view whose columns are record fields). */
  tile: TileData;
}

/**
 * The cells of `range` in bounded chunks, row-major: whole rows of the range per chunk when a row fits the budget,
 * else pieces of a row. For a view of record fields (`view.leaves`) a cell is the whole record (one per row) and
 * the range's columns are the caller's business.
 */
export async function* viewChunks(source: ByteSource, input: PlanInput, range: ViewRange, opts: ChunkOptions = {}): AsyncGenerator<ViewChunk> {
  const budget = Math.max(1, opts.budgetBytes ?? DEFAULT_CHUNK_BYTES);
  const cell = Math.max(1, input.itemsize);
  const records = input.view.leaves !== null;
  const cols = records ? 1n : range.cols;
  const col0 = records ? 0n : range.col0;
  if (range.rows <= 0n || cols <= 0n) return;
  const maxCells = BigInt(Math.max(1, Math.floor(budget / cell)));
  const colsPer = cols < maxCells ? cols : maxCells;
  const rowsPer = colsPer < cols ? 1n : maxCells / colsPer;
  for (let r = 0n; r < range.rows; r += rowsPer) {
    const nr = range.rows - r < rowsPer ? range.rows - r : rowsPer;
    for (let c = 0n; c < cols; c += colsPer) {
      throwIfAborted(opts.signal);
      const nc = cols - c < colsPer ? cols - c : colsPer;
      const plan = planTile(input, { row0: range.row0 + r, rows: Number(nr), col0: col0 + c, cols: Number(nc) });
      yield { row0: range.row0 + r, col0: col0 + c, tile: await readTile(source, plan) };
    }
  }
}

export interface ArrayLayout {
  shape: readonly bigint[];
  fortranOrder: boolean;
  itemsize: number;
  dataOffset: bigint;
  availableCount: bigint;
}

export interface ElementChunk {
  /** Flat C index of the chunk's first element. */
  start: bigint;
  /** One row of `tile.cellsPerRow` elements. */
  tile: TileData;
}

/**
 * Elements `[start, start + count)` of the array in flat C (logical) order, in bounded chunks; Fortran-ordered
 * files are read in place at their strided positions.
 */
export async function* elementChunks(source: ByteSource, layout: ArrayLayout, start: bigint, count: bigint, opts: ChunkOptions = {}): AsyncGenerator<ElementChunk> {
  const budget = Math.max(1, opts.budgetBytes ?? DEFAULT_CHUNK_BYTES);
  const per = BigInt(Math.max(1, Math.floor(budget / Math.max(1, layout.itemsize))));
  const input = { itemsize: layout.itemsize, dataOffset: layout.dataOffset, availableCount: layout.availableCount };
  const fortran = layout.fortranOrder && layout.shape.filter((d) => d > 1n).length > 1;
  const cStrides = elementStrides(layout.shape, false);
  const fStrides = elementStrides(layout.shape, true);
  for (let at = start; at < start + count; at += per) {
    throwIfAborted(opts.signal);
    const n = Number(start + count - at < per ? start + count - at : per);
    let tile: TileData;
    if (!fortran) {
      // C order: the flat range is one contiguous run of the file.
      const line: ResolvedView = { rows: 1n, cols: BigInt(n), base: at, rowStride: 0n, colStride: 1n, leaves: null };
      tile = await readTile(source, planTile({ ...input, view: line }, { row0: 0n, rows: 1, col0: 0n, cols: n }));
    } else {
      tile = await readTile(source, planElements(input, fortranPositions(layout.shape, cStrides, fStrides, at, n)));
    }
    yield { start: at, tile };
  }
}

/** File positions (in elements) of C-order flat indices `at … at + n - 1` of a Fortran array: an odometer. */
function fortranPositions(shape: readonly bigint[], cStrides: readonly bigint[], fStrides: readonly bigint[], at: bigint, n: number): bigint[] {
  const nd = shape.length;
  const idx = new Array<bigint>(nd);
  let rest = at;
  let pos = 0n;
  for (let a = 0; a < nd; a++) {
    idx[a] = rest / cStrides[a];
    rest -= idx[a] * cStrides[a];
    pos += idx[a] * fStrides[a];
  }
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    out[i] = pos;
    for (let a = nd - 1; a >= 0; a--) {
      idx[a] += 1n;
      pos += fStrides[a];
      if (idx[a] < shape[a]) break;
      pos -= idx[a] * fStrides[a];
      idx[a] = 0n;
    }
  }
  return out;
}
