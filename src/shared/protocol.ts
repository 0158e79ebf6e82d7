// The one message protocol between the extension host and the viewer webview: a discriminated union per
// direction, with one request/reply envelope (as microsoft/vscode-hexeditor does): a request carries a
// `requestId` chosen by the webview, its reply carries `inReplyTo` with the same number, and an `error` reply
// answers any request. Everything else is a notice. Webview messages are JSON-serialized except ArrayBuffers and
// typed arrays, so every BigInt travels as a decimal string (`Wire` types) and is converted by the helpers below.
import type { DescrJson } from '../npy/types';
import type { AxisSelection, ViewSpec } from '../npy/view';
import type { WarningCode } from '../npy/warnings';

/** A warning about the open array: an engine code (stable, for tests and actions) and its localized text. */
export interface ArrayWarning {
  code: WarningCode | 'reload';
  text: string;
}

/** What the header panel and the webview's decoder need to know about the open array. */
export interface ArrayInfo {
  fileName: string;
  /** The container member this array is (an `.npz` key); absent for a plain `.npy`. */
  entryName?: string;
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
  warnings: ArrayWarning[];
  /** When set the data cannot be shown (e.g. pickled objects); the header still shows. */
  dataError?: string;
  /** An archive (`.npz`): its members in directory order (the first 10,000); `entryName` is the one shown. */
  members?: MemberInfo[];
  /** An archive of more members than `members` lists: how many it holds. */
  memberCount?: number;
  /**
   * The member `entryName` could not be opened (`dataError` says why): only fileName, entryName, members and
   * dataError mean anything; the header fields are empty.
   */
  unopened?: boolean;
}

/** One member of an archive, for the member list (header fields once its `.npy` header was read). */
export interface MemberInfo {
  /** np.load's key (`entryName` when shown). */
  key: string;
  /** The zip member's name (`KEY.npy`). */
  memberName: string;
  compression: 'stored' | 'deflated' | 'other';
  /** Bytes of the member's `.npy` (inflated) and in the archive. */
  size: string;
  storedSize: string;
  dtypeName?: string;
  shape?: string[];
  /** Why the member cannot be shown (one line), or its data cannot be (pickled objects). */
  error?: string;
}

export type WireAxisSelection = { kind: 'index'; index: string } | { kind: 'range'; start: string; step: string; count: string };

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

/** A range of a view's logical rows/columns that may exceed 2^53 (selections). */
export interface WireRange {
  row0: string;
  rows: string;
  col0: string;
  cols: string;
}

export type CopyFormat = 'tsv' | 'csv' | 'numpy';

// ---- requests (webview → host) and their replies (host → webview) ----

export interface TileRequest {
  type: 'tile';
  generation: number;
  view: WireView;
  rect: WireRect;
}
export interface TileReply {
  type: 'tile';
  generation: number;
  rows: number;
  cellsPerRow: number;
  cellSize: number;
  /** For record fields: where the tile's cell (the bytes of its field columns) starts inside the record. */
  cellOffset: number;
  /** Packed row-major cells (for record fields, one cell per row holding the tile's columns). */
  bytes: Uint8Array;
  missing: number[];
}

export interface CopyRequest {
  type: 'copy';
  view: WireView;
  range: WireRange;
  format: CopyFormat;
}
export interface CopyReply {
  type: 'copied';
  cells: number;
  format: CopyFormat;
}

/** Request type → its reply. */
export interface Replies {
  tile: TileReply;
  copy: CopyReply;
}
export type Request = TileRequest | CopyRequest;
export type RequestType = Request['type'];
export type ReplyTo<T extends RequestType> = Replies[T];

/** Any request can fail: one line for the user. `cancelled` when the host dropped it on the webview's `cancel`. */
export interface ErrorReply {
  type: 'error';
  message: string;
  cancelled?: boolean;
}

// ---- long work shown in the webview (the host's job runner) ----

export type JobState = { state: 'progress'; done: number; total: number } | { state: 'done' } | { state: 'error'; message: string } | { state: 'cancelled' };

// ---- the two directions ----

/** Webview → host. */
export type WebviewMessage =
  | (Request & { requestId: number })
  /** `member`: the archive member this webview showed before (its saved state), to show again. */
  | { type: 'ready'; member?: string }
  /** Show another member of the archive (answered by a `member` message). */
  | { type: 'selectMember'; name: string }
  /** Drop these requests (scrolled past); the host answers nothing more for them. */
  | { type: 'cancel'; requestIds: number[] }
  | { type: 'cancelJob'; jobId: number }
  | { type: 'viewChanged'; view: WireView }
  | { type: 'log'; message: string };

/** Host → webview. */
export type HostMessage =
  | (TileReply & { inReplyTo: number })
  | (CopyReply & { inReplyTo: number })
  | (ErrorReply & { inReplyTo: number })
  /**
   * `l10n`: the webview's strings translated by the host (key → text with `{name}` placeholders). `floatDigits`:
   * the `npyStudio.floatDigits` setting (0 or absent: numpy's full text; N: N significant digits).
   */
  | { type: 'init'; info: ArrayInfo; generation: number; view?: WireView; l10n?: Record<string, string>; floatDigits?: number }
  /** The file changed on disk: drop cached tiles of older generations and refetch, keeping the scroll position. */
  | { type: 'reload'; info: ArrayInfo; generation: number }
  /**
   * Another member of the archive is shown now (the webview's `selectMember`, or a hover link): `info` is that
   * member's; tiles of older generations belong to the member shown before. `info.members` is left out when the
   * list is the one sent before (the webview keeps it).
   */
  | { type: 'member'; info: ArrayInfo; generation: number; view?: WireView }
  /** Progress of long work started for this webview (copy now; statistics and pictures next). */
  | ({ type: 'job'; jobId: number; title: string } & JobState)
  /**
   * The `NPY: Go to Index…` command. With `index` (one integer per shown axis: [row] or [row, col]; or one per
   * axis of the array, which also sets the other axes' indices), go there;
   * without it, open the webview's own go-to-index prompt (as Ctrl+G does).
   */
  | { type: 'goToIndex'; index?: string[] };

export type ReplyMessage = Extract<HostMessage, { inReplyTo: number }>;

export function isReply(m: HostMessage): m is ReplyMessage {
  return typeof (m as { inReplyTo?: unknown }).inReplyTo === 'number';
}

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
    a.kind === 'index' ? { kind: 'index', index: BigInt(a.index) } : { kind: 'range', start: BigInt(a.start), step: BigInt(a.step), count: BigInt(a.count) },
  );
  return { axes, rowAxis: view.rowAxis, colAxis: view.colAxis };
}
