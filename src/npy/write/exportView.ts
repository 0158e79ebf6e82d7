// Export a view of an array (or a rectangle of it: the selection) to a new file: `.npy` that np.load reads equal
// to numpy's `a[view]`, or CSV / TSV of numpy's str() of each cell. Streamed through the chunk reader, so memory is
// one chunk whatever the size; a job (progress, cancel); written atomically (temp file, then link/rename), never
// over an existing file unless asked.
//
// What `a[view]` is, as a .npy:
//  - a plain dtype: the view's rows × columns, with an axis left out where the view fixes it (`a[2, :, ::2]` is
//    2-D, `a[2, 3, :]` 1-D, a 0-d array 0-d); the view's order (a transposed view is written as displayed, which is
//    numpy's `a[…].T`), in C order; the file's dtype, byte order included;
//  - a record dtype: whole records of the view's rows (`a[2, :]`), so a selection must span every field column
//    (CSV/TSV export any field columns);
//  - an axis drawn whole (an image's channels, `whole`): the view indexes it, the export takes all of it as the
//    last axis, `a[:, :, :]` of an (H, W, 3) array is (H, W, 3); CSV/TSV put a pixel's channels side by side, one
//    line per row, as np.savetxt writes `a.reshape(len(a), -1)`.
// Cells past the end of a truncated file are refused for .npy (a numpy array has no missing values); CSV/TSV leave
// them empty, as copy does.
import type { ArrayEntry } from '../container';
import { viewChunks, type ViewChunk, type ViewRange } from '../read/chunks';
import type { PlanInput, TileData } from '../read/planner';
import { formatScalar } from '../format';
import type { ScalarDtype } from '../types';
import { NpyError } from '../types';
import { resolveView, type ResolvedView, type ViewSpec } from '../view';
import { throwIfAborted, type Job } from '../../shared/job';
import { writeAtomic, writeFully } from './atomic';
import { encodeHeader } from './headerBytes';

export type ExportFormat = 'npy' | 'csv' | 'tsv';

export interface ExportRequest {
  view: ViewSpec;
  /** A rectangle of the view (the selection); the whole view when absent. Clipped to the view. */
  range?: ViewRange;
  format: ExportFormat;
  target: string;
  /** Replace an existing target. */
  force?: boolean;
  /** Bytes read per chunk (tests make it small). */
  chunkBytes?: number;
  /** An axis the view indexes but the picture draws whole (an image's channel axis): exported whole, last. */
  whole?: number;
}

export interface ExportResult {
  path: string;
  /** The .npy's shape (CSV/TSV: rows, columns). */
  shape: bigint[];
  cells: bigint;
  bytes: bigint;
}

const CHUNK_BYTES = 4 << 20;
/** Text is written in pieces of about this many characters. */
const TEXT_FLUSH = 1 << 20;

/** RFC 4180 quoting; TSV quotes the same way a value holding a tab, a line break or a quote. */
export function quoteField(text: string, sep: string): string {
  if (text.includes(sep) || /["\r\n]/.test(text)) return '"' + text.replace(/"/g, '""') + '"';
  return text;
}

function clipRange(resolved: ResolvedView, range: ViewRange | undefined): ViewRange {
  if (!range) return { row0: 0n, rows: resolved.rows, col0: 0n, cols: resolved.cols };
  const clip = (start: bigint, n: bigint, total: bigint): [bigint, bigint] => {
    const s = start < 0n ? 0n : start > total ? total : start;
    const e = start + n > total ? total : start + n;
    return [s, e > s ? e - s : 0n];
  };
  const [row0, rows] = clip(range.row0, range.rows, resolved.rows);
  const [col0, cols] = clip(range.col0, range.cols, resolved.cols);
  return { row0, rows, col0, cols };
}

/**
 * The view's chunks; with an axis drawn whole, one chunk per channel (the same rectangle: chunking depends only on
 * the range and the budget) interleaved so that each cell holds its channels in order.
 */
async function* exportChunks(
  entry: Pick<ArrayEntry, 'opened' | 'source'>,
  input: PlanInput,
  view: ViewSpec,
  whole: number | undefined,
  range: ViewRange,
  budget: number,
  signal: AbortSignal,
): AsyncGenerator<ViewChunk> {
  if (whole === undefined) {
    yield* viewChunks(entry.source, input, range, { budgetBytes: budget, signal });
    return;
  }
  const { header } = entry.opened;
  const k = Number(header.shape[whole]);
  const streams = Array.from({ length: k }, (_, c) => {
    const axes = view.axes.slice();
    axes[whole] = { kind: 'index', index: BigInt(c) };
    const resolved = resolveView(header.shape, header.fortranOrder, header.dtype, { ...view, axes });
    return viewChunks(entry.source, { ...input, view: resolved }, range, { budgetBytes: Math.max(1, Math.floor(budget / k)), signal });
  });
  for (;;) {
    const parts = await Promise.all(streams.map((s) => s.next()));
    if (parts[0].done) return;
    const chunks = parts.map((p) => p.value as ViewChunk);
    const first = chunks[0];
    const size = first.tile.cellSize;
    const cells = first.tile.rows * first.tile.cellsPerRow;
    const bytes = new Uint8Array(cells * k * size);
    const missing: number[] = [];
    chunks.forEach(({ tile }, c) => {
      for (let i = 0; i < cells; i++) bytes.set(tile.bytes.subarray(i * size, (i + 1) * size), (i * k + c) * size);
      for (const i of tile.missing) missing.push(i * k + c);
    });
    missing.sort((a, b) => a - b);
    const tile: TileData = { rows: first.tile.rows, cellsPerRow: first.tile.cellsPerRow * k, cellSize: size, cellOffset: 0, bytes, missing };
    yield { row0: first.row0, col0: first.col0, cols: first.cols, tile };
  }
}

export function exportJob(entry: Pick<ArrayEntry, 'opened' | 'source'>, req: ExportRequest): Job<ExportResult> {
  return async (signal, onProgress) => {
    const { opened } = entry;
    if (opened.dataError) throw new NpyError(opened.dataError);
    const { header } = opened;
    const resolved = resolveView(header.shape, header.fortranOrder, header.dtype, req.view);
    const range = clipRange(resolved, req.range);
    if (range.rows === 0n || range.cols === 0n) throw new NpyError('nothing to export: the view or the selection is empty');
    const whole = req.whole;
    if (whole !== undefined && (resolved.leaves || req.view.axes[whole]?.kind !== 'index'))
      throw new NpyError('an axis drawn whole must be one the view indexes, of an array that is not a record array');
    const channels = whole === undefined ? 1n : header.shape[whole];
    if (channels < 1n || channels > 4n) throw new NpyError(`an axis drawn whole is an image's channels (1 to 4), not ${channels} entries`);
    const cells = range.rows * range.cols * channels;
    const budget = req.chunkBytes ?? CHUNK_BYTES;
    const progress = (done: bigint) => onProgress?.(Number(done), Number(cells));
    const input: PlanInput = { view: resolved, itemsize: header.dtype.itemsize, dataOffset: header.dataOffset, availableCount: opened.availableCount };

    if (req.format === 'npy') {
      let shape: bigint[];
      let plan = input;
      let readRange = range;
      if (resolved.leaves) {
        if (range.col0 !== 0n || range.cols !== resolved.cols)
          throw new NpyError('a .npy export of records takes whole records: select every field column (or export CSV/TSV)');
        // Whole records as opaque cells: one column, the record's bytes.
        plan = { ...input, view: { ...resolved, cols: 1n, colStride: 0n, leaves: null } };
        readRange = { row0: range.row0, rows: range.rows, col0: 0n, cols: 1n };
        shape = req.view.rowAxis !== null ? [range.rows] : [];
      } else {
        shape = [...(req.view.rowAxis !== null ? [range.rows] : []), ...(req.view.colAxis !== null ? [range.cols] : []), ...(whole !== undefined ? [channels] : [])];
      }
      const head = encodeHeader(header.dtype, shape, false);
      const total = BigInt(head.length) + (resolved.leaves ? range.rows : cells) * BigInt(header.dtype.itemsize);
      await writeAtomic(req.target, { force: req.force, signal }, async (file) => {
        await writeFully(file.handle, head, 0);
        let pos = head.length;
        let done = 0n;
        for await (const chunk of exportChunks(entry, plan, req.view, whole, readRange, budget, signal)) {
          const { tile } = chunk;
          if (tile.missing.length) {
            const row = chunk.row0 + BigInt(Math.floor(tile.missing[0] / Math.max(1, tile.cellsPerRow)));
            throw new NpyError(`row ${row} of the view is past the end of the data (the file is truncated); export fewer rows, or as CSV/TSV`);
          }
          await writeFully(file.handle, tile.bytes, pos);
          pos += tile.bytes.length;
          done += BigInt(tile.rows * chunk.cols) * (resolved.leaves ? range.cols : channels);
          progress(done);
        }
      });
      return { path: req.target, shape, cells, bytes: total };
    }

    // CSV / TSV: one line per row of the range, numpy's str() of each cell; a record view starts with its labels.
    const sep = req.format === 'csv' ? ',' : '\t';
    const leaves = resolved.leaves;
    const scalar = leaves ? undefined : (header.dtype as ScalarDtype);
    if (!leaves && header.dtype.type !== 'scalar') throw new NpyError('this dtype cannot be exported as text');
    const encoder = new TextEncoder();
    let bytes = 0n;
    await writeAtomic(req.target, { force: req.force, signal }, async (file) => {
      let pos = 0;
      let text = '';
      const flush = async (force: boolean) => {
        if (!force && text.length < TEXT_FLUSH) return;
        const b = encoder.encode(text);
        text = '';
        await writeFully(file.handle, b, pos);
        pos += b.length;
      };
      if (leaves) {
        const labels = leaves.slice(range.col0, range.col0 + range.cols).map((l) => quoteField(l.label, sep));
        text += labels.join(sep) + '\n';
      }
      // Cells of the current row (a row may come in several chunks when it is wider than the budget).
      let line: string[] = [];
      let lineRow = -1n;
      let done = 0n;
      for await (const chunk of exportChunks(entry, input, req.view, whole, range, budget, signal)) {
        throwIfAborted(signal);
        const { tile } = chunk;
        const dv = new DataView(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength);
        const missing = new Set(tile.missing);
        const picked = leaves ? leaves.slice(chunk.col0, chunk.col0 + BigInt(chunk.cols)) : [];
        for (let r = 0; r < tile.rows; r++) {
          const row = chunk.row0 + BigInt(r);
          if (row !== lineRow) {
            if (lineRow >= 0n) text += line.join(sep) + '\n';
            line = [];
            lineRow = row;
          }
          if (leaves) {
            for (const leaf of picked)
              line.push(missing.has(r) ? '' : quoteField(formatScalar(leaf.dtype, dv, r * tile.cellSize + leaf.offset - tile.cellOffset, 'str'), sep));
          } else {
            for (let c = 0; c < tile.cellsPerRow; c++) {
              const i = r * tile.cellsPerRow + c;
              line.push(missing.has(i) ? '' : quoteField(formatScalar(scalar!, dv, i * tile.cellSize, 'str'), sep));
            }
          }
        }
        done += BigInt(tile.rows * chunk.cols) * channels;
        progress(done);
        await flush(false);
      }
      if (lineRow >= 0n) text += line.join(sep) + '\n';
      await flush(true);
      bytes = BigInt(pos);
    });
    return { path: req.target, shape: [range.rows, range.cols * channels], cells, bytes };
  };
}
