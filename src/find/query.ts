// What Find looks for, as the user types it: `nan`, `inf` (either sign), `+inf`, `-inf`, `nat`, or a comparison
// `== x`, `!= x`, `> x`, `>= x`, `< x`, `<= x` (a bare number means `== x`). Compared as numpy compares an array
// with a Python scalar (NEP 50): integers exactly (int64/uint64 through BigInt), float32 against the query
// rounded to float32, other floats in float64; bool against True/False/0/1; complex and datetime only by
// nan/inf and NaT. A cell matches through one predicate per scalar dtype, made once per search.
import type { ScalarDtype } from '../npy/types';
import { NpyError } from '../npy/types';
import { numericDecoder } from '../picture/decode';
import { quoteForMessage } from '../shared/quote';

export type FindQuery = { kind: 'nan' | 'inf' | 'posinf' | 'neginf' | 'nat' } | { kind: 'compare'; op: CompareOp; text: string };
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** A cell test: the element at `offset` of `view`. */
export type CellTest = (view: DataView, offset: number) => boolean;

const NUMBER = /^[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|inf|nan)$/i;

export function parseFindQuery(text: string): FindQuery {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'nan' || t === 'np.nan') return { kind: 'nan' };
  if (t === 'inf' || t === '±inf' || t === 'np.inf' || t === 'infinity') return { kind: 'inf' };
  if (t === '+inf' || t === '+np.inf') return { kind: 'posinf' };
  if (t === '-inf' || t === '-np.inf') return { kind: 'neginf' };
  if (t === 'nat') return { kind: 'nat' };
  const m = /^(==|!=|>=|<=|>|<|=)?\s*(\S+)$/.exec(t);
  if (m && (NUMBER.test(m[2]) || /^(true|false)$/.test(m[2]))) {
    const op = (m[1] === '=' || !m[1] ? '==' : m[1]) as CompareOp;
    return { kind: 'compare', op, text: m[2] };
  }
  throw new NpyError(`find: ${quoteForMessage(text)} is not a search: use nan, inf, +inf, -inf, nat, or a comparison such as '== 3', '> 0.5'`);
}

/** One comparison for numbers and BigInts alike (the operators mean the same on both). */
function compare<T extends number | bigint>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function queryNumber(text: string): number {
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  return Number(text);
}

/**
 * An integer dtype against a number: exact. A non-integer query is moved to the integers it separates
 * (`> 2.5` is `>= 3`, `== 2.5` matches nothing), as numpy compares int64 with a float exactly.
 */
function integerTest(d: ScalarDtype, op: CompareOp, text: string): CellTest {
  const le = d.byteOrder !== '>';
  const read: (v: DataView, o: number) => bigint =
    d.itemsize === 8
      ? d.kind === 'i'
        ? (v, o) => v.getBigInt64(o, le)
        : (v, o) => v.getBigUint64(o, le)
      : (
          (dec) => (v: DataView, o: number) =>
            BigInt(dec.at(v, o))
        )(numericDecoder(d));
  const x = queryNumber(text);
  if (Number.isNaN(x)) return () => op === '!=';
  if (!Number.isFinite(x)) return (v, o) => compare(op, Number(read(v, o)), x);
  let q: bigint;
  let exact = true;
  if (/^[-+]?\d+$/.test(text)) q = BigInt(text);
  else if (Number.isInteger(x)) q = BigInt(x);
  else {
    exact = false;
    q = BigInt(op === '>' || op === '>=' ? Math.ceil(x) : Math.floor(x));
  }
  if (!exact) {
    if (op === '==') return () => false;
    if (op === '!=') return () => true;
    const inclusive: CompareOp = op === '>' || op === '>=' ? '>=' : '<=';
    return (v, o) => compare(inclusive, read(v, o), q);
  }
  return (v, o) => compare(op, read(v, o), q);
}

/** The test for cells of one scalar dtype, or undefined when this query cannot apply to it (skipped). */
export function cellTest(d: ScalarDtype, q: FindQuery): CellTest | undefined {
  const kind = d.kind;
  if (kind === 'S' || kind === 'U' || kind === 'V' || kind === 'O') return undefined;
  if (kind === 'M' || kind === 'm') {
    if (q.kind !== 'nat') return undefined;
    const le = d.byteOrder !== '>';
    return (v, o) => v.getBigInt64(o, le) === -(2n ** 63n);
  }
  if (q.kind === 'nat') return undefined;
  const dec = numericDecoder(d);
  if (kind === 'c') {
    // Either part: numpy's isnan / isinf of a complex value.
    const half: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: d.byteOrder, itemsize: d.itemsize / 2 };
    const part = numericDecoder(half);
    const both =
      (test: (x: number) => boolean): CellTest =>
      (v, o) =>
        test(part.at(v, o)) || test(part.at(v, o + half.itemsize));
    if (q.kind === 'nan') return both(Number.isNaN);
    if (q.kind === 'inf') return both((x) => x === Infinity || x === -Infinity);
    if (q.kind === 'posinf') return both((x) => x === Infinity);
    if (q.kind === 'neginf') return both((x) => x === -Infinity);
    return undefined;
  }
  if (q.kind === 'nan') return kind === 'f' ? (v, o) => Number.isNaN(dec.at(v, o)) : undefined;
  if (q.kind === 'inf') return kind === 'f' ? (v, o) => Math.abs(dec.at(v, o)) === Infinity : undefined;
  if (q.kind === 'posinf') return kind === 'f' ? (v, o) => dec.at(v, o) === Infinity : undefined;
  if (q.kind === 'neginf') return kind === 'f' ? (v, o) => dec.at(v, o) === -Infinity : undefined;
  if (q.kind !== 'compare') return undefined;
  if (kind === 'i' || kind === 'u') return integerTest(d, q.op, q.text);
  let x = queryNumber(q.text);
  if (kind === 'f' && d.itemsize === 4) x = Math.fround(x);
  const { op } = q;
  return (v, o) => compare(op, dec.at(v, o), x);
}
