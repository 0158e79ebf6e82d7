// Complex scalars as numpy prints them (scalartypes.c.src, c*type_repr/str for legacy > 1.13):
// `imagj` alone when the real part is +0, else `(real±imagj)`; components trim `.0` in both notations.

import { classifyFloatAt, FloatClass, formatFloatAt, Trim } from './float';

/** `itemsize` is the whole complex (8, 16, 24 or 32); each component is half of it. */
/** `modern`: numpy >= 2.3's str() thresholds for c8 components (see positionalLimit). */
export function formatComplexAt(view: DataView, offset: number, itemsize: number, le: boolean, modern = false): string {
  const half = itemsize / 2;
  const im = offset + half;
  const rc = classifyFloatAt(view, offset, half, le);
  if (rc === FloatClass.PosZero) {
    return formatFloatAt(view, im, half, le, Trim.DptZeros, false, modern) + 'j';
  }
  let rstr: string;
  if (rc === FloatClass.Finite) rstr = formatFloatAt(view, offset, half, le, Trim.DptZeros, false, modern);
  else if (rc === FloatClass.NaN) rstr = 'nan';
  else if (rc === FloatClass.PosInf) rstr = 'inf';
  else rstr = '-inf';
  const ic = classifyFloatAt(view, im, half, le);
  let istr: string;
  if (ic === FloatClass.Finite || ic === FloatClass.PosZero) istr = formatFloatAt(view, im, half, le, Trim.DptZeros, true, modern);
  else if (ic === FloatClass.NaN) istr = '+nan';
  else if (ic === FloatClass.PosInf) istr = '+inf';
  else istr = '-inf';
  return '(' + rstr + istr + 'j)';
}
