// The grid's model for one view of the open array: labels, column alignment and cell text decoded from tiles.
import type { Dtype, ScalarDtype } from '../../../src/npy/types';
import type { LeafColumns, ResolvedView, ViewSpec } from '../../../src/npy/view';
import { formatScalar } from '../../../src/npy/format';
import { halfToNumber } from '../../../src/npy/format/float';
import { FULL_PRECISION, formatAtPrecision, type Precision } from '../../../src/npy/format/precision';
import type { CellContent, GridModel } from './types';
import type { TileStore } from './tiles';
import { t } from '../../strings';

/** Characters a value of this dtype usually takes, before any is seen. */
function estimateChars(d: ScalarDtype): number {
  switch (d.kind) {
    case 'b':
      return 5;
    case 'i':
    case 'u':
      return d.itemsize <= 1 ? 4 : d.itemsize <= 2 ? 6 : 8;
    case 'f':
      return d.itemsize <= 2 ? 7 : 11;
    case 'c':
      return 22;
    case 'M':
      return 20;
    case 'm':
      return 12;
    case 'S':
      return Math.min(40, d.itemsize + 3);
    case 'U':
      return Math.min(40, d.itemsize / 4 + 2);
    default:
      return 12;
  }
}

function alignFor(d: ScalarDtype): 'left' | 'right' {
  return d.kind === 'S' || d.kind === 'U' || d.kind === 'V' || d.kind === 'O' ? 'left' : 'right';
}

export class ArrayModel implements GridModel {
  readonly rows: bigint;
  readonly cols: bigint;
  private readonly leaves: LeafColumns | null;
  private readonly scalar: ScalarDtype | null;
  private readonly rowSel: { start: bigint; step: bigint } | null;
  private readonly colSel: { start: bigint; step: bigint } | null;
  private readonly blockRows: bigint;
  private readonly blockCols: bigint;
  /** Display-precision texts by tile and cell (the tile's own cache holds numpy's full text). */
  private readonly shownTexts = new Map<string, string>();

  constructor(
    dtype: Dtype,
    view: ViewSpec,
    resolved: ResolvedView,
    private readonly tiles: TileStore,
    private readonly onError?: (message: string) => void,
    private readonly precision: Precision = FULL_PRECISION,
  ) {
    this.rows = resolved.rows;
    this.cols = resolved.cols;
    this.leaves = resolved.leaves;
    this.scalar = dtype.type === 'scalar' ? dtype : null;
    const sel = (axis: number | null): { start: bigint; step: bigint } | null => {
      if (axis === null) return null;
      const a = view.axes[axis];
      return a.kind === 'range' ? { start: a.start, step: a.step } : null;
    };
    this.rowSel = sel(view.rowAxis);
    this.colSel = this.leaves ? null : sel(view.colAxis);
    this.blockRows = BigInt(tiles.blockShape.rows);
    this.blockCols = BigInt(tiles.blockShape.cols);
  }

  /** Index along the row axis shown for logical row r. */
  rowIndex(r: bigint): bigint {
    return this.rowSel ? this.rowSel.start + r * this.rowSel.step : r;
  }

  colIndex(c: bigint): bigint {
    return this.colSel ? this.colSel.start + c * this.colSel.step : c;
  }

  rowLabel(r: bigint): string {
    return this.rowIndex(r).toString();
  }

  colLabel(c: bigint): string {
    if (this.leaves) return c >= 0n && c < this.leaves.count ? this.leaves.at(c).label : '';
    if (!this.colSel) return this.rows === 1n && !this.rowSel ? '' : t('valueColumn');
    return this.colIndex(c).toString();
  }

  colAlign(c: bigint): 'left' | 'right' {
    if (this.leaves) return c >= 0n && c < this.leaves.count ? alignFor(this.leaves.at(c).dtype) : 'right';
    return this.scalar ? alignFor(this.scalar) : 'right';
  }

  estimateChars(c: bigint): number {
    if (this.leaves) return c >= 0n && c < this.leaves.count ? estimateChars(this.leaves.at(c).dtype) : 8;
    return this.scalar ? estimateChars(this.scalar) : 8;
  }

  prepare(row0: bigint, nRows: number, col0: bigint, nCols: number): void {
    // A margin of a few rows/columns around the screen so small scrolls find their tiles already there.
    const marginRows = 32;
    const marginCols = 8;
    const visible = this.tiles.blocksFor(row0, nRows, col0, nCols);
    const around = this.tiles.blocksFor(row0 - BigInt(marginRows), nRows + 2 * marginRows, col0 - BigInt(marginCols), nCols + 2 * marginCols);
    const seen = new Set(visible.map((b) => `${b.blockRow}|${b.blockCol}`));
    this.tiles.ensure(
      visible,
      around.filter((b) => !seen.has(`${b.blockRow}|${b.blockCol}`)),
    );
  }

  cell(r: bigint, c: bigint): CellContent {
    const br = r / this.blockRows;
    const bc = c / this.blockCols;
    const tile = this.tiles.get(br, bc);
    if (!tile) return { text: '', state: 'loading' };
    if (tile.error) return { text: '', state: 'error', title: t('tileError', { message: tile.error }) };
    const lr = Number(r - br * this.blockRows);
    const lc = Number(c - bc * this.blockCols);
    // A record tile has one cell per row (the bytes of its field columns); other tiles one cell per column.
    const cellCol = this.leaves ? 0 : lc;
    if (lr >= tile.rows || cellCol >= tile.cellsPerRow) return { text: '', state: 'loading' };
    const index = lr * tile.cellsPerRow + cellCol;
    if (tile.missing.has(index)) return { text: '', state: 'missing', title: t('missingCell') };
    const key = this.leaves ? lr * Number(this.blockCols) + lc : index;
    let text = tile.texts.get(key);
    if (text === undefined) {
      const offset = index * tile.cellSize;
      try {
        if (this.leaves) {
          const leaf = this.leaves.at(c);
          text = formatScalar(leaf.dtype, tile.data, offset + leaf.offset - tile.cellOffset, 'str');
        } else {
          text = formatScalar(this.scalar!, tile.data, offset, 'str');
        }
      } catch (e) {
        this.onError?.(e instanceof Error ? e.message : String(e));
        text = '?';
      }
      tile.texts.set(key, text);
      this.tiles.charge(tile, 2 * text.length + 40);
    }
    if (this.precision.mode !== 'full') {
      const dtype = this.leaves ? this.leaves.at(c).dtype : this.scalar!;
      const shown = this.atPrecision(tile.key, key, dtype, tile.data, index * tile.cellSize + (this.leaves ? this.leaves.at(c).offset - tile.cellOffset : 0));
      if (shown !== null) return { text: shown, state: 'value', full: text };
    }
    return { text, state: 'value' };
  }

  /** Display-precision text of a float16/32/64 cell (null: other dtypes keep numpy's text), cached per screen. */
  private atPrecision(tileKey: string, key: number, d: ScalarDtype, data: DataView, offset: number): string | null {
    if (d.kind !== 'f' || d.itemsize > 8) return null;
    const k = `${tileKey}|${key}`;
    const hit = this.shownTexts.get(k);
    if (hit !== undefined) return hit;
    const le = d.byteOrder !== '>';
    const x = d.itemsize === 8 ? data.getFloat64(offset, le) : d.itemsize === 4 ? data.getFloat32(offset, le) : halfToNumber(data.getUint16(offset, le));
    const text = formatAtPrecision(x, this.precision);
    // Bounded: a few screens' worth; older entries go first.
    if (this.shownTexts.size >= 50_000) this.shownTexts.clear();
    if (text !== null) this.shownTexts.set(k, text);
    return text;
  }
}
