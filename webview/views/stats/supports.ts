// Which arrays the statistics view can show: numbers of any kind (bool, integers, floats, complex, datetimes and
// timedeltas), and records with at least one such field. Objects, strings and raw bytes have no statistics.
import type { Dtype } from '../../../src/npy/types';

const NUMERIC = new Set(['b', 'i', 'u', 'f', 'c', 'M', 'm']);

export function hasNumbers(d: Dtype): boolean {
  if (d.type === 'scalar') return NUMERIC.has(d.kind);
  if (d.type === 'subarray') return hasNumbers(d.base);
  return d.fields.some((f) => hasNumbers(f.dtype));
}

/** The complex-part picker applies (a complex dtype, or a record with a complex field). */
export function hasComplex(d: Dtype): boolean {
  if (d.type === 'scalar') return d.kind === 'c';
  if (d.type === 'subarray') return hasComplex(d.base);
  return d.fields.some((f) => hasComplex(f.dtype));
}
