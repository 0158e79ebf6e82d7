// numpy dtypes: reading a header `descr` (numpy's descr_to_dtype), the spellings users type when creating arrays,
// and the reverse mappings numpy uses (dtype_to_descr, repr of it as written by np.save, and str(dtype)).
// Every check here treats its input as hostile: sizes are validated before anything is computed from them.

import { NpyError } from './types';
import type {
  ByteOrder,
  DatetimeUnit,
  DatetimeUnitName,
  DescrFieldJson,
  DescrJson,
  DescrSubarrayJson,
  DescrTypeJson,
  Dtype,
  Field,
  ScalarDtype,
  ScalarKind,
  StructDtype,
  SubarrayDtype,
} from './types';
import { isList, isTuple, parsePyLiteral, pyRepr, pyStrRepr } from './literal';
import type { PyValue } from './literal';

/** numpy keeps itemsize in a C int. */
export const MAX_ITEMSIZE = 2 ** 31 - 1;
/** numpy 2's NPY_MAXDIMS. */
export const MAX_DIMS = 64;

/** Sizes numpy on x86-64 Linux has (its long double is 16 bytes: there is no f12/c24 there, so none here). */
const NUMERIC_SIZES: Record<string, number[]> = {
  b: [1],
  i: [1, 2, 4, 8],
  u: [1, 2, 4, 8],
  f: [2, 4, 8, 16],
  c: [8, 16, 32],
};

const DATETIME_UNITS: readonly DatetimeUnitName[] = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as', 'generic'];

/** One-character type codes as numpy on x86-64 Linux understands them. */
const CHAR_CODES: Record<string, [ScalarKind, number]> = {
  '?': ['b', 1],
  b: ['i', 1],
  B: ['u', 1],
  h: ['i', 2],
  H: ['u', 2],
  i: ['i', 4],
  I: ['u', 4],
  l: ['i', 8],
  L: ['u', 8],
  q: ['i', 8],
  Q: ['u', 8],
  p: ['i', 8],
  P: ['u', 8],
  n: ['i', 8],
  N: ['u', 8],
  e: ['f', 2],
  f: ['f', 4],
  d: ['f', 8],
  g: ['f', 16],
  F: ['c', 8],
  D: ['c', 16],
  G: ['c', 32],
  c: ['S', 1],
};

/** numpy type names (no byte order allowed, like numpy). */
const NAMES: Record<string, [ScalarKind, number]> = {
  bool: ['b', 1],
  bool_: ['b', 1],
  int8: ['i', 1],
  int16: ['i', 2],
  int32: ['i', 4],
  int64: ['i', 8],
  uint8: ['u', 1],
  uint16: ['u', 2],
  uint32: ['u', 4],
  uint64: ['u', 8],
  float16: ['f', 2],
  float32: ['f', 4],
  float64: ['f', 8],
  float128: ['f', 16],
  complex64: ['c', 8],
  complex128: ['c', 16],
  complex256: ['c', 32],
  byte: ['i', 1],
  ubyte: ['u', 1],
  short: ['i', 2],
  ushort: ['u', 2],
  intc: ['i', 4],
  uintc: ['u', 4],
  int: ['i', 8],
  int_: ['i', 8],
  uint: ['u', 8],
  intp: ['i', 8],
  uintp: ['u', 8],
  long: ['i', 8],
  ulong: ['u', 8],
  longlong: ['i', 8],
  ulonglong: ['u', 8],
  half: ['f', 2],
  single: ['f', 4],
  double: ['f', 8],
  float: ['f', 8],
  longdouble: ['f', 16],
  csingle: ['c', 8],
  cdouble: ['c', 16],
  complex: ['c', 16],
  clongdouble: ['c', 32],
  object: ['O', 8],
  object_: ['O', 8],
  str: ['U', 0],
  str_: ['U', 0],
  bytes: ['S', 0],
  bytes_: ['S', 0],
  void: ['V', 0],
};

function fail(msg: string): never {
  throw new NpyError(msg);
}

function show(v: PyValue, max = 60): string {
  const r = pyRepr(v);
  return r.length > max ? r.slice(0, max) + '…' : r;
}

function showText(s: string, max = 60): string {
  return pyStrRepr(s.length > max ? s.slice(0, max) + '…' : s);
}

function normaliseOrder(kind: ScalarKind, itemsize: number, given: string): ByteOrder {
  if (kind === 'b' || kind === 'S' || kind === 'V' || kind === 'O') return '|';
  if ((kind === 'i' || kind === 'u') && itemsize === 1) return '|';
  return given === '>' ? '>' : '<';
}

function scalar(kind: ScalarKind, itemsize: number, order: string, unit?: DatetimeUnit): ScalarDtype {
  const d: ScalarDtype = { type: 'scalar', kind, byteOrder: normaliseOrder(kind, itemsize, order), itemsize };
  if (unit) d.unit = unit;
  return d;
}

function parseUnit(text: string, whole: string): DatetimeUnit {
  if (text === '') return { name: 'generic', count: 1 };
  const m = /^\[([0-9]*)([A-Za-zμ]+)\]$/.exec(text);
  if (!m) fail(`invalid datetime unit in dtype ${showText(whole)}`);
  const name = m[2] === 'μs' ? 'us' : m[2];
  if (!(DATETIME_UNITS as readonly string[]).includes(name)) fail(`unknown datetime unit ${showText(m[2])} in dtype ${showText(whole)}`);
  let count = 1;
  if (m[1] !== '') {
    if (m[1].length > 10 || Number(m[1]) > 2 ** 31 - 1) fail(`datetime unit multiplier is too large in dtype ${showText(whole)}`);
    count = Number(m[1]);
    if (count < 1) fail(`datetime unit multiplier must be at least 1 in dtype ${showText(whole)}`);
  }
  if (name === 'generic') count = 1;
  return { name: name as DatetimeUnitName, count };
}

function flexibleSize(kind: 'S' | 'U' | 'V', digits: string, whole: string): number {
  if (digits === '') return 0;
  if (digits.length > 12) fail(`dtype ${showText(whole)} is too large`);
  const n = Number(digits);
  const size = kind === 'U' ? n * 4 : n;
  if (size > MAX_ITEMSIZE) fail(`dtype ${showText(whole)} is too large (itemsize ${size} exceeds ${MAX_ITEMSIZE} bytes)`);
  return size;
}

/**
 * One type string: what dtype.str gives (`<f8`, `|S5`, `<M8[ns]`), numpy's one-letter codes (`f`, `d`, `?`),
 * kind+size codes without order (`f8`, `i4`) and type names (`float32`, `datetime64[ns]`). A comma-separated list
 * (`i4,f8`) makes a packed struct with fields f0, f1, … as numpy does. No surrounding whitespace.
 */
export function parseTypeString(s: string): Dtype {
  if (s.length > 200) fail(`dtype string is too long (${s.length} characters)`);
  if (s.includes(',')) {
    const parts = s.split(',');
    if (parts[parts.length - 1].trim() === '') parts.pop();
    const fields: Field[] = [];
    let offset = 0;
    parts.forEach((p, i) => {
      const t = p.replace(/^ +/, '');
      if (t === '' || t.includes('(') || /^[0-9]/.test(t)) fail(`unsupported dtype string ${showText(s)}`);
      const dt = parseTypeString(t);
      fields.push({ name: `f${i}`, offset, dtype: dt });
      offset += dt.itemsize;
      if (offset > MAX_ITEMSIZE) fail(`dtype ${showText(s)} is too large`);
    });
    return { type: 'struct', fields, itemsize: offset };
  }
  const named = /^([a-z_0-9]+)(\[[^\]]*\])?$/.exec(s);
  if (named && !/^[biufcSUVOMma][0-9]*$/.test(named[1]) && named[1].length > 1) {
    const name = named[1];
    if (name === 'datetime64' || name === 'timedelta64') {
      return scalar(name === 'datetime64' ? 'M' : 'm', 8, '<', parseUnit(named[2] ?? '', s));
    }
    if (named[2] !== undefined) fail(`data type ${showText(s)} not understood`);
    const hit = Object.prototype.hasOwnProperty.call(NAMES, name) ? NAMES[name] : undefined;
    if (!hit) fail(`data type ${showText(s)} not understood`);
    return scalar(hit[0], hit[1], '<');
  }
  const m = /^([<>|=]?)([A-Za-z?])([0-9]*)(\[.*\])?$/.exec(s);
  if (!m) fail(`data type ${showText(s)} not understood`);
  const [, order, code, digits, unitText] = m;
  if (unitText !== undefined && code !== 'M' && code !== 'm') fail(`data type ${showText(s)} not understood`);
  switch (code) {
    case 'M':
    case 'm':
      if (digits !== '' && digits !== '8') fail(`data type ${showText(s)} not understood (datetimes are 8 bytes)`);
      return scalar(code, 8, order, parseUnit(unitText ?? '', s));
    case 'S':
    case 'a':
      return scalar('S', flexibleSize('S', digits, s), order);
    case 'U':
    case 'V':
      return scalar(code, flexibleSize(code, digits, s), order);
    case 'O':
      if (digits !== '' && digits !== '8' && digits !== '4') fail(`data type ${showText(s)} not understood`);
      return scalar('O', 8, order);
  }
  if (digits === '') {
    const hit = Object.prototype.hasOwnProperty.call(CHAR_CODES, code) ? CHAR_CODES[code] : undefined;
    if (!hit) fail(`data type ${showText(s)} not understood`);
    return scalar(hit[0], hit[1], order);
  }
  const sizes = Object.prototype.hasOwnProperty.call(NUMERIC_SIZES, code) ? NUMERIC_SIZES[code] : undefined;
  if (!sizes) fail(`data type ${showText(s)} not understood`);
  const size = digits.length <= 3 ? Number(digits) : -1;
  if (!sizes.includes(size)) fail(`data type ${showText(s)} not understood (no ${code}${digits} type)`);
  return scalar(code as ScalarKind, size, order);
}

function toShape(v: PyValue, ctx: string): number[] {
  let items: PyValue[];
  if (typeof v === 'bigint') items = [v];
  else if (isTuple(v)) items = v.tuple;
  else if (isList(v)) items = v;
  else fail(`invalid sub-array shape ${show(v)} in ${ctx}`);
  if (items.length > MAX_DIMS) fail(`sub-array shape has ${items.length} dimensions (limit ${MAX_DIMS}) in ${ctx}`);
  return items.map((x) => {
    if (typeof x !== 'bigint') fail(`invalid sub-array shape ${show(v)} in ${ctx}`);
    if (x < 0n) fail(`negative dimension in sub-array shape ${show(v)} in ${ctx}`);
    if (x > BigInt(MAX_ITEMSIZE)) fail(`sub-array shape ${show(v)} is too large in ${ctx}`);
    return Number(x);
  });
}

/** Dimensions of a sub-array including those of sub-arrays nested in its base (0 for anything else). */
function subarrayDims(d: Dtype): number {
  return d.type === 'subarray' ? d.shape.length + subarrayDims(d.base) : 0;
}

/**
 * numpy's `(type, shape)` (also a field's `(name, type, shape)`), as `_convert_from_tuple` reads it. A type of no
 * size that is not a record (`S0`, `U0`, `V0`, or a sub-array holding 0 bytes) is "unsized": an int then gives its
 * size (`('S0', 5)` is `S5`), and a shape is refused ("invalid itemsize in generic type tuple") — so a sub-array of
 * 2^31 zero-byte `V0` items cannot be made, as in numpy. An empty record `[]` has a size (0), so
 * `('a', [], (2147483647,))` is a valid sub-array, as numpy loads it.
 */
function applyShape(base: Dtype, v: PyValue, ctx: string): Dtype {
  if (base.itemsize === 0 && base.type !== 'struct') {
    if (typeof v === 'bigint' && base.type === 'scalar' && (base.kind === 'S' || base.kind === 'U' || base.kind === 'V')) {
      if (v < 0n) fail(`invalid itemsize ${v} for a ${base.kind} type in ${ctx}`);
      const size = base.kind === 'U' ? v * 4n : v;
      if (size > BigInt(MAX_ITEMSIZE)) fail(`itemsize ${size} in ${ctx} is too large (exceeds ${MAX_ITEMSIZE} bytes)`);
      return scalar(base.kind, Number(size), base.byteOrder);
    }
    fail(`invalid itemsize in generic type tuple: a type of no size (${dtypeName(base)}) cannot take the shape ${show(v)} in ${ctx}`);
  }
  return makeSubarray(base, toShape(v, ctx), ctx);
}

function makeSubarray(base: Dtype, shape: number[], ctx: string): Dtype {
  if (shape.length === 0) return base;
  // numpy keeps the nesting of (('<f4', (2,)), (3,)) in its descr and str(); so does the model (flatSubarray gives
  // the one (3, 2) block it is in memory). The dimensions together stay within numpy's limit for an array's.
  if (shape.length + subarrayDims(base) > MAX_DIMS) fail(`sub-array has more than ${MAX_DIMS} dimensions in ${ctx}`);
  // numpy bounds the whole block, so a zero anywhere makes it empty: ('<f4', (2147483647, 0)) is 0 bytes.
  let size = shape.includes(0) ? 0 : base.itemsize;
  for (const n of shape) {
    size *= n;
    if (size > MAX_ITEMSIZE) fail(`sub-array in ${ctx} is too large (itemsize exceeds ${MAX_ITEMSIZE} bytes)`);
  }
  return { type: 'subarray', base, shape, itemsize: size };
}

/**
 * A sub-array as the one block it is in memory: nested sub-arrays folded, outer dimensions first
 * (`('x', ('<f8', (5,)), (2,))` → base `<f8`, shape [2, 5]). The base is a scalar or a record.
 */
export function flatSubarray(d: SubarrayDtype): { base: ScalarDtype | StructDtype; shape: number[] } {
  const shape = [...d.shape];
  let base: Dtype = d.base;
  while (base.type === 'subarray') {
    shape.push(...base.shape);
    base = base.base;
  }
  return { base, shape };
}

/** numpy's descr_to_dtype: a header `descr` value (str, list of fields, or (descr, shape) tuple) to a Dtype. */
export function descrToDtype(v: PyValue): Dtype {
  return descrInner(v, 0);
}

function descrInner(v: PyValue, depth: number): Dtype {
  if (depth > 64) fail('descr nests too deeply');
  if (typeof v === 'string') return parseTypeString(v);
  if (isTuple(v)) {
    if (v.tuple.length !== 2) fail(`descr is not a valid dtype descriptor: ${show(v)}`);
    const base = descrInner(v.tuple[0], depth + 1);
    return applyShape(base, v.tuple[1], `descr ${show(v)}`);
  }
  if (isList(v)) return structFromDescr(v, depth);
  fail(`descr is not a valid dtype descriptor: ${show(v)}`);
}

function structFromDescr(list: PyValue[], depth: number): StructDtype {
  const fields: Field[] = [];
  const used = new Set<string>();
  let offset = 0;
  for (const entry of list) {
    let items: PyValue[];
    if (isTuple(entry)) items = entry.tuple;
    else if (isList(entry)) items = entry;
    else fail(`descr field is not a (name, type) tuple: ${show(entry)}`);
    if (items.length !== 2 && items.length !== 3) fail(`descr field must be (name, type) or (name, type, shape): ${show(entry)}`);
    const rawName = items[0];
    let name: string;
    let title: string | undefined;
    if (typeof rawName === 'string') name = rawName;
    else if (isTuple(rawName) && rawName.tuple.length === 2 && typeof rawName.tuple[0] === 'string' && typeof rawName.tuple[1] === 'string') {
      title = rawName.tuple[0];
      name = rawName.tuple[1];
    } else fail(`descr field name must be a string or a (title, name) pair: ${show(entry)}`);
    let dt = descrInner(items[1], depth + 1);
    if (items.length === 3) dt = applyShape(dt, items[2], `field ${showText(name)}`);
    // numpy drops padding: an unnamed void (or any sub-array, whose type is void) with no fields.
    const isPad = typeof rawName === 'string' && name === '' && ((dt.type === 'scalar' && dt.kind === 'V') || dt.type === 'subarray');
    if (!isPad) {
      if (used.has(name)) fail(`duplicate field name ${showText(name)} in descr`);
      used.add(name);
      if (title !== undefined) {
        if (used.has(title)) fail(`field title ${showText(title)} is already used as a name or title in descr`);
        used.add(title);
      }
      const f: Field = { name, offset, dtype: dt };
      if (title !== undefined) f.title = title;
      fields.push(f);
    }
    offset += dt.itemsize;
    if (offset > MAX_ITEMSIZE) fail(`structured dtype is too large (itemsize exceeds ${MAX_ITEMSIZE} bytes)`);
  }
  return { type: 'struct', fields, itemsize: offset };
}

/**
 * A dtype as a user types it when creating an array: `float32`, `>i2`, `U10`, `M8[ns]`, `datetime64[ns]`,
 * `i4,f8`, or a structured descr as Python list text `[('x','<f4'),('id','<u8')]`.
 * Orders default to little-endian (native on x86). Surrounding whitespace is ignored.
 */
export function parseDtypeSpec(text: string): Dtype {
  const t = text.trim();
  if (t === '') fail('empty dtype');
  if (t.length > 100_000) fail('dtype text is too long');
  if (t[0] === '[' || t[0] === '(') {
    return descrToDtype(parsePyLiteral(t, { maxDepth: 64, context: 'dtype' }));
  }
  if (t[0] === "'" || t[0] === '"') {
    const v = parsePyLiteral(t, { context: 'dtype' });
    if (typeof v !== 'string') fail(`data type ${showText(t)} not understood`);
    return parseTypeString(v);
  }
  return parseTypeString(t);
}

// ---------------------------------------------------------------------------------------------------------------
// From Dtype back to numpy's forms.

function unitSuffix(u: DatetimeUnit | undefined): string {
  if (!u || u.name === 'generic') return '';
  return u.count === 1 ? `[${u.name}]` : `[${u.count}${u.name}]`;
}

/** numpy's `dtype.str` for a scalar: `<f8`, `|i1`, `|S5`, `<U10`, `<M8[ns]`, `|O`. */
export function typeStr(d: ScalarDtype): string {
  const order = normaliseOrder(d.kind, d.itemsize, d.byteOrder);
  switch (d.kind) {
    case 'U':
      return `${order}U${d.itemsize / 4}`;
    case 'O':
      return '|O';
    case 'M':
    case 'm':
      return `${order}${d.kind}8${unitSuffix(d.unit)}`;
    default:
      return `${order}${d.kind}${d.itemsize}`;
  }
}

/** numpy's dtype_to_descr, as JSON (tuples become arrays). A top-level sub-array gives `|V<n>` like numpy. */
export function dtypeToDescr(d: Dtype): DescrJson {
  if (d.type === 'scalar') return typeStr(d);
  if (d.type === 'subarray') return `|V${d.itemsize}`;
  return structDescr(d);
}

/** numpy's `_array_descr` for a field type: a sub-array (only as a sub-array's base) is `(descr, shape)`. */
function fieldDescr(d: Dtype): DescrTypeJson {
  if (d.type === 'scalar') return typeStr(d);
  if (d.type === 'struct') return structDescr(d);
  const tuple: DescrSubarrayJson = [fieldDescr(d.base), [...d.shape]];
  return tuple;
}

/** Whether a descr array is a `(descr, shape)` pair rather than a list of fields. */
export function isSubarrayDescr(d: DescrFieldJson[] | DescrSubarrayJson): d is DescrSubarrayJson {
  return d.length === 2 && Array.isArray(d[1]) && d[1].length > 0 && typeof d[1][0] === 'number';
}

/** The Python value a DescrJson stands for (tuples back as tuples), for descrToDtype or pyRepr. */
export function descrJsonToPy(d: DescrTypeJson): PyValue {
  if (typeof d === 'string') return d;
  if (isSubarrayDescr(d)) return { tuple: [descrJsonToPy(d[0]), { tuple: d[1].map((n) => BigInt(n)) }] };
  return d.map((field): PyValue => {
    const [rawName, type, shape] = field as [string | [string, string], DescrTypeJson, number[] | undefined];
    const name: PyValue = typeof rawName === 'string' ? rawName : { tuple: [rawName[0], rawName[1]] };
    const items: PyValue[] = [name, descrJsonToPy(type)];
    if (shape !== undefined) items.push({ tuple: shape.map((n) => BigInt(n)) });
    return { tuple: items };
  });
}

function structDescr(d: StructDtype): DescrFieldJson[] {
  const out: DescrFieldJson[] = [];
  let offset = 0;
  for (const f of d.fields) {
    if (f.offset > offset) {
      out.push(['', `|V${f.offset - offset}`]);
      offset = f.offset;
    } else if (f.offset < offset) {
      fail('dtype.descr is not defined for types with overlapping or out-of-order fields');
    }
    const name: string | [string, string] = f.title !== undefined ? [f.title, f.name] : f.name;
    if (f.dtype.type === 'subarray') out.push([name, fieldDescr(f.dtype.base), [...f.dtype.shape]]);
    else out.push([name, fieldDescr(f.dtype)]);
    offset += f.dtype.itemsize;
  }
  if (d.itemsize > offset) out.push(['', `|V${d.itemsize - offset}`]);
  return out;
}

function pyTupleOfInts(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function descrJsonLiteral(v: DescrTypeJson): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (isSubarrayDescr(v)) return `(${descrJsonLiteral(v[0])}, ${pyTupleOfInts(v[1])})`;
  return (
    '[' +
    v
      .map((f) => {
        const name = typeof f[0] === 'string' ? pyStrRepr(f[0]) : `(${pyStrRepr(f[0][0])}, ${pyStrRepr(f[0][1])})`;
        const parts = [name, descrJsonLiteral(f[1])];
        if (f.length === 3) parts.push(pyTupleOfInts(f[2]));
        return '(' + parts.join(', ') + ')';
      })
      .join(', ') +
    ']'
  );
}

/** Exactly what np.save writes after `'descr': ` — Python's repr of dtype_to_descr. */
export function descrToPythonLiteral(d: Dtype): string {
  return descrJsonLiteral(dtypeToDescr(d));
}

const STEMS: Partial<Record<ScalarKind, string>> = { i: 'int', u: 'uint', f: 'float', c: 'complex' };

/** numpy's `str(dtype)`: `float64`, `>f8`, `<U10`, `|S5`, `datetime64[ns]`, `[('x', '<f4'), ('id', '<u8')]`. */
export function dtypeName(d: Dtype): string {
  if (d.type === 'struct') return structStr(d);
  if (d.type === 'subarray') return subarrayStr(d);
  if (d.kind === 'S' || d.kind === 'U' || d.kind === 'V' || d.byteOrder === '>') return typeStr(d);
  switch (d.kind) {
    case 'b':
      return 'bool';
    case 'O':
      return 'object';
    case 'M':
      return 'datetime64' + unitSuffix(d.unit);
    case 'm':
      return 'timedelta64' + unitSuffix(d.unit);
    default:
      return `${STEMS[d.kind]}${d.itemsize * 8}`;
  }
}

/** numpy's `_construction_repr(dtype, short=True)`. */
function shortRepr(d: Dtype): string {
  if (d.type === 'struct') return structStr(d);
  if (d.type === 'subarray') return subarrayStr(d);
  const order = d.byteOrder === '|' ? '' : d.byteOrder;
  switch (d.kind) {
    case 'b':
      return "'?'";
    case 'O':
      return "'O'";
    case 'S':
      return d.itemsize === 0 ? "'S'" : `'S${d.itemsize}'`;
    case 'U':
      return d.itemsize === 0 ? `'${order}U'` : `'${order}U${d.itemsize / 4}'`;
    case 'V':
      return d.itemsize === 0 ? "'V'" : `'V${d.itemsize}'`;
    case 'M':
    case 'm':
      return `'${order}${d.kind}8${unitSuffix(d.unit)}'`;
    default:
      return `'${order}${d.kind}${d.itemsize}'`;
  }
}

function subarrayStr(d: SubarrayDtype): string {
  return `(${shortRepr(d.base)}, ${pyTupleOfInts(d.shape)})`;
}

function isPacked(d: StructDtype): boolean {
  let total = 0;
  for (const f of d.fields) {
    if (f.offset !== total) return false;
    total += f.dtype.itemsize;
  }
  return total === d.itemsize;
}

function structStr(d: StructDtype): string {
  if (isPacked(d)) {
    const items = d.fields.map((f) => {
      let item = '(';
      item += f.title !== undefined ? `(${pyStrRepr(f.title)}, ${pyStrRepr(f.name)}), ` : `${pyStrRepr(f.name)}, `;
      if (f.dtype.type === 'subarray') item += `${shortRepr(f.dtype.base)}, ${pyTupleOfInts(f.dtype.shape)}`;
      else item += shortRepr(f.dtype);
      return item + ')';
    });
    return '[' + items.join(', ') + ']';
  }
  let out = "{'names': [" + d.fields.map((f) => pyStrRepr(f.name)).join(', ');
  out += "], 'formats': [" + d.fields.map((f) => shortRepr(f.dtype)).join(', ');
  out += "], 'offsets': [" + d.fields.map((f) => String(f.offset)).join(', ');
  if (d.fields.some((f) => f.title !== undefined)) {
    out += "], 'titles': [" + d.fields.map((f) => (f.title !== undefined ? pyStrRepr(f.title) : 'None')).join(', ');
  }
  return out + `], 'itemsize': ${d.itemsize}}`;
}

/** True if any part of the dtype is a Python object reference (data would be pickled). */
export function hasObject(d: Dtype): boolean {
  if (d.type === 'scalar') return d.kind === 'O';
  if (d.type === 'subarray') return hasObject(d.base);
  return d.fields.some((f) => hasObject(f.dtype));
}
