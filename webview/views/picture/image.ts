// The image's colour: a view whose array has 3 or 4 entries on its last axis is RGB(A) (the channel axis leaves
// the N-D controls' rows/columns: the two axes before it are shown), any other view of uint8 is grey. uint8 is
// drawn as it is; other dtypes through a domain (the data's min/max, or typed lo,hi), as the CLI's render does.
import type { Dtype } from '../../../src/npy/types';
import type { AxisSelection, ViewSpec } from '../../../src/npy/view';
import { defaultDomain } from '../../../src/picture/render';
import type { DataRange } from '../../../src/picture/geometry';
import { imageRgba } from '../../../src/picture/image';
import { setAttr } from '../../dom';
import { t } from '../../strings';
import type { ShownView, WholeAxis } from '../registry';
import type { Pic } from './picture';
import type { Coloring, PictureTarget } from './plot2d';
import { labelled, parseDomainText, textInput } from './widgets';

/** Channels on the last axis (3 or 4), or 1. */
export function imageChannels(shape: readonly bigint[]): number {
  const n = shape.length;
  return n >= 3 && (shape[n - 1] === 3n || shape[n - 1] === 4n) ? Number(shape[n - 1]) : 1;
}

export function isUint8(dtype: Dtype): boolean {
  return dtype.type === 'scalar' && dtype.kind === 'u' && dtype.itemsize === 1;
}

/**
 * The image view of a ViewSpec: the channel axis indexed at 0 (the host reads all channels from there), rows and
 * columns on other axes (the two before the channels when the spec showed the channel axis).
 */
export function imageSpec(spec: ViewSpec, shape: readonly bigint[]): ViewSpec {
  const n = shape.length;
  const axes: AxisSelection[] = spec.axes.slice();
  let { rowAxis, colAxis } = spec;
  const full = (a: number): AxisSelection => ({ kind: 'range', start: 0n, step: 1n, count: shape[a] });
  if (rowAxis === null || colAxis === null || rowAxis === n - 1 || colAxis === n - 1) {
    rowAxis = n - 3;
    colAxis = n - 2;
    for (const a of [rowAxis, colAxis]) if (axes[a].kind !== 'range') axes[a] = full(a);
    for (let a = 0; a < n - 1; a++) {
      const s = axes[a];
      if (a !== rowAxis && a !== colAxis && s.kind === 'range') axes[a] = { kind: 'index', index: s.start };
    }
  }
  axes[n - 1] = { kind: 'index', index: 0n };
  return { axes, rowAxis, colAxis };
}

function rangeCount(spec: ViewSpec, axis: number): number {
  const s = spec.axes[axis];
  return s.kind === 'range' ? Number(s.count) : 1;
}

export class ImageColoring implements Coloring {
  readonly kind = 'image' as const;
  readonly defaultReduce = 'mean' as const;
  readonly colorbar = false;
  private domainText = '';
  private domain: readonly [number, number] | null = null;
  private raw = false;
  private input: HTMLInputElement | null = null;

  controls(bar: HTMLElement, recolor: () => void): void {
    const domain = textInput(labelled(bar, t('picDomain')), 'npy-pic-domain', t('picDomainPlaceholder'), t('picDomainTitle'));
    domain.value = this.domainText;
    this.input = domain;
    const apply = (): void => {
      if (domain.value === this.domainText) return;
      this.domainText = domain.value;
      recolor();
    };
    domain.addEventListener('change', apply);
    domain.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') apply();
      e.stopPropagation();
    });
  }

  target(s: ShownView): PictureTarget | string {
    const channels = imageChannels(s.shape);
    this.raw = isUint8(s.dtype);
    if (channels > 1) {
      const spec = imageSpec(s.view, s.shape);
      return { spec, rows: rangeCount(spec, spec.rowAxis!), cols: rangeCount(spec, spec.colAxis!), channels };
    }
    if (s.view.rowAxis === null || s.view.colAxis === null) return t('picNeeds2d');
    return { spec: s.view, rows: Number(s.resolved.rows), cols: Number(s.resolved.cols), channels: 1 };
  }

  paint(pic: Pic, range: DataRange, out: Uint8ClampedArray): void {
    const typed = parseDomainText(this.domainText);
    if (typeof typed === 'string') throw new Error(typed);
    const raw = this.raw && !typed;
    this.domain = raw ? [0, 255] : (typed ?? defaultDomain(range, 'linear'));
    imageRgba(pic.values, pic.width * pic.height, pic.channels, raw ? { raw: true } : { domain: this.domain }, out);
  }

  decorate(canvas: HTMLCanvasElement): string {
    setAttr(canvas, 'data-domain', this.domain ? `${this.domain[0]},${this.domain[1]}` : null);
    return '';
  }

  getState(): Record<string, unknown> {
    return { domain: this.domainText };
  }

  /** The channel axis: every channel is drawn, though the spec indexes it at 0 (the host reads them all from there). */
  wholeAxis(shape: readonly bigint[]): WholeAxis | null {
    const count = imageChannels(shape);
    if (count === 1) return null;
    const axis = shape.length - 1;
    return { axis, text: count === 3 ? t('channelsRgb') : t('channelsRgba'), title: t('channelsTitle', { n: axis, count }) };
  }

  setState(s: Record<string, unknown> | undefined): void {
    if (s && typeof s.domain === 'string') this.domainText = s.domain;
    if (this.input) this.input.value = this.domainText;
  }
}
