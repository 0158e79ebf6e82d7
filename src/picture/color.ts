// Values → colours, shared by the webview and the CLI: colormap tables (matplotlib's, see colormapTables.ts),
// scales, domains and the special colours of NaN and ±inf. It follows matplotlib's Normalize + Colormap so that our
// pixels equal `plt.imsave(a, cmap=…, vmin=lo, vmax=hi)` byte for byte:
//   x = f(v) for the scale f, a = f(lo), b = f(hi), t = (x − a) / (b − a) clamped to [0, 1],
//   index = min(floor(t · 256), 255), colour = table[index] (or table[255 − index] when inverted).
// Scales: linear; log = log10 (matplotlib's LogNorm: values ≤ 0 are masked and take the NaN colour, which is
// transparent by default, and the domain must be positive); symlog = matplotlib's SymLogNorm with base 10 and
// linscale 1 (linear within ±linthresh); sqrt = sign(v)·√|v| (d3's scaleSqrt; equal to matplotlib's
// PowerNorm(0.5) when lo = 0). A centre (for the diverging maps) maps lo..centre to the lower half of the table
// and centre..hi to the upper half, as matplotlib's TwoSlopeNorm does (in the scale's space).
// NaN, +inf and −inf have their own colours (matplotlib draws ±inf as the end colours; we do not).
import { COLORMAP_HEX } from './colormapTables';
import { NpyError } from '../npy/types';

export const COLORMAP_NAMES = ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'turbo', 'gray', 'RdBu', 'coolwarm'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];
/** The maps meant to be used with a centre. */
export const DIVERGING_COLORMAPS: readonly ColormapName[] = ['RdBu', 'coolwarm'];
export const DEFAULT_COLORMAP: ColormapName = 'viridis';

export const SCALE_NAMES = ['linear', 'log', 'symlog', 'sqrt'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export type Rgba = readonly [number, number, number, number];

/** NaN (and log's non-positive values): fully transparent. */
export const NAN_COLOR: Rgba = [0, 0, 0, 0];
/** +inf: magenta, −inf: cyan — outside every table we ship, so they never pass for data. */
export const POS_INF_COLOR: Rgba = [255, 0, 255, 255];
export const NEG_INF_COLOR: Rgba = [0, 255, 255, 255];

const tables = new Map<ColormapName, Uint8Array>();

/** The 256 × RGB table of a colormap (768 bytes, entry i at 3i). */
export function colormapTable(name: ColormapName): Uint8Array {
  let t = tables.get(name);
  if (!t) {
    const hex = COLORMAP_HEX[name];
    t = new Uint8Array(768);
    for (let i = 0; i < 768; i++) t[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    tables.set(name, t);
  }
  return t;
}

/** A colormap by name, case-insensitive; a `_r` suffix (matplotlib's spelling) asks for the inverted map. */
export function parseColormap(text: string): { name: ColormapName; invert: boolean } {
  const invert = /_r$/i.test(text);
  const base = invert ? text.slice(0, -2) : text;
  const name = COLORMAP_NAMES.find((n) => n.toLowerCase() === base.toLowerCase());
  if (!name) throw new NpyError(`unknown colormap '${text}' (choose ${COLORMAP_NAMES.join(', ')}; add _r to invert)`);
  return { name, invert };
}

export function parseScale(text: string): ScaleName {
  const s = SCALE_NAMES.find((n) => n === text.toLowerCase());
  if (!s) throw new NpyError(`unknown scale '${text}' (choose ${SCALE_NAMES.join(', ')})`);
  return s;
}

export interface ColorMapping {
  colormap: ColormapName;
  invert?: boolean;
  scale: ScaleName;
  /** [lo, hi], lo ≤ hi (lo = hi paints every finite value with the first colour, as matplotlib does). */
  domain: readonly [number, number];
  /** symlog's linear range ±linthresh (default 1). */
  linthresh?: number;
  /** Two-slope centre: lo < center < hi. */
  center?: number;
  nanColor?: Rgba;
  posInfColor?: Rgba;
  negInfColor?: Rgba;
}

/** Special indices `colorIndex` returns besides 0..255. */
export const INDEX_NAN = -1;
export const INDEX_POS_INF = -2;
export const INDEX_NEG_INF = -3;

/** log10(|x|/linthresh) as matplotlib's SymmetricalLogTransform computes it (natural log over ln 10). */
const LN10 = Math.log(10);

/** The scale's transform f (NaN where the scale has no value, i.e. log of v ≤ 0). */
export function scaleTransform(scale: ScaleName, linthresh = 1): (v: number) => number {
  switch (scale) {
    case 'linear':
      return (v) => v;
    case 'log':
      return (v) => (v > 0 ? Math.log10(v) : NaN);
    case 'sqrt':
      return (v) => (v < 0 ? -Math.sqrt(-v) : Math.sqrt(v));
    case 'symlog': {
      if (!(linthresh > 0) || !Number.isFinite(linthresh)) throw new NpyError(`linthresh must be a positive number, got ${linthresh}`);
      // matplotlib: linscale_adj = linscale / (1 - 1/base), linscale 1, base 10.
      const adj = 1 / (1 - 1 / 10);
      return (v) => {
        const a = Math.abs(v);
        if (a <= linthresh) return v * adj;
        return Math.sign(v) * linthresh * (adj + Math.log(a / linthresh) / LN10);
      };
    }
  }
}

/** Check a domain for a scale; returns it. lo ≤ hi, finite; positive for log. */
export function checkDomain(scale: ScaleName, domain: readonly [number, number], center?: number): readonly [number, number] {
  const [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new NpyError(`the domain must be two finite numbers, got ${lo},${hi}`);
  if (lo > hi) throw new NpyError(`the domain's low end ${lo} is above its high end ${hi}`);
  if (scale === 'log' && !(lo > 0)) throw new NpyError(`a log scale needs a positive domain, got ${lo},${hi}`);
  if (center !== undefined && !(lo < center && center < hi)) {
    throw new NpyError(`the centre ${center} must lie strictly inside the domain ${lo},${hi}`);
  }
  return domain;
}

/** t in [0, 1] (clamped) of a value, NaN where the value has no colour of the table (NaN, ±inf, log of v ≤ 0). */
export function makeNormalizer(m: Pick<ColorMapping, 'scale' | 'domain' | 'linthresh' | 'center'>): (v: number) => number {
  checkDomain(m.scale, m.domain, m.center);
  const f = scaleTransform(m.scale, m.linthresh);
  const a = f(m.domain[0]);
  const b = f(m.domain[1]);
  const clamp = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);
  if (m.center !== undefined) {
    // numpy's interp, as TwoSlopeNorm uses it: slope·(x − xp) + fp on each side.
    const c = f(m.center);
    const s1 = 0.5 / (c - a);
    const s2 = 0.5 / (b - c);
    return (v) => {
      if (v !== v || v === Infinity || v === -Infinity) return NaN;
      const x = f(v);
      if (x !== x) return NaN;
      return clamp(x < c ? s1 * (x - a) : x > c ? s2 * (x - c) + 0.5 : 0.5);
    };
  }
  const span = b - a;
  return (v) => {
    if (v !== v || v === Infinity || v === -Infinity) return NaN;
    const x = f(v);
    if (x !== x) return NaN;
    // matplotlib: (x − a) / (b − a), and 0 when the domain is one point.
    return span === 0 ? 0 : clamp((x - a) / span);
  };
}

/**
 * The colour index of a value: 0..255 (already inverted when asked), or INDEX_NAN (NaN, and log's masked values),
 * INDEX_POS_INF, INDEX_NEG_INF.
 */
export function makeColorIndex(m: ColorMapping): (v: number) => number {
  const norm = makeNormalizer(m);
  const invert = !!m.invert;
  return (v) => {
    if (v === Infinity) return INDEX_POS_INF;
    if (v === -Infinity) return INDEX_NEG_INF;
    const t = norm(v);
    if (t !== t) return INDEX_NAN;
    const i = t * 256 >= 255 ? 255 : Math.floor(t * 256);
    return invert ? 255 - i : i;
  };
}

/** A 259-entry RGBA lookup: index 0..255 the table, then NaN, +inf, −inf. */
export function makePalette(m: ColorMapping): Uint8Array {
  const table = colormapTable(m.colormap);
  const pal = new Uint8Array(259 * 4);
  for (let i = 0; i < 256; i++) {
    pal[4 * i] = table[3 * i];
    pal[4 * i + 1] = table[3 * i + 1];
    pal[4 * i + 2] = table[3 * i + 2];
    pal[4 * i + 3] = 255;
  }
  pal.set(m.nanColor ?? NAN_COLOR, 256 * 4);
  pal.set(m.posInfColor ?? POS_INF_COLOR, 257 * 4);
  pal.set(m.negInfColor ?? NEG_INF_COLOR, 258 * 4);
  return pal;
}

/** Palette slot of a colour index (specials after the 256 table entries). */
function slot(index: number): number {
  return index >= 0 ? index : index === INDEX_NAN ? 256 : index === INDEX_POS_INF ? 257 : 258;
}

/**
 * Colour `values` (one per pixel, row-major) into `out` as RGBA bytes (4 per pixel, from `outOffset`). `out` may
 * be a canvas ImageData's Uint8ClampedArray.
 */
export function colorize(
  values: ArrayLike<number>,
  m: ColorMapping,
  out: Uint8Array | Uint8ClampedArray = new Uint8ClampedArray(values.length * 4),
  outOffset = 0,
): Uint8Array | Uint8ClampedArray {
  const index = makeColorIndex(m);
  const pal = makePalette(m);
  for (let i = 0, o = outOffset; i < values.length; i++, o += 4) {
    const s = slot(index(values[i])) * 4;
    out[o] = pal[s];
    out[o + 1] = pal[s + 1];
    out[o + 2] = pal[s + 2];
    out[o + 3] = pal[s + 3];
  }
  return out;
}

/** The colour of one value (for a colourbar or a legend). */
export function colorOf(v: number, m: ColorMapping): Rgba {
  const pal = makePalette(m);
  const s = slot(makeColorIndex(m)(v)) * 4;
  return [pal[s], pal[s + 1], pal[s + 2], pal[s + 3]];
}

/**
 * The data value at position t ∈ [0, 1] along the colourbar (the inverse of the normalisation, without a centre):
 * colour bin i starts at t = i / 256. For colourbar ticks and labels.
 */
export function colorbarValue(t: number, m: Pick<ColorMapping, 'scale' | 'domain' | 'linthresh'>): number {
  const f = scaleTransform(m.scale, m.linthresh);
  const a = f(m.domain[0]);
  const b = f(m.domain[1]);
  const x = a + t * (b - a);
  switch (m.scale) {
    case 'linear':
      return x;
    case 'log':
      return 10 ** x;
    case 'sqrt':
      return x < 0 ? -(x * x) : x * x;
    case 'symlog': {
      const lt = m.linthresh ?? 1;
      const adj = 1 / (1 - 1 / 10);
      const ax = Math.abs(x);
      if (ax <= lt * adj) return x / adj;
      return Math.sign(x) * lt * Math.exp((ax / lt - adj) * LN10);
    }
  }
}
