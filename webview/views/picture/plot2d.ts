// The 2-D picture view (heatmap and image share it): a canvas showing a region of the view, zoomed with the wheel
// and panned by dragging; each move redraws the picture it has at once (scaled) and asks the host for the
// region at the new resolution (sampled, then exact), until one pixel is one element. Colour is the Coloring's
// job (values → RGBA in the webview, so a colormap change recolours without asking the host). The value under
// the cursor is numpy's str() of the element, fetched as a one-element tile.
import type { ViewSpec } from '../../../src/npy/view';
import type { Reduce } from '../../../src/picture/geometry';
import { viewToWire } from '../../../src/shared/protocol';
import { el, setAttr } from '../../dom';
import { t } from '../../strings';
import { groupDigits } from '../../text';
import type { MountedView, ShownView, ViewContext, WholeAxis } from '../registry';
import { arrayIndex, elementText, indexText } from './cellText';
import { PictureFrame } from './frame';
import { AUTO_EXACT_ELEMENTS, type Pic } from './picture';
import { boxViewport, clampViewport, elementAt, fitViewport, panBy, pixelSize, rowScale, visibleRegion, zoomAt, type Viewport } from './viewport';
import { checkbox, clearedContext, labelled, select } from './widgets';
import { RobustDomain } from './robust';
import { visibleRange } from './visibleRange';

/** What a 2-D view draws from a ShownView: a view spec for the host, its shape, and channels (image). */
export interface PictureTarget {
  spec: ViewSpec;
  rows: number;
  cols: number;
  channels: number;
}

export interface Coloring {
  readonly kind: 'heatmap' | 'image';
  /** The reduce the view starts with. */
  readonly defaultReduce: Reduce;
  /** false: no colourbar beside the stage (the side panel stays hidden from the start). */
  readonly colorbar?: boolean;
  /** Build the controls; `recolor` after a change of colour only. */
  controls(bar: HTMLElement, recolor: () => void): void;
  /** What to draw for a shown view, or the message why it cannot be drawn. */
  target(s: ShownView): PictureTarget | string;
  /** RGBA bytes of a picture; `range` is what is known of the data (for the default domain). */
  paint(pic: Pic, range: Pic['range'], out: Uint8ClampedArray, visible?: Pic['range']): void;
  /** Attributes of the canvas and the side panel (colourbar) after painting; returns an error text or ''. */
  decorate(canvas: HTMLCanvasElement, side: HTMLElement): string;
  getState(): Record<string, unknown>;
  setState(s: Record<string, unknown> | undefined): void;
  /** The domain from the view's percentiles 1–99 is chosen: the view asks the statistics pass for them. */
  wantsRobust?(): boolean;
  /** The view's percentiles 1 and 99 (null: not known, or none). */
  setRobust?(domain: [number, number] | null): void;
  /** The axis drawn whole (an image's channels), as the N-D controls show it. */
  wholeAxis?(shape: readonly bigint[]): WholeAxis | null;
}

export type Aspect = 'equal' | 'fill';

interface SavedPlot {
  vp?: Viewport;
  /** The viewport is the fit (not moved since): it fits again to the stage's size. */
  fitted?: boolean;
  reduce?: Reduce;
  coloring?: Record<string, unknown>;
  aspect?: Aspect;
  flipV?: boolean;
  flipH?: boolean;
}

const ZOOM_STEP = 1.25;

export class Plot2D implements MountedView {
  private readonly frame: PictureFrame;
  private readonly root: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly side: HTMLDivElement;
  private readonly reduceSelect: HTMLSelectElement;
  private readonly aspectSelect: HTMLSelectElement;
  private readonly flipVBox: HTMLInputElement;
  private readonly flipHBox: HTMLInputElement;
  private readonly boxEl: HTMLDivElement;
  private readonly robust: RobustDomain;
  private readonly offscreen = document.createElement('canvas');

  private shown: ShownView | null = null;
  private target: PictureTarget | null = null;
  private vp: Viewport | null = null;
  /** The viewport is the fit and the user has not moved it: a resized stage fits it again (the panels settle after mounting). */
  private fitted = false;
  private pic: Pic | null = null;
  /** The best data range seen for the whole view (the default colour domain), else that of the picture shown. */
  private wholeRange: Pic['range'] | null = null;
  private picKey = '';
  private pending = 0;
  private drag: { x: number; y: number; id: number } | null = null;
  /** A shift-drag: the box's first corner (canvas CSS point as shown, flips included). */
  private box: { x: number; y: number; id: number; bx: number; by: number } | null = null;
  readonly testHooks: Record<string, unknown>;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
    private readonly coloring: Coloring,
  ) {
    this.frame = new PictureFrame(container, ctx, coloring.kind, {
      picture: (pic) => this.onPicture(pic),
      pending: (n) => {
        this.pending = n;
        this.ctx.rendered(n, 1);
      },
      resized: () => this.layout(),
      request: () => this.request(),
      fit: () => this.fit(),
      info: () => this.shown?.info,
    });
    const { root, bar, main, stage, canvas } = this.frame;
    this.root = root;
    this.stage = stage;
    this.canvas = canvas;
    coloring.controls(bar, () => {
      this.askRobust();
      this.repaint();
    });
    this.aspectSelect = select(
      labelled(bar, t('picAspect')),
      'npy-pic-aspect',
      [
        ['equal', t('picAspectEqual')],
        ['fill', t('picAspectFill')],
      ],
      'equal',
    );
    this.aspectSelect.addEventListener('change', () => this.fit());
    this.flipVBox = checkbox(bar, 'npy-pic-flip-v', t('picFlipV'), false);
    this.flipHBox = checkbox(bar, 'npy-pic-flip-h', t('picFlipH'), false);
    for (const b of [this.flipVBox, this.flipHBox]) {
      b.addEventListener('change', () => {
        this.flipAttr();
        this.draw();
        this.ctx.stateChanged();
      });
    }
    const reduceLabel = el('label', 'npy-pic-field', bar);
    el('span', 'npy-pic-label', reduceLabel).textContent = t('picReduce');
    this.reduceSelect = select(
      reduceLabel,
      'npy-pic-reduce',
      [
        ['max', t('picReduceMax')],
        ['min', t('picReduceMin')],
        ['mean', t('picReduceMean')],
      ],
      coloring.defaultReduce,
    );
    this.reduceSelect.addEventListener('change', () => {
      this.ctx.stateChanged();
      this.request();
    });
    this.frame.addActions();

    this.canvas.dataset.aspect = 'equal';
    this.canvas.dataset.flip = '';
    this.boxEl = el('div', 'npy-pic-box', this.stage);
    this.boxEl.hidden = true;
    this.side = el('div', 'npy-pic-side', main);
    // Hidden before the first picture too: a panel hidden later widens the stage after the picture was fitted to it.
    this.side.hidden = coloring.colorbar === false;
    this.robust = new RobustDomain(ctx.channel, (domain) => {
      this.coloring.setRobust?.(domain);
      this.repaint();
    });
    this.bindInput();
    this.testHooks = { picture: this };
  }

  // ---- MountedView ----

  setView(s: ShownView): void {
    const sameData = this.shown !== null && s.keep && this.shown.generation === s.generation;
    this.shown = s;
    const target = this.coloring.target(s);
    const saved = s.state as SavedPlot | undefined;
    if (saved && !sameData) {
      if (saved.reduce && ['max', 'min', 'mean'].includes(saved.reduce)) this.reduceSelect.value = saved.reduce;
      this.coloring.setState(saved.coloring);
      if (saved.aspect === 'equal' || saved.aspect === 'fill') this.aspectSelect.value = saved.aspect;
      this.flipVBox.checked = saved.flipV === true;
      this.flipHBox.checked = saved.flipH === true;
      this.flipAttr();
    }
    if (typeof target === 'string') {
      this.target = null;
      this.pic = null;
      this.frame.loader.reset();
      this.frame.setNote(target);
      this.draw();
      this.ctx.rendered(0, 1);
      return;
    }
    if (this.ctx.setSpec && JSON.stringify(viewToWire(target.spec)) !== JSON.stringify(viewToWire(s.view))) {
      // The image drew other axes than the controls showed: show those (setView comes back with them).
      const spec = target.spec;
      queueMicrotask(() => this.ctx.setSpec?.(spec));
    }
    const changed = !this.target || JSON.stringify(viewToWire(target.spec)) !== JSON.stringify(viewToWire(this.target.spec)) || !sameData;
    this.target = target;
    this.frame.setNote('');
    this.canvas.setAttribute('aria-label', t('picLabel', { kind: this.coloring.kind === 'heatmap' ? t('viewHeatmap') : t('viewImage') }));
    this.ctx.setStatus(t('statusRows', { rows: groupDigits(String(target.rows)), cols: groupDigits(String(target.cols)) }));
    if (changed) {
      this.pic = null;
      this.wholeRange = null;
      this.frame.loader.reset();
      this.vp = saved?.vp && Number.isFinite(saved.vp.scale) && saved.vp.scale > 0 ? { ...saved.vp } : null;
      this.fitted = this.vp === null || saved?.fitted === true;
      this.robust.reset();
      this.coloring.setRobust?.(null);
    }
    this.askRobust();
    this.layout(true);
  }

  reloaded(): void {
    this.pic = null;
    this.wholeRange = null;
    this.frame.loader.reset();
    this.robust.reset();
  }

  clear(): void {
    this.frame.loader.reset();
    this.robust.reset();
    this.pic = null;
    this.target = null;
    this.draw();
  }

  getState(): SavedPlot {
    return {
      vp: this.vp ?? undefined,
      fitted: this.fitted,
      reduce: this.reduceSelect.value as Reduce,
      coloring: this.coloring.getState(),
      aspect: this.aspect,
      flipV: this.flipVBox.checked,
      flipH: this.flipHBox.checked,
    };
  }

  focus(): void {
    this.stage.focus({ preventScroll: true });
  }

  wholeAxis(shape: readonly bigint[]): WholeAxis | null {
    return this.coloring.wholeAxis?.(shape) ?? null;
  }

  dispose(): void {
    this.robust.reset();
    this.frame.dispose();
  }

  private get aspect(): Aspect {
    return this.aspectSelect.value === 'fill' ? 'fill' : 'equal';
  }

  private flipAttr(): void {
    this.canvas.dataset.flip = [this.flipVBox.checked ? 'v' : '', this.flipHBox.checked ? 'h' : ''].filter(Boolean).join(',');
  }

  /** A canvas point as shown (flips included) → the point of the unflipped picture the viewport speaks of. */
  private unflip(p: { x: number; y: number }): { x: number; y: number } {
    return { x: this.flipHBox.checked ? this.w - p.x : p.x, y: this.flipVBox.checked ? this.h - p.y : p.y };
  }

  /** Robust domain chosen: the view's percentiles from the statistics pass (the host caches them). */
  private askRobust(): void {
    const s = this.shown;
    if (!s || !this.target || !this.coloring.wantsRobust?.()) return;
    this.robust.want(s, this.target.spec);
  }

  // ---- layout, viewport, requests ----

  private layout(force = false): void {
    if (!this.frame.measure(force)) return;
    this.canvas.dataset.aspect = this.aspect;
    if (this.target && (!this.vp || this.fitted)) {
      this.vp = fitViewport(this.target.rows, this.target.cols, this.w, this.h, this.aspect === 'fill');
      this.fitted = true;
    }
    this.draw();
    // The panels around settle within a frame or two after mounting (a resize follows): ask once, for the last size.
    this.frame.requestSoon(30);
  }

  private get w(): number {
    return this.frame.w;
  }

  private get h(): number {
    return this.frame.h;
  }

  private minScale(): number {
    const t0 = this.target!;
    return Math.min(this.w / t0.cols, this.h / t0.rows) / 4;
  }

  private fit(): void {
    if (!this.target) return;
    this.canvas.dataset.aspect = this.aspect;
    this.setViewport(fitViewport(this.target.rows, this.target.cols, this.w, this.h, this.aspect === 'fill'), true);
  }

  /** Show `vp` (clamped); `fitted`: it is the fit, else the user moved it (it then stays as it is when the stage resizes). */
  private setViewport(vp: Viewport, fitted = false): void {
    if (!this.target) return;
    this.vp = clampViewport(vp, this.target.rows, this.target.cols, this.w, this.h);
    this.fitted = fitted;
    this.draw();
    this.frame.requestSoon(80);
    this.ctx.stateChanged();
  }

  private request(): void {
    const { target, vp, shown } = this;
    if (!target || !vp || !shown || this.w < 2 || this.h < 2) return;
    const region = visibleRegion(vp, target.rows, target.cols, this.w, this.h);
    if (!region) return;
    const size = pixelSize(region, vp, window.devicePixelRatio || 1);
    const ask = {
      generation: shown.generation,
      kind: this.coloring.kind,
      view: viewToWire(target.spec),
      region: { row0: String(region.row0), rows: String(region.rows), col0: String(region.col0), cols: String(region.cols) },
      width: size.width,
      height: size.height,
      reduce: this.reduceSelect.value as Reduce,
      channels: target.channels,
    };
    this.frame.loader.load(ask, (pic) => pic.rows * pic.cols <= AUTO_EXACT_ELEMENTS);
    if (this.frame.loader.currentKey !== this.picKey) this.canvas.dataset.level = 'sampled';
  }

  private onPicture(pic: Pic): void {
    this.pic = pic;
    this.picKey = this.frame.loader.currentKey;
    const t0 = this.target!;
    if (pic.row0 === 0 && pic.col0 === 0 && pic.rows === t0.rows && pic.cols === t0.cols && (!this.wholeRange || pic.level === 'exact')) {
      this.wholeRange = pic.range;
    }
    this.canvas.dataset.level = pic.level;
    const reduce = this.reduceSelect.selectedOptions[0]?.textContent ?? '';
    this.frame.showLevel(
      pic.level === 'exact' ? (pic.block === 1 ? t('picExact') : t('picExactReduced', { reduce, block: pic.block })) : t('picSampled', { block: pic.block }),
      pic.level !== 'exact' && pic.rows * pic.cols > AUTO_EXACT_ELEMENTS,
      t('picRefineTitle', { size: `${groupDigits(String(pic.rows * pic.cols))} elements` }),
    );
    this.repaint();
  }

  /** Colour the picture into the offscreen canvas, then draw. */
  private repaint(): void {
    const pic = this.pic;
    this.ctx.stateChanged();
    if (!pic) {
      this.draw();
      return;
    }
    this.offscreen.width = pic.width;
    this.offscreen.height = pic.height;
    const g = this.offscreen.getContext('2d')!;
    const img = g.createImageData(pic.width, pic.height);
    let err = '';
    try {
      const region = this.vp && this.target ? visibleRegion(this.vp, this.target.rows, this.target.cols, this.w, this.h) : null;
      this.coloring.paint(pic, this.wholeRange ?? pic.range, img.data, region ? visibleRange(pic, region) : undefined);
    } catch (e) {
      err = e instanceof Error ? e.message : String(e);
    }
    g.putImageData(img, 0, 0);
    err ||= this.coloring.decorate(this.canvas, this.side);
    this.frame.setNote(err);
    this.draw();
  }

  private draw(): void {
    const g = clearedContext(this.canvas);
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    const { vp, target, pic } = this;
    if (!vp || !target) return;
    // Flips mirror the drawing about the canvas's middle; the viewport itself never flips.
    const fh = this.flipHBox.checked;
    const fv = this.flipVBox.checked;
    g.setTransform(fh ? -dpr : dpr, 0, 0, fv ? -dpr : dpr, fh ? this.w * dpr : 0, fv ? this.h * dpr : 0);
    const ys = rowScale(vp);
    const ax = -vp.x0 * vp.scale;
    const ay = -vp.y0 * ys;
    g.save();
    g.beginPath();
    g.rect(ax, ay, target.cols * vp.scale, target.rows * ys);
    g.clip();
    // Under the picture a faint check: NaN pixels are transparent and show it, apart from every colour of the maps.
    g.fillStyle = this.checker(g);
    g.fillRect(ax, ay, target.cols * vp.scale, target.rows * ys);
    if (pic) {
      g.imageSmoothingEnabled = false;
      // The last block of an axis may be shorter than `block`: the clip to the view's extent cuts it right.
      g.drawImage(this.offscreen, (pic.col0 - vp.x0) * vp.scale, (pic.row0 - vp.y0) * ys, pic.width * pic.block * vp.scale, pic.height * pic.block * ys);
    }
    g.restore();
  }

  private pattern: { color: string; pattern: CanvasPattern } | null = null;

  private checker(g: CanvasRenderingContext2D): CanvasPattern | string {
    const color = getComputedStyle(this.root).getPropertyValue('--vscode-editorIndentGuide-background1').trim() || 'rgba(128, 128, 128, 0.3)';
    if (this.pattern?.color !== color) {
      const c = document.createElement('canvas');
      c.width = c.height = 8;
      const pg = c.getContext('2d')!;
      pg.fillStyle = color;
      pg.fillRect(0, 0, 4, 4);
      pg.fillRect(4, 4, 4, 4);
      const pattern = g.createPattern(c, 'repeat');
      if (!pattern) return color;
      this.pattern = { color, pattern };
    }
    return this.pattern.pattern;
  }

  // ---- input ----

  private bindInput(): void {
    const pos = (e: MouseEvent): { x: number; y: number } => {
      const r = this.canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    this.stage.addEventListener(
      'wheel',
      (e) => {
        if (!this.vp || !this.target) return;
        e.preventDefault();
        const p = this.unflip(pos(e));
        const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
        this.setViewport(zoomAt(this.vp, p.x, p.y, factor, this.minScale()));
      },
      { passive: false },
    );
    this.stage.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      if (e.shiftKey && this.vp) {
        // Shift-drag: a box to zoom into.
        const p = pos(e);
        this.box = { x: p.x, y: p.y, bx: p.x, by: p.y, id: e.pointerId };
        this.stage.setPointerCapture(e.pointerId);
        this.showBox();
        return;
      }
      this.drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
      this.stage.setPointerCapture(e.pointerId);
      this.stage.classList.add('npy-pic-dragging');
    });
    this.stage.addEventListener('pointermove', (e) => {
      if (this.box && this.box.id === e.pointerId) {
        const p = pos(e);
        this.box.bx = p.x;
        this.box.by = p.y;
        this.showBox();
      } else if (this.drag && this.drag.id === e.pointerId && this.vp) {
        const dx = (e.clientX - this.drag.x) * (this.flipHBox.checked ? -1 : 1);
        const dy = (e.clientY - this.drag.y) * (this.flipVBox.checked ? -1 : 1);
        this.drag.x = e.clientX;
        this.drag.y = e.clientY;
        if (dx || dy) this.setViewport(panBy(this.vp, dx, dy));
      }
      this.onHover(pos(e));
    });
    const endDrag = (e: PointerEvent): void => {
      if (this.box?.id === e.pointerId) {
        this.endBox(e.type === 'pointerup');
        return;
      }
      if (this.drag?.id !== e.pointerId) return;
      this.drag = null;
      this.stage.classList.remove('npy-pic-dragging');
    };
    this.stage.addEventListener('pointerup', endDrag);
    this.stage.addEventListener('pointercancel', endDrag);
    this.stage.addEventListener('dblclick', (e) => {
      const q = this.unflip(pos(e));
      const cell = this.vp && this.target ? elementAt(this.vp, q.x, q.y, this.target.rows, this.target.cols) : null;
      if (cell) this.ctx.showCell?.('grid', BigInt(cell.row), BigInt(cell.col));
    });
    this.stage.addEventListener('keydown', (e) => {
      if (!this.vp) return;
      const zoom = (f: number): void => this.setViewport(zoomAt(this.vp!, this.w / 2, this.h / 2, f, this.minScale()));
      // Arrows move the picture as drawn: a flip mirrors the direction in the viewport.
      const sx = this.flipHBox.checked ? -40 : 40;
      const sy = this.flipVBox.checked ? -40 : 40;
      const keys: Record<string, () => void> = {
        '+': () => zoom(ZOOM_STEP),
        '=': () => zoom(ZOOM_STEP),
        '-': () => zoom(1 / ZOOM_STEP),
        '0': () => this.fit(),
        ArrowLeft: () => this.setViewport(panBy(this.vp!, sx, 0)),
        ArrowRight: () => this.setViewport(panBy(this.vp!, -sx, 0)),
        ArrowUp: () => this.setViewport(panBy(this.vp!, 0, sy)),
        ArrowDown: () => this.setViewport(panBy(this.vp!, 0, -sy)),
      };
      const f = keys[e.key];
      if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        f();
      }
    });
  }

  private onHover(p: { x: number; y: number }): void {
    const { vp, target, shown } = this;
    if (!vp || !target || !shown) return;
    const q = this.unflip(p);
    const cell = elementAt(vp, q.x, q.y, target.rows, target.cols);
    if (!cell) return this.frame.hoverSoon(null);
    const image = target.channels > 1;
    const index = arrayIndex(target.spec, cell.row, cell.col, image);
    const last = image ? { size: BigInt(target.channels) } : null;
    this.frame.hoverSoon(async () => `${indexText(index)} ${await elementText(this.ctx.channel, shown.generation, shown.dtype, index, last, t('picMissing'))}`);
  }

  private showBox(): void {
    const b = this.box;
    this.boxEl.hidden = !b;
    if (!b) return;
    this.boxEl.style.left = `${Math.min(b.x, b.bx)}px`;
    this.boxEl.style.top = `${Math.min(b.y, b.by)}px`;
    this.boxEl.style.width = `${Math.abs(b.bx - b.x)}px`;
    this.boxEl.style.height = `${Math.abs(b.by - b.y)}px`;
  }

  /** A shift-drag ended: zoom so the box fills the canvas (a box of a few pixels is a click, and does nothing). */
  private endBox(apply: boolean): void {
    const b = this.box;
    this.box = null;
    this.showBox();
    if (!b || !apply || !this.vp || Math.abs(b.bx - b.x) < 4 || Math.abs(b.by - b.y) < 4) return;
    const p = this.unflip(b);
    const q = this.unflip({ x: b.bx, y: b.by });
    this.setViewport(boxViewport(this.vp, p.x, p.y, q.x, q.y, this.w, this.h, this.aspect === 'fill'));
  }

  /** For tests: the picture shown and the pending requests. */
  get state(): { pic: Pic | null; pending: number; vp: Viewport | null } {
    return { pic: this.pic, pending: this.pending, vp: this.vp };
  }

  /** Set an attribute on the canvas (the Coloring's). */
  setCanvasAttr(name: string, value: string | null): void {
    setAttr(this.canvas, name, value);
  }
}
