// Header spellings at the edge of what numpy's np.load accepts (issue 12, item 10): every white-space/comment/line-
// join tail and lead of up to 3 characters around the dict, the L suffix, raw strings and the 12-byte long double,
// each decided by numpy itself at test time and compared with ours, for format versions 1.0 (numpy's Python 2
// filter applies) and 3.0 (it does not).
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { parseHeaderBytes } from '../../../src/npy/header';
import { NpyError } from '../../../src/npy/types';

const DICT = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
const ALPHABET = [' ', '\t', '\r', '\n', '\f', '#', '\\', 'x'];

function combos(max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => ALPHABET.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

function file(text: string, version: 1 | 3): Uint8Array {
  const body = Buffer.from(text, 'latin1');
  const pre = version === 1 ? 10 : 12;
  const b = Buffer.alloc(pre + body.length + 32);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(b);
  if (version === 1) b.writeUInt16LE(body.length, 8);
  else b.writeUInt32LE(body.length, 8);
  body.copy(b, pre);
  return b;
}

/** For each header text: does np.load accept it as version 1.0 and as 3.0? */
function numpyAccepts(texts: string[]): [boolean, boolean][] {
  const script = `
import io, json, sys, warnings
import numpy as np
warnings.simplefilter('ignore')
def ok(b):
    try:
        np.load(io.BytesIO(b)); return True
    except Exception:
        return False
out = []
for t in json.load(sys.stdin):
    h = t.encode('latin1')
    v1 = b'\\x93NUMPY\\x01\\x00' + len(h).to_bytes(2, 'little') + h + bytes(32)
    v3 = b'\\x93NUMPY\\x03\\x00' + len(h).to_bytes(4, 'little') + h + bytes(32)
    out.append([ok(v1), ok(v3)])
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`numpy failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as [boolean, boolean][];
}

function oursAccepts(text: string, version: 1 | 3): boolean {
  const b = file(text, version);
  try {
    parseHeaderBytes(b, BigInt(b.length));
    return true;
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
    assert.ok(!/[\n\r\u0085\u2028\u2029]/.test(e.message), `one line: ${JSON.stringify(e.message)}`);
    return false;
  }
}

describe('header: white space, comments and line joins around the dict, as np.load decides', function () {
  this.timeout(60_000);
  const around = combos(3);
  const texts = [...around.map((t) => DICT + t), ...around.map((l) => l + DICT)];
  let numpy: [boolean, boolean][] = [];
  before(() => {
    numpy = numpyAccepts(texts);
  });
  it(`${texts.length} headers × versions 1.0 and 3.0 accepted or refused like numpy`, () => {
    const wrong: string[] = [];
    texts.forEach((t, i) => {
      for (const [k, version] of [
        [0, 1],
        [1, 3],
      ] as const) {
        if (oursAccepts(t, version) !== numpy[i][k]) wrong.push(`v${version} ${JSON.stringify(t)} numpy=${numpy[i][k]}`);
      }
    });
    assert.deepEqual(wrong, []);
  });
});

describe('header: numpy edge spellings (issue 12, item 10)', () => {
  const H = (descr: string, shape = '(1,)') => `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }\n`;
  const cases: [string, string][] = [
    ['trailing \\r\\t (numpy refuses)', H("'<f8'").slice(0, -1) + '\r\t'],
    ['trailing \\r\\t\\n (numpy accepts)', H("'<f8'").slice(0, -1) + '\r\t\n'],
    ['1l suffix (numpy refuses)', H("'<f8'", '(1l,)')],
    ['1L suffix', H("'<f8'", '(1L,)')],
    ['1 L suffix', H("'<f8'", '(1 L,)')],
    ["r'<f8'", H("r'<f8'")],
    ["R'<f8'", H("R'<f8'")],
    ["rb'<f8'", H("rb'<f8'")],
    ["r'<f\\8' (a raw backslash)", H("r'<f\\8'")],
    ["'<f12'", H("'<f12'")],
    ["'<c24'", H("'<c24'")],
    ["'<f16'", H("'<f16'")],
    ["'<c32'", H("'<c32'")],
    ["[('a', '|V0', (2147483647,))]", H("[('a', '|V0', (2147483647,))]")],
    ["[('a', [], (2147483647,))]", H("[('a', [], (2147483647,))]")],
  ];
  let numpy: [boolean, boolean][] = [];
  before(() => {
    numpy = numpyAccepts(cases.map(([, t]) => t));
  });
  cases.forEach(([name, text], i) => {
    it(name, () => {
      assert.equal(oursAccepts(text, 1), numpy[i][0], 'version 1.0');
      assert.equal(oursAccepts(text, 3), numpy[i][1], 'version 3.0');
    });
  });
});
