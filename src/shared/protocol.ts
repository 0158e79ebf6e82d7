// The one message protocol between the extension host and the viewer webview: a discriminated union per
// direction. Webview messages are JSON-serialized except ArrayBuffers/typed arrays, so every BigInt travels as a
// decimal string (`Wire` types) and is converted back with the helpers at the bottom.
import type { DescrJson } from '../npy/types';
import type { AxisSelection, ViewSpec } from '../npy/view';

/** What the header panel and the webview's decoder need to know about the open array. */
export interface ArrayInfo {
  fileName: string;
  version: string;
  /** numpy's str(dtype), e.g. `float32`. */
  dtypeName: string;
  descr: DescrJson;
  fortranOrder: boolean;
  shape: string[];
  itemsize: number;
  dataOffset: string;
  count: string;
  dataSize: string;
  fileSize: string;
  /** Elements actually present (less than count for a truncated file). */
  availableCount: string;
  warnings: string[];
  /** When set the data cannot be shown (e.g. pickled objects); the header still shows. */
  dataError?: string;
}

export type WireAxisSelection =
  | { kind: 'index'; index: string }
  | { kind: 'range'; start: string; step: string; count: string };

export interface WireView {
  axes: WireAxisSelection[];
  rowAxis: number | null;
  colAxis: number | null;
}

export interface WireRect {
  row0: string;
  rows: number;
  col0: string;
  cols: number;
}

export type CopyFormat = 'tsv' | 'csv' | 'numpy';

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'tile'; id: number; generation: number; view: WireView; rect: WireRect }
  | { type: 'cancel'; ids: number[] }
  | { type: 'copy'; view: WireView; row0: string; rows: string; col0: string; cols: string; format: CopyFormat }
  | { type: 'viewChanged'; view: WireView }
  | { type: 'error'; message: string };

/** Host → webview. */
export type HostMessage =
  /** `l10n`: the webview's strings translated by the host (key → text with `{name}` placeholders). */
  | { type: 'init'; info: ArrayInfo; generation: number; view?: WireView; l10n?: Record<string, string> }
  | {
      type: 'tile';
      id: number;
      generation: number;
      rows: number;
      cellsPerRow: number;
      cellSize: number;
      /** Packed row-major cells (records for structured arrays). */
      bytes: Uint8Array;
      missing: number[];
    }
  | { type: 'tileError'; id: number; message: string }
  /** The file changed on disk: drop cached tiles of older generations and refetch, keeping the scroll position. */
  | { type: 'reload'; info: ArrayInfo; generation: number }
  | { type: 'copyDone'; cells: number; format: CopyFormat }
  | { type: 'copyError'; message: string }
  /**
   * The `NPY: Go to Index…` command. With `index` (one integer per shown axis: [row] or [row, col]), go there;
   * without it, open the webview's own go-to-index prompt (as Ctrl+G does).
   */
  | { type: 'goToIndex'; index?: string[] };

export function viewToWire(view: ViewSpec): WireView {
  return {
    rowAxis: view.rowAxis,
    colAxis: view.colAxis,
    axes: view.axes.map((a) =>
      a.kind === 'index'
        ? { kind: 'index', index: a.index.toString() }
        : { kind: 'range', start: a.start.toString(), step: a.step.toString(), count: a.count.toString() },
    ),
  };
}

export function viewFromWire(view: WireView): ViewSpec {
  const axes: AxisSelection[] = view.axes.map((a) =>
    a.kind === 'index'
      ? { kind: 'index', index: BigInt(a.index) }
      : { kind: 'range', start: BigInt(a.start), step: BigInt(a.step), count: BigInt(a.count) },
  );
  return { axes, rowAxis: view.rowAxis, colAxis: view.colAxis };
}
