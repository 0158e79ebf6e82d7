// The grid's data model and its state, shared by the grid, its input handling and its scrollbars.

export type CellState = 'value' | 'loading' | 'missing' | 'error';

export interface CellContent {
  text: string;
  state: CellState;
  title?: string;
  /** numpy's full text when `text` is shown at a display precision (the tooltip shows it). */
  full?: string;
}

export interface GridModel {
  readonly rows: bigint;
  readonly cols: bigint;
  rowLabel(r: bigint): string;
  colLabel(c: bigint): string;
  colAlign(c: bigint): 'left' | 'right';
  /** A guess of a column's width in characters before its values are loaded. */
  estimateChars(c: bigint): number;
  /** Called once per frame with the visible range (plus margin) before cells are read. */
  prepare(row0: bigint, nRows: number, col0: bigint, nCols: number): void;
  cell(r: bigint, c: bigint): CellContent;
}

export interface Rect {
  row0: bigint;
  rows: bigint;
  col0: bigint;
  cols: bigint;
}

/** A logical cell of the view. */
export interface Cell {
  row: bigint;
  col: bigint;
}

/** Scroll position and selection as saved with setState (decimal strings: they may exceed 2^53). */
export interface GridState {
  top: string;
  left: string;
  anchorRow: string;
  anchorCol: string;
  focusRow: string;
  focusCol: string;
}
