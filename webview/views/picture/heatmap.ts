// The heatmap's colour: a colormap (the engine's matplotlib tables), invert, a scale (linear, log, symlog, sqrt)
// and a domain (the data's finite min/max, or typed lo,hi), with a colourbar and its ticks beside the picture and
// swatches for NaN and ±inf when the data has them. Diverging maps centre on 0 when the domain spans it.
import type { Dtype } from '../../../src/npy/types';
import {
  COLORMAP_NAMES,
  DEFAULT_COLORMAP,
  DIVERGING_COLORMAPS,
  NEG_INF_COLOR,
  POS_INF_COLOR,
  SCALE_NAMES,
  checkDomain,
  colorize,
  makeNormalizer,
  type ColorMapping,
  type ColormapName,
  type ScaleName,
} from '../../../src/picture/color';
import { defaultDomain } from '../../../src/picture/render';
import type { DataRange } from '../../../src/picture/geometry';
import { el, setAttr } from '../../dom';
import { t } from '../../strings';
import type { ShownView } from '../registry';
import type { Pic } from './picture';
import type { Coloring, PictureTarget } from './plot2d';
import { decadeTicks, niceTicks, tickText } from './ticks';
import { checkbox, labelled, parseDomainText, select, textInput } from './widgets';

export function mappingFor(colormap: ColormapName, invert: boolean, scale: ScaleName, typed: [number, number] | null, range: DataRange): ColorMapping {
  const domain = typed ?? defaultDomain(range, scale);
  checkDomain(scale, domain);
  const center = DIVERGING_COLORMAPS.includes(colormap) && scale !== 'log' && domain[0] < 0 && domain[1] > 0 ? 0 : undefined;
  return { colormap, invert, scale, domain, center };
}

/** Ticks of a colourbar: values and their position t ∈ [0, 1] (0 at the bottom). */
export function colorbarTicks(m: ColorMapping): { value: number; t: number }[] {
  const [lo, hi] = m.domain;
  let values: number[];
  if (m.scale === 'log') values = decadeTicks(lo, hi);
  else if (m.scale === 'linear' || m.center !== undefined) values = niceTicks(lo, hi);
  else values = niceTicks(lo, hi, 4);
  if (values.length < 2) values = [lo, hi];
  const norm = makeNormalizer(m);
  return values.map((value) => ({ value, t: norm(value) })).filter((x) => x.t === x.t);
}

function rgbCss(c: readonly number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export class HeatmapColoring implements Coloring {
  readonly kind = 'heatmap' as const;
  readonly defaultReduce = 'max' as const;
  private colormap: ColormapName = DEFAULT_COLORMAP;
  private invert = false;
  private scale: ScaleName = 'linear';
  private domainText = '';
  /** The automatic domain: the finite min/max, or the view's percentiles 1–99 (from the statistics pass). */
  private domainAuto: 'minmax' | 'robust' | 'visible' = 'minmax';
  private robust: [number, number] | null = null;
  private domainSource: 'typed' | 'robust' | 'visible' | 'data' = 'data';
  private mapping: ColorMapping | null = null;
  private range: DataRange | null = null;
  private els: { cmap: HTMLSelectElement; invert: HTMLInputElement; scale: HTMLSelectElement; domain: HTMLInputElement; auto: HTMLSelectElement } | null = null;
  private bar: HTMLCanvasElement | null = null;

  controls(bar: HTMLElement, recolor: () => void): void {
    const cmap = select(
      labelled(bar, t('picColormap')),
      'npy-pic-colormap',
      COLORMAP_NAMES.map((n) => [n, n] as const),
      this.colormap,
    );
    const invert = checkbox(bar, 'npy-pic-invert', t('picInvert'), this.invert);
    const scale = select(
      labelled(bar, t('picScale')),
      'npy-pic-scale',
      SCALE_NAMES.map((n) => [n, n] as const),
      this.scale,
    );
    const domainLabel = labelled(bar, t('picDomain'));
    const auto = select(
      domainLabel,
      'npy-pic-domain-auto',
      [
        ['minmax', t('picDomainMinMax')],
        ['robust', t('picDomainRobust')],
        ['visible', t('picDomainVisible')],
      ],
      this.domainAuto,
    );
    auto.title = t('picDomainAutoTitle');
    auto.addEventListener('change', () => {
      this.domainAuto = auto.value === 'robust' || auto.value === 'visible' ? auto.value : 'minmax';
      recolor();
    });
    const domain = textInput(domainLabel, 'npy-pic-domain', t('picDomainPlaceholder'), t('picDomainTitle'));
    domain.value = this.domainText;
    this.els = { cmap, invert, scale, domain, auto };
    cmap.addEventListener('change', () => {
      this.colormap = cmap.value as ColormapName;
      recolor();
    });
    invert.addEventListener('change', () => {
      this.invert = invert.checked;
      recolor();
    });
    scale.addEventListener('change', () => {
      this.scale = scale.value as ScaleName;
      recolor();
    });
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
    if (s.view.rowAxis === null || s.view.colAxis === null) return t('picNeeds2d');
    return { spec: s.view, rows: Number(s.resolved.rows), cols: Number(s.resolved.cols), channels: 1 };
  }

  paint(pic: Pic, range: DataRange, out: Uint8ClampedArray, visible?: DataRange): void {
    this.range = range;
    this.mapping = null;
    const typed = parseDomainText(this.domainText);
    if (typeof typed === 'string') throw new Error(typed);
    const robust = this.domainAuto === 'robust' ? this.robust : null;
    // The visible region's own min/max (none finite there: the data's).
    const vis = !typed && this.domainAuto === 'visible' && visible && visible.min <= visible.max ? visible : null;
    this.domainSource = typed ? 'typed' : robust ? 'robust' : vis ? 'visible' : 'data';
    this.mapping = mappingFor(this.colormap, this.invert, this.scale, typed ?? robust, vis ?? range);
    colorize(pic.values, this.mapping, out);
  }

  decorate(canvas: HTMLCanvasElement, side: HTMLElement): string {
    const m = this.mapping;
    setAttr(canvas, 'data-colormap', this.colormap);
    setAttr(canvas, 'data-invert', String(this.invert));
    setAttr(canvas, 'data-scale', this.scale);
    setAttr(canvas, 'data-domain', m ? `${m.domain[0]},${m.domain[1]}` : null);
    setAttr(canvas, 'data-domain-source', m ? this.domainSource : null);
    this.drawColorbar(side);
    return '';
  }

  private drawColorbar(side: HTMLElement): void {
    const m = this.mapping;
    side.textContent = '';
    if (!m) return;
    const wrap = el('div', 'npy-cbar', side);
    const bar = el('canvas', 'npy-cbar-canvas', wrap);
    this.bar = bar;
    bar.width = 1;
    bar.height = 256;
    const g = bar.getContext('2d')!;
    const img = g.createImageData(1, 256);
    // Entry i (from the top): the colour of t = (255 − i + ½) / 256, through the same mapping as the picture.
    const ts = new Float64Array(256);
    const tmp = { ...m, scale: 'linear' as const, domain: [0, 1] as const, center: undefined };
    for (let i = 0; i < 256; i++) ts[i] = (255 - i + 0.5) / 256;
    colorize(ts, tmp, img.data);
    g.putImageData(img, 0, 0);
    const labels = el('div', 'npy-cbar-ticks', wrap);
    for (const tick of colorbarTicks(m)) {
      const s = el('span', 'npy-cbar-tick', labels);
      s.textContent = tickText(tick.value);
      s.style.top = `${(1 - tick.t) * 100}%`;
    }
    const r = this.range;
    if (r && (r.nan || r.posInf || r.negInf)) {
      const legend = el('div', 'npy-cbar-legend', side);
      const swatch = (text: string, css: string | null): void => {
        const row = el('div', 'npy-cbar-special', legend);
        const sw = el('span', 'npy-cbar-swatch', row);
        if (css) sw.style.background = css;
        else sw.classList.add('npy-cbar-nan');
        el('span', '', row).textContent = text;
      };
      if (r.nan) swatch(t('picNan'), null);
      if (r.posInf) swatch(t('picPosInf'), rgbCss(POS_INF_COLOR));
      if (r.negInf) swatch(t('picNegInf'), rgbCss(NEG_INF_COLOR));
    }
  }

  getState(): Record<string, unknown> {
    return { colormap: this.colormap, invert: this.invert, scale: this.scale, domain: this.domainText, domainAuto: this.domainAuto };
  }

  setState(s: Record<string, unknown> | undefined): void {
    if (!s) return;
    if (COLORMAP_NAMES.includes(s.colormap as ColormapName)) this.colormap = s.colormap as ColormapName;
    if (typeof s.invert === 'boolean') this.invert = s.invert;
    if (SCALE_NAMES.includes(s.scale as ScaleName)) this.scale = s.scale as ScaleName;
    if (typeof s.domain === 'string') this.domainText = s.domain;
    if (s.domainAuto === 'minmax' || s.domainAuto === 'robust' || s.domainAuto === 'visible') this.domainAuto = s.domainAuto;
    if (this.els) {
      this.els.cmap.value = this.colormap;
      this.els.invert.checked = this.invert;
      this.els.scale.value = this.scale;
      this.els.domain.value = this.domainText;
      this.els.auto.value = this.domainAuto;
    }
  }

  wantsRobust(): boolean {
    return this.domainAuto === 'robust';
  }

  setRobust(domain: [number, number] | null): void {
    this.robust = domain;
  }
}

/** Arrays a heatmap (or line) can draw: numbers (bool, integers, floats, complex as |z|, datetimes as counts). */
export function numericDtype(dtype: Dtype): boolean {
  return dtype.type === 'scalar' && 'biufcmM'.includes(dtype.kind);
}
