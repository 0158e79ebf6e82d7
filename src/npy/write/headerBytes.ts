// The .npy preamble + header exactly as numpy's np.save / open_memmap write it (numpy/lib/_format_impl.py:
// `_write_array_header`, `_wrap_header`, `_wrap_header_guess_version`), plus fixed-length variants used to rewrite a
// header in place (append, repair) or to fill a reserved region (attach-header --mode reserved|insert).
import { descrToPythonLiteral } from '../dtype';
import { NpyError, type Dtype } from '../types';
import { makeWarning, warningText, type NpyWarning } from '../warnings';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy's ARRAY_ALIGN: magic + length field + header end on a 64-byte boundary. */
export const ARRAY_ALIGN = 64;
/** numpy's GROWTH_AXIS_MAX_DIGITS: spare spaces so the growth axis can reach any 64-bit size in place. */
export const GROWTH_AXIS_MAX_DIGITS = 21;
/** numpy refuses (without max_header_size / allow_pickle) a header whose text is longer than this. */
export const NUMPY_MAX_HEADER_SIZE = 10000;

export type NpyVersion = '1.0' | '2.0' | '3.0';

/** Python's repr of a shape tuple: `()`, `(3,)`, `(3, 4)`. */
export function shapeRepr(shape: readonly bigint[]): string {
  if (shape.length === 0) return '()';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The dict text numpy writes (keys sorted, trailing `, `), without growth padding. */
export function headerDictText(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean): string {
  for (const d of shape) if (d < 0n) throw new NpyError(`negative dimension ${d} in shape ${shapeRepr(shape)}`);
  return `{'descr': ${descrToPythonLiteral(dtype)}, 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeRepr(shape)}, }`;
}

/** The axis numpy leaves growth room for: the first in C order, the last in Fortran order; -1 for 0-d. */
export function growthAxis(ndim: number, fortranOrder: boolean): number {
  if (ndim === 0) return -1;
  return fortranOrder ? ndim - 1 : 0;
}

function growthPadding(shape: readonly bigint[], fortranOrder: boolean): string {
  const axis = growthAxis(shape.length, fortranOrder);
  if (axis < 0) return '';
  return ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - shape[axis].toString().length));
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function encodeText(s: string, version: NpyVersion): Uint8Array {
  if (version === '3.0') return new TextEncoder().encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function preambleLength(version: NpyVersion): number {
  return version === '1.0' ? 10 : 12;
}

function maxHeaderLen(version: NpyVersion): number {
  return version === '1.0' ? 0xffff : 0xffffffff;
}

/** Magic + version + header length + text + spaces + '\n', `total` bytes long. `text` must fit. */
function assemble(textBytes: Uint8Array, version: NpyVersion, total: number): Uint8Array {
  const pre = preambleLength(version);
  const hlen = total - pre;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = Number(version[0]);
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === '1.0') dv.setUint16(8, hlen, true);
  else dv.setUint32(8, hlen, true);
  out.set(textBytes, pre);
  out.fill(0x20, pre + textBytes.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/** numpy's `_wrap_header(header, version)`; null where numpy raises (too long / not encodable). */
function wrap(text: string, version: NpyVersion): Uint8Array | null {
  if (version !== '3.0' && !isLatin1(text)) return null;
  const bytes = encodeText(text, version);
  const pre = preambleLength(version);
  const hlen = bytes.length + 1;
  const padlen = ARRAY_ALIGN - ((pre + hlen) % ARRAY_ALIGN);
  if (hlen + padlen > maxHeaderLen(version)) return null;
  return assemble(bytes, version, pre + hlen + padlen);
}

/**
 * The preamble + header np.save writes for an array of this dtype/shape/order, byte for byte: the dict, the
 * growth-axis spare room, 64-byte alignment, and the oldest version that can hold it (1.0, else 2.0, else 3.0).
 */
export function encodeHeader(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean): Uint8Array {
  const text = headerDictText(dtype, shape, fortranOrder) + growthPadding(shape, fortranOrder);
  const out = wrap(text, '1.0') ?? wrap(text, '2.0') ?? wrap(text, '3.0');
  if (!out) throw new NpyError('the header is too long for any .npy format version');
  return out;
}

/** The version numpy would choose for a header text of this content and a total length. */
function versionsFor(text: string): NpyVersion[] {
  return isLatin1(text) ? ['1.0', '2.0'] : ['3.0'];
}

/**
 * The start of a header that is exactly `total` bytes long (data starts at `total`): preamble (whose length field
 * says `total`) + dict text. The rest, up to `total`, is spaces and a final '\n' (see encodeHeaderFixed /
 * paddingAfter). `version` forces the format version (an in-place rewrite keeps the file's); otherwise the oldest
 * that fits. Returns null when the dict does not fit in `total` bytes.
 */
export function fixedHeaderPrefix(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean, total: number, version?: NpyVersion): Uint8Array | null {
  const text = headerDictText(dtype, shape, fortranOrder);
  const candidates = version ? [version] : versionsFor(text);
  for (const v of candidates) {
    if (v !== '3.0' && !isLatin1(text)) continue;
    const bytes = encodeText(text, v);
    const pre = preambleLength(v);
    if (pre + bytes.length + 1 > total) continue;
    if (total - pre > maxHeaderLen(v)) continue;
    const out = new Uint8Array(pre + bytes.length);
    out.set(MAGIC, 0);
    out[6] = Number(v[0]);
    out[7] = 0;
    const dv = new DataView(out.buffer);
    if (v === '1.0') dv.setUint16(8, total - pre, true);
    else dv.setUint32(8, total - pre, true);
    out.set(bytes, pre);
    return out;
  }
  return null;
}

/** A whole header of exactly `total` bytes (see fixedHeaderPrefix); for totals that fit in memory comfortably. */
export function encodeHeaderFixed(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean, total: number, version?: NpyVersion): Uint8Array | null {
  const prefix = fixedHeaderPrefix(dtype, shape, fortranOrder, total, version);
  if (!prefix) return null;
  const out = new Uint8Array(total);
  out.set(prefix, 0);
  out.fill(0x20, prefix.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/** numpy's header text length (characters after the preamble) for a fixed header, for the max_header_size check. */
export function fixedHeaderTextLength(prefix: Uint8Array, total: number): number {
  const pre = prefix[6] === 1 ? 10 : 12;
  const text = prefix.subarray(pre);
  const chars = prefix[6] === 3 ? [...new TextDecoder().decode(text)].length : text.length;
  return chars + (total - prefix.length);
}

/** Smallest total length a header for this array can have (no growth padding, no alignment). */
export function minimalHeaderLength(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean): number {
  const text = headerDictText(dtype, shape, fortranOrder);
  if (isLatin1(text)) {
    const n = 10 + text.length + 1;
    return n - 10 <= 0xffff ? n : 12 + text.length + 1;
  }
  return 12 + new TextEncoder().encode(text).length + 1;
}

/** Length of the header text numpy's reader measures against max_header_size (characters after the preamble). */
export function numpyHeaderTextLength(headerBytes: Uint8Array): number {
  const version = headerBytes[6];
  const pre = version === 1 ? 10 : 12;
  const slice = headerBytes.subarray(pre);
  return version === 3 ? [...new TextDecoder().decode(slice)].length : slice.length;
}

/**
 * The warning (code `headerOverNumpyLimit`, the same one openArray gives when reading such a file) for a header we
 * write whose text is `n` characters, when numpy's np.load would refuse it without `max_header_size=`; else null.
 */
export function numpyHeaderLimitWarning(n: number): NpyWarning | null {
  if (n <= NUMPY_MAX_HEADER_SIZE) return null;
  return makeWarning('headerOverNumpyLimit', { chars: String(n), limit: String(NUMPY_MAX_HEADER_SIZE) });
}

/** numpyHeaderLimitWarning as English text (for the write plans whose warnings are lines of text). */
export function numpyHeaderSizeWarning(n: number): string | null {
  const w = numpyHeaderLimitWarning(n);
  return w ? warningText(w) : null;
}
