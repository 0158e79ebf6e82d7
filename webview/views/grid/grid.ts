// The virtual grid: a fixed pool of row elements reused on scroll, row/column index headers that stay put, and
// its own scrollbars (scrollbars.ts). The scroll position is the BigInt index of the first row and column (see
// scrollMath.ts), so a 10^9-row, 10^6-column view costs the same DOM as a 10 × 10 one. Cells carry their logical
// indices in `data-row` / `data-col` and exactly the value text as their content. Keyboard, wheel and pointer
// input live in input.ts; this file keeps the geometry, the state and the rendering.
import { clampIndex, clampStart, ensureVisible } from './scrollMath';
import { div, setAttr, setText } from '../../dom';
import { t } from '../../strings';
import { GridInput, type GridNav } from './input';
import { Scrollbars, type ScrollTarget } from './scrollbars';
import { ColumnResizer, type ResizeTarget } from './resize';
import type { Cell, CellContent, GridModel, GridState, Rect } from './types';

export type { CellContent, CellState, GridModel, GridState, Rect } from './types';

export interface GridCallbacks {
  onCopy?(rect: Rect): void;
  onStateChange?(state: GridState): void;
  onGoto?(): void;
  /** After every render: how many visible cells are still loading. */
  onRendered?(pending: number, visibleCells: number): void;
}

/** Horizontal padding of a cell in the CSS (8 + 8). */
const CELL_PAD_PX = 16;
/** Border and sub-pixel slack so measured text never ellipsizes. */
const CELL_SLACK_PX = 4;
const MAX_COL_PX = 480;
const MIN_COL_CHARS = 3;

interface PoolRow {
  el: HTMLDivElement;
  header: HTMLDivElement;
  cells: HTMLDivElement[];
  row: bigint | null;
}

const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);

// The members without `private` below (model, top, left, anchor, focus, metrics, maxLeft, ensureFocusVisible,
// changed) are what input.ts and scrollbars.ts work on (GridNav, ScrollTarget); outside this folder use the
// public navigation methods.
export class Grid implements GridNav, ScrollTarget, ResizeTarget {
  readonly element: HTMLDivElement;
  /** The focusable role=grid element. */
  readonly viewport: HTMLDivElement;
  private readonly headerRow: HTMLDivElement;
  private readonly corner: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly scrollbars: Scrollbars;
  private readonly resizeObserver: ResizeObserver;
  private headerCells: HTMLDivElement[] = [];
  private pool: PoolRow[] = [];

  model: GridModel | null = null;
  top = 0n;
  left = 0n;
  anchor: Cell = { row: 0n, col: 0n };
  focus: Cell = { row: 0n, col: 0n };
  /** Content width of each column seen so far, in characters (grow-only within a view). */
  private widths = new Map<bigint, number>();
  /** Widths the user dragged a column header's edge to, in px (they win over the content width). */
  private userWidths = new Map<bigint, number>();
  /** The `left` and focus column ensureFocusVisible chose: while both still hold, learned widths re-run it. */
  private followed: { left: bigint; col: bigint } | null = null;
  private rowLabelChars = 2;

  rowPx = 22;
  charPx = 8;
  private bodyW = 0;
  private bodyH = 0;
  /** Columns fully visible in the last render (for paging/ensureVisible). */
  fullCols = 1;
  private renderQueued = false;
  private lastCopy: { key: string; at: number } | null = null;

  constructor(
    parent: HTMLElement,
    private readonly callbacks: GridCallbacks = {},
  ) {
    this.element = div('npy-grid', parent);
    this.viewport = div('npy-grid-viewport', this.element);
    this.viewport.tabIndex = 0;
    this.viewport.setAttribute('role', 'grid');
    this.viewport.setAttribute('aria-label', t('gridLabel'));
    this.viewport.setAttribute('aria-multiselectable', 'true');
    this.viewport.setAttribute('aria-readonly', 'true');
    this.headerRow = div('npy-row npy-header-row', this.viewport);
    this.headerRow.setAttribute('role', 'row');
    this.headerRow.setAttribute('aria-rowindex', '1');
    this.corner = div('npy-corner', this.headerRow);
    this.corner.setAttribute('role', 'columnheader');
    this.corner.setAttribute('aria-colindex', '1');
    this.body = div('npy-body', this.viewport);
    this.body.setAttribute('role', 'rowgroup');
    this.scrollbars = new Scrollbars(this.element, this);

    this.measure();
    this.resizeObserver = new ResizeObserver(() => {
      this.measure();
      this.render();
    });
    this.resizeObserver.observe(this.viewport);
    new GridInput(this);
    new ColumnResizer(this);
    // The first measure may run before the editor font loads or while the panel is hidden (zero size): measure
    // again when fonts arrive and when the page becomes visible.
    const remeasure = (): void => {
      if (!this.model) return;
      this.measure();
      this.render();
    };
    void document.fonts?.ready.then(remeasure);
    document.fonts?.addEventListener?.('loadingdone', remeasure);
    document.addEventListener('visibilitychange', remeasure);
    this.remeasure = remeasure;
  }

  private readonly remeasure: () => void;

  /** Remove the grid from the page. */
  dispose(): void {
    this.resizeObserver.disconnect();
    document.fonts?.removeEventListener?.('loadingdone', this.remeasure);
    document.removeEventListener('visibilitychange', this.remeasure);
    this.model = null;
    this.element.remove();
  }

  /** Row height and character width from the current font (theme font variables may change them). */
  measure(): void {
    const probe = div('npy-cell npy-probe', this.body);
    probe.textContent = '0123456789'.repeat(4);
    const rect = probe.getBoundingClientRect();
    const pad = CELL_PAD_PX;
    if (rect.height > 0) this.rowPx = Math.max(16, Math.ceil(rect.height));
    if (rect.width > pad) this.charPx = (rect.width - pad) / 40;
    probe.remove();
    this.element.style.setProperty('--npy-row-height', `${this.rowPx}px`);
    this.bodyW = Math.max(0, this.viewport.clientWidth);
    this.bodyH = Math.max(0, this.viewport.clientHeight - this.rowPx);
    this.ensurePool();
  }

  /** Rows in the pool: enough to cover the viewport plus one partial row. */
  private ensurePool(): void {
    const want = Math.max(1, Math.ceil(this.bodyH / this.rowPx) + 1);
    while (this.pool.length < want) {
      const el = div('npy-row', this.body);
      el.setAttribute('role', 'row');
      el.style.display = 'none';
      const header = div('npy-rowheader', el);
      header.setAttribute('role', 'rowheader');
      header.setAttribute('aria-colindex', '1');
      header.setAttribute('data-rowheader', '');
      this.pool.push({ el, header, cells: [], row: null });
    }
    while (this.pool.length > want) this.pool.pop()!.el.remove();
  }

  /** Fully visible rows. */
  get fullRows(): number {
    return Math.max(1, Math.floor(this.bodyH / this.rowPx));
  }

  setModel(model: GridModel, state?: Partial<GridState>, keepWidths = false): void {
    this.model = model;
    if (!keepWidths) {
      this.widths.clear();
      this.userWidths.clear();
    }
    this.followed = null;
    const big = (s: string | undefined, d: bigint): bigint => {
      try {
        return s === undefined ? d : BigInt(s);
      } catch {
        return d;
      }
    };
    this.top = big(state?.top, 0n);
    this.left = big(state?.left, 0n);
    this.anchor = { row: big(state?.anchorRow, 0n), col: big(state?.anchorCol, 0n) };
    this.focus = { row: big(state?.focusRow, this.anchor.row), col: big(state?.focusCol, this.anchor.col) };
    this.clampAll();
    this.rowLabelChars = Math.max(model.rowLabel(0n).length, model.rows > 0n ? model.rowLabel(model.rows - 1n).length : 1, 2);
    this.viewport.setAttribute('aria-rowcount', (model.rows + 1n).toString());
    this.viewport.setAttribute('aria-colcount', (model.cols + 1n).toString());
    this.render();
  }

  getState(): GridState {
    return {
      top: this.top.toString(),
      left: this.left.toString(),
      anchorRow: this.anchor.row.toString(),
      anchorCol: this.anchor.col.toString(),
      focusRow: this.focus.row.toString(),
      focusCol: this.focus.col.toString(),
    };
  }

  get selection(): Rect {
    const r0 = minB(this.anchor.row, this.focus.row);
    const r1 = maxB(this.anchor.row, this.focus.row);
    const c0 = minB(this.anchor.col, this.focus.col);
    const c1 = maxB(this.anchor.col, this.focus.col);
    return { row0: r0, rows: r1 - r0 + 1n, col0: c0, cols: c1 - c0 + 1n };
  }

  get scrollTop(): bigint {
    return this.top;
  }

  get scrollLeft(): bigint {
    return this.left;
  }

  private clampAll(): void {
    const m = this.model;
    if (!m) return;
    this.top = clampStart(this.top, m.rows, this.fullRows);
    this.left = clampIndex(this.left, m.cols);
    this.anchor = { row: clampIndex(this.anchor.row, m.rows), col: clampIndex(this.anchor.col, m.cols) };
    this.focus = { row: clampIndex(this.focus.row, m.rows), col: clampIndex(this.focus.col, m.cols) };
  }

  /** Re-render soon (a tile arrived). */
  invalidate(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  // ---- geometry ----

  private charsToPx(chars: number): number {
    return Math.min(MAX_COL_PX, Math.ceil(chars * this.charPx + CELL_PAD_PX + CELL_SLACK_PX));
  }

  get rowHeaderPx(): number {
    return this.charsToPx(this.rowLabelChars);
  }

  colPx(c: bigint): number {
    const u = this.userWidths.get(c);
    if (u !== undefined) return u;
    const w = this.widths.get(c);
    if (w !== undefined) return this.charsToPx(w);
    const m = this.model!;
    return this.charsToPx(Math.max(MIN_COL_CHARS, m.estimateChars(c), m.colLabel(c).length));
  }

  private dataWidth(): number {
    return Math.max(0, this.bodyW - this.rowHeaderPx);
  }

  /** Columns from `left` that overlap the data area, and how many of them fit entirely. */
  private columnsFrom(left: bigint): { cols: bigint[]; full: number } {
    const m = this.model!;
    const avail = this.dataWidth();
    const cols: bigint[] = [];
    let x = 0;
    let full = 0;
    for (let c = left; c < m.cols && x < avail; c++) {
      cols.push(c);
      x += this.colPx(c);
      if (x <= avail) full++;
      if (cols.length > 2000) break;
    }
    return { cols, full: Math.max(1, full) };
  }

  /** The `left` that shows column `c` as the last fully visible one. */
  private leftEndingAt(c: bigint): bigint {
    const avail = this.dataWidth();
    let x = 0;
    let l = c;
    while (l >= 0n) {
      x += this.colPx(l);
      if (x > avail) break;
      l--;
    }
    return l < c ? l + 1n : c;
  }

  ensureFocusVisible(): void {
    const m = this.model;
    if (!m) return;
    this.top = ensureVisible(this.top, this.focus.row, m.rows, this.fullRows);
    if (this.focus.col < this.left) this.left = this.focus.col;
    else {
      const { cols, full } = this.columnsFrom(this.left);
      const lastFull = cols.length ? this.left + BigInt(full) - 1n : this.left;
      if (this.focus.col > lastFull) this.left = this.leftEndingAt(this.focus.col);
    }
    this.left = clampIndex(this.left, m.cols);
    this.followed = { left: this.left, col: this.focus.col };
  }

  /** Re-run the column part of ensureFocusVisible when widths were learned after it chose `left`. */
  private refollow(): boolean {
    const f = this.followed;
    if (!f || f.left !== this.left || f.col !== this.focus.col) return false;
    const before = this.left;
    const { cols, full } = this.columnsFrom(this.left);
    const lastFull = cols.length ? this.left + BigInt(full) - 1n : this.left;
    if (this.focus.col > lastFull) this.left = this.leftEndingAt(this.focus.col);
    else if (this.focus.col === this.model!.cols - 1n) this.left = this.maxLeft();
    this.followed = { left: this.left, col: this.focus.col };
    return this.left !== before;
  }

  // ---- column widths (resize.ts) ----

  /** The column whose header's right edge is within `slop` px of clientX, if any. */
  columnEdgeAt(clientX: number, slop: number): bigint | null {
    for (const h of this.headerCells) {
      if (h.style.display === 'none') continue;
      const b = h.getBoundingClientRect();
      if (Math.abs(clientX - b.right) <= slop) return BigInt(h.getAttribute('data-colheader')!);
    }
    return null;
  }

  /** Header cell's left edge in client px (for a drag's new width). */
  columnLeft(c: bigint): number | null {
    const h = this.headerCells.find((x) => x.style.display !== 'none' && x.getAttribute('data-colheader') === c.toString());
    return h ? h.getBoundingClientRect().left : null;
  }

  setColumnWidth(c: bigint, px: number): void {
    this.userWidths.set(c, Math.max(CELL_PAD_PX + Math.ceil(this.charPx), Math.min(4 * MAX_COL_PX, Math.round(px))));
    this.render();
  }

  /** Double-click on the edge: back to the width of the column's text on screen. */
  fitColumn(c: bigint): void {
    this.userWidths.delete(c);
    this.widths.delete(c);
    this.render();
  }

  /** Largest `left` worth scrolling to: the one that shows the last column at the right edge. */
  maxLeft(): bigint {
    const m = this.model!;
    if (m.cols <= 0n) return 0n;
    return this.leftEndingAt(m.cols - 1n);
  }

  // ---- public navigation ----

  scrollToCell(row: bigint, col: bigint, select = true): void {
    const m = this.model;
    if (!m) return;
    const r = clampIndex(row, m.rows);
    const c = clampIndex(col, m.cols);
    if (select) {
      this.anchor = { row: r, col: c };
      this.focus = { row: r, col: c };
    }
    this.ensureFocusVisible();
    this.changed();
  }

  scrollTo(top: bigint, left: bigint): void {
    const m = this.model;
    if (!m) return;
    this.top = clampStart(top, m.rows, this.fullRows);
    this.left = clampIndex(left, m.cols);
    this.changed();
  }

  selectAll(): void {
    const m = this.model;
    if (!m || m.rows === 0n || m.cols === 0n) return;
    this.anchor = { row: 0n, col: 0n };
    this.focus = { row: m.rows - 1n, col: m.cols - 1n };
    this.changed();
  }

  /**
   * Copy the selection. Ctrl+C arrives twice in VS Code (our keydown, then the workbench's copy command replayed
   * as a `copy` event), so a repeat of the same selection within a moment is ignored.
   */
  copy(): void {
    const m = this.model;
    if (!m || m.rows === 0n || m.cols === 0n) return;
    const sel = this.selection;
    const key = `${sel.row0}|${sel.rows}|${sel.col0}|${sel.cols}`;
    const now = Date.now();
    if (this.lastCopy && this.lastCopy.key === key && now - this.lastCopy.at < 700) return;
    this.lastCopy = { key, at: now };
    this.callbacks.onCopy?.(sel);
  }

  /** Copy even if the same selection was just copied (toolbar button, another format). */
  copyAgain(): void {
    this.lastCopy = null;
    this.copy();
  }

  focusGrid(): void {
    this.viewport.focus({ preventScroll: true });
  }

  /** Ctrl+G in the grid. */
  requestGoto(): void {
    this.callbacks.onGoto?.();
  }

  changed(): void {
    this.callbacks.onStateChange?.(this.getState());
    this.render();
  }

  // ---- render ----

  /** Grow the learned widths to the loaded texts of `cols`; true when one grew. */
  private learnWidths(cols: bigint[], texts: CellContent[][], nRows: number): boolean {
    const m = this.model!;
    let grew = false;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      let chars = Math.max(MIN_COL_CHARS, m.colLabel(c).length);
      let loaded = false;
      for (let i = 0; i < nRows; i++) {
        const cell = texts[i][j];
        if (cell.state === 'value') {
          loaded = true;
          if (cell.text.length > chars) chars = cell.text.length;
        }
      }
      if (!loaded) continue;
      const old = this.widths.get(c);
      if (old === undefined || chars > old) {
        this.widths.set(c, chars);
        grew = true;
      }
    }
    return grew;
  }

  /** The full text of a value whose cell cuts it (column too narrow) or rounds it (display precision). */
  private tooltip(content: CellContent, px: number): string | null {
    if (content.state !== 'value') return null;
    if (content.full !== undefined && content.full !== content.text) return content.full;
    return content.text.length * this.charPx > px - CELL_PAD_PX ? content.text : null;
  }

  render(): void {
    const m = this.model;
    if (!m) return;
    if (this.viewport.clientWidth !== this.bodyW || Math.max(0, this.viewport.clientHeight - this.rowPx) !== this.bodyH) this.measure();
    this.top = clampStart(this.top, m.rows, this.fullRows);
    const maxL = m.cols > 0n ? this.maxLeft() : 0n;
    if (this.left > maxL) this.left = maxL;
    if (this.left < 0n) this.left = 0n;

    const nRows = Math.min(this.pool.length, Number(maxB(0n, minB(m.rows - this.top, BigInt(this.pool.length)))));
    // Candidate columns with the widths known so far; read their texts; grow widths to the content. Learned widths
    // change what fits (more columns, or a smaller maxLeft after Ctrl+End): lay out again until it is stable, so
    // the first render already shows every column that fits and no blank band.
    let cols: bigint[] = [];
    let texts: CellContent[][] = [];
    let fit = { cols: [] as bigint[], full: 1 };
    for (let pass = 0; pass < 4; pass++) {
      cols = m.cols === 0n ? [] : this.columnsFrom(this.left).cols;
      m.prepare(this.top, nRows, this.left, cols.length);
      texts = [];
      for (let i = 0; i < nRows; i++) {
        const r = this.top + BigInt(i);
        texts.push(cols.map((c) => m.cell(r, c)));
      }
      const learned = this.learnWidths(cols, texts, nRows);
      fit = this.columnsFrom(this.left);
      if (m.cols === 0n || !learned) break;
      const moved = this.refollow();
      const maxLeft = this.maxLeft();
      if (this.left > maxLeft) this.left = maxLeft;
      else if (!moved && fit.cols.length <= cols.length) break;
    }
    let nCols = m.cols === 0n ? 0 : Math.min(fit.cols.length, cols.length);
    this.fullCols = fit.full;
    let x = this.rowHeaderPx;
    // Scrolled to the end: the last column ends at the right edge (the one before it shows in part, under the
    // row header) instead of leaving a band after it.
    if (nCols > 0 && this.left > 0n && cols[nCols - 1] === m.cols - 1n) {
      let used = 0;
      for (let j = 0; j < nCols; j++) used += this.colPx(cols[j]);
      const gap = this.dataWidth() - used;
      if (gap > 0) {
        const before = this.left - 1n;
        cols = [before, ...cols.slice(0, nCols)];
        texts = texts.map((row, i) => [m.cell(this.top + BigInt(i), before), ...row.slice(0, nCols)]);
        nCols++;
        x += gap - this.colPx(before);
      }
    }
    const xs: number[] = [];
    for (let j = 0; j < nCols; j++) {
      xs.push(x);
      x += this.colPx(cols[j]);
    }

    // Header row.
    this.corner.style.width = `${this.rowHeaderPx}px`;
    while (this.headerCells.length < nCols) {
      const h = div('npy-colheader', this.headerRow);
      h.setAttribute('role', 'columnheader');
      this.headerCells.push(h);
    }
    for (let j = 0; j < this.headerCells.length; j++) {
      const h = this.headerCells[j];
      if (j >= nCols) {
        h.style.display = 'none';
        continue;
      }
      const c = cols[j];
      h.style.display = '';
      h.style.left = `${xs[j]}px`;
      h.style.width = `${this.colPx(c)}px`;
      const label = m.colLabel(c);
      setText(h, label);
      setAttr(h, 'title', label.length * this.charPx > this.colPx(c) - CELL_PAD_PX ? label : null);
      setAttr(h, 'data-colheader', c.toString());
      setAttr(h, 'aria-colindex', (c + 2n).toString());
      h.classList.toggle('npy-align-left', m.colAlign(c) === 'left');
      const sel = this.selection;
      h.classList.toggle('npy-sel-col', c >= sel.col0 && c < sel.col0 + sel.cols);
    }

    const sel = this.selection;
    let pending = 0;
    for (let i = 0; i < this.pool.length; i++) {
      const pr = this.pool[i];
      const el = pr.el;
      if (i >= nRows) {
        if (pr.row !== null || el.style.display !== 'none') {
          el.style.display = 'none';
          pr.row = null;
          setAttr(el, 'aria-rowindex', null);
          for (const cell of pr.cells) {
            setAttr(cell, 'data-row', null);
            setAttr(cell, 'data-col', null);
          }
          setAttr(pr.header, 'data-rowheader', '');
        }
        continue;
      }
      const r = this.top + BigInt(i);
      pr.row = r;
      el.style.display = '';
      el.style.transform = `translateY(${i * this.rowPx}px)`;
      setAttr(el, 'aria-rowindex', (r + 2n).toString());
      setText(pr.header, m.rowLabel(r));
      setAttr(pr.header, 'data-rowheader', r.toString());
      pr.header.style.width = `${this.rowHeaderPx}px`;
      const rowSelected = r >= sel.row0 && r < sel.row0 + sel.rows;
      pr.header.classList.toggle('npy-sel-row', rowSelected);
      while (pr.cells.length < nCols) {
        const cell = div('npy-cell', el);
        cell.setAttribute('role', 'gridcell');
        pr.cells.push(cell);
      }
      for (let j = 0; j < pr.cells.length; j++) {
        const cell = pr.cells[j];
        if (j >= nCols) {
          if (cell.style.display !== 'none') {
            cell.style.display = 'none';
            setAttr(cell, 'data-row', null);
            setAttr(cell, 'data-col', null);
          }
          continue;
        }
        const c = cols[j];
        const content = texts[i][j];
        cell.style.display = '';
        cell.style.left = `${xs[j]}px`;
        cell.style.width = `${this.colPx(c)}px`;
        setAttr(cell, 'data-row', r.toString());
        setAttr(cell, 'data-col', c.toString());
        setAttr(cell, 'aria-colindex', (c + 2n).toString());
        setText(cell, content.text);
        if (content.state === 'loading') pending++;
        const cls = `npy-cell npy-${content.state}${m.colAlign(c) === 'left' ? ' npy-align-left' : ''}`;
        const selected = rowSelected && c >= sel.col0 && c < sel.col0 + sel.cols;
        const isFocus = r === this.focus.row && c === this.focus.col;
        const full = cls + (selected ? ' npy-selected' : '') + (isFocus ? ' npy-focus' : '');
        if (cell.className !== full) cell.className = full;
        setAttr(cell, 'aria-selected', selected ? 'true' : null);
        setAttr(cell, 'title', content.title ?? this.tooltip(content, this.colPx(c)));
        setAttr(cell, 'id', isFocus ? 'npy-active-cell' : null);
      }
    }
    setAttr(this.viewport, 'aria-activedescendant', this.viewport.querySelector('#npy-active-cell') ? 'npy-active-cell' : null);

    this.scrollbars.render();
    this.callbacks.onRendered?.(pending, nRows * nCols);
  }
}
