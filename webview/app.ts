// The viewer's state and the glue between the panels, the active view and the host: the open array (info, dtype,
// shape), the file's generation, the ViewSpec the shared N-D controls edit, which view shows it, and the state
// saved with the webview's getState/setState (view, each view's own state, copy format) so it survives the tab
// being hidden or the webview being recreated. For an archive (.npz) the member list sits on top; the member
// shown is saved, and each member keeps its own view and view states.
import type { Dtype } from '../src/npy/types';
import type { ResolvedView, ViewSpec } from '../src/npy/view';
import { defaultView, resolveView } from '../src/npy/view';
import type { ArrayInfo, CopyFormat, WireView } from '../src/shared/protocol';
import { viewFromWire, viewToWire } from '../src/shared/protocol';
import { dtypeFromDescrJson } from './descr';
import { el } from './dom';
import { RequestError, type HostChannel, type HostNoticeOf } from './hostChannel';
import { HeaderPanel } from './panels/header';
import { MembersPanel } from './panels/members';
import { MessageArea } from './panels/message';
import { StatusBar } from './panels/status';
import { Toolbar } from './panels/toolbar';
import { setStrings, t } from './strings';
import { groupDigits, shapeText } from './text';
import { adaptView, logicalFromAxisIndex, sameView } from './viewOps';
import { gotoTarget } from './gotoTarget';
import { precisionFromSetting, type Precision } from '../src/npy/format/precision';
import type { MountedView, ViewContext, ViewDescriptor, ViewRange, ViewRegistry } from './views/registry';
import { leafColumnOf, viewShowingIndex } from './views/stats/cellView';

/** The webview's persisted state (acquireVsCodeApi's getState/setState). */
export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

/** What is saved for one array (a .npy, or one member of an archive). */
export interface EntryState {
  /** Identifies the array the state belongs to (a reload with another shape/dtype starts fresh). */
  key: string;
  view: WireView;
  /** The id of the view showing the array. */
  active?: string;
  /** Each view's own state (scroll, selection …) by view id. */
  views?: Record<string, unknown>;
  /** The grid's state as versions before the view registry saved it. */
  grid?: unknown;
}

export interface SavedState extends EntryState {
  copyFormat?: CopyFormat;
  /** The toolbar's display precision, when the user changed it in this view. */
  precision?: Precision;
  /** An archive: the member shown (the top-level fields are its state). */
  member?: string;
  /** An archive: each member's own state, by key (the most recently shown MAX_MEMBER_STATES). */
  members?: Record<string, EntryState>;
}

const MAX_MEMBER_STATES = 64;

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
  readonly members: MembersPanel;
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
  /** The axis drawn whole last reported to the host with the view (viewChanged). */
  private reportedWhole: number | undefined;
  private resolvedView: ResolvedView | null = null;
  private active: { descriptor: ViewDescriptor; mounted: MountedView } | null = null;
  private ready = false;
  /** Focus the view as soon as one is mounted (the editor had the focus before there was a view). */
  private wantFocus = false;
  private saved: SavedState | undefined;
  /** The user changed the precision in this webview (saved from then on; else the setting decides). */
  private precisionPicked = false;
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
    this.members = new MembersPanel(root, { select: (key) => this.selectMember(key), find: (query) => channel.notify({ type: 'findMembers', query }) });
    this.header = new HeaderPanel(root, (code) => channel.notify({ type: 'warningAction', code }));
    this.toolbar = new Toolbar(root, {
      view: (v) => this.applyView(v),
      error: (m) => this.message.show(m),
      go: (row, col) => this.goTo(row, col),
      goIndices: (values) => this.goToIndices(values),
      closed: () => this.focusView(),
      copy: () => {
        this.active?.mounted.copySelection?.();
        this.focusView();
      },
      copyFormatChanged: () => this.saveState(),
      switchView: (id) => this.switchView(id),
      precisionChanged: (p) => {
        this.precisionPicked = true;
        this.active?.mounted.setPrecision?.(p);
        this.saveState();
      },
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
      stateChanged: () => {
        this.saveState();
        this.reportSelection();
      },
      setStatus: (text) => this.status.setPosition(text),
      rendered: (pending, visible) => {
        root.dataset.pending = String(pending);
        if (!this.ready && visible > 0 && pending === 0) this.markReady();
      },
      copy: (range) => this.copy(range),
      openGoto: () => this.toolbar.goto.open(),
      log: (message) => channel.notify({ type: 'log', message }),
      onJob: (listener) => channel.on('job', listener),
      showInTable: (index, field) => this.showInTable(index, field),
      copyText: (text, note) => {
        channel.notify({ type: 'copyText', text });
        this.status.setNote(note);
      },
      showCell: (id, row, col) => {
        this.switchView(id);
        if (this.active?.descriptor.id === id) this.active.mounted.goTo?.(row, col);
      },
      setNote: (text) => this.status.setNote(text),
      setSpec: (view) => this.applyView(view, this.active?.mounted.getState()),
    };

    // A reload that shows another member (the one shown is gone from the archive) starts that member afresh.
    channel.on('reload', (m) => this.start(m.info, m.generation, undefined, this.info?.entryName === m.info.entryName));
    // A `member` message leaves out a member list that did not change.
    channel.on('member', (m) => {
      const info = m.info.members ? m.info : { ...m.info, members: this.info?.members, memberCount: this.info?.memberCount };
      this.start(info, m.generation, m.view, false);
    });
    channel.on('membersFound', (m) => this.members.showFound(m.query, m.members, m.matched));
    channel.on('job', (m) => this.status.job(m));
    channel.on('goToIndex', (m) => this.onGoToIndex(m));
    channel.on('goToCell', (m) => this.showCellInTable(BigInt(m.row), BigInt(m.col)));
  }

  /** The host's `init`: its strings, then the array. */
  init(m: HostNoticeOf<'init'>): void {
    if (m.l10n) setStrings(m.l10n);
    // The setting is the default; the precision the user picked in this view (saved state) wins.
    this.toolbar.precision.value = this.saved?.precision ?? precisionFromSetting(m.floatDigits);
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

  /** The saved state of the array `key` (for an archive member `entryName`), if there is one. */
  private savedEntry(key: string, entryName: string | undefined): EntryState | undefined {
    const s = this.saved;
    if (!s) return undefined;
    if (s.key === key) return s;
    const m = entryName === undefined ? undefined : s.members?.[entryName];
    return m?.key === key ? m : undefined;
  }

  private sentSelection = '';

  /** Tell the host the selection and the focused cell when they change (Export View… and Find start from them). */
  private reportSelection(): void {
    const sel = this.active?.mounted.selection?.();
    if (!sel) return;
    const wire = {
      range: { row0: sel.range.row0.toString(), rows: sel.range.rows.toString(), col0: sel.range.col0.toString(), cols: sel.range.cols.toString() },
      focus: { row: sel.focusRow.toString(), col: sel.focusCol.toString() },
    };
    const key = JSON.stringify(wire);
    if (key === this.sentSelection) return;
    this.sentSelection = key;
    this.channel.notify({ type: 'selection', ...wire });
  }

  private saveState(): void {
    if (!this.info) return;
    const entryName = this.info.entryName;
    if (!this.spec || (this.info.members && this.info.dataError)) {
      // A member that cannot be shown: remember it is the one shown, keep the rest.
      if (this.info.members && this.saved?.member !== entryName) {
        this.saved = { ...(this.saved ?? { key: '', view: { axes: [], rowAxis: null, colAxis: null } }), member: entryName };
        this.store.setState(this.saved);
      }
      return;
    }
    const key = arrayKey(this.info);
    const prev = this.savedEntry(key, entryName);
    const views: Record<string, unknown> = prev ? { ...prev.views } : {};
    if (this.active) views[this.active.descriptor.id] = this.active.mounted.getState();
    const entry: EntryState = { key, view: viewToWire(this.spec), active: this.active?.descriptor.id, views };
    let members: Record<string, EntryState> | undefined;
    if (this.info.members && entryName !== undefined) {
      members = { ...this.saved?.members };
      delete members[entryName]; // re-inserted last: the most recently shown are kept
      members[entryName] = entry;
      const names = Object.keys(members);
      for (const n of names.slice(0, Math.max(0, names.length - MAX_MEMBER_STATES))) delete members[n];
    }
    this.saved = {
      ...entry,
      copyFormat: this.toolbar.copyFormat,
      precision: this.precisionPicked ? this.toolbar.precision.value : this.saved?.precision,
      member: this.info.members ? entryName : undefined,
      members,
    };
    this.store.setState(this.saved);
  }

  /** A view's saved state for an array (also the grid state of versions before the registry). */
  private savedViewState(id: string, s: EntryState | undefined = this.saved): unknown {
    return s?.views?.[id] ?? (id === 'grid' ? s?.grid : undefined);
  }

  /** The member list's choice: ask the host for that member (its `member` message shows it). */
  private selectMember(key: string): void {
    if (!this.info?.members) return;
    if (key === this.info.entryName) {
      this.members.mark(key);
      return;
    }
    this.saveState();
    this.channel.notify({ type: 'selectMember', name: key });
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
    const wholeAxis = active.mounted.wholeAxis?.(this.shape) ?? null;
    this.toolbar.controls.update(this.shape, next, this.structured, wholeAxis);
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
    // The host's Export View / Copy as NumPy Code act on what is drawn: an image's channels whole.
    const whole = wholeAxis && next.axes[wholeAxis.axis]?.kind === 'index' ? wholeAxis.axis : undefined;
    if (changed || whole !== this.reportedWhole) {
      this.reportedWhole = whole;
      this.channel.notify(whole === undefined ? { type: 'viewChanged', view: viewToWire(next) } : { type: 'viewChanged', view: viewToWire(next), whole });
    }
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
    // Another member of an archive: save the one shown before, so coming back restores it.
    if (!isReload && this.info && this.info.members && this.info.entryName !== i.entryName) this.saveState();
    this.info = i;
    this.generation = gen;
    this.members.update(i.members, i.entryName, i.memberCount);
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
    const saved = this.savedEntry(key, i.entryName);
    // The view that shows it: the one showing now, else the saved one, else the first that supports the array.
    const preferred = this.active?.descriptor.id ?? saved?.active;
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
    if (!next && saved) {
      next = this.validView(safeFromWire(saved.view));
      if (next) viewState = this.savedViewState(pick.id, saved);
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
      m.setPrecision?.(this.toolbar.precision.value);
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

  /** Find's match: the table (mounted if another view shows), at a cell of the current view. */
  private showCellInTable(row: bigint, col: bigint): void {
    const grid = this.registry.get('grid');
    if (!grid || !this.spec) return;
    const fresh = this.active?.descriptor !== grid;
    if (fresh) {
      this.saveState();
      this.mount(grid);
      this.applyView(this.spec, this.savedViewState('grid'), false);
    }
    const mounted = this.active?.mounted;
    const go = (): void => {
      if (this.active?.mounted !== mounted) return;
      mounted?.goTo?.(row, col);
      focusWhenBack(() => {
        if (this.active?.mounted === mounted) mounted?.focus();
      });
    };
    // A grid mounted just now knows its height only after a layout (as for statistics' argmin / argmax).
    if (fresh) requestAnimationFrame(() => requestAnimationFrame(go));
    else go();
  }

  /** Statistics' argmin / argmax: the table view, at that element (see viewShowingIndex). */
  private showInTable(index: bigint[], field?: string): void {
    const grid = this.registry.get('grid');
    if (!grid || !this.spec || !this.info || !this.dtype) return;
    const at = viewShowingIndex(this.spec, this.shape, index);
    const fresh = this.active?.descriptor !== grid;
    if (fresh) {
      this.saveState();
      this.mount(grid);
    }
    this.applyView(at.view, this.savedViewState('grid'), false);
    const leaves = this.resolvedView?.leaves;
    const col = leaves && field !== undefined ? leafColumnOf(leaves, field) : at.col;
    const mounted = this.active?.mounted;
    const go = (): void => {
      if (this.active?.mounted !== mounted) return;
      mounted?.goTo?.(at.row, col ?? 0n);
      mounted?.focus();
    };
    // A grid mounted just now knows its height only after a layout: scroll the cell into view after it.
    if (fresh) requestAnimationFrame(() => requestAnimationFrame(go));
    else go();
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
        (reply) =>
          this.status.setNote(
            reply.cells === 1 ? t('copiedOne', { format: reply.format }) : t('copied', { cells: groupDigits(String(reply.cells)), format: reply.format }),
          ),
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

  /**
   * Go to one index per array axis (the other axes' indices change) or per shown axis; null when done, else why
   * not (an index out of range, in numpy's words).
   */
  goToIndices(values: (bigint | null)[]): string | null {
    const { spec, resolvedView: resolved } = this;
    if (!spec || !resolved || !this.active?.mounted.goTo) return t('gotoInvalid');
    const target = gotoTarget(values, this.shape, spec, this.structured ? resolved.cols : null);
    if (!target.ok) return target.message;
    if (target.view) this.applyView(target.view);
    return this.goTo(target.row, target.col) ? null : t('gotoInvalid');
  }

  /** The host's `NPY: Go to Index…`: with an index go there, without one open the go-to box. */
  private onGoToIndex(m: HostNoticeOf<'goToIndex'>): void {
    if (m.index && m.index.length) {
      let problem: string | null;
      try {
        problem = this.goToIndices(m.index.map((s) => BigInt(s)));
      } catch {
        problem = t('gotoInvalid');
      }
      if (problem === null) this.focusView();
      else this.toolbar.goto.openWithError(m.index.join(', '), problem);
    } else this.toolbar.goto.open();
  }
}

/**
 * Focus now if this webview has the focus, else when it gets it back within a moment: a match found from the palette
 * arrives while the palette may still (or again) be open, and taking the focus then would close the QuickInput the
 * user is typing in.
 */
function focusWhenBack(focus: () => void, withinMs = 2000): void {
  if (document.hasFocus()) return focus();
  const onFocus = (): void => {
    clearTimeout(timer);
    focus();
  };
  const timer = setTimeout(() => window.removeEventListener('focus', onFocus), withinMs);
  window.addEventListener('focus', onFocus, { once: true });
}
