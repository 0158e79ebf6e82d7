// Image views: an array whose LAST axis has 3 or 4 entries is RGB(A) (numpy / matplotlib / PIL's `(…, H, W, C)`),
// drawn from two other axes as rows and columns; a 2-D view is a grey image. uint8 channels are written as they
// are; other dtypes go through a domain: byte = min(floor(t · 256), 255), t = (v − lo) / (hi − lo) clamped to
// [0, 1] (the colour index rule, so a grey ramp through a domain is the index). A pixel with a NaN channel is
// fully transparent.
import { parseSlice } from '../npy/slice';
import { defaultView, elementStrides, resolveView, type ResolvedView, type ViewSpec } from '../npy/view';
import type { Dtype } from '../npy/types';
import { NpyError } from '../npy/types';

export interface ImageView {
  /** Channel 0 of each pixel. */
  view: ResolvedView;
  /** 1 (grey), 3 (RGB) or 4 (RGBA). */
  channels: number;
  /** Elements from one channel to the next. */
  channelStride: bigint;
  /** The 2-D view of the other axes, with the channel axis at its first selected index. */
  spec: ViewSpec;
}

function shapeText(shape: readonly bigint[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Split `a[i, j, k]` text into its top-level items (no brackets inside numpy basic indexing). */
function splitItems(text: string): { prefix: string; items: string[]; suffix: string } | null {
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  if (open < 0 || close < open) {
    // Bare items: `0, :, :, :`
    return /[[\]]/.test(text) ? null : { prefix: '', items: text.split(','), suffix: '' };
  }
  return { prefix: text.slice(0, open + 1), items: text.slice(open + 1, close).split(','), suffix: text.slice(close) };
}

/**
 * The image view of an array: the last axis as channels when its size is 3 or 4 (the slice then selects the other
 * axes, and may also select the channel axis with a range of 3 or 4 entries, e.g. `::-1` for BGR → RGB); a 2-D
 * view (no channel axis) as grey.
 */
export function resolveImageView(shape: readonly bigint[], fortranOrder: boolean, dtype: Dtype, sliceText?: string): ImageView {
  if (dtype.type !== 'scalar') throw new NpyError('an image needs a numeric array, not a structured one');
  const nd = shape.length;
  const last = nd > 0 ? shape[nd - 1] : 0n;
  const strides = elementStrides(shape, fortranOrder);
  if (nd >= 3 && (last === 3n || last === 4n)) {
    const inner = shape.slice(0, -1);
    let text = sliceText?.trim() ?? '';
    let channel = { start: 0n, step: 1n, count: last };
    if (text !== '') {
      const parts = splitItems(text);
      const items = parts?.items.filter((s, i, all) => !(i === all.length - 1 && s.trim() === '')) ?? [];
      const explicit = items.filter((s) => !/^\s*(\.\.\.|…)\s*$/.test(s)).length;
      if (parts && explicit === nd && !items.some((s) => /^\s*(\.\.\.|…)\s*$/.test(s))) {
        // The channel axis is indexed too: it must be a range of 3 or 4 channels.
        const sel = parseSlice(`[${items[items.length - 1]}]`, [last]).axes[0];
        if (sel.kind !== 'range' || (sel.count !== 3n && sel.count !== 4n)) {
          throw new NpyError(`an image needs 3 or 4 channels from its last axis; '${items[items.length - 1].trim()}' selects ${sel.kind === 'range' ? sel.count : 1}`);
        }
        channel = sel;
        text = parts.prefix + items.slice(0, -1).join(',') + parts.suffix;
      }
    }
    const spec = text === '' ? defaultView(inner, false) : parseSlice(text, inner);
    if (spec.rowAxis === null || spec.colAxis === null) {
      throw new NpyError(`an image needs two axes besides the channels, e.g. a[0] of shape ${shapeText(shape)} gives ${shapeText(inner.slice(1))}`);
    }
    const full: ViewSpec = { axes: [...spec.axes, { kind: 'index', index: channel.start }], rowAxis: spec.rowAxis, colAxis: spec.colAxis };
    const view = resolveView(shape, fortranOrder, dtype, full);
    return { view, channels: Number(channel.count), channelStride: channel.step * strides[nd - 1], spec: full };
  }
  const spec = sliceText?.trim() ? parseSlice(sliceText, shape) : defaultView(shape, false);
  if (spec.rowAxis === null || spec.colAxis === null) {
    throw new NpyError(
      `an image needs a 2-D view, or a last axis of 3 or 4 channels (RGB/RGBA); shape ${shapeText(shape)} gives a ${spec.rowAxis === null ? 0 : 1}-D view`,
    );
  }
  return { view: resolveView(shape, fortranOrder, dtype, spec), channels: 1, channelStride: 0n, spec };
}

export interface ImageMapping {
  /** Channel values as bytes (uint8 images): rounded to the nearest integer and clipped to 0..255. */
  raw?: boolean;
  /** Otherwise: [lo, hi] for every channel (alpha too). */
  domain?: readonly [number, number];
}

/** RGBA bytes of an image picture (values `(y·W + x)·C + c`, C = 1, 3 or 4). */
export function imageRgba(
  values: ArrayLike<number>,
  pixels: number,
  channels: number,
  m: ImageMapping,
  out: Uint8Array | Uint8ClampedArray = new Uint8ClampedArray(pixels * 4),
): Uint8Array | Uint8ClampedArray {
  const [lo, hi] = m.domain ?? [0, 255];
  if (!m.raw && !(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw new NpyError(`the domain must be two finite numbers, low ≤ high, got ${lo},${hi}`);
  const span = hi - lo;
  const byte = m.raw
    ? (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v))
    : (v: number): number => {
        if (span === 0) return v > hi ? 255 : 0;
        const t = (v - lo) / span;
        return t <= 0 ? 0 : t * 256 >= 255 ? 255 : Math.floor(t * 256);
      };
  for (let p = 0; p < pixels; p++) {
    const o = p * 4;
    const i = p * channels;
    let nan = false;
    for (let c = 0; c < channels; c++) if (values[i + c] !== values[i + c]) nan = true;
    if (nan) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    if (channels === 1) {
      out[o] = out[o + 1] = out[o + 2] = byte(values[i]);
      out[o + 3] = 255;
    } else {
      out[o] = byte(values[i]);
      out[o + 1] = byte(values[i + 1]);
      out[o + 2] = byte(values[i + 2]);
      out[o + 3] = channels === 4 ? byte(values[i + 3]) : 255;
    }
  }
  return out;
}
