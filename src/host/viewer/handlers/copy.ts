// Copy a rectangle of a view as TSV, CSV or a numpy literal: a job over the chunk reader, so memory follows the
// selection (the text being made), never the file. The cell formatter is passed in, so this module depends on
// neither vscode nor the formatter's implementation.
import type { ByteSource } from '../../../npy/io/byteSource';
import { viewChunks } from '../../../npy/read/chunks';
import type { Dtype, NpyHeader, ScalarDtype } from '../../../npy/types';
import { NpyError } from '../../../npy/types';
import { resolveView, type ResolvedView, type ViewSpec } from '../../../npy/view';
import type { CopyFormat } from '../../../shared/protocol';

export type CellStyle = 'str' | 'repr';
export type CellFormatter = (dtype: ScalarDtype, view: DataView, offset: number, style: CellStyle) => string;

/** Cells decoded per chunk. */
export const COPY_CHUNK_CELLS = 65536;

export interface CopyRange {
  row0: bigint;
  rows: bigint;
  col0: bigint;
  cols: bigint;
}

export interface CopySource {
  source: ByteSource;
  header: NpyHeader;
  availableCount: bigint;
}

export interface CopyExtent {
  resolved: ResolvedView;
  row0: bigint;
  rows: bigint;
  col0: bigint;
  cols: bigint;
  cells: bigint;
  /** The view shows an axis as rows / as columns (else a single fixed row / column). */
  hasRowAxis: boolean;
  hasColAxis: boolean;
}

/** Resolve the view and clip the range to it. Throws NpyError for a bad view or an empty selection. */
export function copyExtent(header: NpyHeader, view: ViewSpec, range: CopyRange): CopyExtent {
  const resolved = resolveView(header.shape, header.fortranOrder, header.dtype, view);
  const clip = (start: bigint, n: bigint, total: bigint): [bigint, bigint] => {
    const s = start < 0n ? 0n : start > total ? total : start;
    const e = start + n > total ? total : start + n;
    return [s, e > s ? e - s : 0n];
  };
  const [row0, rows] = clip(range.row0, range.rows, resolved.rows);
  const [col0, cols] = clip(range.col0, range.cols, resolved.cols);
  if (rows === 0n || cols === 0n) throw new NpyError('nothing to copy: the selection is empty');
  return { resolved, row0, rows, col0, cols, cells: rows * cols, hasRowAxis: view.rowAxis !== null, hasColAxis: view.colAxis !== null };
}

export interface CopyOptions {
  format: CopyFormat;
  formatCell: CellFormatter;
  /** Checked between chunks: the copy ends with the `cancelled` error. */
  signal?: AbortSignal;
  onProgress?: (cellsDone: number, cellsTotal: number) => void;
  chunkCells?: number;
}

// CSV field quoting is the export's (one rule for copy and export).
export { quoteField } from '../../../npy/write/exportView';
import { quoteField } from '../../../npy/write/exportView';

/** A repr text made evaluable after `import numpy as np`: bare nan/inf become np.nan/np.inf. */
export function pyNumberLiteral(text: string): string {
  const t = text.trim();
  if (/^[-+]?(nan|inf)$/i.test(t)) {
    const sign = t.startsWith('-') ? '-' : '';
    return `${sign}np.${t.replace(/^[-+]/, '').toLowerCase()}`;
  }
  return text;
}

/**
 * A datetime64/timedelta64 element inside an array literal with that dtype, as numpy's array repr writes it:
 * datetimes and NaT as quoted strings, timedeltas as their integer count.
 */
export function timeLiteral(dtype: ScalarDtype, repr: string, str: string): string {
  if (/NaT/.test(repr) || str === 'NaT') return "'NaT'";
  if (dtype.kind === 'm') {
    const m = /^(?:numpy|np)\.timedelta64\((-?\d+)/.exec(repr) ?? /^(-?\d+)/.exec(str);
    if (m) return m[1];
  } else {
    const m = /^(?:numpy|np)\.datetime64\(('[^']*')/.exec(repr);
    if (m) return m[1];
    if (/^-?[\dT:.-]+$/.test(str)) return `'${str}'`;
  }
  return repr.replace(/^numpy\./, 'np.');
}

/** The dtype argument of the literal: `'float32'`, or a descr list for the copied fields of a record. */
function literalDtype(header: NpyHeader, extent: CopyExtent, dtypeName: (d: Dtype) => string, pyStr: (s: string) => string, typeStr: (d: ScalarDtype) => string): string {
  const leaves = extent.resolved.leaves;
  if (!leaves) return pyStr(dtypeName(header.dtype));
  const picked = leaves.slice(extent.col0, extent.col0 + extent.cols);
  return '[' + picked.map((l) => `(${pyStr(l.label)}, ${pyStr(typeStr(l.dtype))})`).join(', ') + ']';
}

export interface LiteralNames {
  dtypeName: (d: Dtype) => string;
  typeStr: (d: ScalarDtype) => string;
  pyStr: (s: string) => string;
}

/** Read and format the range. Returns the text and how many cells it holds. */
export async function copyText(src: CopySource, extent: CopyExtent, opts: CopyOptions & { names?: LiteralNames }): Promise<string> {
  const { header } = src;
  const { resolved } = extent;
  const leaves = resolved.leaves;
  const rows = Number(extent.rows);
  const chunk = Math.max(1, opts.chunkCells ?? COPY_CHUNK_CELLS);
  const numpy = opts.format === 'numpy';
  const itemsize = header.dtype.itemsize;
  const input = { view: resolved, itemsize, dataOffset: header.dataOffset, availableCount: src.availableCount };
  const rowTexts: string[][] = Array.from({ length: rows }, () => []);

  const cell = (dtype: ScalarDtype, dv: DataView, offset: number): string => {
    if (!numpy) return opts.formatCell(dtype, dv, offset, 'str');
    const text = opts.formatCell(dtype, dv, offset, 'repr');
    if (dtype.kind === 'c' && /nan|inf/i.test(text)) {
      const half: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: dtype.byteOrder, itemsize: dtype.itemsize / 2 };
      const re = pyNumberLiteral(opts.formatCell(half, dv, offset, 'repr'));
      const im = pyNumberLiteral(opts.formatCell(half, dv, offset + half.itemsize, 'repr'));
      return `complex(${re}, ${im})`;
    }
    if (dtype.kind === 'f') return pyNumberLiteral(text);
    if (dtype.kind === 'M' || dtype.kind === 'm') return timeLiteral(dtype, text, opts.formatCell(dtype, dv, offset, 'str'));
    return text.replace(/^numpy\./, 'np.');
  };

  const total = Number(extent.cells);
  let done = 0;
  const range = { row0: extent.row0, rows: extent.rows, col0: extent.col0, cols: extent.cols };
  const chunkBytes = chunk * Math.max(1, itemsize);
  if (!leaves && header.dtype.type !== 'scalar') throw new NpyError('unsupported dtype for copying');
  for await (const { row0, col0, cols: chunkCols, tile } of viewChunks(src.source, input, range, { budgetBytes: chunkBytes, signal: opts.signal })) {
    const picked = leaves ? leaves.slice(col0, col0 + BigInt(chunkCols)) : [];
    const dv = new DataView(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength);
    const missing = new Set(tile.missing);
    const r0 = Number(row0 - extent.row0);
    for (let r = 0; r < tile.rows; r++) {
      const out = rowTexts[r0 + r];
      if (leaves) {
        // One record per row; the columns are leaf fields, read as the bytes they span (from tile.cellOffset).
        if (missing.has(r)) {
          if (numpy) throw new NpyError(truncatedMessage(row0 + BigInt(r)));
          for (let c = 0; c < picked.length; c++) out.push('');
          continue;
        }
        for (const leaf of picked) out.push(cell(leaf.dtype, dv, r * tile.cellSize + leaf.offset - tile.cellOffset));
        continue;
      }
      const dtype = header.dtype as ScalarDtype;
      for (let c = 0; c < tile.cellsPerRow; c++) {
        const i = r * tile.cellsPerRow + c;
        if (missing.has(i)) {
          if (numpy) throw new NpyError(truncatedMessage(row0 + BigInt(r)));
          out.push('');
        } else out.push(cell(dtype, dv, i * tile.cellSize));
      }
    }
    done += tile.rows * chunkCols;
    opts.onProgress?.(done, total);
  }

  if (!numpy) {
    const sep = opts.format === 'csv' ? ',' : '\t';
    return rowTexts.map((cells) => cells.map((t) => quoteField(t, sep)).join(sep)).join('\n') + '\n';
  }
  const names = opts.names;
  if (!names) throw new NpyError('numpy literal names are missing');
  const dtypeArg = literalDtype(header, extent, names.dtypeName, names.pyStr, names.typeStr);
  return numpyLiteral(rowTexts, {
    rowsAxis: extent.hasRowAxis,
    colsAxis: !leaves && extent.hasColAxis,
    record: !!leaves,
    dtypeArg,
  });
}

function truncatedMessage(row: bigint): string {
  return `row ${row} is past the end of the data (the file is truncated); copy it as TSV or CSV instead`;
}

/** Lay out rows as numpy's repr does: nested lists, records as tuples, one row per line. */
export function numpyLiteral(rowTexts: string[][], shape: { rowsAxis: boolean; colsAxis: boolean; record: boolean; dtypeArg: string }): string {
  const head = 'np.array(';
  const item = (cells: string[]): string => {
    if (shape.record) return `(${cells.join(', ')}${cells.length === 1 ? ',' : ''})`;
    return shape.colsAxis ? `[${cells.join(', ')}]` : cells[0];
  };
  let body: string;
  if (shape.rowsAxis) {
    const indent = ' '.repeat(head.length + 1);
    body = '[' + rowTexts.map(item).join(',\n' + indent) + ']';
  } else {
    body = item(rowTexts[0] ?? []);
  }
  return `${head}${body}, dtype=${shape.dtypeArg})\n`;
}
