// The statistics view: the figures of the whole array and of the current view (the shared N-D controls'
// selection) side by side, computed by the host's statistics engine as webview jobs (progress and Cancel in each
// column), with the histogram, the complex part / record field pickers, bins and a log toggle, a Copy button
// (the CLI's text) and argmin / argmax that show their cell in the table. A result is asked for again only when
// what it depends on changes (file version, view, bins, part); the host caches results per file version.
import { formatSlice } from '../../../src/npy/slice';
import type { StatsPart, StatsReply, StatsRequest, StatsScope } from '../../../src/shared/protocol';
import { viewToWire } from '../../../src/shared/protocol';
import type { ViewSpec } from '../../../src/npy/view';
import { el } from '../../dom';
import { RequestError, type PendingRequest } from '../../hostChannel';
import { t } from '../../strings';
import { shapeText } from '../../text';
import type { MountedView, ShownView, ViewContext, ViewDescriptor } from '../registry';
import { StatsColumn } from './column';
import { hasComplex, hasNumbers } from './supports';

export interface StatsViewState {
  bins: number;
  log: boolean;
  part: StatsPart;
  /** Records: the field whose figures are shown. */
  field: string;
}

const DEFAULT_STATE: StatsViewState = { bins: 64, log: false, part: 'abs', field: '' };
/** Bins the view offers (the host refuses more than 100,000). */
export const MAX_BINS = 1024;
/** Stepping through a view's indices asks for its figures once the stepping pauses. */
const VIEW_DELAY_MS = 200;

interface ScopeState {
  key: string | null;
  pending: PendingRequest<'stats'> | null;
  reply: StatsReply | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Every axis shown whole: the view's figures are the whole array's. */
export function coversArray(view: ViewSpec, shape: readonly bigint[]): boolean {
  return view.axes.every((s, a) => (s.kind === 'range' ? s.start === 0n && s.step === 1n && s.count === shape[a] : shape[a] === 1n));
}

class StatsView implements MountedView {
  private readonly root: HTMLDivElement;
  private readonly partSelect: HTMLSelectElement;
  private readonly partBox: HTMLLabelElement;
  private readonly fieldSelect: HTMLSelectElement;
  private readonly fieldBox: HTMLLabelElement;
  private readonly binsInput: HTMLInputElement;
  private readonly logBox: HTMLInputElement;
  private readonly columns: Record<StatsScope, StatsColumn>;
  private readonly scopes: Record<StatsScope, ScopeState> = {
    array: { key: null, pending: null, reply: null, timer: undefined },
    view: { key: null, pending: null, reply: null, timer: undefined },
  };
  private shown: ShownView | null = null;
  private state: StatsViewState = { ...DEFAULT_STATE };
  private readonly offJob: () => void;
  readonly testHooks: Record<string, unknown>;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    this.root = el('div', 'npy-stats', container);
    this.root.tabIndex = -1;
    this.root.setAttribute('aria-label', t('viewStats'));
    const bar = el('div', 'npy-stats-options', this.root);
    const labelled = (text: string): HTMLLabelElement => {
      const l = el('label', 'npy-pick', bar);
      el('span', 'npy-pick-label', l).textContent = text;
      return l;
    };
    this.partBox = labelled(t('statsPart'));
    this.partSelect = el('select', 'npy-select', this.partBox);
    this.partSelect.id = 'npy-stats-part';
    for (const [v, k] of [
      ['abs', 'statsPartAbs'],
      ['real', 'statsPartReal'],
      ['imag', 'statsPartImag'],
    ] as const) {
      const o = el('option', '', this.partSelect);
      o.value = v;
      o.textContent = t(k);
    }
    this.partSelect.addEventListener('change', () => this.setOption({ part: this.partSelect.value as StatsPart }));
    this.fieldBox = labelled(t('statsField'));
    this.fieldSelect = el('select', 'npy-select', this.fieldBox);
    this.fieldSelect.id = 'npy-stats-field';
    this.fieldSelect.addEventListener('change', () => this.setOption({ field: this.fieldSelect.value }));
    const binsBox = labelled(t('statsBins'));
    this.binsInput = el('input', 'npy-input npy-index-input npy-stats-bins', binsBox);
    this.binsInput.id = 'npy-stats-bins';
    this.binsInput.type = 'number';
    this.binsInput.min = '1';
    this.binsInput.max = String(MAX_BINS);
    this.binsInput.addEventListener('change', () => {
      const n = Number(this.binsInput.value);
      if (Number.isInteger(n) && n >= 1 && n <= MAX_BINS) this.setOption({ bins: n });
      else this.binsInput.value = String(this.state.bins);
    });
    const logLabel = el('label', 'npy-pick npy-stats-log', bar);
    this.logBox = el('input', '', logLabel);
    this.logBox.type = 'checkbox';
    this.logBox.id = 'npy-stats-log';
    el('span', '', logLabel).textContent = t('statsLog');
    this.logBox.addEventListener('change', () => this.setOption({ log: this.logBox.checked }));
    const copy = el('button', 'npy-button npy-stats-copy', bar);
    copy.type = 'button';
    copy.id = 'npy-stats-copy';
    copy.textContent = t('statsCopy');
    copy.addEventListener('click', () => this.copyFigures());

    const cols = el('div', 'npy-stats-columns', this.root);
    const column = (scope: StatsScope): StatsColumn =>
      new StatsColumn(cols, scope, {
        cancel: () => this.cancel(scope),
        compute: () => this.start(scope),
        goTo: (index, field) =>
          this.ctx.showInTable(
            index.map((i) => BigInt(i)),
            field || undefined,
          ),
      });
    this.columns = { array: column('array'), view: column('view') };
    this.offJob = ctx.onJob((m) => {
      for (const scope of ['array', 'view'] as const) {
        const p = this.scopes[scope].pending;
        if (p && m.requestId === p.requestId && m.state === 'progress') this.columns[scope].progress(m.done, m.total);
      }
    });
    this.testHooks = { stats: this };
  }

  setView(s: ShownView): void {
    const restored = s.state as Partial<StatsViewState> | undefined;
    if (restored && !this.shown) this.state = { ...DEFAULT_STATE, ...restored };
    this.shown = s;
    this.ctx.setStatus('');
    const complex = hasComplex(s.dtype);
    this.partBox.hidden = !complex;
    this.partSelect.value = this.state.part;
    this.fieldBox.hidden = !s.structured;
    this.binsInput.value = String(this.state.bins);
    this.logBox.checked = this.state.log;
    this.refresh();
  }

  reloaded(): void {
    // The generation is part of every key: the setView that follows asks again.
  }

  clear(): void {
    for (const scope of ['array', 'view'] as const) this.drop(scope);
    this.shown = null;
  }

  getState(): StatsViewState {
    return { ...this.state };
  }

  focus(): void {
    this.root.focus({ preventScroll: true });
  }

  dispose(): void {
    this.clear();
    this.offJob();
    this.root.remove();
  }

  private setOption(change: Partial<StatsViewState>): void {
    this.state = { ...this.state, ...change };
    this.ctx.stateChanged();
    this.refresh();
  }

  /** Ask for what is not shown yet; show what is. */
  private refresh(): void {
    const s = this.shown;
    if (!s) return;
    const part = hasComplex(s.dtype) ? this.state.part : undefined;
    const whole = coversArray(s.view, s.shape);
    const shape = shapeText(s.info.shape);
    this.columns.array.setTitle(t(whole ? 'statsWholeIsView' : 'statsWhole', { shape }));
    this.want('array', JSON.stringify([s.generation, this.state.bins, part]), 0);
    if (whole) {
      this.drop('view');
      this.columns.view.element.hidden = true;
    } else {
      this.columns.view.element.hidden = false;
      // The selection's shape as numpy gives it (a record view's columns are its fields, not an axis).
      const selShape: bigint[] = [];
      if (s.view.rowAxis !== null) selShape.push(s.resolved.rows);
      if (s.view.colAxis !== null && !s.structured) selShape.push(s.resolved.cols);
      this.columns.view.setTitle(t('statsView', { shape: `${formatSlice(s.view, s.shape)} ${shapeText(selShape)}` }));
      this.want('view', JSON.stringify([s.generation, viewToWire(s.view), this.state.bins, part]), this.scopes.view.key === null ? 0 : VIEW_DELAY_MS);
    }
  }

  private want(scope: StatsScope, key: string, delay: number): void {
    const st = this.scopes[scope];
    if (st.key === key) {
      if (st.reply) this.render(scope);
      return;
    }
    this.drop(scope);
    st.key = key;
    this.columns[scope].running();
    if (delay > 0) st.timer = setTimeout(() => this.start(scope), delay);
    else this.start(scope);
  }

  /** Forget a scope's result and cancel its request. */
  private drop(scope: StatsScope): void {
    const st = this.scopes[scope];
    clearTimeout(st.timer);
    st.timer = undefined;
    const p = st.pending;
    st.pending = null;
    st.reply = null;
    st.key = null;
    if (p) this.ctx.channel.cancel([p.requestId]);
    this.columns[scope].empty();
  }

  private start(scope: StatsScope): void {
    const s = this.shown;
    const st = this.scopes[scope];
    if (!s) return;
    clearTimeout(st.timer);
    st.timer = undefined;
    const req: StatsRequest = {
      type: 'stats',
      generation: s.generation,
      view: viewToWire(s.view),
      scope,
      bins: this.state.bins,
      log: this.state.log,
      part: hasComplex(s.dtype) ? this.state.part : undefined,
    };
    this.columns[scope].running();
    const p = this.ctx.channel.request(req);
    st.pending = p;
    p.then(
      (reply) => {
        if (st.pending !== p) return;
        st.pending = null;
        st.reply = reply;
        this.render(scope);
      },
      (err: unknown) => {
        if (st.pending !== p) return;
        st.pending = null;
        if (err instanceof RequestError && err.cancelled) this.columns[scope].cancelled();
        else this.columns[scope].failed(err instanceof Error ? err.message : String(err));
      },
    );
  }

  private cancel(scope: StatsScope): void {
    const p = this.scopes[scope].pending;
    if (p) this.ctx.channel.cancel([p.requestId]);
  }

  private figuresIndex(reply: StatsReply): number {
    const i = reply.figures.findIndex((f) => f.field === this.state.field);
    return i < 0 ? 0 : i;
  }

  private render(scope: StatsScope): void {
    const reply = this.scopes[scope].reply;
    if (!reply) return;
    if (scope === 'array' && this.shown?.structured) this.fillFields(reply);
    this.columns[scope].show(reply, this.figuresIndex(reply), this.state.log);
  }

  /** The field picker lists the fields the host found numeric. */
  private fillFields(reply: StatsReply): void {
    const labels = reply.figures.map((f) => f.field);
    if (this.fieldSelect.options.length !== labels.length || labels.some((l, i) => this.fieldSelect.options[i].value !== l)) {
      this.fieldSelect.textContent = '';
      for (const l of labels) {
        const o = el('option', '', this.fieldSelect);
        o.value = l;
        o.textContent = l;
      }
    }
    this.fieldSelect.value = labels[this.figuresIndex(reply)] ?? '';
  }

  /** The figures shown, as the CLI's `stats` prints them, one block per column. */
  private copyFigures(): void {
    const s = this.shown;
    if (!s) return;
    const blocks: string[] = [];
    for (const scope of ['array', 'view'] as const) {
      const reply = this.scopes[scope].reply;
      if (!reply || this.columns[scope].element.hidden) continue;
      const f = reply.figures[this.figuresIndex(reply)];
      if (!f) continue;
      const head = scope === 'array' ? `array:  ${s.info.dtypeName} ${shapeText(s.info.shape)}` : `slice:  ${formatSlice(s.view, s.shape)} → ${shapeText(reply.shape)}`;
      blocks.push([head, '', ...f.table].join('\n'));
    }
    if (blocks.length) this.ctx.copyText(blocks.join('\n\n') + '\n', t('statsCopied'));
  }
}

export const statsView: ViewDescriptor = {
  id: 'stats',
  get label() {
    return t('viewStats');
  },
  supports: (info, dtype) => !info.dataError && hasNumbers(dtype),
  mount: (container, ctx) => new StatsView(container, ctx),
};
