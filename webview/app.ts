// The viewer's state and the glue between the panels, the active view and the host: the open array (info, dtype,
// shape), the file's generation, the ViewSpec the shared N-D controls edit, which view shows it, and the state
// saved with the webview's getState/setState (view, each view's own state, copy format) so it survives the tab
// being hidden or the webview being recreated.
import type { Dtype } from '../src/npy/types';
import type { ResolvedView, ViewSpec } from '../src/npy/view';
import { defaultView, resolveView } from '../src/npy/view';
import type { ArrayInfo, CopyFormat, WireView } from '../src/shared/protocol';
import { viewFromWire, viewToWire } from '../src/shared/protocol';
import { dtypeFromDescrJson } from './descr';
import { el } from './dom';
import { RequestError, type HostChannel, type HostNoticeOf } from './hostChannel';
import { HeaderPanel } from './panels/header';
import { MessageArea } from './panels/message';
import { StatusBar } from './panels/status';
import { Toolbar } from './panels/toolbar';
import { setStrings, t } from './strings';
import { groupDigits, shapeText } from './text';
import { adaptView, logicalFromAxisIndex, sameView } from './viewOps';
import type { MountedView, ViewContext, ViewDescriptor, ViewRange, ViewRegistry } from './views/registry';

/** The webview's persisted state (acquireVsCodeApi's getState/setState). */
export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

export interface SavedState {
  /** Identifies the array the state belongs to (a reload with another shape/dtype starts fresh). */
  key: string;
  view: WireView;
  /** The id of the view showing the array. */
  active?: string;
  /** Each view's own state (scroll, selection …) by view id. */
  views?: Record<string, unknown>;
  /** The grid's state as versions before the view registry saved it. */
  grid?: unknown;
  copyFormat?: CopyFormat;
}

function arrayKey(i: ArrayInfo): string {
  // Without a member name the key is what earlier versions saved, so their state still restores.
  const id = i.entryName === undefined ? [i.fileName] : [i.fileName, i.entryName];
  return JSON.stringify([...id, i.shape, i.descr, i.fortranOrder]);
}

function safeFromWire(w: WireView): ViewSpec | null {
  try {
    return viewFromWire(w);
  } catch {
    return null;
  }
}

export class App {
  readonly header: HeaderPanel;
  readonly toolbar: Toolbar;
  readonly message: MessageArea;
  /** Where the active view mounts (one at a time). */
  readonly viewArea: HTMLDivElement;
  readonly status: StatusBar;

  private info: ArrayInfo | null = null;
  private generation = 0;
  private shape: bigint[] = [];
  private dtype: Dtype | null = null;
  private structured = false;
  private spec: ViewSpec | null = null;
  private resolvedView: ResolvedView | null = null;
  private active: { descriptor: ViewDescriptor; mounted: MountedView } | null = null;
  private ready = false;
  /** Focus the view as soon as one is mounted (the editor had the focus before there was a view). */
  private wantFocus = false;
  private saved: SavedState | undefined;
  private readonly ctx: ViewContext;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: HostChannel,
    private readonly store: StateStore,
    readonly registry: ViewRegistry,
  ) {
    this.saved = (store.getState() as SavedState | undefined) ?? undefined;
    root.classList.add('npy-root');
    root.textContent = '';
    this.header = new HeaderPanel(root);
    this.toolbar = new Toolbar(root, {
      view: (v) => this.applyView(v),
      error: (m) => this.message.show(m),
      go: (row, col) => this.goTo(row, col),
      closed: () => this.focusView(),
      copy: () => {
        this.active?.mounted.copySelection?.();
        this.focusView();
      },
      copyFormatChanged: () => this.saveState(),
      switchView: (id) => this.switchView(id),
    });
    this.message = new MessageArea(root);
    this.viewArea = el('div', 'npy-grid-host', root);
    this.status = new StatusBar(root, {
      cancelJob: (jobId) => channel.notify({ type: 'cancelJob', jobId }),
      refocus: () => this.focusView(),
    });
    if (this.saved?.copyFormat) this.toolbar.copyFormat = this.saved.copyFormat;

    this.ctx = {
      channel,
      stateChanged: () => this.saveState(),
      setStatus: (text) => this.status.setPosition(text),
      rendered: (pending, visible) => {
        root.dataset.pending = String(pending);
        if (!this.ready && visible > 0 && pending === 0) this.markReady();
      },
      copy: (range) => this.copy(range),
      openGoto: () => this.toolbar.goto.open(),
      log: (message) => channel.notify({ type: 'log', message }),
    };

    channel.on('reload', (m) => this.start(m.info, m.generation, undefined, true));
    channel.on('job', (m) => this.status.job(m));
    channel.on('goToIndex', (m) => this.onGoToIndex(m));
  }

  /** The host's `init`: its strings, then the array. */
  init(m: HostNoticeOf<'init'>): void {
    if (m.l10n) setStrings(m.l10n);
    this.start(m.info, m.generation, m.view, false);
  }

  get view(): ViewSpec | null {
    return this.spec;
  }

  get resolved(): ResolvedView | null {
    return this.resolvedView;
  }

  /** The active view (null while the array cannot be shown yet). */
  get activeView(): { id: string; mounted: MountedView } | null {
    return this.active ? { id: this.active.descriptor.id, mounted: this.active.mounted } : null;
  }

  focusView(): void {
    if (this.active) this.active.mounted.focus();
    else this.wantFocus = true;
  }

  private markReady(): void {
    this.ready = true;
    this.root.dataset.ready = 'true';
  }

  private saveState(): void {
    if (!this.info || !this.spec) return;
    const key = arrayKey(this.info);
    const views: Record<string, unknown> = this.saved?.key === key ? { ...this.saved.views } : {};
    if (this.active) views[this.active.descriptor.id] = this.active.mounted.getState();
    this.saved = { key, view: viewToWire(this.spec), active: this.active?.descriptor.id, views, copyFormat: this.toolbar.copyFormat };
    this.store.setState(this.saved);
  }

  /** A view's saved state for this array (also the grid state of versions before the registry). */
  private savedViewState(id: string): unknown {
    const s = this.saved;
    return s?.views?.[id] ?? (id === 'grid' ? s?.grid : undefined);
  }

  // ---- the array ----

  private validView(v: ViewSpec | null | undefined): ViewSpec | null {
    if (!v || !this.dtype || !this.info) return null;
    try {
      resolveView(this.shape, this.info.fortranOrder, this.dtype, v);
      return v;
    } catch {
      return null;
    }
  }

  /** Show a view. `viewState` restores the active view's own state (else it starts at the top left). */
  private applyView(next: ViewSpec, viewState?: unknown, keep = false): void {
    const { info, dtype, active } = this;
    if (!info || !dtype || !active) return;
    let r: ResolvedView;
    try {
      r = resolveView(this.shape, info.fortranOrder, dtype, next);
    } catch (e) {
      this.message.show(e instanceof Error ? e.message : String(e));
      return;
    }
    const changed = !this.spec || !sameView(this.spec, next);
    this.message.show(null);
    this.spec = next;
    this.resolvedView = r;
    this.toolbar.controls.update(this.shape, next, this.structured);
    active.mounted.setView({
      info,
      dtype,
      shape: this.shape,
      structured: this.structured,
      generation: this.generation,
      view: next,
      resolved: r,
      state: viewState,
      keep: keep && !changed,
    });
    if (changed) this.channel.notify({ type: 'viewChanged', view: viewToWire(next) });
    this.saveState();
  }

  private showWholeArrayState(text: string): void {
    this.toolbar.hidden = true;
    this.active?.mounted.clear();
    this.viewArea.hidden = true;
    this.root.dataset.pending = '0';
    this.message.show(text);
    this.message.setInfo(true);
    this.markReady();
  }

  /** The array from `init` or `reload` (the file changed on disk: keep the view and position where they fit). */
  private start(i: ArrayInfo, gen: number, wireView: WireView | undefined, isReload: boolean): void {
    const prevKey = this.info ? arrayKey(this.info) : null;
    const prevShape = this.shape;
    this.info = i;
    this.generation = gen;
    this.header.render(i);
    this.shape = i.shape.map((s) => BigInt(s));
    this.message.setInfo(false);
    this.viewArea.hidden = false;
    this.toolbar.hidden = false;
    if (i.dataError) {
      this.showWholeArrayState(t('dataError', { message: i.dataError }));
      return;
    }
    let dtype: Dtype;
    try {
      dtype = dtypeFromDescrJson(i.descr);
    } catch (e) {
      this.dtype = null;
      this.showWholeArrayState(t('dataError', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    this.dtype = dtype;
    this.structured = dtype.type !== 'scalar';
    if (this.shape.some((d) => d === 0n)) {
      this.showWholeArrayState(t('emptyArray', { shape: shapeText(i.shape) }));
      return;
    }
    const key = arrayKey(i);
    const sameArray = isReload && prevKey === key;
    // The view that shows it: the one showing now, else the saved one, else the first that supports the array.
    const preferred = this.active?.descriptor.id ?? (this.saved?.key === key ? this.saved.active : undefined);
    const pick = this.registry.pick(i, dtype, preferred);
    if (!pick) {
      this.showWholeArrayState(t('dataError', { message: i.dtypeName }));
      return;
    }
    const mountedBefore = this.active?.descriptor === pick;
    this.mount(pick);
    let next: ViewSpec | null = null;
    let viewState: unknown;
    if (sameArray && this.spec && mountedBefore) {
      next = this.validView(this.spec);
      viewState = this.active!.mounted.getState();
    } else if (isReload && this.spec) {
      // Another shape: whole axes stay whole (appended rows appear), the position stays.
      next = this.validView(adaptView(this.spec, prevShape, this.shape));
      if (next && mountedBefore) viewState = this.active!.mounted.getState();
    }
    if (!next && this.saved && this.saved.key === key) {
      next = this.validView(safeFromWire(this.saved.view));
      if (next) viewState = this.savedViewState(pick.id);
    }
    if (!next && wireView) next = this.validView(safeFromWire(wireView));
    if (!next) next = defaultView(this.shape, this.structured);
    if (isReload) this.active!.mounted.reloaded(gen);
    this.spec = isReload ? this.spec : null;
    this.applyView(next, viewState, isReload);
  }

  // ---- views ----

  /** Make `descriptor` the active view (no-op when it already is). */
  private mount(descriptor: ViewDescriptor): void {
    const info = this.info!;
    const dtype = this.dtype!;
    if (this.active?.descriptor !== descriptor) {
      const hadFocus = this.active !== null && this.viewArea.contains(document.activeElement);
      this.active?.mounted.dispose();
      this.active = { descriptor, mounted: descriptor.mount(this.viewArea, this.ctx) };
      this.viewArea.dataset.view = descriptor.id;
      const m = this.active.mounted;
      this.toolbar.setActions({ copy: !!m.copySelection, goto: !!m.goTo });
      if (hadFocus || this.wantFocus) {
        this.wantFocus = false;
        m.focus();
      }
    }
    this.toolbar.setViews(
      this.registry.supporting(info, dtype).map((v) => ({ id: v.id, label: v.label })),
      descriptor.id,
    );
  }

  /** The view switcher: show the same ViewSpec in another view, with that view's saved state. */
  private switchView(id: string): void {
    const descriptor = this.registry.get(id);
    if (!descriptor || !this.info || !this.dtype || !this.spec || this.active?.descriptor === descriptor) return;
    if (!descriptor.supports(this.info, this.dtype)) return;
    this.saveState();
    const spec = this.spec;
    this.mount(descriptor);
    this.active!.mounted.focus();
    this.applyView(spec, this.savedViewState(id), false);
  }

  // ---- copy ----

  private copy(range: ViewRange): void {
    if (!this.spec) return;
    this.status.setNote('');
    const format = this.toolbar.copyFormat;
    this.channel
      .request({
        type: 'copy',
        view: viewToWire(this.spec),
        range: { row0: range.row0.toString(), rows: range.rows.toString(), col0: range.col0.toString(), cols: range.cols.toString() },
        format,
      })
      .then(
        (reply) => this.status.setNote(t('copied', { cells: groupDigits(String(reply.cells)), format: reply.format })),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          // A copy the user cancelled (the job's Cancel, the confirmation) says so in the host's words.
          this.status.setNote(err instanceof RequestError && err.cancelled ? message : t('copyFailed', { message }));
        },
      );
  }

  // ---- go to index ----

  /** Go to array indices along the shown axes (negative from the end); false when there is nothing to go to. */
  goTo(row: bigint | null, col: bigint | null): boolean {
    const { spec: view, resolvedView: resolved, info, active } = this;
    if (!view || !resolved || !info || !active?.mounted.goTo) return false;
    let r: bigint | null = null;
    let c: bigint | null = null;
    if (row !== null) {
      r = view.rowAxis === null ? 0n : logicalFromAxisIndex(view.axes[view.rowAxis], this.shape[view.rowAxis], row);
    }
    if (col !== null) {
      if (this.structured) c = col < 0n ? col + resolved.cols : col;
      else c = view.colAxis === null ? 0n : logicalFromAxisIndex(view.axes[view.colAxis], this.shape[view.colAxis], col);
    }
    active.mounted.goTo(r, c);
    return true;
  }

  /** The host's `NPY: Go to Index…`: with an index go there, without one open the go-to box. */
  private onGoToIndex(m: HostNoticeOf<'goToIndex'>): void {
    if (m.index && m.index.length) {
      try {
        this.goTo(BigInt(m.index[0]), m.index.length > 1 ? BigInt(m.index[1]) : null);
        this.focusView();
      } catch {
        this.toolbar.goto.open();
      }
    } else this.toolbar.goto.open();
  }
}
