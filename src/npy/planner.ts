// The tile planner: which bytes of the file hold a rectangle of a view, as few positioned reads as sensible.
// Cells of a tile are element offsets `base + r*rowStride + c*colStride` (see view.ts), so C and Fortran order,
// steps and negative steps all go through this one code path with no transposing copy. Near-adjacent cells are
// merged into one read when the gap between them is small, trading a few wasted bytes for fewer syscalls.
import type { ByteSource } from './byteSource';
import { readAt } from './byteSource';
import type { ResolvedView } from './view';
import { NpyError } from './types';

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
  /** Packed layout: `rows × cells` cells of `cellSize` bytes, row-major. For structured arrays a cell is a record. */
  rows: number;
  cellsPerRow: number;
  cellSize: number;
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
  const [col0, cols] = view.leaves ? [0n, 1] : clip(rect.col0, rect.cols, view.cols);
  return { row0, rows, col0, cols };
}

export function planTile(input: PlanInput, rect: TileRect, mergeGap = DEFAULT_MERGE_GAP): TilePlan {
  const { view } = input;
  const clipped = clipRect(view, rect);
  const rows = clipped.rows;
  const cellsPerRow = clipped.cols;
  const n = rows * cellsPerRow;
  if (n * input.itemsize > MAX_TILE_BYTES) throw new NpyError(`tile of ${n} cells is larger than ${MAX_TILE_BYTES} bytes`);
  const rowStride = view.rowStride;
  const colStride = view.leaves ? 0n : view.colStride;
  const first = view.base + clipped.row0 * rowStride + clipped.col0 * colStride;
  const elements: bigint[] = new Array(n);
  for (let r = 0; r < rows; r++) {
    const rowBase = first + BigInt(r) * rowStride;
    for (let c = 0; c < cellsPerRow; c++) elements[r * cellsPerRow + c] = rowBase + BigInt(c) * colStride;
  }
  return { ...planElements(input, elements, mergeGap), rows, cellsPerRow };
}

/**
 * Plan reads for a list of element indices (in file order, i.e. offsets from the data start in items), packed in
 * the order given. Elements at or past `availableCount` are marked missing.
 */
export function planElements(
  input: Omit<PlanInput, 'view'>,
  elements: readonly bigint[],
  mergeGap = DEFAULT_MERGE_GAP,
): TilePlan {
  const { itemsize, dataOffset, availableCount } = input;
  const n = elements.length;
  const offsets = new Float64Array(n).fill(-1);
  const segments: Segment[] = [];
  let bufferLength = 0;
  if (n === 0 || itemsize === 0) {
    return { rows: 1, cellsPerRow: n, cellSize: itemsize, segments, bufferLength, cellBufferOffsets: offsets };
  }
  const order = [...elements.keys()].sort((a, b) => (elements[a] < elements[b] ? -1 : elements[a] > elements[b] ? 1 : 0));
  const size = BigInt(itemsize);
  const gap = BigInt(mergeGap);
  const maxSegment = BigInt(MAX_TILE_BYTES);
  let current: { start: bigint; end: bigint; bufferOffset: number } | null = null;
  const flush = (): void => {
    if (!current) return;
    const length = Number(current.end - current.start);
    segments.push({ position: current.start, length, bufferOffset: current.bufferOffset });
    bufferLength += length;
    current = null;
  };
  for (const cell of order) {
    const element = elements[cell];
    if (element < 0n || element >= availableCount) continue;
    const pos = dataOffset + element * size;
    if (current && pos <= current.end + gap && pos + size - current.start <= maxSegment) {
      if (pos + size > current.end) current.end = pos + size;
    } else {
      flush();
      current = { start: pos, end: pos + size, bufferOffset: bufferLength };
    }
    offsets[cell] = current.bufferOffset + Number(pos - current.start);
  }
  flush();
  return { rows: 1, cellsPerRow: n, cellSize: itemsize, segments, bufferLength, cellBufferOffsets: offsets };
}

/** A read tile: packed cells, plus which cells exist (all when `missing` is empty). */
export interface TileData {
  rows: number;
  cellsPerRow: number;
  cellSize: number;
  bytes: Uint8Array;
  /** Packed indices of cells past the end of the available data (truncated file). */
  missing: number[];
}

/** Execute a plan: one positioned read per segment, then gather the cells into packed row-major order. */
export async function readTile(source: ByteSource, plan: TilePlan): Promise<TileData> {
  const buffer = new Uint8Array(plan.bufferLength);
  let valid = 0;
  const validUpTo = new Map<number, number>();
  for (const seg of plan.segments) {
    const got = await readAt(source, seg.position, seg.length);
    buffer.set(got, seg.bufferOffset);
    validUpTo.set(seg.bufferOffset, got.length);
    valid += got.length;
  }
  const n = plan.rows * plan.cellsPerRow;
  const bytes = new Uint8Array(n * plan.cellSize);
  const missing: number[] = [];
  // A file can shrink between the header check and this read: cells beyond what the reads returned are missing.
  const short = valid < plan.bufferLength;
  for (let i = 0; i < n; i++) {
    const off = plan.cellBufferOffsets[i];
    if (off < 0 || (short && !withinRead(plan.segments, validUpTo, off, plan.cellSize))) {
      missing.push(i);
      continue;
    }
    bytes.set(buffer.subarray(off, off + plan.cellSize), i * plan.cellSize);
  }
  return { rows: plan.rows, cellsPerRow: plan.cellsPerRow, cellSize: plan.cellSize, bytes, missing };
}

function withinRead(segments: Segment[], validUpTo: Map<number, number>, off: number, size: number): boolean {
  for (const seg of segments) {
    if (off >= seg.bufferOffset && off < seg.bufferOffset + seg.length) {
      return off + size <= seg.bufferOffset + (validUpTo.get(seg.bufferOffset) ?? 0);
    }
  }
  return false;
}
