// Bytes, unicode, void, bool and integer formatting compared element by element with numpy (python3) as the oracle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatScalar } from '../../src/npy/format';
import { ScalarDtype, ScalarKind } from '../../src/npy/types';

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
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(s);
  if (!m) throw new Error(`test dtype ${s}`);
  const n = Number(m[3]);
  return { type: 'scalar', kind: m[2] as ScalarKind, byteOrder: m[1] as '<' | '>' | '|', itemsize: m[2] === 'U' ? 4 * n : n };
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
  'format: bool and integers',
  String.raw`
emit('bool', np.array([True, False]))
emit('bool bytes', np.frombuffer(bytes([0, 1, 2, 255]), np.uint8).view(np.bool_))
for t in ['i1', 'u1']:
    emit(t, np.arange(256, dtype=np.uint8).view(t))
for t in ['i2', 'u2']:
    both(t, np.arange(65536, dtype=np.uint16).view(t))
for t in ['i4', 'u4', 'i8', 'u8']:
    size = int(t[1])
    r = rng.integers(0, 256, size * 20000, dtype=np.uint8).view(t)
    small = rng.integers(-2**21 if t[0] == 'i' else 0, 2**21, 1000).astype(t)
    ext = np.array([0, 1, 2**(8 * size - 1) - 1, 2**53, 2**53 + 1, 2**53 - 1] + ([-1, -2**(8 * size - 1), -2**53 - 1] if t[0] == 'i' else [2**(8 * size) - 1])).astype(t)
    both(t, np.concatenate([r, small, ext]))
`,
);

run(
  'format: bytes (S)',
  String.raw`
vals = [b'', b'a', b'ab\x00c', b'ab\x00\x00', b"it's", b'"q"', b'\'"', b'\xff\x80\n\t\r\\', b'\x7f', b'\x00\x00\x00\x00\x00\x00', b'\x00x', b'hello wo']
emit('S8 cases', np.array(vals, dtype='S8'))
emit('S1', np.arange(256, dtype=np.uint8).view('S1'))
emit('S5 random', rng.integers(0, 256, 5 * 5000, dtype=np.uint8).view('S5'))
emit('S3 quotes', rng.choice(np.frombuffer(b'\'"\\ab\x00', np.uint8), 3 * 3000).view('S3'))
`,
);

run(
  'format: unicode (U)',
  String.raw`
import unicodedata
vals = ['', 'héllo', "it's", 'a"b', '\'"', '\n\t\x00\\', 'emoji😀', '\x7f\x80\xa0\xad', '\u2028\u0378', 'ab\x00', '\ud800', '\udfff',
        'x\U0010ffff', '\U000e0001', 'Ωmega', '中文字符', '\r\x1b', ' ', '\u3000\u00a0', '\ufeff', '\U0001f600\U0001f3fd', '\x00a']
both('U8 cases', np.array(vals, dtype='U8'))
both('U1 latin-1', np.array([chr(i) for i in range(256)], dtype='U1'))
# Random code points assigned in Python's Unicode database (newer assignments differ between engines),
# plus surrogates, private use and some long-unassigned ones.
cps = rng.integers(0, 0x110000, 400000)
keep = [c for c in cps.tolist() if unicodedata.category(chr(c)) != 'Cn'][:40000]
keep += [0xD800, 0xDBFF, 0xDC00, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x0378, 0xFFFF, 0xFFFE, 0x1FFFE, 0x10FFFF]
keep += [int(c) for c in rng.integers(0x80, 0x3000, 20000)]
keep = [c for c in keep if unicodedata.category(chr(c)) != 'Cn' or c in (0x0378, 0xFFFF, 0xFFFE, 0x1FFFE, 0x10FFFF)]
arr = np.array(keep, dtype=np.uint32)
arr = arr[: len(arr) // 4 * 4]
both('U4 random', arr.view('<U4'))
`,
);

run(
  'format: void (V)',
  String.raw`
emit('V2', np.frombuffer(b'\x01\x02ab\x00\x00\\\\\'"', 'V2'))
emit('V1', np.arange(256, dtype=np.uint8).view('V1'))
emit('V7 random', rng.integers(0, 256, 7 * 300, dtype=np.uint8).view('V7'))
`,
);
