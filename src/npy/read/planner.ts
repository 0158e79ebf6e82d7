// The tile planner: which bytes of the file hold a rectangle of a view, as few positioned reads as sensible.
// Cells of a tile are element offsets `base + r*rowStride + c*colStride` (see view.ts), so C and Fortran order,
// steps and negative steps all go through this one code path with no transposing copy. Near-adjacent cells are
// merged into one read when the gap between them is small, trading a few wasted bytes for fewer syscalls.
import type { ByteSource } from '../io/byteSource';
import { readBatchFrom } from '../io/byteSource';
import type { ResolvedView } from '../view';
import { NpyError } from '../types';

/** Gaps up to this many bytes are read through rather than split into two reads. */
export const DEFAULT_MERGE_GAP = 4096;
/** A tile never asks for more than this many packed bytes (the webview pages in far smaller tiles). */
export const MAX_TILE_BYTES = 64 * 1024 * 1024;

export interface TileRect {
  row0: bigint;
  rows: number;
  col0: bigint;
  cols: number;
}

export interface Segment {
  /** Absolute file position. */
  position: bigint;
  length: number;
  /** Where this segment lands in the read buffer. */
  bufferOffset: number;
}

export interface TilePlan {
  /**
   * Packed layout: `rows × cells` cells of `cellSize` bytes, row-major. For a view of record fields a row has one
   * cell: the bytes of the record that hold the tile's field columns, starting `cellOffset` bytes into the record.
   */
  rows: number;
  cellsPerRow: number;
  cellSize: number;
  cellOffset?: number;
  segments: Segment[];
  /** Total bytes of all segments. */
  bufferLength: number;
  /** For each packed cell, its offset in the read buffer, or -1 when its element lies past the available data. */
  cellBufferOffsets: Float64Array;
}

export interface PlanInput {
  view: ResolvedView;
  itemsize: number;
  dataOffset: bigint;
  /** Elements actually present in the file (less than the shape's count for a truncated file). */
  availableCount: bigint;
}

/** Clip a rect to the view, returning the part that exists. */
export function clipRect(view: ResolvedView, rect: TileRect): TileRect {
  const clip = (start: bigint, n: number, total: bigint): [bigint, number] => {
    const s = start < 0n ? 0n : start > total ? total : start;
    const end = start + BigInt(n) > total ? total : start + BigInt(n);
    return [s, end > s ? Number(end - s) : 0];
  };
  const [row0, rows] = clip(rect.row0, rect.rows, view.rows);
  const [col0, cols] = clip(rect.col0, rect.cols, view.cols);
  return { row0, rows, col0, cols };
}

export function planTile(input: PlanInput, rect: TileRect, mergeGap = DEFAULT_MERGE_GAP): TilePlan {
  const { view, itemsize } = input;
  const clipped = clipRect(view, rect);
  if (view.leaves) return planRecordSpans(input, clipped, mergeGap);
  const rows = clipped.rows;
  const cellsPerRow = clipped.cols;
  const n = rows * cellsPerRow;
  if (n * itemsize > MAX_TILE_BYTES) throw new NpyError(`tile of ${n} cells is larger than ${MAX_TILE_BYTES} bytes`);
  const first = view.base + clipped.row0 * view.rowStride + clipped.col0 * view.colStride;
  return { ...planGrid(input, first, view.rowStride, rows, view.colStride, cellsPerRow, mergeGap), rows, cellsPerRow };
}

/**
 * Field columns `col0 … col0 + cols − 1` of records: per row, only the bytes of the record that hold those
 * fields (a record may be gigabytes: a sub-array field of 2^31 bytes), so a tile costs its columns, never the
 * record. Rows in ascending file order close to each other share one read.
 */
function planRecordSpans(input: PlanInput, rect: TileRect, mergeGap: number): TilePlan {
  const { view, itemsize } = input;
  const span = view.leaves!.span(rect.col0, rect.cols);
  const cellSize = span.end - span.start;
  const rows = rect.cols > 0 ? rect.rows : 0;
  if (rows * cellSize > MAX_TILE_BYTES) throw new NpyError(`tile of ${rows} records × ${cellSize} bytes is larger than ${MAX_TILE_BYTES} bytes`);
  const offsets = new Float64Array(rows).fill(-1);
  const segments: Segment[] = [];
  let bufferLength = 0;
  const size = BigInt(itemsize);
  for (let r = 0; r < rows; r++) {
    const element = view.base + (rect.row0 + BigInt(r)) * view.rowStride;
    if (element >= input.availableCount) continue;
    if (cellSize === 0) {
      offsets[r] = 0; // fields of no bytes (|V0): present, nothing to read
      continue;
    }
    const position = input.dataOffset + element * size + BigInt(span.start);
    const last = segments[segments.length - 1];
    const gap = last ? position - (last.position + BigInt(last.length)) : -1n;
    if (last && gap >= 0n && gap <= BigInt(mergeGap) && last.length + Number(gap) + cellSize <= MAX_TILE_BYTES) {
      offsets[r] = last.bufferOffset + last.length + Number(gap);
      last.length += Number(gap) + cellSize;
      bufferLength += Number(gap) + cellSize;
    } else {
      offsets[r] = bufferLength;
      segments.push({ position, length: cellSize, bufferOffset: bufferLength });
      bufferLength += cellSize;
    }
  }
  return { rows, cellsPerRow: rows > 0 ? 1 : 0, cellSize, cellOffset: span.start, segments, bufferLength, cellBufferOffsets: offsets };
}

/**
 * Plan reads for a list of element indices (file order, in items from the data start), packed in the order given.
 * Elements at or past `availableCount` are marked missing.
 */
export function planElements(input: Omit<PlanInput, 'view'>, elements: readonly bigint[], mergeGap = DEFAULT_MERGE_GAP): TilePlan {
  if (elements.length === 0) return planGrid(input, 0n, 0n, 1, 0n, 0, mergeGap);
  let min = elements[0];
  for (const e of elements) if (e < min) min = e;
  // Positions relative to the smallest element fit a Number: they lie inside one file.
  const rel = Float64Array.from(elements, (e) => Number(e - min) * input.itemsize);
  const order = Array.from(rel.keys()).sort((a, b) => rel[a] - rel[b]);
  return { ...mergeCells(input, min, rel, order, mergeGap), rows: 1, cellsPerRow: elements.length };
}

/**
 * Cells `first + r*rowStride + c*colStride` (elements) for r < rows, c < cols. Arithmetic is done in Numbers
 * relative to the lowest cell, and cells are visited in file order line by line without sorting when the two
 * strides do not interleave (every view of a C or Fortran array): a line whose cells are closer than the merge gap
 * is one block, so planning costs a few operations per line plus one store per cell.
 */
function planGrid(input: Omit<PlanInput, 'view'>, first: bigint, rowStride: bigint, rows: number, colStride: bigint, cols: number, mergeGap: number): TilePlan {
  const n = rows * cols;
  const size = input.itemsize;
  if (n === 0 || size === 0) {
    // Zero-byte items (|V0, S0) have nothing to read: cells within the array are present, at offset 0.
    const offsets = new Float64Array(n).fill(-1);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        if (first + BigInt(r) * rowStride + BigInt(c) * colStride < input.availableCount) offsets[i] = 0;
      }
    }
    return { rows, cellsPerRow: cols, cellSize: size, segments: [], bufferLength: 0, cellBufferOffsets: offsets };
  }
  const rs = Number(rowStride) * size;
  const cs = Number(colStride) * size;
  const lowRow = rs < 0 ? rows - 1 : 0;
  const lowCol = cs < 0 ? cols - 1 : 0;
  const low = first + BigInt(lowRow) * rowStride + BigInt(lowCol) * colStride;
  // Byte position of cell (r, c) above the lowest cell.
  const rowOrigin = -lowRow * rs - lowCol * cs;
  checkAddressable(input, low, BigInt(Math.abs(Number(rowStride))) * BigInt(rows - 1) + BigInt(Math.abs(Number(colStride))) * BigInt(cols - 1));
  const rowsOuter = Math.abs(rs) >= Math.abs(cs);
  const [outerN, innerN, outerS, innerS] = rowsOuter ? [rows, cols, rs, cs] : [cols, rows, cs, rs];
  if (outerN > 1 && Math.abs(innerS) * (innerN - 1) + size > Math.abs(outerS)) {
    const rel = new Float64Array(n);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) rel[r * cols + c] = rowOrigin + r * rs + c * cs;
    const order = Array.from(rel.keys()).sort((x, y) => rel[x] - rel[y]);
    return { ...mergeCells(input, low, rel, order, mergeGap), rows, cellsPerRow: cols };
  }
  const merger = new Merger(input, low, mergeGap);
  const offsets = new Float64Array(n).fill(-1);
  const step = Math.abs(innerS);
  // Packed index steps: moving along the inner axis in file order, and the index of each line's first cell.
  const innerIdxStep = (rowsOuter ? 1 : cols) * (innerS < 0 ? -1 : 1);
  const lineBlock = innerN === 1 || step - size <= mergeGap;
  for (let o = 0; o < outerN; o++) {
    const oi = outerS < 0 ? outerN - 1 - o : o;
    const ii0 = innerS < 0 ? innerN - 1 : 0;
    const idx0 = rowsOuter ? oi * cols + ii0 : ii0 * cols + oi;
    const start = rowsOuter ? rowOrigin + oi * rs + ii0 * cs : rowOrigin + ii0 * rs + oi * cs;
    const end = start + step * (innerN - 1) + size;
    if (lineBlock && end <= merger.limit) {
      const bufAt = merger.add(start, end);
      for (let i = 0, idx = idx0, at = bufAt; i < innerN; i++, idx += innerIdxStep, at += step) offsets[idx] = at;
    } else {
      for (let i = 0, idx = idx0, pos = start; i < innerN; i++, idx += innerIdxStep, pos += step) {
        if (pos + size <= merger.limit) offsets[idx] = merger.add(pos, pos + size);
      }
    }
  }
  return merger.finish(rows, cols, offsets);
}

/** Largest byte position a read can address: Node's positioned reads take a JS number (8 PiB). */
const MAX_READ_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Refuse a tile whose present cells lie past 8 PiB into the file: positions there cannot be read (nor planned in
 * Numbers), and calling them missing would misreport data that exists. `low` is the lowest cell's element and
 * `extent` how many elements above it the highest one lies.
 */
function checkAddressable(input: Omit<PlanInput, 'view'>, low: bigint, extent: bigint): void {
  if (low >= input.availableCount) return;
  const size = BigInt(input.itemsize);
  const highest = low + extent < input.availableCount ? low + extent : input.availableCount - 1n;
  if (input.dataOffset + (highest + 1n) * size > MAX_READ_POSITION) {
    throw new NpyError('this part of the array lies more than 8 PiB into the file, past what can be read');
  }
}

/** Cells in arbitrary order (element lists, interleaved strides): sort, then merge cell by cell. */
function mergeCells(input: Omit<PlanInput, 'view'>, low: bigint, rel: Float64Array, order: ArrayLike<number>, mergeGap: number): TilePlan {
  const size = input.itemsize;
  if (order.length > 0) checkAddressable(input, low, BigInt(Math.ceil(rel[order[order.length - 1]] / Math.max(1, size))));
  const offsets = new Float64Array(rel.length).fill(-1);
  const merger = new Merger(input, low, mergeGap);
  for (let k = 0; k < order.length; k++) {
    const pos = rel[order[k]];
    if (pos + size <= merger.limit) offsets[order[k]] = merger.add(pos, pos + size);
  }
  return merger.finish(1, rel.length, offsets);
}

/**
 * Builds segments from byte ranges given in ascending order of start (relative to the lowest cell): a range
 * within `mergeGap` of the open segment extends it, else a new segment starts. `add` returns where the range's
 * first byte lands in the read buffer.
 */
class Merger {
  readonly segments: Segment[] = [];
  /** Relative end of the data present (a truncated file ends early). */
  readonly limit: number;
  private readonly lowPos: bigint;
  private bufferLength = 0;
  private segStart = -1;
  private segEnd = -1;

  constructor(
    private readonly input: Omit<PlanInput, 'view'>,
    low: bigint,
    private readonly mergeGap: number,
  ) {
    const size = BigInt(input.itemsize);
    this.lowPos = input.dataOffset + low * size;
    const availEnd = input.dataOffset + input.availableCount * size - this.lowPos;
    this.limit = availEnd <= 0n ? 0 : availEnd > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(availEnd);
  }

  add(start: number, end: number): number {
    if (this.segStart >= 0 && start <= this.segEnd + this.mergeGap && end - this.segStart <= MAX_TILE_BYTES) {
      if (end > this.segEnd) this.segEnd = end;
    } else {
      this.close();
      this.segStart = start;
      this.segEnd = end;
    }
    return this.bufferLength + (start - this.segStart);
  }

  private close(): void {
    if (this.segStart < 0) return;
    const length = this.segEnd - this.segStart;
    this.segments.push({ position: this.lowPos + BigInt(this.segStart), length, bufferOffset: this.bufferLength });
    this.bufferLength += length;
    this.segStart = -1;
  }

  finish(rows: number, cellsPerRow: number, offsets: Float64Array): TilePlan {
    this.close();
    return { rows, cellsPerRow, cellSize: this.input.itemsize, segments: this.segments, bufferLength: this.bufferLength, cellBufferOffsets: offsets };
  }
}

/** A read tile: packed cells, plus which cells exist (all when `missing` is empty). */
export interface TileData {
  rows: number;
  cellsPerRow: number;
  cellSize: number;
  /** Where a cell starts inside its element (records: the first byte of the tile's field columns); else 0. */
  cellOffset: number;
  bytes: Uint8Array;
  /** Packed indices of cells past the end of the available data (truncated file). */
  missing: number[];
}

/** Execute a plan: all segment reads as one batch, then gather the cells into packed row-major order. */
export async function readTile(source: ByteSource, plan: TilePlan): Promise<TileData> {
  const { buffer, got } = await readBatchFrom(source, plan.segments, plan.bufferLength);
  // A file can shrink between the header check and this read: bytes a read did not get are not data.
  let validEnd: Float64Array | null = null;
  for (let i = 0; i < plan.segments.length; i++) {
    if (got[i] < plan.segments[i].length) {
      validEnd ??= Float64Array.from(plan.segments, (s) => s.bufferOffset + s.length);
      validEnd[i] = plan.segments[i].bufferOffset + got[i];
    }
  }
  const n = plan.rows * plan.cellsPerRow;
  const size = plan.cellSize;
  const offsets = plan.cellBufferOffsets;
  const bytes = new Uint8Array(n * size);
  const missing: number[] = [];
  for (let i = 0; i < n;) {
    const off = offsets[i];
    if (off < 0 || (validEnd && !withinRead(plan.segments, validEnd, off, size))) {
      missing.push(i++);
      continue;
    }
    // Copy runs of cells that are adjacent in both the read buffer and the packed tile in one go.
    let j = i + 1;
    while (j < n && offsets[j] === off + (j - i) * size && !(validEnd && !withinRead(plan.segments, validEnd, offsets[j], size))) j++;
    bytes.set(buffer.subarray(off, off + (j - i) * size), i * size);
    i = j;
  }
  return { rows: plan.rows, cellsPerRow: plan.cellsPerRow, cellSize: size, cellOffset: plan.cellOffset ?? 0, bytes, missing };
}

function withinRead(segments: Segment[], validEnd: Float64Array, off: number, size: number): boolean {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (off >= seg.bufferOffset && off < seg.bufferOffset + seg.length) return off + size <= validEnd[i];
  }
  return false;
}
