// Element text exactly as numpy prints it: `str()` of the scalar (numpy 2.4 defaults), or `repr()` under
// np.set_printoptions(legacy='1.25'). Works on a DataView in Node and in the webview (no Node APIs).

import { Dtype, NpyError, ScalarDtype } from '../types';
import { formatComplexAt } from './complex';
import { formatDatetimeAt, formatTimedeltaAt } from './datetime';
import { formatFloatAt, Trim } from './float';
import { formatBoolAt, formatIntAt, formatUintAt } from './integer';
import { formatBytesAt, formatUnicodeAt, formatVoidAt } from './text';

export type FormatStyle = 'str' | 'repr';

/** A scalar's text, or for sub-arrays nested arrays (C order), or for records one entry per field. */
export type Formatted = string | Formatted[];

const GENERIC_UNIT = { name: 'generic', count: 1 } as const;

/** One element of a field-less dtype at byte `offset` of `view`. */
export function formatScalar(dtype: ScalarDtype, view: DataView, offset: number, style: FormatStyle): string {
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
      return formatBytesAt(view, offset, dtype.itemsize);
    case 'U':
      return formatUnicodeAt(view, offset, dtype.itemsize, le, style);
    case 'V':
      return formatVoidAt(view, offset, dtype.itemsize, style);
    case 'O':
      throw new NpyError('object arrays (pickled Python objects) are not decoded');
    default:
      throw new NpyError(`unsupported dtype kind: ${String((dtype as ScalarDtype).kind)}`);
  }
}

/**
 * One element of any dtype: scalars → string; a sub-array → nested arrays of element texts in shape order
 * (C order); a record → its fields' Formatted in field order (nested records nest).
 */
export function formatElement(dtype: Dtype, view: DataView, offset: number, style: FormatStyle): Formatted {
  switch (dtype.type) {
    case 'scalar':
      return formatScalar(dtype, view, offset, style);
    case 'struct': {
      const out: Formatted[] = new Array(dtype.fields.length);
      for (let i = 0; i < dtype.fields.length; i++) {
        const f = dtype.fields[i];
        out[i] = formatElement(f.dtype, view, offset + f.offset, style);
      }
      return out;
    }
    case 'subarray':
      return formatSubarray(dtype.base, dtype.shape, 0, view, offset, style);
  }
}

function formatSubarray(
  base: Dtype,
  shape: number[],
  axis: number,
  view: DataView,
  offset: number,
  style: FormatStyle,
): Formatted {
  if (axis === shape.length) return formatElement(base, view, offset, style);
  let stride = base.itemsize;
  for (let i = axis + 1; i < shape.length; i++) stride *= shape[i];
  const n = shape[axis];
  const out: Formatted[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = formatSubarray(base, shape, axis + 1, view, offset + i * stride, style);
  return out;
}
