// numpy as the oracle for element formatting: python code calls emit(name, array) and every element's bytes,
// str() (numpy's defaults) and repr() (legacy='1.25', as the viewer and the CLI print them) come back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatScalar } from '../../src/npy/format';
import type { DatetimeUnitName, ScalarDtype, ScalarKind } from '../../src/npy/types';

export interface OracleCase {
  name: string;
  dtype: string;
  hex: string;
  str: string[];
  repr: string[];
}

const PRELUDE = `
import sys, json, struct
import numpy as np
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

export function oracle(code: string): OracleCase[] {
  const r = spawnSync('python3', ['-c', PRELUDE + code + '\nsys.stdout.write(json.dumps(_out))\n'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleCase[];
}

/** numpy's `dtype.str` (`<f4`, `>U3`, `<M8[10ms]`) → our scalar dtype. */
export function scalarDtype(s: string): ScalarDtype {
  const m = /^([<>|=])([a-zA-Z])(\d+)(?:\[(\d*)(\w+)\])?$/.exec(s);
  if (!m) throw new Error(`test dtype ${s}`);
  const kind = m[2] as ScalarKind;
  const n = Number(m[3]);
  const dt: ScalarDtype = { type: 'scalar', kind, byteOrder: m[1] as '<' | '>' | '|', itemsize: kind === 'U' ? 4 * n : n };
  if (kind === 'M' || kind === 'm') {
    dt.unit = m[5] ? { name: m[5] as DatetimeUnitName, count: m[4] ? Number(m[4]) : 1 } : { name: 'generic', count: 1 };
  }
  return dt;
}

export function hexBytes(hex: string): DataView {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.substr(i * 2, 2), 16);
  return new DataView(b.buffer);
}

/** Compares every element; reports the first few mismatches with their bytes. */
export function check(c: OracleCase): void {
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

/** A describe block that asks numpy once and checks every element it emitted. */
export function runOracle(title: string, code: string): void {
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
