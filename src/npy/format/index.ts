// Element text exactly as numpy prints it: `str()` of the scalar (numpy 2.4 defaults), or `repr()` under
// np.set_printoptions(legacy='1.25'). Works on a DataView in Node and in the webview (no Node APIs).
//
// The work for one element is bounded by elements, not bytes (a sub-array of 2^31 zero-byte records holds no bytes
// and 2^31 elements): a sub-array of more than `threshold` elements is summarised as numpy's printing does
// (`edgeItems` first and last along each longer axis, '...' between), at most `maxLeaves` texts are made for the
// whole element (then '...'), a string is cut after `maxTextChars` characters (then '…'), and nothing is read past
// the end of the view (a reader may hand over only a bounded prefix of a huge element: what is missing is '...').

import { Dtype, NpyError, ScalarDtype, SubarrayDtype } from '../types';
import { flatSubarray } from '../dtype';
import { formatComplexAt } from './complex';
import { formatDatetimeAt, formatTimedeltaAt } from './datetime';
import { formatFloatAt, Trim } from './float';
import { formatBoolAt, formatIntAt, formatUintAt } from './integer';
import { formatBytesAt, formatUnicodeAt, formatVoidAt } from './text';

export type FormatStyle = 'str' | 'repr';

/**
 * A scalar's text, or for sub-arrays nested arrays (C order), or for records one entry per field. A summarised or
 * cut sub-array holds the string SUMMARY ('...') where numpy's printing shows `...`.
 */
export type Formatted = string | Formatted[];

/** Stands for the elements left out of a summarised sub-array, as in numpy's `[0, 1, 2, ..., 7, 8, 9]`. */
export const SUMMARY = '...';

export interface FormatLimits {
  /** numpy's print `threshold`: sub-arrays of more elements than this are summarised. Default 1000. */
  threshold?: number;
  /** numpy's `edgeitems`: items kept at each end of a summarised axis. Default 3. */
  edgeItems?: number;
  /** Most leaf texts made for one element, all its fields and sub-arrays together. Default 4096. */
  maxLeaves?: number;
  /** Most characters of one string (S, U) or void (V) value; longer ones end in '…'. Default 2^20. */
  maxTextChars?: number;
}

export const DEFAULT_FORMAT_LIMITS: Required<FormatLimits> = { threshold: 1000, edgeItems: 3, maxLeaves: 4096, maxTextChars: 1 << 20 };

/** Limits plus the leaf budget left, shared by one element's whole walk. */
interface Walk extends Required<FormatLimits> {
  leaves: number;
  style: FormatStyle;
}

const GENERIC_UNIT = { name: 'generic', count: 1 } as const;

/**
 * One element of a field-less dtype at byte `offset` of `view`. A string or void value is cut after
 * `maxTextChars` characters, or where the view ends if it holds only a prefix of the value (then it ends in '…').
 */
export function formatScalar(dtype: ScalarDtype, view: DataView, offset: number, style: FormatStyle, maxTextChars = DEFAULT_FORMAT_LIMITS.maxTextChars): string {
  const le = dtype.byteOrder !== '>';
  switch (dtype.kind) {
    case 'b':
      return formatBoolAt(view, offset);
    case 'i':
      return formatIntAt(view, offset, dtype.itemsize, le);
    case 'u':
      return formatUintAt(view, offset, dtype.itemsize, le);
    case 'f':
      return formatFloatAt(view, offset, dtype.itemsize, le, Trim.LeaveOneZero, false, style === 'str');
    case 'c':
      if (dtype.itemsize !== 8 && dtype.itemsize !== 16 && dtype.itemsize !== 24 && dtype.itemsize !== 32) {
        throw new NpyError(`unsupported complex size: ${dtype.itemsize} bytes`);
      }
      return formatComplexAt(view, offset, dtype.itemsize, le, style === 'str');
    case 'M':
      return formatDatetimeAt(view, offset, le, dtype.unit ?? GENERIC_UNIT, style);
    case 'm':
      return formatTimedeltaAt(view, offset, le, dtype.unit ?? GENERIC_UNIT, style);
    case 'S':
      return formatBytesAt(view, offset, dtype.itemsize, maxTextChars);
    case 'U':
      return formatUnicodeAt(view, offset, dtype.itemsize, le, style, maxTextChars);
    case 'V':
      return formatVoidAt(view, offset, dtype.itemsize, style, maxTextChars);
    case 'O':
      throw new NpyError('object arrays (pickled Python objects) are not decoded');
    default:
      throw new NpyError(`unsupported dtype kind: ${String((dtype as ScalarDtype).kind)}`);
  }
}

/**
 * One element of any dtype: scalars → string; a sub-array → nested arrays of element texts in shape order
 * (C order; a sub-array of sub-arrays as the one block it is, outer axes first); a record → its fields' Formatted
 * in field order (nested records nest). Bounded work whatever the dtype: see the module comment and FormatLimits.
 */
export function formatElement(dtype: Dtype, view: DataView, offset: number, style: FormatStyle, limits: FormatLimits = {}): Formatted {
  if (dtype.type === 'scalar') return formatScalar(dtype, view, offset, style, limits.maxTextChars ?? DEFAULT_FORMAT_LIMITS.maxTextChars);
  const walk: Walk = { ...DEFAULT_FORMAT_LIMITS, ...limits, leaves: 0, style };
  walk.leaves = walk.maxLeaves;
  return formatPart(dtype, view, offset, walk);
}

/** Whether the budget is spent (or the view ended): the caller shows SUMMARY for the rest. */
function spent(walk: Walk): boolean {
  return walk.leaves <= 0;
}

function formatPart(dtype: Dtype, view: DataView, offset: number, walk: Walk): Formatted {
  switch (dtype.type) {
    case 'scalar': {
      // Text kinds format what the view holds of them; fixed-size kinds need all their bytes.
      const text = dtype.kind === 'S' || dtype.kind === 'U' || dtype.kind === 'V';
      if (offset > view.byteLength || (!text && offset + dtype.itemsize > view.byteLength)) {
        walk.leaves = 0;
        return SUMMARY;
      }
      walk.leaves--;
      return formatScalar(dtype, view, offset, walk.style, walk.maxTextChars);
    }
    case 'struct': {
      walk.leaves--; // a record counts itself, so records of no fields (`[]`, 0 bytes) spend the budget too
      const out: Formatted[] = [];
      for (const f of dtype.fields) {
        if (spent(walk)) {
          out.push(SUMMARY);
          break;
        }
        out.push(formatPart(f.dtype, view, offset + f.offset, walk));
      }
      return out;
    }
    case 'subarray':
      return formatSubarray(dtype, view, offset, walk);
  }
}

/** Elements of a shape, saturating at `cap + 1` (a shape may hold 2^(31·64) zero-byte elements). */
function countUpTo(shape: readonly number[], cap: number): number {
  let n = 1;
  for (const d of shape) {
    if (d === 0) return 0;
    n = Math.min(n * d, cap + 1);
  }
  return n;
}

function formatSubarray(d: SubarrayDtype, view: DataView, offset: number, walk: Walk): Formatted {
  const { base, shape } = flatSubarray(d);
  // numpy's _formatArray: summarise every axis longer than 2 × edgeitems when the whole array exceeds threshold.
  const summarise = countUpTo(shape, walk.threshold) > walk.threshold;
  const strides = new Array<number>(shape.length);
  let stride = base.itemsize;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = stride;
    stride *= shape[k];
  }
  const axis = (k: number, at: number): Formatted => {
    if (k === shape.length) return formatPart(base, view, at, walk);
    const n = shape[k];
    const out: Formatted[] = [];
    // An empty list counts as one leaf, as an empty record does: a (21474837, 0) sub-array holds no element but
    // 21474837 lists (numpy prints them all; we stop at the budget with '...').
    if (n === 0) {
      walk.leaves--;
      return out;
    }
    const cut = summarise && n > 2 * walk.edgeItems;
    const item = (i: number): boolean => {
      if (spent(walk)) {
        if (out[out.length - 1] !== SUMMARY) out.push(SUMMARY);
        return false;
      }
      const v = axis(k + 1, at + i * strides[k]);
      if (v !== SUMMARY || out[out.length - 1] !== SUMMARY) out.push(v);
      return true;
    };
    if (!cut) {
      for (let i = 0; i < n; i++) if (!item(i)) break;
      return out;
    }
    for (let i = 0; i < walk.edgeItems; i++) if (!item(i)) return out;
    if (out[out.length - 1] !== SUMMARY) out.push(SUMMARY);
    for (let i = n - walk.edgeItems; i < n; i++) if (!item(i)) return out;
    return out;
  };
  return axis(0, offset);
}
