// The views the viewer can show an array in (the grid now; statistics, heatmap, line plot next). Each view says
// which arrays it supports and mounts into the one view area under the shared panels: the header panel, the N-D
// view controls (which axes are rows / columns, the index of every other axis, the slice box) and the status bar.
// The app owns the ViewSpec those controls edit and hands it to the active view with `setView`; a view owns only
// what it draws and its own state (scroll, selection, zoom …), which the app saves with the webview's setState.
import type { Precision } from '../../src/npy/format/precision';
import type { Dtype } from '../../src/npy/types';
import type { ResolvedView, ViewSpec } from '../../src/npy/view';
import type { ArrayInfo, HostMessage } from '../../src/shared/protocol';
import type { RequestChannel } from '../hostChannel';

/** A rectangle of a view's logical rows × columns (BigInt: views may exceed 2^53). */
export interface ViewRange {
  row0: bigint;
  rows: bigint;
  col0: bigint;
  cols: bigint;
}

/**
 * An axis a view draws whole although its ViewSpec indexes it (an image's channel axis): the N-D controls show it
 * as what is drawn (`text`, e.g. RGB) instead of an index, and the slice box writes `:` there.
 */
export interface WholeAxis {
  axis: number;
  text: string;
  title: string;
}

/** What a mounted view may ask of the app around it. */
export interface ViewContext {
  /** Requests to the host (tiles now; statistics and picture passes later). */
  readonly channel: RequestChannel;
  /** The view's own state changed (scroll, selection): the app saves it (see MountedView.getState). */
  stateChanged(): void;
  /** The position part of the status bar (e.g. `Row 5, column 2   3 × 2 selected`). */
  setStatus(text: string | readonly string[]): void;
  /** After each render: how many visible items are still loading, of how many (drives `data-pending` / `data-ready`). */
  rendered(pending: number, visible: number): void;
  /** Copy a range of the view to the clipboard, in the toolbar's format. */
  copy(range: ViewRange): void;
  /** Open the go-to-index box (Ctrl+G inside the view). */
  openGoto(): void;
  /** Report a problem for the host's log (not shown to the user). */
  log(message: string): void;
  /** The host's `job` messages (a view shows the progress of its own requests in place); returns the unsubscribe. */
  onJob(listener: (m: Extract<HostMessage, { type: 'job' }>) => void): () => void;
  /** Show an element of the whole array (one index per axis; `field`: a record's leaf) in the table view. */
  showInTable(index: bigint[], field?: string): void;
  /** Put text on the clipboard (through the host) and say `note` in the status bar. */
  copyText(text: string, note: string): void;
  /** Switch to view `viewId` at logical cell (row, col) of the same ViewSpec (a picture's double-click). */
  showCell?(viewId: string, row: bigint, col: bigint): void;
  /** Show another ViewSpec in the shared controls and the view (an image moving rows/columns off its channels). */
  setSpec?(view: ViewSpec): void;
  /** A short note in the status bar (exported, copied …). */
  setNote?(text: string): void;
}

/** One view of the open array, as the shared controls selected it. */
export interface ShownView {
  info: ArrayInfo;
  dtype: Dtype;
  shape: readonly bigint[];
  /** Records: columns are the leaf fields. */
  structured: boolean;
  /** The file's version: data of older generations is stale. */
  generation: number;
  view: ViewSpec;
  resolved: ResolvedView;
  /** The view's own state to restore, as its getState() returned it (undefined: start at the top left). */
  state?: unknown;
  /** The same ViewSpec as before (reload, restore): keep what was learned about it (e.g. column widths). */
  keep: boolean;
}

export interface MountedView {
  /** Show a view of the array: a new ViewSpec, the same one at a new generation, or a restored one. */
  setView(shown: ShownView): void;
  /** The file changed on disk: drop data older than `generation` (a setView follows when the array can be shown). */
  reloaded(generation: number): void;
  /** The array cannot be shown (data error, zero size): drop cached data and pending requests. */
  clear(): void;
  /** The view's own state for setState (JSON-serializable). */
  getState(): unknown;
  focus(): void;
  /** Remove everything the view added to the page and drop its requests. */
  dispose(): void;
  /** Copy the view's selection (the toolbar's Copy button); views without a selection leave it out. */
  copySelection?(): void;
  /** The selected rectangle and the cell with focus (views with cells): the host's Export and Find start from them. */
  selection?(): { range: ViewRange; focusRow: bigint; focusCol: bigint } | undefined;
  /** How floats are shown (the toolbar's precision control); views without value text leave it out. */
  setPrecision?(precision: Precision): void;
  /** Go to a logical row / column of the view (null keeps the current one); views without cells leave it out. */
  goTo?(row: bigint | null, col: bigint | null): void;
  /** The axis of this array the view draws whole (see WholeAxis); views that draw what the controls say leave it out. */
  wholeAxis?(shape: readonly bigint[]): WholeAxis | null;
  /** Read-only internals for the webview tests (window.__npy, only when the test page asks for it). */
  readonly testHooks?: Record<string, unknown>;
}

export interface ViewDescriptor {
  /** Stable id, saved with the webview state. */
  readonly id: string;
  /** Shown in the view switcher (localized). */
  readonly label: string;
  /** Whether this view can show the array (the dtype is already decoded from the header). */
  supports(info: ArrayInfo, dtype: Dtype): boolean;
  /** Build the view inside `container` (the view area, shared by all views; one is mounted at a time). */
  mount(container: HTMLElement, ctx: ViewContext): MountedView;
}

export class ViewRegistry {
  private readonly list: ViewDescriptor[] = [];

  constructor(views: readonly ViewDescriptor[] = []) {
    for (const v of views) this.register(v);
  }

  /** Add a view; the order of registration is the order in the switcher (the first is the default). */
  register(view: ViewDescriptor): void {
    if (this.get(view.id)) throw new Error(`a view with id '${view.id}' is already registered`);
    this.list.push(view);
  }

  get(id: string): ViewDescriptor | undefined {
    return this.list.find((v) => v.id === id);
  }

  get all(): readonly ViewDescriptor[] {
    return this.list;
  }

  /** The views that can show this array, in registration order. */
  supporting(info: ArrayInfo, dtype: Dtype): ViewDescriptor[] {
    return this.list.filter((v) => {
      try {
        return v.supports(info, dtype);
      } catch {
        return false;
      }
    });
  }

  /** The view to show: `preferred` when it supports the array, else the first that does. */
  pick(info: ArrayInfo, dtype: Dtype, preferred?: string): ViewDescriptor | undefined {
    const ok = this.supporting(info, dtype);
    return ok.find((v) => v.id === preferred) ?? ok[0];
  }
}
