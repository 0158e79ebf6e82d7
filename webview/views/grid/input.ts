// The grid's keyboard, wheel and pointer input: cursor movement and paging, selection by keyboard (Shift), by
// dragging over cells, row headers or column headers (with auto-scroll past an edge), select-all from the corner,
// Ctrl+C / the `copy` event, Ctrl+A, Ctrl+G. It moves the grid's position and selection and lets the grid redraw.
import { clampIndex, clampStart, wheelToSteps } from './scrollMath';
import type { Cell, GridModel } from './types';

/** What the input handling reads and moves: the grid (see grid.ts). */
export interface GridNav {
  readonly model: GridModel | null;
  /** The focusable role=grid element the listeners go on. */
  readonly viewport: HTMLDivElement;
  top: bigint;
  left: bigint;
  /** The selection is the rectangle between anchor and focus; the focus is the cursor. */
  anchor: Cell;
  focus: Cell;
  readonly fullRows: number;
  readonly fullCols: number;
  readonly rowPx: number;
  readonly charPx: number;
  readonly rowHeaderPx: number;
  maxLeft(): bigint;
  ensureFocusVisible(): void;
  /** Position or selection changed: tell the listeners and redraw. */
  changed(): void;
  selectAll(): void;
  copy(): void;
  focusGrid(): void;
  /** Ctrl+G inside the grid. */
  requestGoto(): void;
}

type Hit = { row: bigint | null; col: bigint | null; kind: 'cell' | 'row' | 'col' | 'corner' };

export class GridInput {
  private wheelCarryY = 0;
  private wheelCarryX = 0;
  private dragging: 'cells' | 'rows' | 'cols' | null = null;

  constructor(private readonly g: GridNav) {
    const v = g.viewport;
    v.addEventListener('keydown', (e) => this.onKey(e));
    v.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    v.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    v.addEventListener('pointermove', (e) => this.onPointerMove(e));
    v.addEventListener('pointerup', () => this.endDrag());
    v.addEventListener('pointercancel', () => this.endDrag());
    v.addEventListener('copy', (e) => {
      e.preventDefault();
      g.copy();
    });
    // VS Code turns Ctrl+A in a webview into `execCommand('selectAll')`, which selects the page's text without a
    // keydown reaching us: while the grid has the focus, a text selection starting means "select all cells".
    // Elsewhere (the slice box, the go-to box) the focused control keeps its own select-all.
    // A selection started by a mouse drag is not Ctrl+A: it is only kept off the page text.
    const gridFocused = (): boolean => document.activeElement === v;
    let pressed = false;
    document.addEventListener('pointerdown', () => (pressed = true), true);
    document.addEventListener('pointerup', () => (pressed = false), true);
    document.addEventListener('pointercancel', () => (pressed = false), true);
    document.addEventListener('selectstart', (e) => {
      if (!gridFocused()) return;
      e.preventDefault();
      if (!pressed) g.selectAll();
    });
    document.addEventListener('selectionchange', () => {
      const sel = document.getSelection();
      if (!gridFocused() || !sel || sel.isCollapsed) return;
      sel.removeAllRanges();
      if (!pressed) g.selectAll();
    });
  }

  private onKey(e: KeyboardEvent): void {
    const g = this.g;
    const m = g.model;
    if (!m) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (ctrl && (key === 'g' || key === 'G')) {
      e.preventDefault();
      g.requestGoto();
      return;
    }
    if (ctrl && (key === 'c' || key === 'C')) {
      e.preventDefault();
      g.copy();
      return;
    }
    if (ctrl && (key === 'a' || key === 'A')) {
      e.preventDefault();
      g.selectAll();
      return;
    }
    if (m.rows === 0n || m.cols === 0n) return;
    if (key === 'Escape' && (g.anchor.row !== g.focus.row || g.anchor.col !== g.focus.col)) {
      e.preventDefault();
      g.anchor = { ...g.focus };
      g.changed();
      return;
    }
    let row = g.focus.row;
    let col = g.focus.col;
    const page = BigInt(Math.max(1, g.fullRows - 1));
    // Paging after the wheel/scrollbar moved the view away from the cursor pages from the view, not the cursor.
    if ((key === 'PageUp' || key === 'PageDown') && !e.altKey && (row < g.top || row >= g.top + BigInt(g.fullRows))) {
      row = g.top;
      g.focus = { row, col };
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
        if (e.altKey) col -= BigInt(Math.max(1, g.fullCols - 1));
        else row -= page;
        break;
      case 'PageDown':
        if (e.altKey) col += BigInt(Math.max(1, g.fullCols - 1));
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
    const oldFocusRow = g.focus.row;
    g.focus = { row: clampIndex(row, m.rows), col: clampIndex(col, m.cols) };
    if (!e.shiftKey) g.anchor = { ...g.focus };
    if (key === 'PageUp' || key === 'PageDown') {
      // Page the view along with the cursor.
      if (!e.altKey) g.top = clampStart(g.top + (g.focus.row - oldFocusRow), m.rows, g.fullRows);
    }
    g.ensureFocusVisible();
    g.changed();
  }

  private onWheel(e: WheelEvent): void {
    const g = this.g;
    const m = g.model;
    if (!m) return;
    e.preventDefault();
    let dy = e.deltaY;
    let dx = e.deltaX;
    if (e.shiftKey && dx === 0) {
      dx = dy;
      dy = 0;
    }
    if (dy !== 0) {
      const r = wheelToSteps(dy, e.deltaMode, g.rowPx, g.fullRows, this.wheelCarryY);
      this.wheelCarryY = r.carry;
      if (r.steps !== 0) g.top = clampStart(g.top + BigInt(r.steps), m.rows, g.fullRows);
    }
    if (dx !== 0) {
      const r = wheelToSteps(dx, e.deltaMode, g.charPx * 10, g.fullCols, this.wheelCarryX);
      this.wheelCarryX = r.carry;
      if (r.steps !== 0) {
        const max = g.maxLeft();
        const l = g.left + BigInt(r.steps);
        g.left = l < 0n ? 0n : l > max ? max : l;
      }
    }
    g.changed();
  }

  /** The cell, row header, column header or corner under an event target. */
  private cellAt(target: EventTarget | null): Hit | null {
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
    const g = this.g;
    const m = g.model;
    if (!m || e.button !== 0) return;
    const hit = this.cellAt(e.target);
    g.focusGrid();
    if (!hit || m.rows === 0n || m.cols === 0n) return;
    e.preventDefault();
    if (hit.kind === 'corner') {
      g.selectAll();
      return;
    }
    if (hit.kind === 'row') {
      if (!e.shiftKey) g.anchor = { row: hit.row!, col: 0n };
      g.focus = { row: hit.row!, col: m.cols - 1n };
      g.anchor.col = 0n;
      this.dragging = 'rows';
    } else if (hit.kind === 'col') {
      if (!e.shiftKey) g.anchor = { row: 0n, col: hit.col! };
      g.focus = { row: m.rows - 1n, col: hit.col! };
      g.anchor.row = 0n;
      this.dragging = 'cols';
    } else {
      g.focus = { row: hit.row!, col: hit.col! };
      if (!e.shiftKey) g.anchor = { ...g.focus };
      this.dragging = 'cells';
    }
    g.viewport.setPointerCapture(e.pointerId);
    g.changed();
  }

  private onPointerMove(e: PointerEvent): void {
    const g = this.g;
    const m = g.model;
    if (!m || !this.dragging) return;
    const target = document.elementFromPoint(e.clientX, e.clientY);
    const hit = this.cellAt(target);
    const box = g.viewport.getBoundingClientRect();
    // Auto-scroll when dragging past an edge.
    if (this.dragging !== 'cols') {
      if (e.clientY > box.bottom - 2) g.top = clampStart(g.top + 1n, m.rows, g.fullRows);
      else if (e.clientY < box.top + g.rowPx && g.top > 0n) g.top -= 1n;
    }
    if (this.dragging !== 'rows') {
      if (e.clientX > box.right - 2 && g.left < g.maxLeft()) g.left += 1n;
      else if (e.clientX < box.left + g.rowHeaderPx && g.left > 0n) g.left -= 1n;
    }
    if (hit && hit.kind === 'cell') {
      if (this.dragging === 'cells') g.focus = { row: hit.row!, col: hit.col! };
      else if (this.dragging === 'rows') g.focus = { row: hit.row!, col: m.cols - 1n };
      else g.focus = { row: m.rows - 1n, col: hit.col! };
    } else if (hit && hit.kind === 'row' && this.dragging === 'rows') {
      g.focus = { row: hit.row!, col: m.cols - 1n };
    } else if (hit && hit.kind === 'col' && this.dragging === 'cols') {
      g.focus = { row: m.rows - 1n, col: hit.col! };
    }
    g.changed();
  }

  private endDrag(): void {
    this.dragging = null;
  }
}
