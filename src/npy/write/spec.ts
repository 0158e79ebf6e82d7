// What users type for shapes and byte counts, and the array-size arithmetic the write commands share.
import { NpyError, type Dtype } from '../types';
import { INT64_MAX } from '../header';
import { MAX_DIMS, dtypeToDescr, hasObject } from '../dtype';
import { shapeText } from '../../shared/text';
import { quoteForMessage } from '../../shared/quote';

function fail(msg: string): never {
  throw new NpyError(msg);
}

/**
 * `3,4`, `1000`, `0`, `3,0,2`, `()`, `(3,)`, `(3, 4)`, `[3, 4]`. With `allowInfer` one dimension may be `-1`
 * (returned as -1n). Dimensions are BigInt and must fit in int64 like numpy's.
 */
export function parseShapeSpec(text: string, opts: { allowInfer?: boolean } = {}): bigint[] {
  let t = text.trim();
  if ((t.startsWith('(') && t.endsWith(')')) || (t.startsWith('[') && t.endsWith(']'))) t = t.slice(1, -1).trim();
  if (t === '') return [];
  const parts = t.split(',').map((s) => s.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // `(3,)`
  if (parts.length > MAX_DIMS) fail(`shape has ${parts.length} dimensions; numpy allows at most ${MAX_DIMS}`);
  let inferred = 0;
  const shape = parts.map((p) => {
    if (p === '-1' && opts.allowInfer) {
      inferred++;
      return -1n;
    }
    if (!/^\d+$/.test(p)) fail(`shape ${quoteForMessage(text)} is not a list of non-negative integers like 3,4 or ()`);
    const n = BigInt(p);
    if (n > INT64_MAX) fail(`shape dimension ${p} does not fit in 64 bits`);
    return n;
  });
  if (inferred > 1) fail(`shape ${quoteForMessage(text)} has more than one -1`);
  return shape;
}

/**
 * A byte count: digits, optionally with a binary suffix K/M/G/T (KiB...). `name` is how the caller's user knows
 * the value (`skip`, or a CLI's `--skip`); the message names only that.
 */
export function parseByteCount(text: string, name: string): bigint {
  const m = /^(\d+)\s*([kmgt]i?b?)?$/i.exec(text.trim());
  if (!m) fail(`${name} must be a byte count like 4096 or 1M, got ${quoteForMessage(text)}`);
  const mult: Record<string, bigint> = { k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n };
  return BigInt(m[1]) * (m[2] ? mult[m[2][0].toLowerCase()] : 1n);
}

/** numpy's tuple text: `()`, `(3,)`, `(3, 4)`. */
export { shapeText };

export function product(xs: readonly bigint[]): bigint {
  let p = 1n;
  for (const x of xs) p *= x;
  return p;
}

/** Refuse what numpy cannot store as raw data in a .npy: object dtypes, sizes past int64. Returns the data size. */
export function checkStorable(dtype: Dtype, shape: readonly bigint[]): bigint {
  if (hasObject(dtype)) fail('dtype object holds Python references, which a .npy stores pickled; NPY Studio only writes raw data');
  if (shape.length > MAX_DIMS) fail(`shape has ${shape.length} dimensions; numpy allows at most ${MAX_DIMS}`);
  const itemsize = BigInt(dtype.itemsize);
  let nonZero = 1n;
  for (const n of shape) {
    if (n < 0n) fail(`negative dimension in shape ${shapeText(shape)}`);
    if (n !== 0n) nonZero *= n;
    if (nonZero > INT64_MAX / (itemsize > 0n ? itemsize : 1n)) {
      fail(`array is too big: shape ${shapeText(shape)} × ${dtype.itemsize}-byte items does not fit in 64 bits`);
    }
  }
  return product(shape) * itemsize;
}

/** Same dtype in numpy's sense for raw bytes: identical descr (byte order, sizes, fields, offsets). */
export function sameDtype(a: Dtype, b: Dtype): boolean {
  return JSON.stringify(dtypeToDescr(a)) === JSON.stringify(dtypeToDescr(b));
}
