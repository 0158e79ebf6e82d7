// The chunk reader: walks a rectangle of a view, or a flat range of the array in C order, in bounded chunks of
// raw bytes, in the view's C order. Copy, the CLI's `values`, export, statistics and picture passes read through
// it, so their memory follows the budget and never the size of the file or of the range.
import { readAt, type ByteSource } from '../io/byteSource';
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
  /** Where the chunk's first cell sits in the view, and how many of the view's columns it covers. */
  row0: bigint;
  col0: bigint;
  cols: number;
  /** `tile.rows × tile.cellsPerRow` packed cells (records, for a view whose columns are record fields). */
  tile: TileData;
}

/**
 * The cells of `range` in bounded chunks, row-major: whole rows of the range per chunk when a row fits the budget,
 * else pieces of a row. For a view of record fields (`view.leaves`) a row of a chunk is one cell holding the bytes
 * of the chunk's field columns (`tile.cellOffset` into the record), so a huge record is read in pieces too.
 */
export async function* viewChunks(source: ByteSource, input: PlanInput, range: ViewRange, opts: ChunkOptions = {}): AsyncGenerator<ViewChunk> {
  const budget = Math.max(1, opts.budgetBytes ?? DEFAULT_CHUNK_BYTES);
  if (range.rows <= 0n || range.cols <= 0n) return;
  const leaves = input.view.leaves;
  if (leaves) {
    // Field columns in pieces of at most MAX_FIELD_COLUMNS; rows per chunk from the bytes those fields span.
    for (let c = 0n; c < range.cols; c += BigInt(MAX_FIELD_COLUMNS)) {
      const nc = Number(range.cols - c < BigInt(MAX_FIELD_COLUMNS) ? range.cols - c : BigInt(MAX_FIELD_COLUMNS));
      const span = leaves.span(range.col0 + c, nc);
      const rowsPer = BigInt(Math.max(1, Math.floor(budget / Math.max(1, span.end - span.start))));
      for (let r = 0n; r < range.rows; r += rowsPer) {
        throwIfAborted(opts.signal);
        const nr = range.rows - r < rowsPer ? range.rows - r : rowsPer;
        const plan = planTile(input, { row0: range.row0 + r, rows: Number(nr), col0: range.col0 + c, cols: nc });
        yield { row0: range.row0 + r, col0: range.col0 + c, cols: nc, tile: await readTile(source, plan) };
      }
    }
    return;
  }
  const cell = Math.max(1, input.itemsize);
  const maxCells = BigInt(Math.max(1, Math.floor(budget / cell)));
  const colsPer = range.cols < maxCells ? range.cols : maxCells;
  const rowsPer = colsPer < range.cols ? 1n : maxCells / colsPer;
  for (let r = 0n; r < range.rows; r += rowsPer) {
    const nr = range.rows - r < rowsPer ? range.rows - r : rowsPer;
    for (let c = 0n; c < range.cols; c += colsPer) {
      throwIfAborted(opts.signal);
      const nc = range.cols - c < colsPer ? range.cols - c : colsPer;
      const plan = planTile(input, { row0: range.row0 + r, rows: Number(nr), col0: range.col0 + c, cols: Number(nc) });
      yield { row0: range.row0 + r, col0: range.col0 + c, cols: Number(nc), tile: await readTile(source, plan) };
    }
  }
}

/** Field columns read per chunk of a record view (their labels and offsets are computed per column). */
const MAX_FIELD_COLUMNS = 4096;

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
  /**
   * Set when one element is larger than the budget: the chunk is that element alone and `tile.bytes` holds only
   * its first `tile.cellSize` bytes (formatting shows the rest as '...'), so a 2 GiB element costs the budget.
   */
  prefixOf?: number;
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
  if (layout.itemsize > budget) {
    yield* elementPrefixes(source, layout, start, count, budget, opts.signal, cStrides, fStrides, fortran);
    return;
  }
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

/** Elements larger than the budget: each read as its first `budget` bytes only. */
async function* elementPrefixes(
  source: ByteSource,
  layout: ArrayLayout,
  start: bigint,
  count: bigint,
  budget: number,
  signal: AbortSignal | undefined,
  cStrides: readonly bigint[],
  fStrides: readonly bigint[],
  fortran: boolean,
): AsyncGenerator<ElementChunk> {
  const size = BigInt(layout.itemsize);
  for (let at = start; at < start + count; at++) {
    throwIfAborted(signal);
    const pos = fortran ? fortranPositions(layout.shape, cStrides, fStrides, at, 1)[0] : at;
    const missing = pos >= layout.availableCount;
    const bytes = missing ? new Uint8Array(0) : await readAt(source, layout.dataOffset + pos * size, budget);
    const tile: TileData = { rows: 1, cellsPerRow: 1, cellSize: bytes.length, cellOffset: 0, bytes, missing: missing ? [0] : [] };
    yield { start: at, tile, prefixOf: layout.itemsize };
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

export interface FileChunk {
  /** File-order index of the chunk's first element: the C flat index for a C-order file, the Fortran one otherwise. */
  start: bigint;
  /** Elements in the chunk. */
  count: number;
  /** `count × itemsize` bytes (a view into the buffer `acquire` gave, from its start). */
  bytes: Uint8Array;
}

export interface FileChunkOptions extends ChunkOptions {
  /** A buffer of at least `bytes` bytes for the next chunk (a pool recycles them and so bounds the memory). */
  acquire?: (bytes: number) => Uint8Array | Promise<Uint8Array>;
}

/**
 * Every available element of the array in file order (the bytes as they lie on disk), in bounded contiguous
 * chunks with one plain read each: for work whose result does not depend on the order (statistics, histograms),
 * at the speed of the disk. Elements past `availableCount` are not read; a file that shrinks meanwhile ends the
 * walk early (the last chunk holds what was read).
 */
export async function* fileOrderChunks(
  source: ByteSource,
  layout: Pick<ArrayLayout, 'itemsize' | 'dataOffset' | 'availableCount'>,
  opts: FileChunkOptions = {},
): AsyncGenerator<FileChunk> {
  const size = Math.max(1, layout.itemsize);
  const per = Math.max(1, Math.floor(Math.max(1, opts.budgetBytes ?? DEFAULT_CHUNK_BYTES) / size));
  const total = layout.availableCount;
  for (let at = 0n; at < total;) {
    throwIfAborted(opts.signal);
    const n = total - at < BigInt(per) ? Number(total - at) : per;
    const want = n * size;
    const buf = opts.acquire ? await opts.acquire(want) : new Uint8Array(want);
    if (buf.byteLength < want) throw new RangeError(`chunk buffer of ${buf.byteLength} bytes is smaller than ${want}`);
    const into = buf.subarray(0, want);
    let got = 0;
    while (got < want) {
      const r = await source.read(layout.dataOffset + at * BigInt(size) + BigInt(got), into.subarray(got));
      if (r <= 0) break;
      got += r;
    }
    const whole = Math.floor(got / size);
    if (whole > 0) yield { start: at, count: whole, bytes: into.subarray(0, whole * size) };
    if (whole < n) return;
    at += BigInt(n);
  }
}
