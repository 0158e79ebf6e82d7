// Bytes → numbers for every numeric dtype, in both byte orders, against numpy's astype(float64) (complex: abs,
// in double precision, datetime / timedelta: the int64 count, NaT as NaN), through both the bulk and the per-element path.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseHeader } from '../../../src/npy/header';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { numericDecoder } from '../../../src/picture/decode';
import { numpy, readF8, sameNumber } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'npy-decode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DTYPES = [
  '?',
  'i1',
  'u1',
  '<i2',
  '>i2',
  '<u2',
  '>u2',
  '<i4',
  '>i4',
  '<u4',
  '>u4',
  '<i8',
  '>i8',
  '<u8',
  '>u8',
  '<f2',
  '>f2',
  '<f4',
  '>f4',
  '<f8',
  '>f8',
  '<f16',
  '>f16',
  '<c8',
  '>c8',
  '<c16',
  '>c16',
  '<c32',
  '<M8[s]',
  '>m8[ms]',
];

describe('picture decoder', () => {
  before(() =>
    numpy(
      `
d = sys.argv[1]
import warnings
warnings.simplefilter('ignore')
base = np.array([0, 1, -1, 2.5, -7.25, 1e-3, 123456.789, 3e38, -2e9, 65504, 1e-300, np.nan, np.inf, -np.inf, 2**53 + 1, -2**63, 2**64 - 1])
for i, t in enumerate(json.loads(sys.argv[2])):
    dt = np.dtype(t)
    if dt.kind in 'iub':
        info = np.iinfo(dt) if dt.kind != 'b' else None
        v = base[np.isfinite(base)]
        v = np.clip(np.round(v), info.min, info.max).astype(dt) if info else (v != 0)
        v = np.concatenate([v, np.array([info.min, info.max], dtype=dt)]) if info else v
    elif dt.kind in 'Mm':
        v = np.array([0, 1, -5, 1700000000, 'NaT'], dtype=dt)
    elif dt.kind == 'c':
        v = (base[:-3] + 1j * base[::-1][:-3]).astype(dt)
    else:
        v = base.astype(dt)
    np.save(f'{d}/{i}.npy', v)
    if dt.kind == 'c': f = np.abs(v.astype(np.complex128) if dt.itemsize == 8 else v).astype(np.float64)  # |z| in double precision
    elif dt.kind in 'Mm': f = np.where(np.isnat(v), np.nan, v.view('<i8' if dt.byteorder != '>' else '>i8').astype(np.float64))
    else: f = v.astype(np.float64)
    f.astype('<f8').tofile(f'{d}/{i}.f8')
print(0)
`,
      [dir, JSON.stringify(DTYPES)],
    ),
  );

  DTYPES.forEach((t, i) => {
    it(`${t}: numpy's float64 of every element (bulk and one by one)`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, `${i}.npy`)));
      const { header } = await parseHeader(new MemorySource(bytes));
      const want = readF8(join(dir, `${i}.f8`));
      const dec = numericDecoder(header.dtype);
      const data = bytes.slice(Number(header.dataOffset));
      const bulk = new Float64Array(want.length);
      dec.bulk(data, want.length, bulk);
      const dv = new DataView(data.buffer);
      for (let k = 0; k < want.length; k++) {
        assert.ok(sameNumber(bulk[k], want[k]), `bulk #${k}: ${bulk[k]} vs ${want[k]}`);
        const one = dec.at(dv, k * dec.itemsize);
        assert.ok(sameNumber(one, want[k]), `at #${k}: ${one} vs ${want[k]}`);
      }
      // An unaligned copy takes the DataView path.
      const shifted = new Uint8Array(data.length + 1).subarray(1);
      shifted.set(data);
      dec.bulk(shifted, want.length, bulk);
      for (let k = 0; k < want.length; k++) assert.ok(sameNumber(bulk[k], want[k]));
    });
  });

  it('refuses dtypes without numbers, in one line', () => {
    const scalar = (kind: 'U' | 'S' | 'V' | 'O', itemsize: number) => ({ type: 'scalar' as const, kind, byteOrder: '|' as const, itemsize });
    assert.throws(() => numericDecoder(scalar('U', 8)), /cannot draw a <U2 array \(strings\)/);
    assert.throws(() => numericDecoder(scalar('O', 8)), /Python objects/);
    assert.throws(
      () => numericDecoder({ type: 'struct', itemsize: 4, fields: [{ name: 'x', offset: 0, dtype: { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 4 } }] }),
      /structured array/,
    );
  });
});
