// The grid's own scrollbars. Browsers cap an element's height near 33 M px, so the grid never scrolls a real
// overflow: each bar is a track of a few hundred pixels whose thumb maps to and from the BigInt index of the first
// row (or column) through scrollMath.ts. Dragging the thumb moves the view; clicking the track pages towards the
// click.
import { div } from '../../dom';
import { clampStart, pageTowards, startToThumb, thumbMetrics, thumbToStart } from './scrollMath';
import type { GridModel } from './types';

/** What the scrollbars read and move: the grid (see grid.ts). */
export interface ScrollTarget {
  readonly model: GridModel | null;
  top: bigint;
  left: bigint;
  /** Rows / columns fully visible. */
  readonly fullRows: number;
  readonly fullCols: number;
  /** Largest useful `left`: the one that shows the last column at the right edge. */
  maxLeft(): bigint;
  /** Position changed: tell the listeners and redraw. */
  changed(): void;
}

export class Scrollbars {
  private readonly vTrack: HTMLDivElement;
  private readonly vThumb: HTMLDivElement;
  private readonly hTrack: HTMLDivElement;
  private readonly hThumb: HTMLDivElement;

  /** Adds the two tracks and the corner to `host` (the grid element, which gets the `npy-no-*scroll` classes). */
  constructor(
    private readonly host: HTMLElement,
    private readonly g: ScrollTarget,
  ) {
    this.vTrack = div('npy-scroll npy-vscroll', host);
    this.vThumb = div('npy-thumb', this.vTrack);
    this.hTrack = div('npy-scroll npy-hscroll', host);
    this.hThumb = div('npy-thumb', this.hTrack);
    div('npy-scroll-corner', host);
    this.vTrack.setAttribute('aria-hidden', 'true');
    this.hTrack.setAttribute('aria-hidden', 'true');
    this.setup(this.vTrack, this.vThumb, 'v');
    this.setup(this.hTrack, this.hThumb, 'h');
  }

  private setup(track: HTMLDivElement, thumb: HTMLDivElement, dir: 'v' | 'h'): void {
    const g = this.g;
    let drag: { start: number; thumbAt: number; id: number } | null = null;
    const pos = (e: PointerEvent): number => (dir === 'v' ? e.clientY : e.clientX);
    const trackLen = (): number => (dir === 'v' ? track.clientHeight : track.clientWidth);
    thumb.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      const at = parseFloat(dir === 'v' ? thumb.style.top : thumb.style.left) || 0;
      drag = { start: pos(e), thumbAt: at, id: e.pointerId };
      thumb.setPointerCapture(e.pointerId);
      thumb.classList.add('active');
    });
    thumb.addEventListener('pointermove', (e) => {
      const m = g.model;
      if (!drag || !m) return;
      const px = drag.thumbAt + pos(e) - drag.start;
      if (dir === 'v') g.top = thumbToStart(px, m.rows, g.fullRows, trackLen());
      else g.left = this.hThumbToLeft(m, px, trackLen());
      g.changed();
    });
    const end = (): void => {
      drag = null;
      thumb.classList.remove('active');
    };
    thumb.addEventListener('pointerup', end);
    thumb.addEventListener('pointercancel', end);
    track.addEventListener('pointerdown', (e) => {
      const m = g.model;
      if (!m || e.target !== track || e.button !== 0) return;
      e.preventDefault();
      const rect = track.getBoundingClientRect();
      const click = dir === 'v' ? e.clientY - rect.top : e.clientX - rect.left;
      const at = parseFloat(dir === 'v' ? thumb.style.top : thumb.style.left) || 0;
      const len = dir === 'v' ? thumb.offsetHeight : thumb.offsetWidth;
      if (dir === 'v') {
        g.top = clampStart(pageTowards(g.top, click, at, len, g.fullRows - 1), m.rows, g.fullRows);
      } else {
        const l = pageTowards(g.left, click, at, len, g.fullCols);
        const max = g.maxLeft();
        g.left = l < 0n ? 0n : l > max ? max : l;
      }
      g.changed();
    });
  }

  private hThumbToLeft(m: GridModel, px: number, track: number): bigint {
    const max = this.g.maxLeft();
    // Map over 0..max: visible = cols − max so that maxStart(cols, visible) = max.
    const visible = Number(m.cols - max);
    return thumbToStart(px, m.cols, visible, track);
  }

  /** Size and place the thumbs for the grid's current position (hidden when everything fits). */
  render(): void {
    const m = this.g.model;
    if (!m) return;
    const g = this.g;
    const vLen = this.vTrack.clientHeight;
    const vm = thumbMetrics(m.rows, g.fullRows, vLen);
    this.host.classList.toggle('npy-no-vscroll', !vm.scrollable);
    if (vm.scrollable) {
      this.vThumb.style.height = `${vm.thumb}px`;
      this.vThumb.style.top = `${startToThumb(g.top, m.rows, g.fullRows, vLen)}px`;
    }
    const maxL = m.cols > 0n ? g.maxLeft() : 0n;
    const hLen = this.hTrack.clientWidth;
    const visible = Number(m.cols - maxL);
    const hm = thumbMetrics(m.cols, visible, hLen);
    this.host.classList.toggle('npy-no-hscroll', !hm.scrollable || maxL === 0n);
    if (hm.scrollable) {
      this.hThumb.style.width = `${hm.thumb}px`;
      this.hThumb.style.left = `${startToThumb(g.left, m.cols, visible, hLen)}px`;
    }
  }
}
