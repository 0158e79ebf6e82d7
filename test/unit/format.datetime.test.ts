// datetime64 / timedelta64 formatting compared element by element with numpy (python3) as the oracle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatScalar } from '../../src/npy/format';
import { DatetimeUnitName, ScalarDtype, ScalarKind } from '../../src/npy/types';

interface OracleCase {
  name: string;
  dtype: string;
  hex: string;
  str: string[];
  repr: string[];
}

/** Runs python code that calls emit(name, array); returns every element's bytes, str() and repr(). */
function oracle(code: string): OracleCase[] {
  const prelude = `
import sys, json, struct
import numpy as np
# str(): numpy's defaults; repr(): legacy='1.25', as the viewer and the CLI print them.
def _legacy_repr(arr):
    with np.printoptions(legacy='1.25'):
        return [repr(x) for x in arr]
rng = np.random.default_rng(12345)
_out = []
def emit(name, arr):
    arr = np.ascontiguousarray(arr).reshape(-1)
    _out.append({'name': name, 'dtype': arr.dtype.str, 'hex': arr.tobytes().hex(),
                 'str': [str(x) for x in arr], 'repr': _legacy_repr(arr)})
def both(name, arr):
    arr = np.asarray(arr)
    emit(name + ' <', arr.astype(arr.dtype.newbyteorder('<')))
    emit(name + ' >', arr.astype(arr.dtype.newbyteorder('>')))
`;
  const r = spawnSync('python3', ['-c', prelude + code + '\nsys.stdout.write(json.dumps(_out))\n'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleCase[];
}

function scalarDtype(s: string): ScalarDtype {
  const m = /^([<>|=])([a-zA-Z])(\d+)(?:\[(\d*)(\w+)\])?$/.exec(s);
  if (!m) throw new Error(`test dtype ${s}`);
  const kind = m[2] as ScalarKind;
  const dt: ScalarDtype = { type: 'scalar', kind, byteOrder: m[1] as '<' | '>' | '|', itemsize: Number(m[3]) };
  if (kind === 'M' || kind === 'm') {
    dt.unit = m[5] ? { name: m[5] as DatetimeUnitName, count: m[4] ? Number(m[4]) : 1 } : { name: 'generic', count: 1 };
  }
  return dt;
}

function hexBytes(hex: string): DataView {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.substr(i * 2, 2), 16);
  return new DataView(b.buffer);
}

/** Compares every element; reports the first few mismatches with their bytes. */
function check(c: OracleCase): void {
  const dt = scalarDtype(c.dtype);
  const view = hexBytes(c.hex);
  const bad: string[] = [];
  for (let i = 0; i < c.str.length; i++) {
    const off = i * dt.itemsize;
    const s = formatScalar(dt, view, off, 'str');
    const r = formatScalar(dt, view, off, 'repr');
    if (s !== c.str[i] || r !== c.repr[i]) {
      bad.push(`${c.hex.substr(off * 2, dt.itemsize * 2)}: got ${s} / ${r}, numpy ${c.str[i]} / ${c.repr[i]}`);
      if (bad.length >= 10) break;
    }
  }
  assert.equal(bad.length, 0, `${c.name} (${c.dtype}), ${c.str.length} elements:\n  ${bad.join('\n  ')}`);
}

function run(title: string, code: string): void {
  describe(title, function () {
    this.timeout(120000);
    let cases: OracleCase[] = [];
    before(function () {
      cases = oracle(code);
    });
    it('matches numpy str() and repr() for every element', function () {
      assert.ok(cases.length > 0);
      for (const c of cases) check(c);
    });
  });
}


run(
  'format: datetime64',
  `
units = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']
edge = np.array([0, 1, -1, 2, -2, 59, 60, -60, 1000, -1000, 86399, 86400, -86400, 10**9, -10**9, 10**12, 10**15, 10**18,
                 -10**18, 2**31, -2**31, 2**32, -2**32, 2**53, -2**53, 2**53 + 1, 2**62, -2**62, 2**63 - 1, -2**63 + 1, -2**63], dtype=np.int64)
for u in units:
    for cnt in ['', '10', '7', '3', '25', '1000']:
        dt = np.dtype(f'M8[{cnt}{u}]')
        r = rng.integers(-2**63, 2**63, 2000, dtype=np.int64)
        small = rng.integers(-10**7, 10**7, 1000, dtype=np.int64)
        mid = rng.integers(-10**16, 10**16, 1000, dtype=np.int64)
        mid2 = (rng.integers(-2**40, 2**40, 1000, dtype=np.int64) * 1000003)
        both(f'M8[{cnt}{u}]', np.concatenate([edge, r, small, mid, mid2]).view(dt))
emit('generic NaT', np.array([-2**63], dtype=np.int64).view('M8'))
emit('near today ns', (np.datetime64('2024-02-29T12:34:56.123456789', 'ns') + rng.integers(-10**17, 10**17, 5000)).astype('M8[ns]'))
emit('leap days', np.arange(np.datetime64('1599-12-25'), np.datetime64('2401-03-05')).astype('M8[D]'))
emit('year wrap to NaT', np.array([2**63 - 1970, 2**63 - 1971, -2**63 + 5], dtype=np.int64).view('M8[Y]'))
`,
);

run(
  'format: timedelta64',
  `
units = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']
edge = np.array([0, 1, -1, 3, 2**53, -2**53, 2**53 + 1, 2**62, 2**63 - 1, -2**63 + 1, -2**63], dtype=np.int64)
for u in units:
    for cnt in ['', '10', '7']:
        dt = np.dtype(f'm8[{cnt}{u}]')
        both(f'm8[{cnt}{u}]', np.concatenate([edge, rng.integers(-2**63, 2**63, 500, dtype=np.int64), rng.integers(-1000, 1000, 200)]).view(dt))
both('generic', np.concatenate([edge, rng.integers(-1000, 1000, 200)]).view('m8'))
`,
);
