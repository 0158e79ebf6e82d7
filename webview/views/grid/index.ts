// The grid (table) view: every array with data can be shown as a table. Mounts the virtual grid with its tile
// store and the array model that decodes tiles into numpy's text.
import { FULL_PRECISION, type Precision } from '../../../src/npy/format/precision';
import { viewToWire } from '../../../src/shared/protocol';
import { t } from '../../strings';
import { groupDigits, sizeText } from '../../text';
import type { MountedView, ShownView, ViewContext, ViewDescriptor, ViewRange } from '../registry';
import { ArrayModel } from './arrayModel';
import { Grid } from './grid';
import { TileStore, blockShape } from './tiles';
import type { GridState } from './types';

class GridView implements MountedView {
  private readonly tiles: TileStore;
  private readonly grid: Grid;
  private model: ArrayModel | null = null;
  private shown: ShownView | null = null;
  private precision: Precision = FULL_PRECISION;
  readonly testHooks: Record<string, unknown>;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    this.tiles = new TileStore(ctx.channel, undefined, () => this.grid.invalidate());
    this.grid = new Grid(container, {
      onCopy: (rect) => ctx.copy(rect),
      onStateChange: () => {
        ctx.stateChanged();
        this.updateStatus();
      },
      onGoto: () => ctx.openGoto(),
      onRendered: (pending, visible) => ctx.rendered(pending, visible),
    });
    this.testHooks = { grid: this.grid, tiles: this.tiles };
  }

  setView(s: ShownView): void {
    this.tiles.setView(viewToWire(s.view), s.generation, blockShape(s.dtype.itemsize, s.structured), s.resolved.rows, s.resolved.cols, s.structured);
    this.shown = s;
    this.model = new ArrayModel(s.dtype, s.view, s.resolved, this.tiles, (m) => this.ctx.log(m), this.precision);
    this.grid.setModel(this.model, s.state as Partial<GridState> | undefined, s.keep);
    this.updateStatus();
  }

  /** Another display precision: the same view and position, with column widths learned afresh from the text. */
  setPrecision(p: Precision): void {
    this.precision = p;
    const s = this.shown;
    if (!s || !this.model) return;
    this.model = new ArrayModel(s.dtype, s.view, s.resolved, this.tiles, (m) => this.ctx.log(m), p);
    this.grid.setModel(this.model, this.grid.getState(), false);
  }

  reloaded(generation: number): void {
    this.tiles.dropOlderGenerations(generation);
  }

  clear(): void {
    this.tiles.clear();
  }

  getState(): GridState {
    return this.grid.getState();
  }

  focus(): void {
    this.grid.focusGrid();
  }

  copySelection(): void {
    this.grid.copyAgain();
  }

  selection(): { range: ViewRange; focusRow: bigint; focusCol: bigint } | undefined {
    if (!this.shown) return undefined;
    const s = this.grid.getState();
    return { range: this.grid.selection, focusRow: BigInt(s.focusRow), focusCol: BigInt(s.focusCol) };
  }

  goTo(row: bigint | null, col: bigint | null): void {
    const s = this.grid.getState();
    this.grid.scrollToCell(row ?? BigInt(s.focusRow), col ?? BigInt(s.focusCol));
  }

  dispose(): void {
    this.tiles.clear();
    this.grid.dispose();
    this.model = null;
  }

  /** `300 rows × 40 columns   Row 5, column 2   3 × 2 selected`. */
  private updateStatus(): void {
    const model = this.model;
    if (!model) {
      this.ctx.setStatus('');
      return;
    }
    // A 0-d array is one value, not a table of one row and one column.
    if (this.shown && this.shown.shape.length === 0) {
      this.ctx.setStatus([t('status0d')]);
      return;
    }
    const s = this.grid.getState();
    const sel = this.grid.selection;
    const parts: string[] = [sizeText(model.rows, model.cols)];
    if (model.rows > 0n && model.cols > 0n) {
      const r = BigInt(s.focusRow);
      const c = BigInt(s.focusCol);
      const label = (text: string): string => (/^-?\d+$/.test(text) ? groupDigits(text) : text);
      parts.push(t('statusCell', { row: label(model.rowLabel(r)), col: label(model.colLabel(c) || c.toString()) }));
      if (sel.rows > 1n || sel.cols > 1n) parts.push(t('statusSelection', { rows: groupDigits(sel.rows.toString()), cols: groupDigits(sel.cols.toString()) }));
    }
    this.ctx.setStatus(parts);
  }
}

export const gridView: ViewDescriptor = {
  id: 'grid',
  get label() {
    return t('viewTable');
  },
  // Any array whose data can be read at all (the app shows data errors and zero-size arrays itself).
  supports: () => true,
  mount: (container, ctx) => new GridView(container, ctx),
};
