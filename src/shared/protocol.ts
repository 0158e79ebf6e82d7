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

/** Statistics over the whole array or over the current view's selection (src/stats, as a webview job). */
export type StatsScope = 'array' | 'view';
export type StatsPart = 'real' | 'imag' | 'abs';
export interface StatsRequest {
  type: 'stats';
  generation: number;
  /** The shared controls' view (for scope `view`; the whole array ignores it). */
  view: WireView;
  scope: StatsScope;
  bins: number;
  /** Log counts in the histogram: drawing only (the counts are the same), kept so a request says what is shown. */
  log?: boolean;
  /** Complex values: which part (default `abs`). */
  part?: StatsPart;
  /** Records: one numeric leaf field (default every numeric field, one set of figures each). */
  field?: string;
}
/** The `data-stat` keys: each figure's text exactly as the CLI prints it (src/stats/report.ts statText). */
export const STAT_KEYS = [
  'count',
  'nan',
  'posinf',
  'neginf',
  'min',
  'max',
  'argmin',
  'argmax',
  'mean',
  'std',
  'sum',
  'p1',
  'p5',
  'p25',
  'p50',
  'p75',
  'p95',
  'p99',
] as const;
export type StatKeyText = (typeof STAT_KEYS)[number];
/** One set of figures (one field / complex part). */
export interface WireFigures {
  field: string;
  part: StatsPart | null;
  /** numpy's name of the values' dtype and of the source dtype. */
  dtype: string;
  source: string;
  text: Record<StatKeyText, string>;
  /** argmin / argmax as indices into the whole array (to go to the cell). */
  argminInArray: string[] | null;
  argmaxInArray: string[] | null;
  /** Datetimes and timedeltas have no mean, std, sum or histogram. */
  time: boolean;
  /** The exact integer sum lies outside numpy's accumulator: np.sum would wrap around. */
  sumOverflowsNumpy: boolean;
  /** np.histogram of the finite values (edges in numpy's text; `edgeValues` for drawing). */
  histogram: { edges: string[]; edgeValues: number[]; counts: string[]; widened: boolean } | null;
  /** The CLI's table of these figures (the Copy button's text). */
  table: string[];
}
export interface StatsReply {
  type: 'stats';
  generation: number;
  scope: StatsScope;
  /** Shape of the selection, its cells, and cells past the end of a truncated file (not counted). */
  shape: string[];
  total: string;
  missing: string;
  figures: WireFigures[];
  /** Served from the host's cache (computed before for this file version). */
  cached: boolean;
}

export type PictureKind = 'heatmap' | 'image' | 'line';

/**
 * A picture of a region of a view (src/host/viewer/handlers/picture.ts). Heatmap / image: `region` is the visible
 * rectangle of the view in elements, drawn at about width × height pixels; the reply covers the pyramid tiles
 * around it. Line: `region.col0/cols` is the range along the line (row 0 of a 1-D view, or row `region.row0` of a
 * 2-D view), drawn at `width` buckets. `sampled` answers at once; `exact` reduces every element (a job).
 */
export interface PictureRequest {
  type: 'picture';
  generation: number;
  kind: PictureKind;
  view: WireView;
  region: WireRange;
  width: number;
  height: number;
  reduce: 'max' | 'min' | 'mean';
  level: 'sampled' | 'exact';
  /** Image: 3 or 4 channels on the array's last axis (the view indexes that axis at 0); 1 or absent otherwise. */
  channels?: number;
}
/** Numbers of the data range; ±Infinity travel as null (JSON). */
export interface WireDataRange {
  min: number | null;
  max: number | null;
  positiveMin: number | null;
  count: number;
  nan: number;
  posInf: number;
  negInf: number;
}
export interface PictureReply {
  type: 'picture';
  generation: number;
  kind: PictureKind;
  /** The elements the values cover (heatmap/image: tile-aligned, clipped to the view; line: the range asked). */
  region: WireRange;
  /** Heatmap/image: elements per pixel along each axis (a power of two, the last pixel shorter). */
  block: number;
  width: number;
  height: number;
  channels: number;
  /**
   * Float64 values (little-endian bytes). Heatmap/image: (y·width + x)·channels + c. Line: four runs of `width`
   * buckets (first, last, min, max), bucket b covering evenBins(cols, width).
   */
  bytes: Uint8Array;
  level: 'sampled' | 'exact';
  range: WireDataRange;
  /**
   * Heatmap/image, exact with blocks of more than one element: per pixel and channel the finite min then the finite
   * max of its block (two planes of width·height·channels; +inf / −inf where a block has none), so the
   * visible-region domain is the elements' and not the reduced values'. Little-endian float32 when the dtype's
   * every value is one (float16/32, integers of up to 16 bits, bool: still exact), else float64.
   */
  bounds?: { bytes: Uint8Array; float32: boolean };
}

export interface SavePictureRequest {
  type: 'savePicture';
  /** PNG bytes. */
  bytes: Uint8Array;
  /** File name to suggest, e.g. `a.heatmap.png`. */
  name: string;
}
export interface SavePictureReply {
  type: 'pictureSaved';
  /** Where it was written (empty when the user closed the dialog). */
  path: string;
}

/** Request type → its reply. */
export interface Replies {
  tile: TileReply;
  copy: CopyReply;
  stats: StatsReply;
  picture: PictureReply;
  savePicture: SavePictureReply;
}
export type Request = TileRequest | CopyRequest | StatsRequest | PictureRequest | SavePictureRequest;
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
  /** The member list's filter: members whose key contains `query` (answered by a `membersFound` message). */
  | { type: 'findMembers'; query: string }
  /** Drop these requests (scrolled past); the host answers nothing more for them. */
  | { type: 'cancel'; requestIds: number[] }
  | { type: 'cancelJob'; jobId: number }
  /** The user chose a warning's action (Repair… on trailing bytes or a truncated file): run it on this file. */
  | { type: 'warningAction'; code: WarningCode }
  /** `whole`: an axis the view indexes but the active view draws whole (an image's channels). */
  | { type: 'viewChanged'; view: WireView; whole?: number }
  /** The table's selection and focused cell changed (of the view last reported). */
  | { type: 'selection'; range: WireRange; focus: { row: string; col: string } }
  /** Put this text on the clipboard (the statistics view's Copy). */
  | { type: 'copyText'; text: string }
  | { type: 'log'; message: string };

/** Host → webview. */
export type HostMessage =
  | (TileReply & { inReplyTo: number })
  | (CopyReply & { inReplyTo: number })
  | (StatsReply & { inReplyTo: number })
  | (PictureReply & { inReplyTo: number })
  | (SavePictureReply & { inReplyTo: number })
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
  /** The answer to `findMembers`: the first matches in directory order, and how many members match. */
  | { type: 'membersFound'; query: string; members: MemberInfo[]; matched: number }
  /** Progress of long work started for this webview (copy, statistics); `requestId`: the request it answers. */
  | ({ type: 'job'; jobId: number; title: string; requestId?: number } & JobState)
  /**
   * The `NPY: Go to Index…` command. With `index` (one integer per shown axis: [row] or [row, col]; or one per
   * axis of the array, which also sets the other axes' indices), go there;
   * without it, open the webview's own go-to-index prompt (as Ctrl+G does).
   */
  | { type: 'goToIndex'; index?: string[] }
  /** Find's match: the table at cell (row, col) of the view the webview reported (logical positions). */
  | { type: 'goToCell'; row: string; col: string };

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
