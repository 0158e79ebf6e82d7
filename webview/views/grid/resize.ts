// Column resizing from the header row: drag a column header's right edge to set its width, double-click the edge
// to fit the column to its text on screen. Listens in the capture phase so a press on an edge never starts the
// column selection of input.ts.

/** What the resizer reads and sets: the grid (see grid.ts). */
export interface ResizeTarget {
  readonly viewport: HTMLDivElement;
  readonly rowPx: number;
  /** The column whose header's right edge is within `slop` px of clientX. */
  columnEdgeAt(clientX: number, slop: number): bigint | null;
  columnLeft(c: bigint): number | null;
  colPx(c: bigint): number;
  setColumnWidth(c: bigint, px: number): void;
  fitColumn(c: bigint): void;
}

/** How close to an edge (px) a press counts as on it. */
const EDGE_SLOP_PX = 4;

export class ColumnResizer {
  private drag: { col: bigint; left: number; pointerId: number } | null = null;

  constructor(private readonly g: ResizeTarget) {
    const v = g.viewport;
    v.addEventListener('pointerdown', (e) => this.onDown(e), true);
    v.addEventListener('pointermove', (e) => this.onMove(e), true);
    v.addEventListener('pointerup', (e) => this.onUp(e), true);
    v.addEventListener('pointercancel', (e) => this.onUp(e), true);
    v.addEventListener('dblclick', (e) => this.onDoubleClick(e), true);
  }

  /** The column edge under a pointer in the header row, if any. */
  private edgeAt(e: MouseEvent): bigint | null {
    const box = this.g.viewport.getBoundingClientRect();
    if (e.clientY < box.top || e.clientY > box.top + this.g.rowPx) return null;
    return this.g.columnEdgeAt(e.clientX, EDGE_SLOP_PX);
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const col = this.edgeAt(e);
    if (col === null) return;
    const left = this.g.columnLeft(col);
    if (left === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.drag = { col, left, pointerId: e.pointerId };
    this.g.viewport.setPointerCapture(e.pointerId);
  }

  private onMove(e: PointerEvent): void {
    if (this.drag) {
      e.stopPropagation();
      this.g.setColumnWidth(this.drag.col, e.clientX - this.drag.left);
      return;
    }
    // The resize cursor over an edge (the class is on the viewport: header cells are re-used on scroll).
    this.g.viewport.classList.toggle('npy-col-resizing', this.edgeAt(e) !== null);
  }

  private onUp(e: PointerEvent): void {
    if (!this.drag) return;
    e.stopPropagation();
    this.drag = null;
  }

  private onDoubleClick(e: MouseEvent): void {
    const col = this.edgeAt(e);
    if (col === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.g.fitColumn(col);
  }
}
