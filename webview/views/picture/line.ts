// The line plot: a 1-D view, or one row of a 2-D view, drawn as the M4 envelope the host computes (first, last,
// min and max per pixel column, so no spike between samples is lost), sampled first, then exact. The wheel zooms
// the x axis about the cursor and a drag pans it, re-reading finer data until one pixel column is one element;
// log y; the value under the cursor is numpy's str() of the element. A 2-D view can add rows (`3, 7`): each is
// its own line with its own envelope and loader, in its own theme colour, on one shared y domain.
import { lineRgba } from '../../../src/picture/render';
import { emptyRange, evenBins, mergeRange } from '../../../src/picture/geometry';
import type { Envelope } from '../../../src/picture/line';
import { viewToWire } from '../../../src/shared/protocol';
import { el, setAttr } from '../../dom';
import { t } from '../../strings';
import { groupDigits } from '../../text';
import type { MountedView, ShownView, ViewContext } from '../registry';
import { arrayIndex, elementText, indexText } from './cellText';
import { PictureFrame } from './frame';
import { AUTO_EXACT_ELEMENTS, PictureLoader, type Pic } from './picture';
import { decadeTicks, niceTicks, tickText } from './ticks';
import { checkbox, clearedContext, labelled, textInput } from './widgets';
import { MAX_LINES, lineColor, parseRows } from './lines';

const MARGIN = { left: 64, right: 10, top: 10, bottom: 24 };

interface SavedLine {
  x0?: number;
  scale?: number;
  /** The x axis is the fit (not moved since): it fits again to the stage's size. */
  fitted?: boolean;
  row?: number;
  log?: boolean;
  /** The extra rows drawn beside `row`. */
  more?: number[];
}

/** An extra line of a 2-D view: its row, its own requests and its raster. */
interface ExtraLine {
  row: number;
  loader: PictureLoader;
  pic: Pic | null;
  pending: number;
  offscreen: HTMLCanvasElement;
}

/** The y domain of a line: the data's finite min/max (positive min for log), widened when it is one value. */
export function lineDomain(range: Pic['range'], log: boolean): [number, number] {
  let lo = log ? range.positiveMin : range.min;
  let hi = range.max;
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return log ? [1, 10] : [0, 1];
  if (lo === hi) {
    if (log) [lo, hi] = [lo / 10, hi * 10];
    else [lo, hi] = lo === 0 ? [-1, 1] : [lo - Math.abs(lo) / 10, hi + Math.abs(hi) / 10];
  }
  return [lo, hi];
}

export class LinePlot implements MountedView {
  private readonly frame: PictureFrame;
  private readonly root: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly rowField: HTMLLabelElement;
  private readonly rowInput: HTMLInputElement;
  private readonly logBox: HTMLInputElement;
  private readonly moreField: HTMLLabelElement;
  private readonly moreInput: HTMLInputElement;
  private readonly legend: HTMLDivElement;
  private extras: ExtraLine[] = [];
  private pending = 0;
  private readonly offscreen = document.createElement('canvas');
  private shown: ShownView | null = null;
  private count = 0;
  private row = 0;
  private x0 = 0;
  private scale = 0;
  /** The x axis is the fit and the user has not moved it: a resized stage fits it again. */
  private fitted = false;
  private pic: Pic | null = null;
  private drag: { x: number; id: number } | null = null;
  readonly testHooks: Record<string, unknown>;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    this.frame = new PictureFrame(container, ctx, 'line', {
      picture: (pic) => this.onPicture(pic),
      pending: (n) => {
        this.pending = n;
        this.reportPending();
      },
      resized: () => this.layout(),
      request: () => this.request(),
      fit: () => this.fit(),
      info: () => this.shown?.info,
      refine: () => {
        for (const x of this.extras) x.loader.refine();
      },
    });
    const { root, bar, stage, canvas } = this.frame;
    this.root = root;
    this.stage = stage;
    this.canvas = canvas;
    this.rowField = labelled(bar, t('picRow'));
    this.rowInput = el('input', 'npy-input npy-pic-row', this.rowField);
    this.rowInput.type = 'number';
    this.rowInput.min = '0';
    this.rowInput.addEventListener('change', () => this.setRow(Number(this.rowInput.value)));
    this.rowInput.addEventListener('keydown', (e) => e.stopPropagation());
    this.moreField = labelled(bar, t('picMoreRows'));
    this.moreInput = textInput(this.moreField, 'npy-pic-rows', '3, 7', t('picMoreRowsTitle'));
    this.moreInput.addEventListener('change', () => this.setMore(this.moreInput.value));
    this.moreInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.setMore(this.moreInput.value);
      e.stopPropagation();
    });
    this.logBox = checkbox(bar, 'npy-pic-logy', t('picLogY'), false);
    this.logBox.addEventListener('change', () => {
      this.ctx.stateChanged();
      this.repaint();
    });
    this.frame.addActions();
    this.legend = el('div', 'npy-pic-legend', stage);
    this.legend.hidden = true;
    this.bindInput();
    this.testHooks = { picture: this };
  }

  private get w(): number {
    return this.frame.w;
  }

  private get h(): number {
    return this.frame.h;
  }

  private get plotW(): number {
    return Math.max(1, this.w - MARGIN.left - MARGIN.right);
  }

  private get plotH(): number {
    return Math.max(1, this.h - MARGIN.top - MARGIN.bottom);
  }

  private get twoD(): boolean {
    return this.shown?.view.colAxis !== null && this.shown?.view.colAxis !== undefined;
  }

  setView(s: ShownView): void {
    const prev = this.shown;
    this.shown = s;
    const saved = s.state as SavedLine | undefined;
    const same = prev !== null && s.keep && prev.generation === s.generation;
    this.rowField.hidden = s.view.colAxis === null;
    this.moreField.hidden = s.view.colAxis === null;
    this.count = Number(s.view.colAxis === null ? s.resolved.rows : s.resolved.cols);
    this.rowInput.max = String(Number(s.resolved.rows) - 1);
    this.ctx.setStatus(t('statusRows', { rows: groupDigits(s.resolved.rows.toString()), cols: groupDigits(s.resolved.cols.toString()) }));
    this.canvas.setAttribute('aria-label', t('picLabel', { kind: t('viewLine') }));
    if (!same) {
      this.pic = null;
      this.frame.loader.reset();
      this.row = saved?.row !== undefined && saved.row < Number(s.resolved.rows) ? saved.row : 0;
      this.logBox.checked = !!saved?.log;
      this.scale = saved?.scale && saved.scale > 0 ? saved.scale : 0;
      this.x0 = saved?.x0 ?? 0;
      this.fitted = this.scale === 0 || saved?.fitted === true;
      const more = this.twoD && Array.isArray(saved?.more) ? parseRows(saved.more.join(','), Number(s.resolved.rows), this.row) : null;
      this.setExtras(more ?? []);
    } else if (this.extras.length) {
      // Same data, other axes: extra rows only where the view is still 2-D and has them.
      const rows = Number(s.resolved.rows);
      const keep = this.twoD ? this.extras.map((x) => x.row).filter((r) => r < rows) : [];
      if (keep.length !== this.extras.length) this.setExtras(keep);
    }
    this.rowInput.value = String(this.row);
    this.layout(true);
  }

  private setRow(r: number): void {
    const rows = Number(this.shown?.resolved.rows ?? 0n);
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      this.rowInput.value = String(this.row);
      return;
    }
    this.row = r;
    this.pic = null;
    if (this.extras.some((x) => x.row === r)) this.setExtras(this.extras.map((x) => x.row).filter((x) => x !== r));
    this.ctx.stateChanged();
    this.request();
  }

  /** The "more rows" box: a list of rows, or a one-line message (the lines stay as they were). */
  private setMore(text: string): void {
    const rows = Number(this.shown?.resolved.rows ?? 0n);
    const more = parseRows(text, rows, this.row);
    if (!more) {
      this.frame.setNote(t('picMoreRowsBad', { max: rows - 1 }));
      return;
    }
    this.frame.setNote('');
    this.setExtras(more);
    this.ctx.stateChanged();
    this.request();
    this.repaint();
  }

  private setExtras(rows: number[]): void {
    for (const x of this.extras) x.loader.reset();
    this.extras = rows.slice(0, MAX_LINES - 1).map((row) => {
      const x: ExtraLine = { row, loader: null as unknown as PictureLoader, pic: null, pending: 0, offscreen: document.createElement('canvas') };
      x.loader = new PictureLoader(this.ctx.channel, {
        picture: (pic) => {
          x.pic = pic;
          this.levelAttr();
          this.repaint();
        },
        error: (m) => this.frame.setNote(t('picError', { message: m })),
        pending: (n) => {
          x.pending = n;
          this.reportPending();
        },
      });
      return x;
    });
    this.moreInput.value = rows.join(', ');
    this.drawLegend();
  }

  private reportPending(): void {
    this.ctx.rendered(
      this.extras.reduce((n, x) => n + x.pending, this.pending),
      1,
    );
  }

  /** Exact once every line's picture is. */
  private levelAttr(): void {
    const all = [this.pic, ...this.extras.map((x) => x.pic)];
    this.canvas.dataset.level = all.every((p) => p?.level === 'exact') ? 'exact' : 'sampled';
  }

  /** A legend (row → colour) when there is more than one line; data-color is the RGBA drawn. */
  private drawLegend(): void {
    this.legend.textContent = '';
    this.legend.hidden = this.extras.length === 0;
    if (this.legend.hidden) return;
    [this.row, ...this.extras.map((x) => x.row)].forEach((row, k) => {
      const item = el('div', 'npy-pic-legend-item', this.legend);
      const c = lineColor(this.root, k);
      const sw = el('span', 'npy-pic-legend-swatch', item);
      sw.style.background = `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${c[3] / 255})`;
      item.dataset.row = String(row);
      item.dataset.color = c.join(',');
      el('span', '', item).textContent = `${t('picRow')} ${row}`;
    });
  }

  reloaded(): void {
    this.pic = null;
    this.frame.loader.reset();
    for (const x of this.extras) {
      x.pic = null;
      x.loader.reset();
    }
  }

  clear(): void {
    this.frame.loader.reset();
    this.pic = null;
    this.setExtras([]);
    this.draw();
  }

  getState(): SavedLine {
    return { x0: this.x0, scale: this.scale, fitted: this.fitted, row: this.row, log: this.logBox.checked, more: this.extras.map((x) => x.row) };
  }

  focus(): void {
    this.stage.focus({ preventScroll: true });
  }

  dispose(): void {
    for (const x of this.extras) x.loader.reset();
    this.frame.dispose();
  }

  private layout(force = false): void {
    if (!this.frame.measure(force)) return;
    if (!(this.scale > 0) || this.fitted) this.fitScale();
    this.draw();
    this.frame.requestSoon(30);
  }

  private fitScale(): void {
    this.scale = this.plotW / Math.max(1, this.count);
    this.x0 = 0;
    this.fitted = true;
  }

  private fit(): void {
    this.fitScale();
    this.moved(true);
  }

  private clampX(): void {
    const minScale = this.plotW / Math.max(1, this.count);
    this.scale = Math.max(minScale, Math.min(256, this.scale));
    const span = this.plotW / this.scale;
    this.x0 = Math.max(0, Math.min(this.count - span, this.x0));
  }

  /** The x axis moved (`fitted`: to the fit; else the user moved it, and it stays so when the stage resizes). */
  private moved(fitted = false): void {
    this.fitted = fitted;
    this.clampX();
    this.draw();
    this.frame.requestSoon(80);
    this.ctx.stateChanged();
  }

  private request(): void {
    const s = this.shown;
    if (!s || this.count === 0 || this.w < 2) return;
    this.clampX();
    const start = Math.max(0, Math.floor(this.x0));
    const end = Math.min(this.count, Math.ceil(this.x0 + this.plotW / this.scale));
    const n = Math.max(1, end - start);
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.min(n, 8192, Math.ceil(n * this.scale * dpr)));
    const ask = (row: number) => ({
      generation: s.generation,
      kind: 'line' as const,
      view: viewToWire(s.view),
      region: { row0: String(row), rows: '1', col0: String(start), cols: String(n) },
      width,
      height: 1,
      reduce: 'max' as const,
    });
    const auto = (pic: Pic): boolean => pic.cols <= AUTO_EXACT_ELEMENTS;
    // The extra lines first: the first line's request stays the last one sent (tests and the cancel order).
    for (const x of this.extras) x.loader.load(ask(x.row), auto);
    this.frame.loader.load(ask(this.twoD ? this.row : 0), auto);
    this.canvas.dataset.level = 'sampled';
  }

  private onPicture(pic: Pic): void {
    this.pic = pic;
    this.levelAttr();
    this.frame.showLevel(
      pic.level === 'exact' ? (pic.block <= 1 ? t('picExact') : t('picExactLine')) : t('picSampledLine'),
      pic.level !== 'exact' && pic.cols > AUTO_EXACT_ELEMENTS,
    );
    this.repaint();
  }

  /** One y domain for every line: the union of their ranges. */
  private domain(): [number, number] | null {
    if (!this.pic) return null;
    const r = emptyRange();
    for (const p of [this.pic, ...this.extras.map((x) => x.pic)]) if (p) mergeRange(r, p.range);
    return lineDomain(r, this.logBox.checked);
  }

  /** Raster every line's envelope at its on-screen width into its offscreen canvas, then draw. */
  private repaint(): void {
    const domain = this.domain();
    if (this.pic && domain) {
      this.frame.setNote('');
      setAttr(this.canvas, 'data-domain', `${domain[0]},${domain[1]}`);
      this.raster(this.pic, domain, 0, this.offscreen);
      this.extras.forEach((x, k) => x.pic && this.raster(x.pic, domain, k + 1, x.offscreen));
    }
    this.draw();
  }

  private raster(pic: Pic, domain: [number, number], k: number, offscreen: HTMLCanvasElement): void {
    const dpr = window.devicePixelRatio || 1;
    const W = Math.max(1, Math.min(8192, Math.round(pic.cols * this.scale * dpr)));
    const H = Math.max(1, Math.round(this.plotH * dpr));
    const B = pic.width;
    const v = pic.values;
    const env: Envelope = {
      buckets: B,
      bins: evenBins(pic.cols, B),
      start: pic.col0,
      firstIndex: new Float64Array(0),
      first: v.subarray(0, B),
      lastIndex: new Float64Array(0),
      last: v.subarray(B, 2 * B),
      minIndex: new Float64Array(0),
      min: v.subarray(2 * B, 3 * B),
      maxIndex: new Float64Array(0),
      max: v.subarray(3 * B, 4 * B),
      range: pic.range,
      missing: 0,
    };
    try {
      const rgba = lineRgba(env, W, H, {
        domain,
        log: this.logBox.checked,
        color: lineColor(this.root, k),
        background: [0, 0, 0, 0],
      });
      offscreen.width = W;
      offscreen.height = H;
      const g = offscreen.getContext('2d')!;
      const img = g.createImageData(W, H);
      img.data.set(rgba);
      g.putImageData(img, 0, 0);
    } catch (e) {
      this.frame.setNote(t('picError', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  private draw(): void {
    const g = clearedContext(this.canvas);
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const style = getComputedStyle(this.root);
    const fg = style.getPropertyValue('--vscode-descriptionForeground').trim() || style.color;
    const grid = style.getPropertyValue('--vscode-panel-border').trim() || 'rgba(128,128,128,0.3)';
    g.font = `11px ${style.fontFamily}`;
    g.fillStyle = fg;
    g.strokeStyle = grid;
    g.lineWidth = 1;
    const L = MARGIN.left;
    const T = MARGIN.top;
    const pw = this.plotW;
    const ph = this.plotH;
    g.strokeRect(L + 0.5, T + 0.5, pw - 1, ph - 1);
    const domain = this.domain();
    if (domain) {
      const log = this.logBox.checked;
      const [lo, hi] = log ? [Math.log10(domain[0]), Math.log10(domain[1])] : domain;
      const ticks = log ? decadeTicks(domain[0], domain[1], 6) : niceTicks(domain[0], domain[1], 5);
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      // High contrast: the border colour is as strong as a line's, so the grid is dotted to stay apart from the data.
      if (document.body.classList.contains('vscode-high-contrast')) g.setLineDash([1, 3]);
      for (const v of ticks) {
        const y = T + (1 - ((log ? Math.log10(v) : v) - lo) / (hi - lo || 1)) * (ph - 1);
        g.fillText(tickText(v), L - 6, y);
        g.beginPath();
        g.moveTo(L, Math.round(y) + 0.5);
        g.lineTo(L + pw, Math.round(y) + 0.5);
        g.stroke();
      }
      g.setLineDash([]);
    }
    // x ticks: element indices along the line.
    const xs = niceTicks(this.x0, this.x0 + pw / this.scale, Math.max(2, Math.floor(pw / 90))).filter((v) => Number.isInteger(v));
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const v of xs) {
      const x = L + (v + 0.5 - this.x0) * this.scale;
      if (x < L || x > L + pw) continue;
      g.fillText(groupDigits(String(v)), x, T + ph + 5);
    }
    if (this.pic) {
      g.save();
      g.beginPath();
      g.rect(L, T, pw, ph);
      g.clip();
      g.imageSmoothingEnabled = false;
      // The first line last: on top where lines cross.
      for (const [pic, off] of [...this.extras.map((x) => [x.pic, x.offscreen] as const), [this.pic, this.offscreen] as const]) {
        if (pic) g.drawImage(off, L + (pic.col0 - this.x0) * this.scale, T, pic.cols * this.scale, ph);
      }
      g.restore();
    }
  }

  private bindInput(): void {
    const px = (e: MouseEvent): number => e.clientX - this.canvas.getBoundingClientRect().left - MARGIN.left;
    this.stage.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const x = px(e);
        const at = this.x0 + x / this.scale;
        this.scale *= Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
        this.clampX();
        this.x0 = at - x / this.scale;
        this.moved();
      },
      { passive: false },
    );
    this.stage.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, id: e.pointerId };
      this.stage.setPointerCapture(e.pointerId);
    });
    this.stage.addEventListener('pointermove', (e) => {
      if (this.drag?.id === e.pointerId) {
        const dx = e.clientX - this.drag.x;
        this.drag.x = e.clientX;
        if (dx) {
          this.x0 -= dx / this.scale;
          this.moved();
        }
      }
      this.onHover(px(e));
    });
    const end = (e: PointerEvent): void => {
      if (this.drag?.id === e.pointerId) this.drag = null;
    };
    this.stage.addEventListener('pointerup', end);
    this.stage.addEventListener('pointercancel', end);
    this.stage.addEventListener('dblclick', (e) => {
      const i = this.indexAt(px(e));
      if (i === null) return;
      if (this.twoD) this.ctx.showCell?.('grid', BigInt(this.row), BigInt(i));
      else this.ctx.showCell?.('grid', BigInt(i), 0n);
    });
    this.stage.addEventListener('keydown', (e) => {
      const k = e.key;
      if (k === '0') this.fit();
      else if (k === '+' || k === '=' || k === '-') {
        const mid = this.x0 + this.plotW / this.scale / 2;
        this.scale *= k === '-' ? 0.8 : 1.25;
        this.clampX();
        this.x0 = mid - this.plotW / this.scale / 2;
        this.moved();
      } else if (k === 'ArrowLeft' || k === 'ArrowRight') {
        this.x0 += ((k === 'ArrowLeft' ? -40 : 40) * 1) / this.scale;
        this.moved();
      } else return;
      e.preventDefault();
    });
  }

  private indexAt(x: number): number | null {
    if (x < 0 || x >= this.plotW) return null;
    const i = Math.floor(this.x0 + x / this.scale);
    return i >= 0 && i < this.count ? i : null;
  }

  private onHover(x: number): void {
    const s = this.shown;
    const i = this.indexAt(x);
    if (!s || i === null) return this.frame.hoverSoon(null);
    // Every line's element at this x; the first line's last, so the text ends with its index and value.
    const rows = this.twoD ? [...this.extras.map((x) => x.row), this.row] : [0];
    const indices = rows.map((r) => (this.twoD ? arrayIndex(s.view, r, i) : arrayIndex(s.view, i, 0)));
    this.frame.hoverSoon(async () => {
      const texts = await Promise.all(indices.map((index) => elementText(this.ctx.channel, s.generation, s.dtype, index, null, t('picMissing'))));
      return texts.map((text, k) => `${indexText(indices[k])} ${text}`).join(' · ');
    });
  }
}
