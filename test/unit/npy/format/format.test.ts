// The public formatting API: dispatch, records and sub-arrays, errors, and a printed speed check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatElement, Formatted, formatScalar } from '../../../../src/npy/format';
import { Dtype, NpyError, ScalarDtype, ScalarKind } from '../../../../src/npy/types';

function scalar(kind: ScalarKind, itemsize: number, byteOrder: '<' | '>' | '|' = '<'): ScalarDtype {
  return { type: 'scalar', kind, byteOrder, itemsize };
}

function viewOf(bytes: number[] | Uint8Array): DataView {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function f64Bytes(x: number, le = true): number[] {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, le);
  return [...new Uint8Array(v.buffer)];
}

describe('format: API', function () {
  it('formats the documented examples', function () {
    const f8 = scalar('f', 8);
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1, '1.0'],
      [-0, '-0.0'],
      [NaN, 'nan'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [1.5e300, '1.5e+300'],
      [1e-4, '0.0001'],
      [100, '100.0'],
      [1.2345e-5, '1.2345e-05'],
      [5e-324, '5e-324'],
      [1e15, '1000000000000000.0'],
    ];
    for (const [x, want] of cases) {
      assert.equal(formatScalar(f8, viewOf(f64Bytes(x)), 0, 'str'), want);
      assert.equal(formatScalar(scalar('f', 8, '>'), viewOf(f64Bytes(x, false)), 0, 'repr'), want);
    }
    // f2 max (65504) → 0x7bff: str() turns scientific at 1e3 for f2 (numpy >= 2.3), repr (legacy 1.25) at 1e16
    assert.equal(formatScalar(scalar('f', 2), viewOf([0xff, 0x7b]), 0, 'str'), '6.55e+04');
    assert.equal(formatScalar(scalar('f', 2), viewOf([0xff, 0x7b]), 0, 'repr'), '65500.0');
    // f4 3e9: str() turns scientific at 1e6 for f4, repr (legacy 1.25) at 1e16
    assert.equal(formatScalar(scalar('f', 4), viewOf([0x5e, 0xd0, 0x32, 0x4f]), 0, 'str'), '3e+09');
    assert.equal(formatScalar(scalar('f', 4), viewOf([0x5e, 0xd0, 0x32, 0x4f]), 0, 'repr'), '3000000000.0');
    assert.equal(formatScalar(scalar('f', 2), viewOf([0x01, 0x00]), 0, 'str'), '6e-08');
    assert.equal(formatScalar(scalar('f', 2, '>'), viewOf([0x2e, 0x66]), 0, 'str'), '0.1');
    // long double 1/3 (x87, little-endian, 16 bytes)
    const third = [0xab, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xfd, 0x3f, 0, 0, 0, 0, 0, 0];
    assert.equal(formatScalar(scalar('f', 16), viewOf(third), 0, 'str'), '0.33333333333333333334');
    assert.equal(formatScalar(scalar('f', 16, '>'), viewOf([...third].reverse()), 0, 'str'), '0.33333333333333333334');
    assert.equal(formatScalar(scalar('f', 12), viewOf(third.slice(0, 12)), 0, 'str'), '0.33333333333333333334');
    // complex
    const c = (re: number, im: number) => formatScalar(scalar('c', 16), viewOf([...f64Bytes(re), ...f64Bytes(im)]), 0, 'str');
    assert.equal(c(0, 1), '1j');
    assert.equal(c(1, -2), '(1-2j)');
    assert.equal(c(1, 0), '(1+0j)');
    assert.equal(c(NaN, Infinity), '(nan+infj)');
    assert.equal(c(-0, -1), '(-0-1j)');
    // ints
    assert.equal(formatScalar(scalar('u', 8), viewOf(new Array(8).fill(255)), 0, 'str'), '18446744073709551615');
    assert.equal(formatScalar(scalar('i', 8, '>'), viewOf([0x80, 0, 0, 0, 0, 0, 0, 0]), 0, 'str'), '-9223372036854775808');
    assert.equal(formatScalar(scalar('b', 1, '|'), viewOf([2]), 0, 'str'), 'True');
  });

  it('formats datetimes with units and multiples', function () {
    const i64 = (n: bigint) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setBigInt64(0, n, true);
      return v;
    };
    const dt = (n: bigint, name: any, count = 1, style: 'str' | 'repr' = 'str') => formatScalar({ ...scalar('M', 8), unit: { name, count } }, i64(n), 0, style);
    const td = (n: bigint, name: any, count = 1, style: 'str' | 'repr' = 'str') => formatScalar({ ...scalar('m', 8), unit: { name, count } }, i64(n), 0, style);
    assert.equal(dt(19782n, 'D'), '2024-02-29');
    assert.equal(dt(650n, 'M'), '2024-03');
    assert.equal(dt(19782n * 24n + 12n, 'h', 1, 'repr'), "numpy.datetime64('2024-02-29T12','h')");
    assert.equal(dt(170920800012n, 'ms', 10, 'repr'), "numpy.datetime64('2024-02-29T12:00:00.120','10ms')");
    assert.equal(dt(-(2n ** 63n), 'generic', 1, 'repr'), "numpy.datetime64('NaT','generic')");
    assert.equal(td(3n, 'D'), '3 days');
    assert.equal(td(3n, 'D', 1, 'repr'), "numpy.timedelta64(3,'D')");
    assert.equal(td(3n, 'generic'), '3 generic time units');
    assert.equal(td(5n, 'ms', 10), '50 milliseconds');
    assert.throws(() => dt(5n, 'generic'), NpyError);
  });

  it('handles UTF-32 code points beyond U+10FFFF like numpy repr (str gets U+FFFD)', function () {
    const v = new DataView(new ArrayBuffer(12));
    v.setUint32(0, 0x110000, true);
    v.setUint32(4, 0x41, true);
    assert.equal(formatScalar(scalar('U', 12), v, 0, 'repr'), "'\\U00110000A'");
    assert.equal(formatScalar(scalar('U', 12), v, 0, 'str'), '\ufffdA');
  });

  it('refuses object arrays and unknown sizes with NpyError', function () {
    assert.throws(() => formatScalar(scalar('O', 8, '|'), viewOf(new Array(8).fill(0)), 0, 'str'), NpyError);
    assert.throws(() => formatScalar(scalar('f', 3), viewOf([0, 0, 0]), 0, 'str'), NpyError);
    assert.throws(
      () => formatElement({ type: 'struct', itemsize: 8, fields: [{ name: 'o', offset: 0, dtype: scalar('O', 8, '|') }] }, viewOf(new Array(8).fill(0)), 0, 'repr'),
      NpyError,
    );
  });

  it('formats records and sub-arrays like numpy does per field', function () {
    const code = String.raw`
import json, sys, numpy as np
inner = np.dtype([('a', '>i2'), ('b', 'S3')])
dt = np.dtype({'names': ['x', 'pos', 'rec', 'when', 's'], 'formats': ['<f4', ('>f8', (2, 3)), inner, 'M8[ms]', 'U2'],
               'offsets': [0, 8, 60, 72, 80], 'itemsize': 96})
a = np.zeros(3, dt)
a['x'] = [0.1, -2.5, np.nan]
a['pos'] = np.arange(18).reshape(3, 2, 3) / 7
a['rec'] = [(1, b'ab'), (-300, b'\x00z'), (7, b"q'")]
a['when'] = np.array(['2024-02-29T12:00:00.123', 'NaT', '1969-12-31T23:59:59.999'], 'M8[ms]')
a['s'] = ['hé', "'", '']
def f(v, style):
    if isinstance(v, np.ndarray):
        return [f(e, style) for e in v]
    if isinstance(v, np.void) and v.dtype.names:
        return [f(v[n], style) for n in v.dtype.names]
    return style(v)
strs = [f(e, str) for e in a]
with np.printoptions(legacy='1.25'):
    reprs = [f(e, repr) for e in a]
out = {'hex': a.tobytes().hex(), 'str': strs, 'repr': reprs}
sys.stdout.write(json.dumps(out))
`;
    const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const want = JSON.parse(r.stdout) as { hex: string; str: Formatted[]; repr: Formatted[] };
    const bytes = new Uint8Array(want.hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(want.hex.substr(i * 2, 2), 16);
    const inner: Dtype = {
      type: 'struct',
      itemsize: 5,
      fields: [
        { name: 'a', offset: 0, dtype: scalar('i', 2, '>') },
        { name: 'b', offset: 2, dtype: scalar('S', 3, '|') },
      ],
    };
    const dtype: Dtype = {
      type: 'struct',
      itemsize: 96,
      fields: [
        { name: 'x', offset: 0, dtype: scalar('f', 4) },
        { name: 'pos', offset: 8, dtype: { type: 'subarray', base: scalar('f', 8, '>'), shape: [2, 3], itemsize: 48 } },
        { name: 'rec', offset: 60, dtype: inner },
        { name: 'when', offset: 72, dtype: { ...scalar('M', 8), unit: { name: 'ms', count: 1 } } },
        { name: 's', offset: 80, dtype: scalar('U', 8) },
      ],
    };
    const view = viewOf(bytes);
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(formatElement(dtype, view, i * 96, 'str'), want.str[i]);
      assert.deepEqual(formatElement(dtype, view, i * 96, 'repr'), want.repr[i]);
    }
    // A sub-array of records nests both ways.
    const sub: Dtype = { type: 'subarray', base: inner, shape: [2], itemsize: 10 };
    const two = viewOf([0, 1, 0x61, 0, 0, 0xff, 0xfe, 0x7a, 0x7a, 0x7a]);
    assert.deepEqual(formatElement(sub, two, 0, 'str'), [
      ['1', "b'a'"],
      ['-2', "b'zzz'"],
    ]);
  });

  it('is fast (printed, not asserted)', function () {
    const n = 10000;
    const bytes = new Uint8Array(n * 16);
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const fill = () => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() & 0xff;
    };
    const view = new DataView(bytes.buffer);
    const time = (label: string, dt: ScalarDtype, prep: () => void) => {
      prep();
      formatScalar(dt, view, 0, 'str');
      const t0 = performance.now();
      let len = 0;
      for (let i = 0; i < n; i++) len += formatScalar(dt, view, i * dt.itemsize, 'str').length;
      const ms = performance.now() - t0;
      console.log(`      ${label.padEnd(34)} ${ms.toFixed(2)} ms / ${n} cells (${len} chars)`);
    };
    time('f8 random bits', scalar('f', 8), fill);
    time('f8 data-like (N(0,1))', scalar('f', 8), () => {
      for (let i = 0; i < n; i++) view.setFloat64(i * 8, (rnd() / 2 ** 32 - 0.5) * 7.3, true);
    });
    time('f4 random bits', scalar('f', 4), fill);
    time('f4 data-like', scalar('f', 4), () => {
      for (let i = 0; i < n; i++) view.setFloat32(i * 4, (rnd() / 2 ** 32 - 0.5) * 7.3, true);
    });
    time('f2 random bits', scalar('f', 2), fill);
    time('f16 (x87) data-like', scalar('f', 16), () => {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 8; j++) bytes[i * 16 + j] = rnd() & 0xff;
        bytes[i * 16 + 7] |= 0x80;
        view.setUint16(i * 16 + 8, 16383 + ((rnd() >>> 8) % 40) - 20, true);
      }
    });
    time('c16 random bits', scalar('c', 16), fill);
    time('i8 random bits', scalar('i', 8), fill);
    time('u1', scalar('u', 1), fill);
    time('M8[ns] around 2024', { ...scalar('M', 8), unit: { name: 'ns', count: 1 } }, () => {
      for (let i = 0; i < n; i++) view.setBigInt64(i * 8, 1709208000000000000n + BigInt(rnd()) * 1000000n, true);
    });
    time('M8[D]', { ...scalar('M', 8), unit: { name: 'D', count: 1 } }, () => {
      for (let i = 0; i < n; i++) view.setBigInt64(i * 8, BigInt(rnd() % 40000), true);
    });
    time('U4 ascii', scalar('U', 16), () => {
      for (let i = 0; i < n * 4; i++) view.setUint32(i * 4, 97 + (rnd() % 26), true);
    });
  });
});
