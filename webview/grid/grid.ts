// The virtual grid: a fixed pool of row elements reused on scroll, row/column index headers that stay put, and
// its own scrollbars. The scroll position is the BigInt index of the first row and column (see scrollMath.ts), so
// a 10^9-row, 10^6-column view costs the same DOM as a 10 × 10 one. Cells carry their logical indices in
// `data-row` / `data-col` and exactly the value text as their content.
import {
  clampIndex,
  clampStart,
  ensureVisible,
  pageTowards,
  startToThumb,
  thumbMetrics,
  thumbToStart,
  wheelToSteps,
} from './scrollMath';
import { t } from '../strings';

export type CellState = 'value' | 'loading' | 'missing' | 'error';

export interface CellContent {
  text: string;
  state: CellState;
  title?: string;
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

export interface GridState {
  top: string;
  left: string;
  anchorRow: string;
  anchorCol: string;
  focusRow: string;
  focusCol: string;
}

export interface GridCallbacks {
  onCopy?(rect: Rect): void;
  onStateChange?(state: GridState): void;
  onGoto?(): void;
  /** After every render: how many visible cells are still loading. */
  onRendered?(pending: number, visibleCells: number): void;
}

const SCROLLBAR_PX = 14;
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

function div(cls: string, parent?: HTMLElement): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  if (parent) parent.appendChild(d);
  return d;
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el: HTMLElement, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);

export class Grid {
  readonly element: HTMLDivElement;
  /** The focusable role=grid element. */
  readonly viewport: HTMLDivElement;
  private readonly headerRow: HTMLDivElement;
  private readonly corner: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly vTrack: HTMLDivElement;
  private readonly vThumb: HTMLDivElement;
  private readonly hTrack: HTMLDivElement;
  private readonly hThumb: HTMLDivElement;
  private headerCells: HTMLDivElement[] = [];
  private pool: PoolRow[] = [];

  private model: GridModel | null = null;
  private top = 0n;
  private left = 0n;
  private anchor = { row: 0n, col: 0n };
  private focus = { row: 0n, col: 0n };
  /** Content width of each column seen so far, in characters (grow-only within a view). */
  private widths = new Map<bigint, number>();
  private rowLabelChars = 2;

  private rowPx = 22;
  private charPx = 8;
  private bodyW = 0;
  private bodyH = 0;
  /** Columns fully visible in the last render (for paging/ensureVisible). */
  private fullCols = 1;
  private renderQueued = false;
  private wheelCarryY = 0;
  private wheelCarryX = 0;
  private dragging: 'cells' | 'rows' | 'cols' | null = null;
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
    this.vTrack = div('npy-scroll npy-vscroll', this.element);
    this.vThumb = div('npy-thumb', this.vTrack);
    this.hTrack = div('npy-scroll npy-hscroll', this.element);
    this.hThumb = div('npy-thumb', this.hTrack);
    div('npy-scroll-corner', this.element);
    this.vTrack.setAttribute('aria-hidden', 'true');
    this.hTrack.setAttribute('aria-hidden', 'true');

    this.measure();
    new ResizeObserver(() => {
      this.measure();
      this.render();
    }).observe(this.viewport);

    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.viewport.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.viewport.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.viewport.addEventListener('pointerup', () => this.endDrag());
    this.viewport.addEventListener('pointercancel', () => this.endDrag());
    this.viewport.addEventListener('copy', (e) => {
      e.preventDefault();
      this.copy();
    });
    this.setupScrollbar(this.vTrack, this.vThumb, 'v');
    this.setupScrollbar(this.hTrack, this.hThumb, 'h');
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

  get rowCountInPool(): number {
    return this.pool.length;
  }

  /** Fully visible rows. */
  private get fullRows(): number {
    return Math.max(1, Math.floor(this.bodyH / this.rowPx));
  }

  setModel(model: GridModel, state?: Partial<GridState>, keepWidths = false): void {
    this.model = model;
    if (!keepWidths) this.widths.clear();
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

  private get rowHeaderPx(): number {
    return this.charsToPx(this.rowLabelChars);
  }

  private colPx(c: bigint): number {
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

  private ensureFocusVisible(): void {
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
  }

  /** Largest `left` worth scrolling to: the one that shows the last column at the right edge. */
  private maxLeft(): bigint {
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

  private changed(): void {
    this.callbacks.onStateChange?.(this.getState());
    this.render();
  }

  // ---- input ----

  private onKey(e: KeyboardEvent): void {
    const m = this.model;
    if (!m) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (ctrl && (key === 'g' || key === 'G')) {
      e.preventDefault();
      this.callbacks.onGoto?.();
      return;
    }
    if (ctrl && (key === 'c' || key === 'C')) {
      e.preventDefault();
      this.copy();
      return;
    }
    if (ctrl && (key === 'a' || key === 'A')) {
      e.preventDefault();
      this.selectAll();
      return;
    }
    if (m.rows === 0n || m.cols === 0n) return;
    if (key === 'Escape' && (this.anchor.row !== this.focus.row || this.anchor.col !== this.focus.col)) {
      e.preventDefault();
      this.anchor = { ...this.focus };
      this.changed();
      return;
    }
    let row = this.focus.row;
    let col = this.focus.col;
    const page = BigInt(Math.max(1, this.fullRows - 1));
    // Paging after the wheel/scrollbar moved the view away from the cursor pages from the view, not the cursor.
    if ((key === 'PageUp' || key === 'PageDown') && !e.altKey && (row < this.top || row >= this.top + BigInt(this.fullRows))) {
      row = this.top;
      this.focus = { row, col };
    }
    switch (key) {
      case 'ArrowUp':
        row = ctrl ? 0n : row - 1n;
        break;
      case 'ArrowDown':
        row = ctrl ? m.rows - 1n : row + 1n;
        break;
      case 'ArrowLeft':
        col = ctrl ? 0n : col - 1n;
        break;
      case 'ArrowRight':
        col = ctrl ? m.cols - 1n : col + 1n;
        break;
      case 'PageUp':
        if (e.altKey) col -= BigInt(Math.max(1, this.fullCols - 1));
        else row -= page;
        break;
      case 'PageDown':
        if (e.altKey) col += BigInt(Math.max(1, this.fullCols - 1));
        else row += page;
        break;
      case 'Home':
        if (ctrl) row = 0n;
        col = 0n;
        break;
      case 'End':
        if (ctrl) row = m.rows - 1n;
        col = m.cols - 1n;
        break;
      default:
        return;
    }
    e.preventDefault();
    const oldFocusRow = this.focus.row;
    this.focus = { row: clampIndex(row, m.rows), col: clampIndex(col, m.cols) };
    if (!e.shiftKey) this.anchor = { ...this.focus };
    if (key === 'PageUp' || key === 'PageDown') {
      // Page the view along with the cursor.
      if (!e.altKey) this.top = clampStart(this.top + (this.focus.row - oldFocusRow), m.rows, this.fullRows);
    }
    this.ensureFocusVisible();
    this.changed();
  }

  private onWheel(e: WheelEvent): void {
    const m = this.model;
    if (!m) return;
    e.preventDefault();
    let dy = e.deltaY;
    let dx = e.deltaX;
    if (e.shiftKey && dx === 0) {
      dx = dy;
      dy = 0;
    }
    if (dy !== 0) {
      const r = wheelToSteps(dy, e.deltaMode, this.rowPx, this.fullRows, this.wheelCarryY);
      this.wheelCarryY = r.carry;
      if (r.steps !== 0) this.top = clampStart(this.top + BigInt(r.steps), m.rows, this.fullRows);
    }
    if (dx !== 0) {
      const r = wheelToSteps(dx, e.deltaMode, this.charPx * 10, this.fullCols, this.wheelCarryX);
      this.wheelCarryX = r.carry;
      if (r.steps !== 0) {
        const max = this.maxLeft();
        const l = this.left + BigInt(r.steps);
        this.left = l < 0n ? 0n : l > max ? max : l;
      }
    }
    this.changed();
  }

  private cellAt(target: EventTarget | null): { row: bigint | null; col: bigint | null; kind: 'cell' | 'row' | 'col' | 'corner' } | null {
    const el = (target as HTMLElement | null)?.closest?.('[data-row],[data-rowheader],[data-colheader],.npy-corner') as HTMLElement | null;
    if (!el) return null;
    if (el.classList.contains('npy-corner')) return { row: null, col: null, kind: 'corner' };
    if (el.hasAttribute('data-colheader')) return { row: null, col: BigInt(el.getAttribute('data-colheader')!), kind: 'col' };
    if (el.hasAttribute('data-rowheader')) {
      const r = el.getAttribute('data-rowheader');
      return r ? { row: BigInt(r), col: null, kind: 'row' } : null;
    }
    return { row: BigInt(el.getAttribute('data-row')!), col: BigInt(el.getAttribute('data-col')!), kind: 'cell' };
  }

  private onPointerDown(e: PointerEvent): void {
    const m = this.model;
    if (!m || e.button !== 0) return;
    const hit = this.cellAt(e.target);
    this.focusGrid();
    if (!hit || m.rows === 0n || m.cols === 0n) return;
    e.preventDefault();
    if (hit.kind === 'corner') {
      this.selectAll();
      return;
    }
    if (hit.kind === 'row') {
      if (!e.shiftKey) this.anchor = { row: hit.row!, col: 0n };
      this.focus = { row: hit.row!, col: m.cols - 1n };
      this.anchor.col = 0n;
      this.dragging = 'rows';
    } else if (hit.kind === 'col') {
      if (!e.shiftKey) this.anchor = { row: 0n, col: hit.col! };
      this.focus = { row: m.rows - 1n, col: hit.col! };
      this.anchor.row = 0n;
      this.dragging = 'cols';
    } else {
      this.focus = { row: hit.row!, col: hit.col! };
      if (!e.shiftKey) this.anchor = { ...this.focus };
      this.dragging = 'cells';
    }
    this.viewport.setPointerCapture(e.pointerId);
    this.changed();
  }

  private onPointerMove(e: PointerEvent): void {
    const m = this.model;
    if (!m || !this.dragging) return;
    const target = document.elementFromPoint(e.clientX, e.clientY);
    const hit = this.cellAt(target);
    const box = this.viewport.getBoundingClientRect();
    // Auto-scroll when dragging past an edge.
    if (this.dragging !== 'cols') {
      if (e.clientY > box.bottom - 2) this.top = clampStart(this.top + 1n, m.rows, this.fullRows);
      else if (e.clientY < box.top + this.rowPx && this.top > 0n) this.top -= 1n;
    }
    if (this.dragging !== 'rows') {
      if (e.clientX > box.right - 2 && this.left < this.maxLeft()) this.left += 1n;
      else if (e.clientX < box.left + this.rowHeaderPx && this.left > 0n) this.left -= 1n;
    }
    if (hit && hit.kind === 'cell') {
      if (this.dragging === 'cells') this.focus = { row: hit.row!, col: hit.col! };
      else if (this.dragging === 'rows') this.focus = { row: hit.row!, col: m.cols - 1n };
      else this.focus = { row: m.rows - 1n, col: hit.col! };
    } else if (hit && hit.kind === 'row' && this.dragging === 'rows') {
      this.focus = { row: hit.row!, col: m.cols - 1n };
    } else if (hit && hit.kind === 'col' && this.dragging === 'cols') {
      this.focus = { row: m.rows - 1n, col: hit.col! };
    }
    this.changed();
  }

  private endDrag(): void {
    this.dragging = null;
  }

  private setupScrollbar(track: HTMLDivElement, thumb: HTMLDivElement, dir: 'v' | 'h'): void {
    let drag: { start: number; thumbAt: number; id: number } | null = null;
    const pos = (e: PointerEvent): number => (dir === 'v' ? e.clientY : e.clientX);
    const trackLen = (): number => (dir === 'v' ? track.clientHeight : track.clientWidth);
    thumb.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      const at = parseFloat(dir === 'v' ? thumb.style.top : thumb.style.left) || 0;
      drag = { start: pos(e), thumbAt: at, id: e.pointerId };
      thumb.setPointerCapture(e.pointerId);
      thumb.classList.add('active');
    });
    thumb.addEventListener('pointermove', (e) => {
      const m = this.model;
      if (!drag || !m) return;
      const px = drag.thumbAt + pos(e) - drag.start;
      if (dir === 'v') this.top = thumbToStart(px, m.rows, this.fullRows, trackLen());
      else this.left = this.hThumbToLeft(px, trackLen());
      this.changed();
    });
    const end = (): void => {
      drag = null;
      thumb.classList.remove('active');
    };
    thumb.addEventListener('pointerup', end);
    thumb.addEventListener('pointercancel', end);
    track.addEventListener('pointerdown', (e) => {
      const m = this.model;
      if (!m || e.target !== track || e.button !== 0) return;
      e.preventDefault();
      const rect = track.getBoundingClientRect();
      const click = dir === 'v' ? e.clientY - rect.top : e.clientX - rect.left;
      const at = parseFloat(dir === 'v' ? thumb.style.top : thumb.style.left) || 0;
      const len = dir === 'v' ? thumb.offsetHeight : thumb.offsetWidth;
      if (dir === 'v') {
        this.top = clampStart(pageTowards(this.top, click, at, len, this.fullRows - 1), m.rows, this.fullRows);
      } else {
        const l = pageTowards(this.left, click, at, len, this.fullCols);
        const max = this.maxLeft();
        this.left = l < 0n ? 0n : l > max ? max : l;
      }
      this.changed();
    });
  }

  private hThumbToLeft(px: number, track: number): bigint {
    const m = this.model!;
    const max = this.maxLeft();
    // Map over 0..max: visible = cols − max so that maxStart(cols, visible) = max.
    const visible = Number(m.cols - max);
    return thumbToStart(px, m.cols, visible, track);
  }

  // ---- render ----

  render(): void {
    const m = this.model;
    if (!m) return;
    if (this.bodyW === 0 && this.viewport.clientWidth > 0) this.measure();
    this.top = clampStart(this.top, m.rows, this.fullRows);
    const maxL = m.cols > 0n ? this.maxLeft() : 0n;
    if (this.left > maxL) this.left = maxL;
    if (this.left < 0n) this.left = 0n;

    const nRows = Math.min(this.pool.length, Number(maxB(0n, minB(m.rows - this.top, BigInt(this.pool.length)))));
    // Pass 1: candidate columns with the widths known so far; read their texts; grow widths to the content.
    let { cols } = this.columnsFrom(this.left);
    if (m.cols === 0n) cols = [];
    m.prepare(this.top, nRows, this.left, cols.length);
    const texts: CellContent[][] = [];
    for (let i = 0; i < nRows; i++) {
      const r = this.top + BigInt(i);
      texts.push(cols.map((c) => m.cell(r, c)));
    }
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
      if (old === undefined || chars > old) this.widths.set(c, chars);
    }
    // Pass 2: the columns that fit with the final widths.
    const fit = this.columnsFrom(this.left);
    const nCols = m.cols === 0n ? 0 : Math.min(fit.cols.length, cols.length);
    this.fullCols = fit.full;
    const xs: number[] = [];
    let x = this.rowHeaderPx;
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
      setText(h, m.colLabel(c));
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
        setAttr(cell, 'title', content.title ?? null);
        setAttr(cell, 'id', isFocus ? 'npy-active-cell' : null);
      }
    }
    setAttr(this.viewport, 'aria-activedescendant', this.viewport.querySelector('#npy-active-cell') ? 'npy-active-cell' : null);

    this.renderScrollbars();
    this.callbacks.onRendered?.(pending, nRows * nCols);
  }

  private renderScrollbars(): void {
    const m = this.model!;
    const vLen = this.vTrack.clientHeight;
    const vm = thumbMetrics(m.rows, this.fullRows, vLen);
    this.element.classList.toggle('npy-no-vscroll', !vm.scrollable);
    if (vm.scrollable) {
      this.vThumb.style.height = `${vm.thumb}px`;
      this.vThumb.style.top = `${startToThumb(this.top, m.rows, this.fullRows, vLen)}px`;
    }
    const maxL = m.cols > 0n ? this.maxLeft() : 0n;
    const hLen = this.hTrack.clientWidth;
    const visible = Number(m.cols - maxL);
    const hm = thumbMetrics(m.cols, visible, hLen);
    this.element.classList.toggle('npy-no-hscroll', !hm.scrollable || maxL === 0n);
    if (hm.scrollable) {
      this.hThumb.style.width = `${hm.thumb}px`;
      this.hThumb.style.left = `${startToThumb(this.left, m.cols, visible, hLen)}px`;
    }
  }
}

export const GRID_SCROLLBAR_PX = SCROLLBAR_PX;
