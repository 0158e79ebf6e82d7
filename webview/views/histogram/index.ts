// The histogram view: np.histogram of the current view (the shared N-D controls' selection) drawn on a canvas,
// from the statistics pass (a `stats` request, scope 'view', run by the host as a webview job with progress and
// Cancel, and cached there per file version: the statistics view and this one share results). Bins and log
// counts are its own controls; the bin under the pointer (numpy's text of its edges, and its count) is in
// `data-hover-value`; colours come from the theme. No engine of its own: the counts are the statistics engine's.
import type { Dtype } from '../../../src/npy/types';
import { viewToWire, type ArrayInfo, type StatsReply, type StatsRequest, type WireFigures } from '../../../src/shared/protocol';
import { el, setAttr, setText } from '../../dom';
import { RequestError, type PendingRequest } from '../../hostChannel';
import { t } from '../../strings';
import { groupDigits } from '../../text';
import type { MountedView, ShownView, ViewContext, ViewDescriptor } from '../registry';
import { tickText } from '../picture/ticks';
import { button, checkbox, clearedContext, labelled } from '../picture/widgets';
import { addPictureButtons, pictureStem } from '../picture/pictureActions';
import { barHeights } from '../stats/histogram';
import { MAX_BINS } from '../stats';
import { barSpan, binAt, countTicks, plotArea, valueTicks, type Plot } from './layout';

type Histogram = NonNullable<WireFigures['histogram']>;

interface HistogramState {
  bins: number;
  log: boolean;
}

const DEFAULT_STATE: HistogramState = { bins: 64, log: false };
/** Stepping through a view's indices asks for its counts once the stepping pauses. */
const VIEW_DELAY_MS = 200;

/** Numbers np.histogram counts: bool, integers, floats and complex (as magnitude); not datetimes or records. */
export function histogramDtype(d: Dtype): boolean {
  if (d.type === 'subarray') return histogramDtype(d.base);
  return d.type === 'scalar' && 'biufc'.includes(d.kind);
}

/** The text of bin i: `[lo, hi) count`, the last bin closed as numpy closes it. */
export function binText(h: Histogram, i: number): string {
  return `[${h.edges[i]}, ${h.edges[i + 1]}${i === h.counts.length - 1 ? ']' : ')'} ${h.counts[i]}`;
}

function themeColor(style: CSSStyleDeclaration, names: string[], fallback: string): string {
  for (const n of names) {
    const v = style.getPropertyValue(n).trim();
    if (v) return v;
  }
  return fallback;
}

class HistogramView implements MountedView {
  private readonly root: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly binsInput: HTMLInputElement;
  private readonly logBox: HTMLInputElement;
  private readonly hover: HTMLSpanElement;
  private readonly summary: HTMLSpanElement;
  private readonly note: HTMLSpanElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly computeButton: HTMLButtonElement;
  private readonly resize: ResizeObserver;
  private readonly offJob: () => void;
  private state: HistogramState = { ...DEFAULT_STATE };
  private shown: ShownView | null = null;
  private key: string | null = null;
  private pending: PendingRequest<'stats'> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private hist: Histogram | null = null;
  private hot = -1;
  private w = 0;
  private h = 0;
  readonly testHooks: Record<string, unknown>;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    this.root = el('div', 'npy-pic npy-hist', container);
    const bar = el('div', 'npy-pic-bar', this.root);
    this.binsInput = el('input', 'npy-input npy-index-input npy-hist-bins', labelled(bar, t('histBins')));
    this.binsInput.type = 'number';
    this.binsInput.min = '1';
    this.binsInput.max = String(MAX_BINS);
    this.binsInput.addEventListener('change', () => {
      const n = Number(this.binsInput.value);
      if (Number.isInteger(n) && n >= 1 && n <= MAX_BINS) this.setOption({ bins: n });
      else this.binsInput.value = String(this.state.bins);
    });
    this.binsInput.addEventListener('keydown', (e) => e.stopPropagation());
    this.logBox = checkbox(bar, 'npy-hist-log', t('histLog'), this.state.log);
    this.logBox.addEventListener('change', () => this.setOption({ log: this.logBox.checked }));

    const main = el('div', 'npy-pic-main', this.root);
    this.stage = el('div', 'npy-pic-stage npy-hist-stage', main);
    this.stage.tabIndex = 0;
    this.canvas = el('canvas', 'npy-pic-canvas', this.stage);
    this.canvas.dataset.picture = 'histogram';
    this.canvas.setAttribute('role', 'img');
    addPictureButtons(bar, ctx, this.canvas, () => `${pictureStem(this.shown?.info.entryName ?? this.shown?.info.fileName)}.histogram.png`);
    const foot = el('div', 'npy-pic-foot', this.root);
    this.hover = el('span', 'npy-pic-hover', foot);
    this.hover.setAttribute('data-hover-value', '');
    this.summary = el('span', 'npy-pic-level', foot);
    this.cancelButton = button(foot, 'npy-hist-cancel', t('histCancel'));
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => {
      if (this.pending) this.ctx.channel.cancel([this.pending.requestId]);
    });
    this.computeButton = button(foot, 'npy-hist-compute', t('histCompute'));
    this.computeButton.hidden = true;
    this.computeButton.addEventListener('click', () => this.start());
    this.note = el('span', 'npy-pic-note', foot);

    this.stage.addEventListener('pointermove', (e) => {
      const r = this.canvas.getBoundingClientRect();
      this.setHot(this.hist ? binAt(this.plot(), this.hist.counts.length, e.clientX - r.left, e.clientY - r.top) : -1);
    });
    this.stage.addEventListener('pointerleave', () => this.setHot(-1));
    this.offJob = ctx.onJob((m) => {
      if (this.pending && m.requestId === this.pending.requestId && m.state === 'progress' && m.total > 0) {
        setText(this.summary, t('histProgress', { percent: Math.floor((100 * m.done) / m.total) }));
      }
    });
    this.resize = new ResizeObserver(() => this.layout());
    this.resize.observe(this.stage);
    this.testHooks = { histogram: this };
  }

  // ---- MountedView ----

  setView(s: ShownView): void {
    const restored = s.state as Partial<HistogramState> | undefined;
    if (restored && !this.shown) {
      if (Number.isInteger(restored.bins) && restored.bins! >= 1 && restored.bins! <= MAX_BINS) this.state.bins = restored.bins!;
      if (typeof restored.log === 'boolean') this.state.log = restored.log;
    }
    this.shown = s;
    this.binsInput.value = String(this.state.bins);
    this.logBox.checked = this.state.log;
    this.ctx.setStatus('');
    this.want(this.key === null ? 0 : VIEW_DELAY_MS);
  }

  reloaded(): void {
    // The generation is part of the key: the setView that follows asks again.
  }

  clear(): void {
    this.drop();
    this.shown = null;
    this.draw();
  }

  getState(): HistogramState {
    return { ...this.state };
  }

  focus(): void {
    this.stage.focus({ preventScroll: true });
  }

  dispose(): void {
    this.drop();
    this.offJob();
    this.resize.disconnect();
    this.root.remove();
  }

  // ---- requests ----

  private setOption(change: Partial<HistogramState>): void {
    const bins = this.state.bins;
    this.state = { ...this.state, ...change };
    this.ctx.stateChanged();
    if (this.state.bins !== bins) this.want(0);
    else this.draw();
  }

  private request(s: ShownView): StatsRequest {
    return {
      type: 'stats',
      generation: s.generation,
      view: viewToWire(s.view),
      scope: 'view',
      bins: this.state.bins,
      log: this.state.log,
      part: s.dtype.type === 'scalar' && s.dtype.kind === 'c' ? 'abs' : undefined,
    };
  }

  /** Ask for the counts of the shown view unless they are what is shown (or asked for) already. */
  private want(delay: number): void {
    const s = this.shown;
    if (!s) return;
    const key = JSON.stringify([s.generation, viewToWire(s.view), this.state.bins]);
    if (key === this.key) return;
    this.drop();
    this.key = key;
    this.busy();
    if (delay > 0) this.timer = setTimeout(() => this.start(), delay);
    else this.start();
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = null;
    this.key = null;
    if (p) this.ctx.channel.cancel([p.requestId]);
  }

  private busy(): void {
    setText(this.summary, t('histComputing'));
    setText(this.note, '');
    this.cancelButton.hidden = false;
    this.computeButton.hidden = true;
    this.ctx.rendered(1, 1);
  }

  private start(): void {
    const s = this.shown;
    if (!s) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.busy();
    const p = this.ctx.channel.request(this.request(s));
    this.pending = p;
    p.then(
      (reply) => {
        if (this.pending !== p) return;
        this.pending = null;
        this.show(reply);
      },
      (err: unknown) => {
        if (this.pending !== p) return;
        this.pending = null;
        this.cancelButton.hidden = true;
        const cancelled = err instanceof RequestError && err.cancelled;
        setText(this.summary, cancelled ? t('histCancelled') : '');
        if (!cancelled) setText(this.note, t('histError', { message: err instanceof Error ? err.message : String(err) }));
        this.computeButton.hidden = false;
        this.ctx.rendered(0, 1);
      },
    );
  }

  private show(reply: StatsReply): void {
    this.cancelButton.hidden = true;
    const h = reply.figures[0]?.histogram ?? null;
    this.hist = h && h.counts.length ? h : null;
    this.hot = -1;
    setText(this.hover, '');
    if (!this.hist) setText(this.summary, t('histNone'));
    else {
      const total = this.hist.counts.reduce((a, c) => a + BigInt(c), 0n);
      setText(this.summary, t('histSummary', { count: groupDigits(String(total)), bins: this.hist.counts.length }) + (this.hist.widened ? ` · ${t('histWidened')}` : ''));
    }
    this.draw();
    this.ctx.rendered(0, 1);
  }

  // ---- drawing ----

  private layout(): void {
    const w = Math.max(1, this.stage.clientWidth);
    const h = Math.max(1, this.stage.clientHeight);
    if (w === this.w && h === this.h) return;
    this.w = w;
    this.h = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.draw();
  }

  private plot(): Plot {
    return plotArea(this.w, this.h);
  }

  private setHot(i: number): void {
    if (i === this.hot) return;
    this.hot = i;
    if (this.hist && i >= 0) setText(this.hover, binText(this.hist, i));
    this.draw();
  }

  private draw(): void {
    const g = clearedContext(this.canvas);
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    const h = this.hist;
    setAttr(this.canvas, 'data-bins', h ? String(h.counts.length) : null);
    // Counts are never sampled: every element of the view is counted once they show.
    setAttr(this.canvas, 'data-level', h ? 'exact' : null);
    setAttr(this.canvas, 'data-log', String(this.state.log));
    setAttr(this.canvas, 'data-domain', h ? `${h.edges[0]},${h.edges[h.edges.length - 1]}` : null);
    this.canvas.setAttribute('aria-label', t('histLabel', { bins: h ? h.counts.length : this.state.bins }));
    if (!h) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const style = getComputedStyle(this.root);
    const p = this.plot();
    const counts = h.counts.map((c) => BigInt(c));
    const n = counts.length;
    const heights = barHeights(counts, this.state.log);
    const fill = themeColor(style, ['--vscode-charts-blue', '--vscode-button-background'], '#3794ff');
    const hot = themeColor(style, ['--vscode-charts-orange', '--vscode-editorWarning-foreground'], '#d18616');
    const fg = themeColor(style, ['--vscode-descriptionForeground', '--vscode-foreground'], style.color);
    const grid = themeColor(style, ['--vscode-panel-border', '--vscode-editorIndentGuide-background1'], 'rgba(128,128,128,0.3)');
    g.font = `11px ${style.fontFamily}`;
    // Count axis: grid lines and labels.
    const max = Number(counts.reduce((a, b) => (b > a ? b : a), 0n));
    g.strokeStyle = grid;
    g.fillStyle = fg;
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const tick of countTicks(max, this.state.log)) {
      const y = Math.round(p.top + p.height * (1 - tick.t)) + 0.5;
      g.beginPath();
      g.moveTo(p.left, y);
      g.lineTo(p.left + p.width, y);
      g.stroke();
      g.fillText(groupDigits(String(tick.value)), p.left - 6, y);
    }
    // Bars: a non-empty bin keeps at least one pixel however small next to the tallest.
    for (let i = 0; i < n; i++) {
      if (counts[i] === 0n) continue;
      const [x0, x1] = barSpan(p, i, n);
      const bh = Math.max(1, heights[i] * p.height);
      g.fillStyle = i === this.hot ? hot : fill;
      // A gap between bars only where they are wide enough to keep one.
      const gap = x1 - x0 >= 4 ? 1 : 0;
      g.fillRect(x0, p.top + p.height - bh, Math.max(1, x1 - x0 - gap), bh);
    }
    if (this.hot >= 0 && counts[this.hot] === 0n) {
      const [x0, x1] = barSpan(p, this.hot, n);
      g.fillStyle = hot;
      g.fillRect(x0, p.top + p.height - 1, Math.max(1, x1 - x0), 1);
    }
    // Value axis: the first and last edge span the plot.
    g.strokeStyle = grid;
    g.beginPath();
    g.moveTo(p.left, p.top + p.height + 0.5);
    g.lineTo(p.left + p.width, p.top + p.height + 0.5);
    g.stroke();
    g.fillStyle = fg;
    g.textBaseline = 'top';
    const lo = h.edgeValues[0];
    const hi = h.edgeValues[h.edgeValues.length - 1];
    const ticks = valueTicks(lo, hi);
    ticks.forEach((tick, k) => {
      const x = p.left + p.width * tick.t;
      g.textAlign = ticks.length === 1 ? 'center' : k === 0 && tick.t < 0.05 ? 'left' : k === ticks.length - 1 && tick.t > 0.95 ? 'right' : 'center';
      g.beginPath();
      g.moveTo(Math.round(x) + 0.5, p.top + p.height);
      g.lineTo(Math.round(x) + 0.5, p.top + p.height + 4);
      g.stroke();
      g.fillText(tickText(tick.value), x, p.top + p.height + 6);
    });
  }

  /** For tests: the histogram shown and the CSS point at the middle of bar i (half its height, at least 1px up). */
  get shownHistogram(): Histogram | null {
    return this.hist;
  }

  barPoint(i: number): { x: number; y: number } {
    const p = this.plot();
    const [x0, x1] = barSpan(p, i, this.hist?.counts.length ?? 1);
    return { x: (x0 + x1) / 2, y: p.top + p.height - 1 };
  }
}

export const histogramView: ViewDescriptor = {
  id: 'histogram',
  get label() {
    return t('viewHistogram');
  },
  supports: (info: ArrayInfo, dtype: Dtype) => !info.dataError && histogramDtype(dtype),
  mount: (container, ctx) => new HistogramView(container, ctx),
};
