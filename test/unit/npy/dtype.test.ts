import assert from 'node:assert/strict';
import {
  descrJsonToPy,
  descrToDtype,
  descrToPythonLiteral,
  dtypeName,
  dtypeToDescr,
  flatSubarray,
  hasObject,
  parseDtypeSpec,
  parseTypeString,
} from '../../../src/npy/dtype';
import { parsePyLiteral } from '../../../src/npy/literal';
import { NpyError } from '../../../src/npy/types';
import type { Dtype, StructDtype } from '../../../src/npy/types';
import { askNumpy } from '../../fixtures/header/oracle';
import type { OracleAnswer } from '../../fixtures/header/oracle';

function expectNpyError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof NpyError, `expected NpyError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
}

function sameAsNumpy(d: Dtype, a: OracleAnswer): void {
  assert.equal(dtypeName(d), a.str, 'str(dtype)');
  assert.equal(descrToPythonLiteral(d), a.descr_repr, 'repr(dtype_to_descr(dtype))');
  assert.deepEqual(dtypeToDescr(d), a.descr_json, 'dtype_to_descr(dtype)');
  assert.equal(d.itemsize, a.itemsize, 'itemsize');
  assert.equal(hasObject(d), a.has_object, 'hasObject');
}

const UNITS = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'];

// Every spelling numpy itself accepts here (x86-64 Linux); each is compared field by field with numpy.
const SCALAR_SPECS = [
  // what dtype.str gives, both byte orders
  ...['b1', 'i1', 'u1'].flatMap((t) => [`|${t}`, `<${t}`, `>${t}`, t]),
  ...['i2', 'i4', 'i8', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8', 'f16', 'c8', 'c16', 'c32'].flatMap((t) => [`<${t}`, `>${t}`, `=${t}`, `|${t}`, t]),
  ...UNITS.flatMap((u) => [`<M8[${u}]`, `>M8[${u}]`, `<m8[${u}]`, `>m8[${u}]`]),
  '<M8[10ms]',
  '>m8[25s]',
  '<M8[2W]',
  '<m8[7as]',
  'M8[2147483647s]',
  'M8',
  '<M8',
  '>M8',
  'm8',
  '<m8',
  'M',
  'm',
  'M8[generic]',
  'M8[μs]',
  '|S5',
  'S5',
  '<S5',
  'S1',
  '|S0',
  'S',
  'a5',
  'c',
  '<U10',
  '>U10',
  'U10',
  '|U3',
  'U1',
  'U',
  'U0',
  '|V8',
  'V8',
  'V1',
  'V',
  'V0',
  'V2147483647',
  'S2147483647',
  'O',
  '|O',
  '<O',
  'O8',
  'O4',
  // one-letter codes
  '?',
  'b',
  'B',
  'h',
  'H',
  'i',
  'I',
  'l',
  'L',
  'q',
  'Q',
  'p',
  'P',
  'e',
  'f',
  'd',
  'g',
  'F',
  'D',
  'G',
  '<f',
  '>d',
  '>i',
  // names
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'float32',
  'float64',
  'float128',
  'longdouble',
  'complex64',
  'complex128',
  'complex256',
  'clongdouble',
  'double',
  'single',
  'half',
  'float',
  'int',
  'complex',
  'byte',
  'ubyte',
  'short',
  'ushort',
  'intc',
  'uintc',
  'int_',
  'intp',
  'uintp',
  'long',
  'ulong',
  'longlong',
  'ulonglong',
  'bool_',
  'object',
  'str',
  'bytes',
  'void',
  'datetime64',
  'datetime64[ns]',
  'timedelta64[s]',
  'timedelta64[10ms]',
  'datetime64[D]',
  // comma lists make packed structs
  'i4,f8',
  'i4, f8',
  'f8,',
  '<i2,>f4,S3',
];

const STRUCT_SPECS = [
  "[('x', '<f4'), ('id', '<u8')]",
  "[('x','<f4'),('id','<u8')]",
  "[('pos', '<f4', (2, 3)), ('n', '>i2', (4,)), ('k', 'u1', 3)]",
  "[('a', '<i4'), ('', '|V4'), ('b', '<f8')]",
  "[('a', '<i4'), ('b', '<f8'), ('', '|V3')]",
  "[('', '|V2'), ('a', '<i4')]",
  "[(('Title A', 'a'), '<i4'), (('t', 'b'), '|S3'), ('c', '>c16')]",
  "[(('T', 'a'), '<i4'), ('', '|V4'), ('b', '>f8')]",
  "[('rec', [('a', '<i4'), ('b', [('c', '>f8', (2, 2)), ('d', '|S3')])]), ('z', '?')]",
  "[('rec', [('a', '<i4'), ('', '|V4')], (2,)), ('w', '<U5')]",
  "[('rec', [('a', '<i4'), ('', '|V4'), ('b', '<i2')])]",
  "[('t', '<M8[ns]'), ('d', '>m8[10ms]'), ('o', '|O')]",
  "[('ld', '<f16'), ('cld', '>c32'), ('h', '<f2')]",
  "[('v', '|V7'), ('b', '|b1'), ('i', '|i1'), ('u', 'u1')]",
  "[('nonascii é', '<f4'), ('quote\\'s', '<f4'), ('dq\"', '<f4'), ('tab\\t', '<f4')]",
  "[('__proto__', '<f4'), ('constructor', '<i8')]",
  "[('a', '<f4', ())]",
  "[('a', '<f4', (0,))]",
  "[('a', '<f4', (1,))]",
  "[('s', [('x', '<f4')], (2, 2))]",
  "[('', '<f4')]",
  '[]',
  "[('e', [])]",
  "('<f4', (2, 3))",
  "('<f4', 3)",
  "('<f4', ())",
  "[('a', ('<f4', (2,)))]",
  // Nested sub-arrays keep numpy's nesting in descr and str() (numpy 2.4 never folds them).
  "[('x', ('<f8', (5,)), (2,))]",
  "[('x', (('<f8', (5,)), (3,)), (2,))]",
  "[('x', ('<f8', (2, 3)), (4, 5))]",
  "[('x', ([('a', '<i4'), ('b', ('<f4', (2,)))], (3,)), (2,))]",
  "[('x', [('a', ('<i4', (3,)), (2,))])]",
  "[('x', ('<f8', (5,)), ())]",
  "[('x', ('<f8', ()), (2,))]",
  "(('<f8', (5,)), (2,))",
  // An unsized flexible type takes an int as its size; an empty record takes any shape (numpy loads both).
  "[('a', 'S', 5)]",
  "[('a', '<U', 3)]",
  "[('a', 'V', 4)]",
  "('|S0', 5)",
  "[('a', [], (2147483647,))]",
  "[('a', [], (2,))]",
];

// Header-style descr values (through numpy's descr_to_dtype), including forms only hand-written files contain.
const DESCR_TEXTS = [
  "'<f8'",
  "'>i4'",
  "'|b1'",
  "'<U7'",
  "'|S0'",
  "'|V0'",
  // Empty sub-arrays with a huge dimension: numpy bounds the whole block (0 bytes), not the running product.
  "[('a', '<f4', (2147483647, 0))]",
  "[('a', '<f4', (0, 2147483647))]",
  "'<M8[us]'",
  "'|O'",
  "[('x', '<f4'), ('id', '<u8')]",
  "[['a', '<i4']]",
  "[('a', '<i4', 2)]",
  "[('a', '<i4', [2, 3])]",
  "[('a', '<i4', ())]",
  "[('', '<f4', (2,)), ('a', '<i2')]",
  "[('', '|V4', ()), ('a', '<i2')]",
  "[('', '|V0')]",
  "[('a', '<i4'), ('', '|V0')]",
  "[('', '|V4')]",
  "[('', [('x', '<i4')])]",
  "[('', [('x', '<i4')], (2,))]",
  "[(('t', 'a'), '<i4'), ('', '|V4'), ('b', '>f8')]",
  "[('a', [('b', [('c', [('d', '<i8')])])])]",
  "('<f4', (2,))",
  "[('x', ('<f8', (5,)), (2,))]",
  "[('x', (('<u1', (7,)), (300,)))]",
  "[('a', [], (2147483647,))]",
  "('|V0', 7)",
];

// numpy rejects all of these; so must we.
const BAD_SPECS: [string, RegExp][] = [
  ['u', /not understood/],
  ['i3', /not understood/],
  ['i16', /not understood/],
  ['u16', /not understood/],
  ['f1', /not understood/],
  ['c4', /not understood/],
  ['b2', /not understood/],
  ['M4', /not understood/],
  ['M8[]', /invalid datetime unit/],
  ['M8[2147483648s]', /too large/],
  ['M8[xs]', /unknown datetime unit/],
  ['M8[ns', /not understood/],
  ['S2147483648', /too large/],
  ['U536870912', /too large/],
  ['V99999999999999999999', /too large/],
  ['>float64', /not understood/],
  ['float64[ns]', /not understood/],
  ['floaty', /not understood/],
  ['__proto__', /not understood/],
  ['constructor', /not understood/],
  ['toString', /not understood/],
  ['hasOwnProperty', /not understood/],
  ['f8 extra', /not understood/],
  ['<<f8', /not understood/],
  ['', /empty dtype/],
  ["[('a', '<f4'), ('a', '<i4')]", /duplicate field name 'a'/],
  ["[('', '<f4'), ('', '<i4')]", /duplicate field name ''/],
  ["[(('a', 'b'), '<f4'), ('a', '<i4')]", /duplicate field name 'a'/],
  ["[(('a', 'a'), '<f4')]", /title 'a' is already used/],
  ["[(1, '<i4')]", /field name must be a string/],
  ["[(('t',), '<i4')]", /field name must be a string/],
  ["[(('a', 'b', 'c'), '<i4')]", /field name must be a string/],
  ["[('a', '<i4', (2,), 5)]", /must be \(name, type\)/],
  ["[('a',)]", /must be \(name, type\)/],
  ["[('a', '<i4', (-1,))]", /negative dimension/],
  ["[('a', '<i4', -1)]", /negative dimension/],
  ["[('a', '<i4', (2, 'x'))]", /invalid sub-array shape/],
  ["[('a', '<i4', True)]", /invalid sub-array shape/],
  ["[('a', 5)]", /not a valid dtype descriptor/],
  ["[('a', True)]", /not a valid dtype descriptor/],
  ["[('a', {'x': 1})]", /not a valid dtype descriptor/],
  ["['<f4']", /not a \(name, type\) tuple/],
  ["[('a', '<f8', (2**31,))]", /expected ',' or/],
  ["[('a', '<f8', (268435456,))]", /too large/],
  ["[('a', '|V2147483647'), ('b', '|V1')]", /too large/],
  ["[('a', '<f8', (" + '1, '.repeat(65) + '))]', /dimensions/],
  ["[('a', __import__('os'))]", /name "__import__" is not allowed/],
  // x86-64 numpy has no 12-byte long double (issue 12, item 10).
  ['f12', /not understood/],
  ['<f12', /not understood/],
  ['>f12', /not understood/],
  ['c24', /not understood/],
  ['<c24', /not understood/],
  ['float96', /not understood/],
  ['complex192', /not understood/],
  // A sub-array of an unsized type (issue 12, item 1: 2^31 zero-byte items made formatting hang).
  ["[('a', '|V0', (2147483647,))]", /invalid itemsize in generic type tuple/],
  ["[('a', 'V0', (2,))]", /invalid itemsize in generic type tuple/],
  ["[('a', 'S0', (3,))]", /invalid itemsize in generic type tuple/],
  ["[('a', 'U0', (3,))]", /invalid itemsize in generic type tuple/],
  ["[('a', 'V0', ())]", /invalid itemsize in generic type tuple/],
  ["[('a', ([], (5,)), (3,))]", /invalid itemsize in generic type tuple/],
  ["[('a', ('u1', (0,)), (3,))]", /invalid itemsize in generic type tuple/],
  ["[('a', 'S', -1)]", /invalid itemsize/],
  ["[('a', 'U', 2147483647)]", /too large/],
];

describe('dtype: compared with numpy', () => {
  let scalar: OracleAnswer[] = [];
  let struct: OracleAnswer[] = [];
  let descr: OracleAnswer[] = [];
  let bad: OracleAnswer[] = [];
  before(() => {
    const all = askNumpy([
      ...SCALAR_SPECS.map((spec) => ({ op: 'dtype' as const, spec })),
      ...STRUCT_SPECS.map((spec) => ({ op: 'dtype' as const, spec })),
      ...DESCR_TEXTS.map((text) => ({ op: 'descr' as const, text })),
      ...BAD_SPECS.map(([spec]) => ({ op: 'dtype' as const, spec })),
    ]);
    let i = 0;
    scalar = all.slice(i, (i += SCALAR_SPECS.length));
    struct = all.slice(i, (i += STRUCT_SPECS.length));
    descr = all.slice(i, (i += DESCR_TEXTS.length));
    bad = all.slice(i, (i += BAD_SPECS.length));
  });

  describe('parseDtypeSpec: scalar spellings', () => {
    SCALAR_SPECS.forEach((spec, i) => {
      it(spec, () => {
        assert.ok(scalar[i].ok, `numpy rejected ${spec}: ${scalar[i].error}`);
        sameAsNumpy(parseDtypeSpec(spec), scalar[i]);
      });
    });
  });

  describe('parseDtypeSpec: structured descr text', () => {
    STRUCT_SPECS.forEach((spec, i) => {
      it(spec, () => {
        assert.ok(struct[i].ok, `numpy rejected ${spec}: ${struct[i].error}`);
        const d = parseDtypeSpec(spec);
        if (d.type === 'subarray') {
          // str() of a bare sub-array dtype matches numpy; its descr is numpy's '|V<n>'.
          assert.equal(dtypeName(d), struct[i].str);
          assert.equal(dtypeToDescr(d), `|V${d.itemsize}`);
        }
        sameAsNumpy(d, struct[i]);
      });
    });
  });

  describe('descrToDtype: header descr values (numpy descr_to_dtype)', () => {
    DESCR_TEXTS.forEach((text, i) => {
      it(text, () => {
        assert.ok(descr[i].ok, `numpy rejected ${text}: ${descr[i].error}`);
        sameAsNumpy(descrToDtype(parsePyLiteral(text)), descr[i]);
      });
    });
  });

  describe('rejects what numpy rejects, with one-line NpyError', () => {
    BAD_SPECS.forEach(([spec, pattern], i) => {
      it(JSON.stringify(spec).slice(0, 70), () => {
        assert.ok(!bad[i].ok, `numpy accepted ${spec}`);
        expectNpyError(() => parseDtypeSpec(spec), pattern);
      });
    });
  });
});

describe('dtype: model details', () => {
  it('normalises byte orders like numpy', () => {
    assert.deepEqual(parseDtypeSpec('>i1'), { type: 'scalar', kind: 'i', byteOrder: '|', itemsize: 1 });
    assert.deepEqual(parseDtypeSpec('=f8'), { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 });
    assert.deepEqual(parseDtypeSpec('float32'), { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 4 });
    assert.deepEqual(parseDtypeSpec('>U2'), { type: 'scalar', kind: 'U', byteOrder: '>', itemsize: 8 });
    assert.deepEqual(parseDtypeSpec('<S2'), { type: 'scalar', kind: 'S', byteOrder: '|', itemsize: 2 });
  });

  it('datetime units carry name and count', () => {
    assert.deepEqual(parseDtypeSpec('M8[10ms]'), { type: 'scalar', kind: 'M', byteOrder: '<', itemsize: 8, unit: { name: 'ms', count: 10 } });
    assert.deepEqual(parseDtypeSpec('>m8'), { type: 'scalar', kind: 'm', byteOrder: '>', itemsize: 8, unit: { name: 'generic', count: 1 } });
    for (const u of UNITS) assert.deepEqual((parseDtypeSpec(`M8[${u}]`) as { unit: unknown }).unit, { name: u, count: 1 });
  });

  it('structured: padding advances offsets, titles kept, nested structs and sub-arrays', () => {
    const d = parseDtypeSpec("[(('T', 'a'), '<i4'), ('', '|V4'), ('pos', '>f8', (2, 3)), ('r', [('x', 'u1')])]") as StructDtype;
    assert.equal(d.type, 'struct');
    assert.equal(d.itemsize, 4 + 4 + 48 + 1);
    assert.deepEqual(
      d.fields.map((f) => [f.name, f.title, f.offset, f.dtype.type]),
      [
        ['a', 'T', 0, 'scalar'],
        ['pos', undefined, 8, 'subarray'],
        ['r', undefined, 56, 'struct'],
      ],
    );
    const pos = d.fields[1].dtype;
    assert.ok(pos.type === 'subarray');
    assert.deepEqual(pos.shape, [2, 3]);
    assert.equal(pos.itemsize, 48);
  });

  it("nested sub-arrays keep numpy's nesting (descr, str, JSON); flatSubarray gives the one block in memory", () => {
    const d = descrToDtype(parsePyLiteral("[('a', ('<f4', (2,)), (3,))]")) as StructDtype;
    const a = d.fields[0].dtype;
    assert.ok(a.type === 'subarray');
    assert.deepEqual(a.shape, [3]);
    assert.ok(a.base.type === 'subarray');
    assert.deepEqual(a.base.shape, [2]);
    assert.equal(a.itemsize, 24);
    assert.deepEqual(flatSubarray(a), { base: parseTypeString('<f4'), shape: [3, 2] });
    assert.deepEqual(dtypeToDescr(d), [['a', ['<f4', [2]], [3]]]);
    assert.equal(descrToPythonLiteral(d), "[('a', ('<f4', (2,)), (3,))]");
    // The JSON form reads back to the same dtype (the webview rebuilds dtypes from it).
    assert.deepEqual(descrToDtype(descrJsonToPy(dtypeToDescr(d))), d);
  });

  it('sub-arrays are limited to 64 dimensions with the ones nested in their base', () => {
    const ones = (n: number) => '(' + '1, '.repeat(n) + ')';
    assert.equal(parseDtypeSpec(`[('x', ('<f8', ${ones(32)}), ${ones(32)})]`).itemsize, 8);
    expectNpyError(() => parseDtypeSpec(`[('x', ('<f8', ${ones(40)}), ${ones(40)})]`), /more than 64 dimensions/);
  });

  it('no 12-byte long double: f12 / c24 are refused like numpy on x86-64 refuses them; f16 / c32 are the long double', () => {
    expectNpyError(() => parseTypeString('<f12'), /not understood/);
    expectNpyError(() => parseTypeString('<c24'), /not understood/);
    assert.equal(dtypeName(parseDtypeSpec('f16')), 'float128');
    assert.equal(dtypeName(parseDtypeSpec('c32')), 'complex256');
  });

  it('object dtype is recognised (refused later for data)', () => {
    assert.equal(hasObject(parseDtypeSpec('O')), true);
    assert.equal(hasObject(parseDtypeSpec("[('a', '<f4'), ('b', [('c', '|O')], (2,))]")), true);
    assert.equal(hasObject(parseDtypeSpec("[('a', '<f4')]")), false);
  });

  it('dtypeToDescr refuses overlapping fields (hand-built model)', () => {
    const d: Dtype = {
      type: 'struct',
      itemsize: 8,
      fields: [
        { name: 'a', offset: 4, dtype: parseTypeString('<i4') },
        { name: 'b', offset: 0, dtype: parseTypeString('<i4') },
      ],
    };
    expectNpyError(() => dtypeToDescr(d), /overlapping/);
    // str() falls back to numpy's dict form for non-packed layouts
    assert.equal(dtypeName(d), "{'names': ['a', 'b'], 'formats': ['<i4', '<i4'], 'offsets': [4, 0], 'itemsize': 8}");
  });

  it('stricter than numpy where numpy silently ignores or coerces', () => {
    // numpy's descr_to_dtype ignores a third tuple item and accepts non-str titles; we refuse both.
    expectNpyError(() => parseDtypeSpec("('<f4', (2,), 3)"), /not a valid dtype descriptor/);
    expectNpyError(() => parseDtypeSpec("[((1, 'a'), '<i4')]"), /field name must be a string/);
    expectNpyError(() => parseDtypeSpec('M8[0ns]'), /at least 1/);
    expectNpyError(() => parseDtypeSpec('M8[us/4]'), /invalid datetime unit/);
  });

  it('parseDtypeSpec ignores surrounding whitespace and accepts a quoted type string', () => {
    assert.equal(dtypeName(parseDtypeSpec('  float32 \n')), 'float32');
    assert.equal(dtypeName(parseDtypeSpec("'<i2'")), 'int16');
  });

  it('deep struct nesting is bounded', () => {
    let text = "'<f4'";
    for (let i = 0; i < 40; i++) text = `[('a', ${text})]`;
    expectNpyError(() => parseDtypeSpec(text), /nesting deeper/);
    let ok = "'<f4'";
    for (let i = 0; i < 20; i++) ok = `[('a', ${ok})]`;
    assert.equal(parseDtypeSpec(ok).itemsize, 4);
  });
});
