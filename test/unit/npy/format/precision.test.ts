// The display-precision formatter against numpy: format_float_positional(precision=N, unique=False,
// fractional=False, trim='-') and format_float_scientific(precision=N-1, unique=False) of float16/32/64 values
// (subnormals, the largest, ties, negative zero, nan, ±inf, random values over the whole range).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatAtPrecision, formatPositional, formatScientific, precisionFromSetting } from '../../../../src/npy/format/precision';

const DIGITS = [1, 2, 3, 4, 6, 8, 10, 15, 17];

interface Case {
  dtype: string;
  hex: string;
  pos: Record<string, string[]>;
  sci: Record<string, string[]>;
}

const PY = `
import sys, json
import numpy as np
rng = np.random.default_rng(7)
out = []
def emit(arr):
    arr = np.ascontiguousarray(arr).reshape(-1)
    pos = {str(n): [np.format_float_positional(x, precision=n, unique=False, fractional=False, trim='-') for x in arr] for n in ${JSON.stringify(DIGITS)}}
    sci = {str(n): [np.format_float_scientific(x, precision=n-1, unique=False) for x in arr] for n in ${JSON.stringify(DIGITS)}}
    out.append({'dtype': arr.dtype.str, 'hex': arr.astype(arr.dtype.newbyteorder('<')).tobytes().hex(), 'pos': pos, 'sci': sci})
edge = [0.0, -0.0, np.nan, np.inf, -np.inf, 1.0, -1.0, 0.1, 2.5, 1.5, 0.125, 0.375, 9.9999, 99.95, 123456789.0, 0.000123456, 1e-7, 1e16, 1e22, 2.0**-10]
for dt, extra in [('f2', [6e-08, 1e-07, 6.1e-05, 65504.0, -65504.0, 0.333]),
                  ('f4', [1e-45, 1.17549435e-38, 3.4028235e38, -3.4028235e38, 16777217.0, 0.1]),
                  ('f8', [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e300, 1e-300, 2.0**53 + 1, 0.30000000000000004])]:
    emit(np.array(edge + extra, dtype=dt))
    bits = {'f2': 'u2', 'f4': 'u4', 'f8': 'u8'}[dt]
    info = np.iinfo(bits)
    emit(rng.integers(0, info.max, 400, dtype=bits, endpoint=True).view(dt))
    emit((rng.standard_normal(200) * 10.0 ** rng.integers(-8, 9, 200)).astype(dt))
sys.stdout.write(json.dumps(out))
`;

function cases(): Case[] {
  const r = spawnSync('python3', ['-c', PY], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Case[];
}

function values(c: Case): number[] {
  const bytes = Buffer.from(c.hex, 'hex');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = Number(c.dtype.slice(2));
  const out: number[] = [];
  for (let o = 0; o < bytes.length; o += size) {
    if (size === 8) out.push(view.getFloat64(o, true));
    else if (size === 4) out.push(view.getFloat32(o, true));
    else {
      const h = view.getUint16(o, true);
      const e = (h >> 10) & 0x1f;
      const f = h & 0x3ff;
      const v = e === 0 ? f * 2 ** -24 : e === 31 ? (f ? NaN : Infinity) : (f + 1024) * 2 ** (e - 25);
      out.push(h & 0x8000 ? -v : v);
    }
  }
  return out;
}

describe('format: display precision (numpy oracle)', () => {
  const all = cases();

  for (const c of all) {
    it(`${c.dtype}: ${values(c).length} values at ${DIGITS.join(', ')} digits`, () => {
      const xs = values(c);
      for (const n of DIGITS) {
        const pos = c.pos[String(n)];
        const sci = c.sci[String(n)];
        for (let i = 0; i < xs.length; i++) {
          assert.equal(formatPositional(xs[i], n), pos[i], `positional ${c.dtype} #${i} (${xs[i]}) at ${n}`);
          assert.equal(formatScientific(xs[i], n), sci[i], `scientific ${c.dtype} #${i} (${xs[i]}) at ${n}`);
        }
      }
    });
  }

  it('ties round to even as numpy does, not up as toPrecision does', () => {
    assert.equal(formatPositional(2.5, 1), '2');
    assert.equal(formatPositional(0.125, 2), '0.12');
    assert.equal(formatScientific(0.375, 2), '3.8e-01');
  });

  it("the setting: 0 is numpy's full text, N is N significant digits", () => {
    assert.deepEqual(precisionFromSetting(0), { mode: 'full', digits: 0 });
    assert.deepEqual(precisionFromSetting(6), { mode: 'digits', digits: 6 });
    assert.deepEqual(precisionFromSetting(99), { mode: 'digits', digits: 17 });
    assert.deepEqual(precisionFromSetting('x'), { mode: 'full', digits: 0 });
    assert.equal(formatAtPrecision(1 / 3, { mode: 'full', digits: 0 }), null);
    assert.equal(formatAtPrecision(1 / 3, { mode: 'digits', digits: 6 }), '0.333333');
  });
});
