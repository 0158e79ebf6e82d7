import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MemorySource } from '../../../src/npy/io/byteSource';
import type { ByteSource } from '../../../src/npy/io/byteSource';
import { FileSource } from '../../../src/npy/io/fileSource';
import { descrToDtype, descrToPythonLiteral, dtypeName } from '../../../src/npy/dtype';
import { parsePyLiteral } from '../../../src/npy/literal';
import { assertReadableData, parseHeader, parseHeaderBytes, parsePreamble, OBJECT_DTYPE_MESSAGE, NUMPY_MAX_HEADER_SIZE } from '../../../src/npy/header';
import { describeArray } from '../../../src/npy/open';
import { warningText } from '../../../src/npy/warnings';
import type { ParsedHeader } from '../../../src/npy/header';
import { NpyError } from '../../../src/npy/types';
import { askNumpy } from '../../fixtures/header/oracle';
import type { OracleAnswer, OracleRequest } from '../../fixtures/header/oracle';

const enc = new TextEncoder();

/** A .npy preamble + header around `dict` text, padded like numpy (to `align` bytes), followed by `data`. */
function npy(dict: string, opts: { version?: 1 | 2 | 3; align?: number; data?: Uint8Array | number; latin1?: boolean } = {}): Uint8Array {
  const version = opts.version ?? 1;
  const body = version === 3 ? enc.encode(dict) : Uint8Array.from(dict, (c) => c.charCodeAt(0) & 0xff);
  const pre = version === 1 ? 10 : 12;
  const align = opts.align ?? 64;
  const hlen0 = body.length + 1;
  const pad = (align - ((pre + hlen0) % align)) % align;
  const hlen = hlen0 + pad;
  const data = typeof opts.data === 'number' ? new Uint8Array(opts.data) : (opts.data ?? new Uint8Array(0));
  const out = new Uint8Array(pre + hlen + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) {
    out[8] = hlen & 0xff;
    out[9] = hlen >> 8;
  } else new DataView(out.buffer).setUint32(8, hlen, true);
  out.set(body, pre);
  out.fill(0x20, pre + body.length, pre + hlen - 1);
  out[pre + hlen - 1] = 0x0a;
  out.set(data, pre + hlen);
  return out;
}

/** The engine's warnings for a parsed header, as the CLI prints them. */
function warningsOf(parsed: ParsedHeader): string[] {
  return describeArray(parsed).warnings.map(warningText);
}

function parse(bytes: Uint8Array, opts = {}) {
  return parseHeaderBytes(bytes, BigInt(bytes.length), opts);
}

async function expectReject(p: () => Promise<unknown> | unknown, pattern: RegExp): Promise<void> {
  try {
    await p();
  } catch (e) {
    assert.ok(e instanceof NpyError, `expected NpyError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), `message must be one line: ${e.message}`);
    assert.ok(e.message.length < 300, `message too long: ${e.message}`);
    return;
  }
  assert.fail(`expected an NpyError matching ${pattern}`);
}

const DTYPES = [
  '<f8',
  '>f8',
  '<f4',
  '>f4',
  '<f2',
  '>f2',
  '<f16',
  '>f16',
  '|b1',
  '|i1',
  '|u1',
  '<i2',
  '>i2',
  '<i4',
  '>i4',
  '<i8',
  '>i8',
  '<u2',
  '>u2',
  '<u4',
  '>u4',
  '<u8',
  '>u8',
  '<c8',
  '>c8',
  '<c16',
  '>c16',
  '<c32',
  '>c32',
  ...['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'].flatMap((u) => [`<M8[${u}]`, `>m8[${u}]`]),
  '<M8[10ms]',
  '<m8[25s]',
  '<M8',
  '>m8',
  '|S5',
  '|S1',
  '<U10',
  '>U3',
  '|V8',
  '|O',
  "[('x', '<f4'), ('id', '<u8')]",
  "[('pos', '<f4', (2, 3)), ('n', '>i2')]",
  "[('a', '<i4'), ('', '|V4'), ('b', '<f8')]",
  "[(('Title', 'a'), '<i4'), ('b', '|S3')]",
  "[('rec', [('a', '<i4'), ('b', [('c', '>f8', (2, 2)), ('d', '|S3')])]), ('z', '|b1')]",
  "[('名前', '<f4'), ('é', '<i2')]",
  "[('o', '|O'), ('f', '<f8')]",
];
const SHAPES: number[][] = [[], [0], [3], [3, 4], [2, 3, 4], [3, 0, 2], [1, 1, 1, 1]];

interface Written {
  req: Extract<OracleRequest, { op: 'write' }>;
  ans: OracleAnswer;
}

describe('header: files written by numpy', () => {
  let dir = '';
  let written: Written[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'npy-header-'));
    const reqs: Extract<OracleRequest, { op: 'write' }>[] = [];
    let n = 0;
    DTYPES.forEach((dtype) => {
      for (const shape of dtype.startsWith('[') || dtype.includes('M8') || dtype.includes('m8') ? [[], [3, 0, 2], [2, 3]] : SHAPES) {
        for (const fortran of shape.length > 1 ? [false, true] : [false]) {
          reqs.push({ op: 'write', path: join(dir, `a${n++}.npy`), dtype, shape, fortran, version: null });
        }
      }
    });
    for (const version of [
      [1, 0],
      [2, 0],
      [3, 0],
    ] as [number, number][]) {
      for (const dtype of ['<f8', "[('x', '<f4'), ('id', '<u8')]", "[('ü', '<f4')]", '>U3']) {
        reqs.push({ op: 'write', path: join(dir, `a${n++}.npy`), dtype, shape: [2, 3], fortran: true, version });
      }
    }
    // a header bigger than 64 KiB forces numpy to version 2.0
    const many = '[' + Array.from({ length: 3000 }, (_, i) => `('field_number_${i}', '<f4')`).join(', ') + ']';
    reqs.push({ op: 'write', path: join(dir, `a${n++}.npy`), dtype: many, shape: [2], fortran: false, version: null });
    written = askNumpy(reqs).map((ans, i) => ({ req: reqs[i], ans }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('numpy wrote every fixture', () => {
    assert.ok(written.length > 200);
    for (const w of written) assert.ok(w.ans.ok, `${w.req.dtype} ${JSON.stringify(w.req.shape)}: ${w.ans.error}`);
  });

  it('parses each like numpy: dtype, descr, shape, order, offset, count, size, no warnings', async () => {
    for (const { req, ans } of written) {
      const what = `${req.dtype.slice(0, 60)} shape=${JSON.stringify(req.shape)} F=${req.fortran} v=${JSON.stringify(req.version)}`;
      const bytes = new Uint8Array(readFileSync(req.path));
      const parsed = parseHeaderBytes(bytes, BigInt(bytes.length), { maxHeaderSize: 1 << 30 });
      const { header, fileSize } = parsed;
      const warnings = warningsOf(parsed);
      assert.equal(header.version, ans.version, what);
      assert.equal(dtypeName(header.dtype), ans.str, what);
      assert.equal(descrToPythonLiteral(header.dtype), ans.descr_repr, what);
      assert.deepEqual(header.descr, ans.descr_json, what);
      assert.deepEqual(header.shape, ans.shape!.map(BigInt), what);
      assert.equal(header.fortranOrder, ans.fortran, what);
      assert.equal(header.dataOffset, BigInt(ans.offset!), what);
      assert.equal(fileSize, BigInt(ans.size!), what);
      assert.equal(header.count, BigInt(ans.count!), what);
      if (ans.has_object) {
        assert.deepEqual(warnings, [], what);
        assert.equal(describeArray(parsed).dataError, OBJECT_DTYPE_MESSAGE, what);
      } else {
        assert.equal(header.dataSize, BigInt(ans.nbytes!), what);
        assert.equal(header.dataOffset + header.dataSize, fileSize, what);
        assert.deepEqual(
          describeArray(parsed).warnings.map((w) => w.code),
          parsed.headerChars > NUMPY_MAX_HEADER_SIZE ? ['headerOverNumpyLimit'] : [],
          what,
        );
      }
    }
  });

  it('parseHeader reads through a FileSource and only the header bytes', async () => {
    for (const { req, ans } of written.slice(0, 40)) {
      const src = await FileSource.open(req.path);
      let maxEnd = 0n;
      const spy: ByteSource = {
        size: () => src.size(),
        read: (pos, into) => {
          const end = pos + BigInt(into.length);
          if (end > maxEnd) maxEnd = end;
          return src.read(pos, into);
        },
        close: () => src.close(),
      };
      try {
        const { header } = await parseHeader(spy);
        assert.equal(dtypeName(header.dtype), ans.str);
        assert.ok(maxEnd <= header.dataOffset, 'read past the header');
      } finally {
        await spy.close();
      }
    }
  });

  it("the default cap opens the 3000-field header np.save wrote (with a warning that numpy needs max_header_size); numpy's own cap refuses it", async () => {
    const big = written[written.length - 1];
    assert.equal(big.ans.version, '2.0');
    const src = await FileSource.open(big.req.path);
    try {
      const parsed = await parseHeader(src);
      assert.equal(parsed.header.dtype.type === 'struct' && parsed.header.dtype.fields.length, 3000);
      assert.ok(parsed.headerChars > NUMPY_MAX_HEADER_SIZE);
      const w = describeArray(parsed).warnings;
      assert.deepEqual(
        w.map((x) => x.code),
        ['headerOverNumpyLimit'],
      );
      assert.match(warningText(w[0]), new RegExp(`max_header_size=${parsed.headerChars}\\)`));
      await assert.rejects(
        () => parseHeader(src, { maxHeaderSize: NUMPY_MAX_HEADER_SIZE }),
        (e: unknown) => e instanceof NpyError && e.code === 'headerTooLarge' && /over the limit of 10000 characters/.test(e.message) && !/--|raise/.test(e.message),
      );
    } finally {
      await src.close();
    }
  });

  it('round-trips: descr repr → literal parser → descrToDtype gives the same Dtype', () => {
    for (const { req } of written) {
      const { header } = parse(new Uint8Array(readFileSync(req.path)), { maxHeaderSize: 1 << 30 });
      assert.deepEqual(descrToDtype(parsePyLiteral(descrToPythonLiteral(header.dtype))), header.dtype, req.dtype.slice(0, 60));
    }
  });

  it('the cap counts characters like numpy (UTF-8 3.0 headers, astral field names)', async () => {
    const cases = [6000, 11000].map((n, i) => ({ n, path: join(dir, `emoji${i}.npy`) }));
    const made = askNumpy(
      cases.flatMap(({ n, path }) => [
        { op: 'write' as const, path, dtype: `[('${'\u{1F600}'.repeat(n)}', '<f4')]`, shape: [1], fortran: false, version: [3, 0] as [number, number] },
        { op: 'read' as const, path },
      ]),
    );
    assert.ok(made[0].ok && made[2].ok, made[0].error ?? made[2].error);
    assert.ok(made[1].ok, `numpy should read the 6000-emoji header: ${made[1].error}`);
    assert.ok(!made[3].ok && /large/.test(made[3].error!), 'numpy refuses the 11000-emoji header');
    const small = parse(new Uint8Array(readFileSync(cases[0].path)), { maxHeaderSize: NUMPY_MAX_HEADER_SIZE });
    assert.equal(dtypeName(small.header.dtype), made[1].str);
    assert.deepEqual(warningsOf(small), []);
    await expectReject(() => parse(new Uint8Array(readFileSync(cases[1].path)), { maxHeaderSize: NUMPY_MAX_HEADER_SIZE }), /over the limit of 10000 characters/);
    assert.deepEqual(
      describeArray(parse(new Uint8Array(readFileSync(cases[1].path)))).warnings.map((x) => x.code),
      ['headerOverNumpyLimit'],
    );
  });

  it('object arrays: header parses, data refused by assertReadableData', () => {
    const w = written.find((x) => x.req.dtype === '|O' && x.req.shape.length === 1 && x.req.shape[0] === 3)!;
    const parsed = parse(new Uint8Array(readFileSync(w.req.path)));
    const { header } = parsed;
    // The data error is said once, as the data error: no warning repeats it, and no spurious size warning.
    assert.deepEqual(warningsOf(parsed), []);
    assert.equal(describeArray(parsed).dataError, OBJECT_DTYPE_MESSAGE);
    assert.throws(
      () => assertReadableData(header),
      (e: unknown) => e instanceof NpyError && /pickled Python objects/.test(e.message),
    );
    const ok = parse(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", { data: 8 })).header;
    assert.doesNotThrow(() => assertReadableData(ok));
  });
});

describe('header: hand-made headers', () => {
  const F8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

  it('accepts any key order, no trailing comma, 16-byte padding of old writers', () => {
    for (const align of [16, 64]) {
      const bytes = npy("{'shape': (2, 3), 'fortran_order': True, 'descr': '>i2'}", { align, data: 12 });
      assert.equal(bytes.length % 16, 12 % 16);
      const parsed = parse(bytes);
      const { header } = parsed;
      const warnings = warningsOf(parsed);
      assert.deepEqual(header.shape, [2n, 3n]);
      assert.equal(header.fortranOrder, true);
      assert.equal(dtypeName(header.dtype), '>i2');
      assert.equal(header.dataOffset % BigInt(align), 0n);
      assert.deepEqual(warnings, []);
    }
  });

  it('accepts Python 2 headers with L suffixes (versions 1.0 and 2.0 only, like numpy)', async () => {
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }";
    assert.deepEqual(parse(npy(dict, { data: 48 })).header.shape, [2n, 3n]);
    assert.deepEqual(parse(npy(dict, { version: 2, data: 48 })).header.shape, [2n, 3n]);
    await expectReject(() => parse(npy(dict, { version: 3, data: 48 })), /'L' suffix/);
  });

  it('0-d and zero-size arrays', () => {
    const z = parse(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", { data: 8 })).header;
    assert.deepEqual(z.shape, []);
    assert.equal(z.count, 1n);
    assert.equal(z.dataSize, 8n);
    const e = parse(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0, 2), }")).header;
    assert.equal(e.count, 0n);
    assert.equal(e.dataSize, 0n);
  });

  it('warns about truncated data and trailing bytes', () => {
    const w = (b: Uint8Array) => warningsOf(parse(b));
    assert.deepEqual(w(npy(F8, { data: 8 * 4 + 5 })), ['file is truncated: 4 of 6 elements present; the rest show as missing']);
    assert.deepEqual(w(npy(F8)), ['file is truncated: 0 of 6 elements present; the rest show as missing']);
    assert.deepEqual(w(npy(F8, { data: 48 + 7 })), ['7 B of trailing bytes after the data are ignored']);
    assert.deepEqual(w(npy(F8, { data: 49 })), ['1 B of trailing bytes after the data are ignored']);
    assert.deepEqual(
      describeArray(parse(npy(F8, { data: 49 }))).warnings.map((x) => x.code),
      ['trailingBytes'],
    );
  });

  it('a huge array whose data is missing is still described (sizes in BigInt)', () => {
    const parsed = parse(npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1000000000, 1000000), }"));
    const { header } = parsed;
    const warnings = warningsOf(parsed);
    assert.equal(header.count, 10n ** 15n);
    assert.equal(header.dataSize, 16n * 10n ** 15n);
    assert.deepEqual(warnings, ['file is truncated: 0 of 1000000000000000 elements present; the rest show as missing']);
  });

  it('accepts exactly 64 dimensions and int64-sized arrays at the limit', () => {
    parse(npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${'1, '.repeat(64)}), }`, { data: 8 }));
    const h = parse(npy(`{'descr': '|u1', 'fortran_order': False, 'shape': (${2n ** 63n - 1n},), }`)).header;
    assert.equal(h.dataSize, 2n ** 63n - 1n);
    const v0 = parse(npy(`{'descr': '|V0', 'fortran_order': False, 'shape': (${2n ** 63n - 1n},), }`)).header;
    assert.equal(v0.dataSize, 0n);
    const z = parse(npy(`{'descr': '|u1', 'fortran_order': False, 'shape': (0, ${2n ** 63n - 1n}), }`)).header;
    assert.equal(z.count, 0n);
  });

  it('parsePreamble reports version and header length', () => {
    assert.deepEqual(parsePreamble(npy(F8).subarray(0, 12)), { version: '1.0', preambleLength: 10, headerLength: 118 });
    assert.deepEqual(parsePreamble(npy(F8, { version: 3 }).subarray(0, 12)), { version: '3.0', preambleLength: 12, headerLength: 116 });
  });

  describe('hostile input: each throws a one-line NpyError', () => {
    const hostile: [string, () => Uint8Array, RegExp][] = [
      [
        'code injection in descr',
        () => npy("{'descr': __import__('os').system('touch /tmp/npy-pwned'), 'fortran_order': False, 'shape': (1,), }"),
        /name "__import__" is not allowed/,
      ],
      ['code injection as whole header', () => npy("__import__('os').system('id')"), /name "__import__" is not allowed/],
      ['eval in shape', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': eval('(1,)'), }"), /name "eval" is not allowed/],
      ['lambda', () => npy("{'descr': '<f8', 'fortran_order': (lambda: 0), 'shape': (1,), }"), /name "lambda"/],
      ['f-string', () => npy("{'descr': f'{1}', 'fortran_order': False, 'shape': (1,), }"), /string prefix "f"/],
      [
        '__proto__ extra key',
        () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), '__proto__': {'polluted': True}}", { data: 8 }),
        /unexpected key '__proto__'/,
      ],
      ['__proto__ as descr', () => npy("{'descr': '__proto__', 'fortran_order': False, 'shape': (1,), }", { data: 8 }), /not understood/],
      ['constructor as descr', () => npy("{'descr': 'constructor', 'fortran_order': False, 'shape': (1,), }", { data: 8 }), /not understood/],
      [
        '__proto__ field names are fine but dupes are not',
        () => npy("{'descr': [('__proto__', '<f4'), ('__proto__', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
        /duplicate field name '__proto__'/,
      ],
      ['shape 2**70', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${2n ** 70n},), }`), /does not fit in 64 bits/],
      ['shape as power expression', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2**70,), }"), /expected ','/],
      ['bytes overflow int64', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${2n ** 61n}, 4), }`), /array is too big/],
      ['bytes overflow by itemsize', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${2n ** 60n},), }`), /array is too big/],
      ['zero dim does not hide overflow', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (0, ${2n ** 62n}, 4), }`), /array is too big/],
      ['itemsize 0 still caps the count', () => npy(`{'descr': '|V0', 'fortran_order': False, 'shape': (${2n ** 62n}, 4), }`), /array is too big/],
      ['huge int literal', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${'9'.repeat(5000)},), }`, { version: 2 }), /too long|malformed|limit/],
      ['negative dimension', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"), /negative dimension/],
      ['bool dimension', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (True,), }"), /not a tuple of ints/],
      ['string dimension', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': ('3',), }"), /not a tuple of ints/],
      ['shape as list', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': [3], }"), /not a tuple of ints: \[3\]/],
      ['shape as int', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3), }"), /not a tuple of ints: 3/],
      ['65 dimensions', () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${'1, '.repeat(65)}), }`), /65 dimensions; numpy allows at most 64/],
      ['fortran_order int', () => npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }"), /fortran_order is not True or False: 0/],
      ['fortran_order string', () => npy("{'descr': '<f8', 'fortran_order': 'False', 'shape': (1,), }"), /fortran_order is not True or False/],
      ['missing key', () => npy("{'descr': '<f8', 'shape': (1,), }"), /missing the key 'fortran_order'/],
      ['extra key', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}"), /unexpected key 'extra'/],
      ['duplicate key', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'descr': '<f4'}"), /duplicate key "descr"/],
      ['not a dict', () => npy("[('descr', '<f8')]"), /not a dictionary/],
      ['bad descr', () => npy("{'descr': '<f7', 'fortran_order': False, 'shape': (1,), }"), /not understood/],
      ['descr int', () => npy("{'descr': 8, 'fortran_order': False, 'shape': (1,), }"), /not a valid dtype descriptor: 8/],
      ['top-level sub-array descr', () => npy("{'descr': ('<f4', (2,)), 'fortran_order': False, 'shape': (3,), }"), /sub-array/],
      ['deep nesting', () => npy(`{'descr': ${'['.repeat(200)}${']'.repeat(200)}, 'fortran_order': False, 'shape': (1,), }`), /nesting deeper than 64/],
      ['deep struct nesting', () => npy(`{'descr': ${"[('a', ".repeat(40)}'<f4'${')]'.repeat(40)}, 'fortran_order': False, 'shape': (1,), }`), /nesting deeper than 64/],
      ['NUL bytes in header', () => npy(F8 + '\0\0'), /unexpected text after the literal/],
      [
        'zero dim with 8-byte items past int64 (numpy: too big)',
        () => npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (0, ${2n ** 63n - 1n}), }`),
        /array is too big/,
      ],
      ['trailing junk', () => npy(F8 + ' junk'), /name "junk"|unexpected text/],
      ['unterminated dict', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)"), /expected ','|unclosed/],
      ['float in shape', () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,), }"), /floats/],
      ['None', () => npy("{'descr': None, 'fortran_order': False, 'shape': (1,), }"), /name "None"/],
      [
        'invalid UTF-8 in 3.0',
        () => {
          const b = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", { version: 3 });
          b[20] = 0xff;
          return b;
        },
        /not valid UTF-8/,
      ],
      [
        'bad magic',
        () => {
          const b = npy(F8);
          b[1] = 0x4f;
          return b;
        },
        /not a \.npy file/,
      ],
      ['PNG file', () => Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0), /not a \.npy file/],
      ['empty file', () => new Uint8Array(0), /too short/],
      ['truncated magic', () => Uint8Array.of(0x93, 0x4e, 0x55), /too short/],
      ['truncated version', () => Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1), /too short/],
      ['truncated length field', () => Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0x10, 0), /too short .* header length is cut off/],
      [
        'version 4.0',
        () => {
          const b = npy(F8);
          b[6] = 4;
          return b;
        },
        /unsupported \.npy format version 4\.0/,
      ],
      [
        'version 1.1',
        () => {
          const b = npy(F8);
          b[7] = 1;
          return b;
        },
        /unsupported \.npy format version 1\.1/,
      ],
      [
        'version 0.0',
        () => {
          const b = npy(F8);
          b[6] = 0;
          return b;
        },
        /unsupported \.npy format version 0\.0/,
      ],
      ['header length past the end', () => npy(F8).subarray(0, 50), /runs past the end of the file/],
      [
        'huge header length claim (v2)',
        () => {
          const b = npy(F8, { version: 2 });
          new DataView(b.buffer).setUint32(8, 0xffffffff, true);
          return b;
        },
        /header is 4294967295 bytes, over the limit of 1048576 characters/,
      ],
      [
        'huge header length claim (v1)',
        () => {
          const b = npy(F8);
          b[8] = 0xff;
          b[9] = 0xff;
          return b;
        },
        /header length 65535 runs past the end of the file/,
      ],
    ];
    for (const [name, make, pattern] of hostile) {
      it(name, async () => {
        const bytes = make();
        await expectReject(() => parse(bytes), pattern);
        // the ByteSource path gives the same answer
        await expectReject(() => parseHeader(new MemorySource(bytes)), pattern);
      });
    }

    it('code injection never runs', async () => {
      const marker = join(tmpdir(), `npy-pwned-${process.pid}`);
      await expectReject(() => parse(npy(`{'descr': __import__('os').system('touch ${marker}'), 'fortran_order': False, 'shape': (1,), }`)), /not allowed/);
      assert.throws(() => readFileSync(marker));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('a huge header length claim allocates nothing: only the preamble is read', async () => {
      const b = npy(F8, { version: 2 });
      new DataView(b.buffer).setUint32(8, 0xfffffff0, true);
      let asked = 0;
      const src: ByteSource = {
        size: async () => 2n ** 40n, // claims to be a 1 TiB file
        read: async (pos, into) => {
          asked += into.length;
          return new MemorySource(b).read(pos, into);
        },
        close: async () => {},
      };
      await expectReject(() => parseHeader(src), /over the limit of 1048576 characters/);
      assert.ok(asked <= 12, `read ${asked} bytes`);
      // Even with the cap raised, a source that claims more than it holds costs only what it delivers.
      asked = 0;
      await expectReject(() => parseHeader(src, { maxHeaderSize: 2 ** 33 }), /header is cut off/);
      assert.ok(asked <= 12 + 2 * 64 * 1024, `read ${asked} bytes`);
    });

    it('a header just over the cap is refused, just under is accepted', async () => {
      const pad = (n: number) => `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }${' '.repeat(n)}`;
      const ok = npy(pad(0), { data: 8 });
      const hlen = ok.length - 10 - 8;
      assert.equal(parse(ok, { maxHeaderSize: hlen }).header.count, 1n);
      await expectReject(() => parse(ok, { maxHeaderSize: hlen - 1 }), /over the limit of \d+ characters/);
    });
  });
});
