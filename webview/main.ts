// The viewer webview: header panel, view controls and the virtual grid, talking to the extension host through
// the typed protocol in src/protocol.ts. State (view, scroll, selection) survives tab hiding via getState/setState.
import type { ArrayInfo, CopyFormat, HostMessage, WebviewMessage, WireView } from '../src/shared/protocol';
import { viewFromWire, viewToWire } from '../src/shared/protocol';
import type { Dtype } from '../src/npy/types';
import type { ResolvedView, ViewSpec } from '../src/npy/view';
import { defaultView, resolveView } from '../src/npy/view';
import { dtypeFromDescrJson } from './descr';
import { renderHeader, shapeText, groupDigits } from './header';
import { ViewControls } from './controls';
import { Grid } from './grid/grid';
import type { GridState, Rect } from './grid/grid';
import { TileStore, blockShape } from './grid/tiles';
import { parseGoto } from './grid/scrollMath';
import { ArrayModel } from './arrayModel';
import { adaptView, logicalFromAxisIndex, sameView } from './viewOps';
import { setStrings, t } from './strings';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  /** Identifies the array the state belongs to (a reload with another shape/dtype starts fresh). */
  key: string;
  view: WireView;
  grid: GridState;
  copyFormat?: CopyFormat;
}

const vscode = acquireVsCodeApi();
const post = (msg: WebviewMessage): void => vscode.postMessage(msg);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent?: HTMLElement): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

// ---- DOM skeleton ----
// The host's page has `<div id="app">`; the viewer lives in #npy-root inside it (or in the body).
const root: HTMLElement =
  document.getElementById('npy-root') ??
  (() => {
    const d = document.createElement('div');
    d.id = 'npy-root';
    (document.getElementById('app') ?? document.body).appendChild(d);
    return d;
  })();
// Optional start-up data from the host page (`<body data-bootstrap="{...}">`), e.g. an l10n bundle.
try {
  const boot = document.body.dataset.bootstrap ? JSON.parse(document.body.dataset.bootstrap) : undefined;
  if (boot && typeof boot === 'object' && boot.l10n) setStrings(boot.l10n);
} catch {
  // ignore a malformed bootstrap: defaults stay
}
root.classList.add('npy-root');
root.textContent = '';
const headerPanel = el('div', 'npy-info', root);
headerPanel.id = 'npy-header';
headerPanel.textContent = t('waiting');
const toolbar = el('div', 'npy-toolbar', root);
const controls = new ViewControls(toolbar, {
  onView: (view) => applyView(view),
  onError: (message) => showMessage(message),
});
const actions = el('div', 'npy-actions', toolbar);
const gotoButton = el('button', 'npy-button', actions);
gotoButton.type = 'button';
gotoButton.textContent = t('gotoButton');
gotoButton.title = t('gotoTitle');
const gotoBox = el('div', 'npy-goto', actions);
gotoBox.hidden = true;
const gotoInput = el('input', 'npy-input npy-goto-input', gotoBox);
gotoInput.id = 'npy-goto-input';
gotoInput.type = 'text';
gotoInput.placeholder = t('gotoPlaceholder');
gotoInput.setAttribute('aria-label', t('gotoLabel'));
gotoInput.spellcheck = false;
const copyGroup = el('div', 'npy-copy', actions);
const copyButton = el('button', 'npy-button', copyGroup);
copyButton.type = 'button';
copyButton.id = 'npy-copy-button';
copyButton.textContent = t('copy');
const copyFormatSelect = el('select', 'npy-select', copyGroup);
copyFormatSelect.id = 'npy-copy-format';
copyFormatSelect.setAttribute('aria-label', t('copyAs'));
for (const [v, label] of [['tsv', t('copyTsv')], ['csv', t('copyCsv')], ['numpy', t('copyNumpy')]] as const) {
  const o = el('option', '', copyFormatSelect);
  o.value = v;
  o.textContent = label;
}
const message = el('div', 'npy-message', root);
message.id = 'npy-message';
message.setAttribute('role', 'alert');
message.hidden = true;
const gridHost = el('div', 'npy-grid-host', root);
const status = el('div', 'npy-status', root);
status.id = 'npy-status';
status.setAttribute('aria-live', 'polite');
const statusPos = el('span', 'npy-status-pos', status);
const statusNote = el('span', 'npy-status-note', status);

// ---- state ----
let info: ArrayInfo | null = null;
let generation = 0;
let shape: bigint[] = [];
let dtype: Dtype | null = null;
let structured = false;
let view: ViewSpec | null = null;
let resolved: ResolvedView | null = null;
let model: ArrayModel | null = null;
let ready = false;
let saved = (vscode.getState() as SavedState | undefined) ?? undefined;

const tiles = new TileStore(post);
const grid = new Grid(gridHost, {
  onCopy: (rect) => copy(rect, copyFormatSelect.value as CopyFormat),
  onStateChange: () => {
    saveState();
    updateStatus();
  },
  onGoto: () => openGoto(),
  onRendered: (pending, visible) => {
    root.dataset.pending = String(pending);
    if (!ready && visible > 0 && pending === 0) markReady();
  },
});

function markReady(): void {
  ready = true;
  root.dataset.ready = 'true';
}

function arrayKey(i: ArrayInfo): string {
  return JSON.stringify([i.fileName, i.shape, i.descr, i.fortranOrder]);
}

function saveState(): void {
  if (!info || !view) return;
  saved = { key: arrayKey(info), view: viewToWire(view), grid: grid.getState(), copyFormat: copyFormatSelect.value as CopyFormat };
  vscode.setState(saved);
}

function showMessage(text: string | null): void {
  message.hidden = !text;
  message.textContent = text ?? '';
}

function setNote(text: string): void {
  statusNote.textContent = text;
}

function updateStatus(): void {
  if (!model || !view) {
    statusPos.textContent = '';
    return;
  }
  const s = grid.getState();
  const sel = grid.selection;
  const parts: string[] = [t('statusRows', { rows: groupDigits(model.rows.toString()), cols: groupDigits(model.cols.toString()) })];
  if (model.rows > 0n && model.cols > 0n) {
    const r = BigInt(s.focusRow);
    const c = BigInt(s.focusCol);
    parts.push(t('statusCell', { row: model.rowLabel(r), col: model.colLabel(c) || c.toString() }));
    if (sel.rows > 1n || sel.cols > 1n) parts.push(t('statusSelection', { rows: groupDigits(sel.rows.toString()), cols: groupDigits(sel.cols.toString()) }));
  }
  statusPos.textContent = parts.join('   ');
}

// ---- views ----

function validView(v: ViewSpec | null | undefined): ViewSpec | null {
  if (!v || !dtype) return null;
  try {
    resolveView(shape, info!.fortranOrder, dtype, v);
    return v;
  } catch {
    return null;
  }
}

/** Show a view. `gridState` restores scroll/selection (else top-left). */
function applyView(next: ViewSpec, gridState?: Partial<GridState>, keepWidths = false): void {
  if (!info || !dtype) return;
  let r: ResolvedView;
  try {
    r = resolveView(shape, info.fortranOrder, dtype, next);
  } catch (e) {
    showMessage(e instanceof Error ? e.message : String(e));
    return;
  }
  const changed = !view || !sameView(view, next);
  showMessage(null);
  view = next;
  resolved = r;
  const cellSize = structured ? dtype.itemsize : dtype.itemsize;
  tiles.setView(viewToWire(next), generation, blockShape(cellSize, structured), r.rows, r.cols, structured);
  model = new ArrayModel(dtype, next, r, tiles, (m) => post({ type: 'error', message: m }));
  controls.update(shape, next, structured);
  grid.setModel(model, gridState, keepWidths && !changed);
  if (changed) post({ type: 'viewChanged', view: viewToWire(next) });
  saveState();
  updateStatus();
}

function showWholeArrayState(text: string): void {
  gridHost.hidden = true;
  root.dataset.pending = '0';
  showMessage(text);
  message.classList.add('npy-message-info');
  markReady();
}

function start(i: ArrayInfo, gen: number, wireView: WireView | undefined, isReload: boolean): void {
  const prevKey = info ? arrayKey(info) : null;
  const prevShape = shape;
  info = i;
  generation = gen;
  renderHeader(headerPanel, i);
  shape = i.shape.map((s) => BigInt(s));
  message.classList.remove('npy-message-info');
  gridHost.hidden = false;
  toolbar.hidden = false;
  if (i.dataError) {
    toolbar.hidden = true;
    tiles.clear();
    showWholeArrayState(t('dataError', { message: i.dataError }));
    return;
  }
  try {
    dtype = dtypeFromDescrJson(i.descr);
  } catch (e) {
    dtype = null;
    toolbar.hidden = true;
    showWholeArrayState(t('dataError', { message: e instanceof Error ? e.message : String(e) }));
    return;
  }
  structured = dtype.type !== 'scalar';
  if (shape.some((d) => d === 0n)) {
    toolbar.hidden = true;
    tiles.clear();
    showWholeArrayState(t('emptyArray', { shape: shapeText(i.shape) }));
    return;
  }
  const key = arrayKey(i);
  let next: ViewSpec | null = null;
  let gridState: Partial<GridState> | undefined;
  if (isReload && view && prevKey === key) {
    next = validView(view);
    gridState = grid.getState();
  } else if (isReload && view) {
    // Another shape: whole axes stay whole (appended rows appear), the scroll position stays.
    next = validView(adaptView(view, prevShape, shape));
    if (next) gridState = grid.getState();
  }
  if (!next && saved && saved.key === key) {
    next = validView(safeFromWire(saved.view));
    if (next) gridState = saved.grid;
  }
  if (!next && wireView) next = validView(safeFromWire(wireView));
  if (!next) next = defaultView(shape, structured);
  if (isReload) tiles.dropOlderGenerations(gen);
  view = isReload ? view : null;
  applyView(next, gridState, isReload);
}

function safeFromWire(w: WireView): ViewSpec | null {
  try {
    return viewFromWire(w);
  } catch {
    return null;
  }
}

// ---- copy ----

function copy(rect: Rect, format: CopyFormat): void {
  if (!view) return;
  setNote('');
  post({
    type: 'copy',
    view: viewToWire(view),
    row0: rect.row0.toString(),
    rows: rect.rows.toString(),
    col0: rect.col0.toString(),
    cols: rect.cols.toString(),
    format,
  });
}

copyButton.addEventListener('click', () => {
  grid.copyAgain();
  grid.focusGrid();
});
copyFormatSelect.addEventListener('change', () => saveState());
if (saved?.copyFormat) copyFormatSelect.value = saved.copyFormat;

// ---- go to index ----

function openGoto(): void {
  gotoBox.hidden = false;
  gotoButton.hidden = true;
  gotoInput.classList.remove('npy-invalid');
  gotoInput.focus();
  gotoInput.select();
}

function closeGoto(): void {
  gotoBox.hidden = true;
  gotoButton.hidden = false;
  grid.focusGrid();
}

/** Go to array indices along the shown axes (negative from the end); returns false when not understood. */
function goTo(row: bigint | null, col: bigint | null): boolean {
  if (!view || !model || !info) return false;
  const s = grid.getState();
  let r = BigInt(s.focusRow);
  let c = BigInt(s.focusCol);
  if (row !== null) {
    r = view.rowAxis === null ? 0n : logicalFromAxisIndex(view.axes[view.rowAxis], shape[view.rowAxis], row);
  }
  if (col !== null) {
    if (structured) c = col < 0n ? col + model.cols : col;
    else c = view.colAxis === null ? 0n : logicalFromAxisIndex(view.axes[view.colAxis], shape[view.colAxis], col);
  }
  grid.scrollToCell(r, c);
  return true;
}

gotoButton.addEventListener('click', () => openGoto());
gotoInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    const g = parseGoto(gotoInput.value);
    if (!g || !goTo(g.row, g.col)) {
      gotoInput.classList.add('npy-invalid');
      gotoInput.title = t('gotoInvalid');
      return;
    }
    closeGoto();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    closeGoto();
  }
});
gotoInput.addEventListener('blur', () => {
  if (!gotoBox.hidden) {
    gotoBox.hidden = true;
    gotoButton.hidden = false;
  }
});

document.addEventListener(
  'keydown',
  (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'g' || e.key === 'G')) {
      e.preventDefault();
      e.stopPropagation();
      openGoto();
    }
  },
  true,
);

// ---- messages ----

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as HostMessage;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'init':
      if (msg.l10n) setStrings(msg.l10n);
      start(msg.info, msg.generation, msg.view, false);
      break;
    case 'reload':
      start(msg.info, msg.generation, undefined, true);
      break;
    case 'tile':
      if (tiles.onTile(msg)) grid.invalidate();
      break;
    case 'tileError':
      if (tiles.onTileError(msg)) grid.invalidate();
      break;
    case 'copyDone':
      setNote(t('copied', { cells: groupDigits(String(msg.cells)), format: msg.format }));
      break;
    case 'copyError':
      setNote(t('copyFailed', { message: msg.message }));
      break;
    case 'goToIndex':
      if (msg.index && msg.index.length) {
        try {
          goTo(BigInt(msg.index[0]), msg.index.length > 1 ? BigInt(msg.index[1]) : null);
          grid.focusGrid();
        } catch {
          openGoto();
        }
      } else openGoto();
      break;
  }
});

// Test hooks (read-only diagnostics for the webview test layer).
(window as unknown as { __npy: unknown }).__npy = {
  grid,
  tiles,
  get view() {
    return view;
  },
  get resolved() {
    return resolved;
  },
};

post({ type: 'ready' });
// Take keyboard focus only when the editor itself is focused: a viewer opened beside with preserveFocus (e.g. the
// Attach Header preview) must not pull focus from the QuickInput the user is typing in.
if (document.hasFocus()) grid.focusGrid();
window.addEventListener('focus', () => {
  if (!root.contains(document.activeElement) || document.activeElement === document.body) grid.focusGrid();
});
