// Float and complex formatting compared element by element with numpy (python3) as the oracle.
import assert from 'node:assert/strict';
import { layoutDigits, Trim } from '../../../../src/npy/format/digits';
import { shortestDigits } from '../../../../src/npy/format/dragon4';
import { positionalLimit } from '../../../../src/npy/format/float';
import { oracle, hexBytes, scalarDtype, runOracle, OracleCase } from '../../../support/formatOracle';

runOracle(
  'format: float16',
  `
both('all bit patterns', np.arange(65536, dtype=np.uint16).view(np.float16))
`,
);

runOracle(
  'format: float32',
  `
bits = rng.integers(0, 2**32, 200000, dtype=np.uint64).astype(np.uint32)
both('random bits', bits.view(np.float32))
both('random small-exponent bits', ((rng.integers(0, 2**23, 50000, dtype=np.uint32)) | (rng.integers(100, 160, 50000, dtype=np.uint32) << 23)).view(np.float32))
sub = rng.integers(0, 2**23, 20000, dtype=np.uint32)
emit('subnormals', np.concatenate([sub, np.arange(0, 300, dtype=np.uint32)]).view(np.float32))
dec = np.array([float(f'{rng.integers(1, 10**int(d))}e{int(e)}') for d, e in zip(rng.integers(1, 10, 30000), rng.integers(-46, 39, 30000))])
with np.errstate(over='ignore'):
    emit('short decimals', dec.astype(np.float32))
p2 = np.concatenate([2.0**np.arange(-149, 128), -(2.0**np.arange(-149, 128))]).astype(np.float32)
emit('powers of two and neighbours', np.concatenate([p2, np.nextafter(p2, np.float32(np.inf)), np.nextafter(p2, np.float32(0))]))
p10 = np.array([10.0**k for k in range(-45, 39)], dtype=np.float32)
emit('powers of ten and neighbours', np.concatenate([p10, np.nextafter(p10, np.float32(np.inf)), np.nextafter(p10, np.float32(0))]))
emit('edges', np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 0.1, 1.0, 1e-4, 9.999e-5, 1e16, 9.9999e15, 3.4028235e+38, 16777216.0, 16777217.0, 1e15, 65504, 1e-45, 1.17549435e-38], dtype=np.float32))
ints = rng.integers(-2**31, 2**31, 20000).astype(np.float32)
emit('integers', ints)
`,
);

runOracle(
  'format: float64',
  `
bits = rng.integers(0, 2**64, 200000, dtype=np.uint64, endpoint=False)
both('random bits', bits.view(np.float64))
mid = rng.integers(0, 2**52, 50000, dtype=np.uint64) | (rng.integers(1000, 1100, 50000, dtype=np.uint64) << np.uint64(52))
emit('mid exponents', mid.view(np.float64))
emit('subnormals', np.concatenate([rng.integers(0, 2**52, 20000, dtype=np.uint64), np.arange(0, 300, dtype=np.uint64)]).view(np.float64))
dec = np.array([float(f'{rng.integers(1, 10**int(d))}e{int(e)}') for d, e in zip(rng.integers(1, 18, 50000), rng.integers(-330, 309, 50000))])
emit('short decimals', dec)
p2 = np.concatenate([2.0**np.arange(-1074, 1024), -(2.0**np.arange(-1074, 1024))])
emit('powers of two and neighbours', np.concatenate([p2, np.nextafter(p2, np.inf), np.nextafter(p2, 0)]))
p10 = np.array([float(f'1e{k}') for k in range(-323, 309)])
emit('powers of ten and neighbours', np.concatenate([p10, np.nextafter(p10, np.inf), np.nextafter(p10, 0)]))
emit('edges', np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 0.1, 1.0, 100.0, 1e-4, 9.999e-5, 1e-5, 1e16, 1e16 - 2, 9999999999999998.0, 1.5e300, 5e-324, 1.2345e-5, 1e15, 123456789012345678.0, 1e21, 1e22, 1e23, 2.0**53, 2.0**53 + 2, 2.0**60, 1.7976931348623157e308, 2.2250738585072014e-308]))
emit('integers', rng.integers(-2**62, 2**62, 20000).astype(np.float64))
emit('thresholds', np.concatenate([np.nextafter(1e-4, 0) * np.ones(1), [1e-4], np.nextafter(1e16, 0) * np.ones(1), [1e16], [1e-6, 9.99e-7, 1e21, 9.99e20]]))
`,
);

runOracle(
  'format: x87 long double (f16)',
  `
assert np.dtype(np.longdouble).itemsize == 16 and np.finfo(np.longdouble).nmant == 63
n = 30000
raw = np.zeros((n, 16), dtype=np.uint8)
raw[:, :10] = rng.integers(0, 256, (n, 10), dtype=np.uint8)
# mostly normal numbers: set the explicit integer bit on 80% (rest are unnormals/pseudo values)
raw[:, 7] |= (rng.random(n) < 0.8).astype(np.uint8) << 7
# bias exponents towards the printable middle for half of them
e = rng.integers(16383 - 80, 16383 + 80, n)
m = rng.random(n) < 0.5
raw[m, 8] = (e[m] & 0xff).astype(np.uint8)
raw[m, 9] = ((e[m] >> 8) & 0x7f).astype(np.uint8) | (raw[m, 9] & 0x80)
both('random bits', raw.reshape(-1).view(np.longdouble))
special = []
def ld(mant, se):
    return struct.pack('<QH', mant, se) + b'\\0' * 6
for mant, se in [(0x8000000000000000, 0x3fff), (0x4000000000000000, 0x3fff), (0x8000000000000001, 0), (0x8000000000000000, 0),
                 (0, 0x7fff), (0x8000000000000000, 0x7fff), (0xc000000000000000, 0x7fff), (0x4000000000000000, 0x7fff),
                 (0, 0x3fff), (1, 0x4040), (1, 0), (0, 0), (0, 0x8000), (0xffffffffffffffff, 0x7ffe), (0x8000000000000000, 1),
                 (0x7fffffffffffffff, 0)]:
    special.append(ld(mant, se)); special.append(ld(mant, se | 0x8000))
both('special encodings', np.frombuffer(b''.join(special), np.longdouble))
vals = [np.longdouble(1) / 3, np.longdouble('0.1'), np.longdouble('1e-4'), np.longdouble('1e16'), np.longdouble(2) ** -16445,
        np.finfo(np.longdouble).max, np.finfo(np.longdouble).tiny, np.longdouble('1e4000'), np.longdouble('-2.5e-3000')]
v = np.array(vals, dtype=np.longdouble)
emit('values', np.concatenate([v, np.nextafter(v, np.longdouble(np.inf)), np.nextafter(v, np.longdouble(0))]))
dec = np.array([np.longdouble(f'{rng.integers(1, 10**int(d))}e{int(e)}') for d, e in zip(rng.integers(1, 19, 5000), rng.integers(-40, 40, 5000))])
emit('short decimals', dec)
p2 = np.longdouble(2) ** np.arange(-100, 100)
emit('powers of two and neighbours', np.concatenate([p2, np.nextafter(p2, np.longdouble(np.inf)), np.nextafter(p2, np.longdouble(0))]))
`,
);

runOracle(
  'format: complex',
  `
sp = [0.0, -0.0, 1.0, -1.0, 2.5, np.nan, -np.nan, np.inf, -np.inf, 1e20, 1e-20, 0.1, 1e16, 1e-5, 123.456]
c = np.array([complex(a, b) for a in sp for b in sp])
for t in (np.complex64, np.complex128, np.clongdouble):
    both('specials ' + t.__name__, c.astype(t))
    r = rng.integers(0, 2**32 if t is np.complex64 else 2**63, 40000, dtype=np.uint64)
    if t is np.complex64:
        emit('random bits c8', r.astype(np.uint32).view(np.complex64))
    elif t is np.complex128:
        emit('random bits c16', r.view(np.complex128))
    z = (rng.standard_normal(2000) * 10.0 ** rng.integers(-8, 20, 2000) + 1j * rng.standard_normal(2000)).astype(t)
    both('random ' + t.__name__, z)
`,
);

describe('format: exact BigInt Dragon4 alone (the f2/f4 fallback) agrees with numpy', function () {
  this.timeout(120000);
  let cases: OracleCase[] = [];
  before(function () {
    cases = oracle(`
emit('f2 all', np.arange(65536, dtype=np.uint16).view(np.float16))
emit('f4 random', rng.integers(0, 2**32, 30000, dtype=np.uint64).astype(np.uint32).view(np.float32))
emit('f8 random', rng.integers(0, 2**64, 30000, dtype=np.uint64, endpoint=False).view(np.float64))
`);
  });
  it('for every f2 value and random f4/f8 bit patterns', function () {
    for (const c of cases) {
      const view = hexBytes(c.hex);
      const size = scalarDtype(c.dtype).itemsize;
      const [mantBits, expBits] = size === 2 ? [10, 5] : size === 4 ? [23, 8] : [52, 11];
      const bias = 2 ** (expBits - 1) - 1;
      const bad: string[] = [];
      for (let i = 0; i < c.str.length; i++) {
        const bits = size === 2 ? BigInt(view.getUint16(i * 2, true)) : size === 4 ? BigInt(view.getUint32(i * 4, true)) : view.getBigUint64(i * 8, true);
        const frac = bits & ((1n << BigInt(mantBits)) - 1n);
        const ef = Number((bits >> BigInt(mantBits)) & BigInt(2 ** expBits - 1));
        const neg = bits >> BigInt(mantBits + expBits) === 1n;
        if (ef === 2 ** expBits - 1) continue; // inf/nan
        const x = size === 2 ? NaN : size === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
        const want = c.str[i];
        if (frac === 0n && ef === 0) continue;
        const m = ef === 0 ? frac : frac | (1n << BigInt(mantBits));
        const e = (ef === 0 ? 1 : ef) - bias - mantBits;
        const d = shortestDigits(m, e, frac === 0n && ef > 1);
        const a = size === 2 ? Math.abs(Number(m) * 2 ** e) : Math.abs(x);
        const got = layoutDigits(neg, false, d.digits, d.exp, !(a >= 1e-4 && a < positionalLimit(size, true)), Trim.LeaveOneZero);
        if (got !== want && bad.length < 10) bad.push(`${bits.toString(16)}: got ${got}, numpy ${want}`);
      }
      assert.equal(bad.length, 0, `${c.name}:\n  ${bad.join('\n  ')}`);
    }
  });
});
