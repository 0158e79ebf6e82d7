// The frame every drawn picture view (heatmap, image, line) shares, so each view keeps only what is its own: the
// control bar (the view's controls, then Fit / Export PNG / Copy picture), the stage with its canvas, the foot
// (value under the cursor, level text, Refine, note), the loader wiring (sampled, then exact; Refine again after
// the exact pass was cancelled; errors in the note), the debounced request, the hover sequence, and the Export / Copy buttons (pictureActions.ts).
import type { ArrayInfo } from '../../../src/shared/protocol';
import { el, setText } from '../../dom';
import { t } from '../../strings';
import type { ViewContext } from '../registry';
import { PictureLoader, type Pic } from './picture';
import { addPictureButtons, pictureStem } from './pictureActions';
import { button } from './widgets';

export type PictureKind = 'heatmap' | 'image' | 'line';

export interface FrameHooks {
  /** A reply for the frame loader's latest request. */
  picture(pic: Pic): void;
  /** The frame loader's requests in flight changed. */
  pending(n: number): void;
  /** The stage's size may have changed (ResizeObserver). */
  resized(): void;
  /** The debounced request is due (see `requestSoon`). */
  request(): void;
  /** The Fit button. */
  fit(): void;
  /** The array shown (names the exported file), if any. */
  info(): ArrayInfo | undefined;
  /** Refine was pressed: called before the frame's loader refines (views with more loaders refine them here). */
  refine?(): void;
}

/** How long the pointer rests before the value under it is asked for. */
const HOVER_DELAY_MS = 40;

export class PictureFrame {
  readonly root: HTMLDivElement;
  /** The control bar: the view adds its controls, then `addActions` puts Fit / Export / Copy after them. */
  readonly bar: HTMLDivElement;
  /** The stage's row: a view may add a side panel after the stage (the colourbar). */
  readonly main: HTMLDivElement;
  /** Takes the pointer and the keys; a view may add overlays after the canvas (box, legend). */
  readonly stage: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly loader: PictureLoader;
  /** The stage's client size in CSS pixels, as the last `measure` found it. */
  w = 0;
  h = 0;
  private readonly hover: HTMLSpanElement;
  private readonly levelText: HTMLSpanElement;
  private readonly refineButton: HTMLButtonElement;
  private readonly note: HTMLSpanElement;
  private readonly resize: ResizeObserver;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverSeq = 0;

  constructor(
    container: HTMLElement,
    private readonly ctx: ViewContext,
    private readonly kind: PictureKind,
    private readonly hooks: FrameHooks,
  ) {
    this.root = el('div', `npy-pic npy-pic-${kind}`, container);
    this.bar = el('div', 'npy-pic-bar', this.root);
    this.main = el('div', 'npy-pic-main', this.root);
    this.stage = el('div', 'npy-pic-stage', this.main);
    this.stage.tabIndex = 0;
    this.canvas = el('canvas', 'npy-pic-canvas', this.stage);
    this.canvas.dataset.picture = kind;
    this.canvas.dataset.level = 'sampled';
    this.canvas.setAttribute('role', 'img');
    const foot = el('div', 'npy-pic-foot', this.root);
    this.hover = el('span', 'npy-pic-hover', foot);
    this.hover.setAttribute('data-hover-value', '');
    this.levelText = el('span', 'npy-pic-level', foot);
    // In the foot, whose height is fixed: showing it must not move the picture (that would ask again).
    this.refineButton = button(foot, 'npy-pic-refine', t('picRefine'));
    this.refineButton.hidden = true;
    this.refineButton.addEventListener('click', () => {
      this.refineButton.hidden = true;
      this.hooks.refine?.();
      this.loader.refine();
    });
    this.note = el('span', 'npy-pic-note', foot);
    this.loader = new PictureLoader(ctx.channel, {
      picture: (pic) => hooks.picture(pic),
      refineCancelled: () => {
        this.refineButton.hidden = false;
      },
      error: (m) => {
        this.setNote(t('picError', { message: m }));
        this.ctx.rendered(0, 1);
      },
      pending: (n) => hooks.pending(n),
    });
    this.resize = new ResizeObserver(() => hooks.resized());
    this.resize.observe(this.stage);
  }

  /** Fit, Export PNG and Copy picture, after the view's own controls. */
  addActions(): void {
    button(this.bar, 'npy-pic-fit', t('picFit'), t('picFitTitle')).addEventListener('click', () => this.hooks.fit());
    addPictureButtons(this.bar, this.ctx, this.canvas, () => {
      const info = this.hooks.info();
      return `${pictureStem(info?.entryName ?? info?.fileName)}.${this.kind}.png`;
    });
  }

  /** Read the stage's size and size the canvas to it in device pixels; false when nothing changed (and not forced). */
  measure(force: boolean): boolean {
    // The canvas fills the stage inside its border: the client size.
    const w = Math.max(1, this.stage.clientWidth);
    const h = Math.max(1, this.stage.clientHeight);
    if (!force && w === this.w && h === this.h) return false;
    this.w = w;
    this.h = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    return true;
  }

  /** Ask (hooks.request) once the view has been still for `ms`: a drag or a settling layout asks once, at its end. */
  requestSoon(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hooks.request(), ms);
  }

  /** The level text, and Refine shown when the picture could be refined but is not refined by itself. */
  showLevel(text: string, refinable: boolean, refineTitle = ''): void {
    setText(this.levelText, text);
    this.refineButton.hidden = !refinable;
    if (refinable && refineTitle) this.refineButton.title = refineTitle;
  }

  setNote(text: string): void {
    setText(this.note, text);
  }

  /**
   * The value under the cursor: `text` is asked for once the pointer rests, and shown unless the pointer moved on
   * to another element by then. null: the pointer is off the picture (the text shown stays).
   */
  hoverSoon(text: (() => Promise<string>) | null): void {
    clearTimeout(this.hoverTimer);
    if (!text) return;
    const seq = ++this.hoverSeq;
    this.hoverTimer = setTimeout(() => {
      text().then(
        (s) => {
          if (seq === this.hoverSeq) setText(this.hover, s);
        },
        () => undefined,
      );
    }, HOVER_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.hoverTimer);
    this.resize.disconnect();
    this.loader.reset();
    this.root.remove();
  }
}
