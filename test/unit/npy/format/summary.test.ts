// Issue 12, item 1: one element of a huge sub-array is formatted with bounded work, summarised as numpy's printing
// summarises (threshold 1000, 3 edge items per axis, '...' between), never visiting every element.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { formatElement, SUMMARY, type Formatted } from '../../../../src/npy/format';
import { descrToDtype, flatSubarray } from '../../../../src/npy/dtype';
import { parsePyLiteral } from '../../../../src/npy/literal';
import type { Dtype } from '../../../../src/npy/types';

const dtypeOf = (descr: string): Dtype => descrToDtype(parsePyLiteral(descr));

/** numpy's str() of a record (np.void) from our Formatted: `([0, 1, 2, ..., 4, 5, 6],)`. */
function render(dtype: Dtype, v: Formatted): string {
  if (typeof v === 'string') return v;
  if (dtype.type === 'struct') {
    const parts = v.map((x, i) => (x === SUMMARY ? x : render(dtype.fields[i].dtype, x)));
    return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
  if (dtype.type === 'subarray') {
    const { base, shape } = flatSubarray(dtype);
    const walk = (x: Formatted, depth: number): string => {
      if (typeof x === 'string') return x;
      if (depth === shape.length) return render(base, x);
      return `[${x.map((y) => (y === SUMMARY ? y : walk(y, depth + 1))).join(', ')}]`;
    };
    return walk(v, 0);
  }
  return String(v);
}

// Values are single digits (bytes mod 7), so numpy's column padding never applies and its text is a plain join.
const CASES = [
  "[('a', 'u1', (3,))]",
  "[('a', 'u1', (1000,))]",
  "[('a', 'u1', (1001,))]",
  "[('a', 'u1', (2, 600))]",
  "[('a', 'u1', (10, 200))]",
  "[('a', ('u1', (7,)), (300,))]",
  "[('a', 'u1', (8,)), ('b', 'u1', (2000,))]",
  "[('a', 'u1', (2, 2, 300))]",
  "[('a', 'u1', (5, 5, 5, 5, 5))]",
  "[('a', [], (2000,))]",
  "[('a', [('x', 'u1'), ('y', 'i1')], (400,))]",
  "[('a', [], (2147483647,))]",
  "[('a', '<f4', (3, 0))]",
  "[('a', '<f4', (3, 0)), ('b', 'u1')]",
  "[('a', 'u1', (2, 0, 4))]",
];

describe('format: sub-arrays summarised like numpy', () => {
  let want: { hex: string; str: string }[] = [];
  before(() => {
    const script = `
import json, sys, ast
import numpy as np
from numpy.lib.format import descr_to_dtype
out = []
for text in json.load(sys.stdin):
    dt = descr_to_dtype(ast.literal_eval(text))
    a = np.zeros(1, dt)
    b = a.view(np.uint8)
    b[:] = np.arange(b.size) % 7
    out.append({'hex': b.tobytes().hex(), 'str': str(a[0])})
print(json.dumps(out))
`;
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(CASES), encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    want = JSON.parse(r.stdout);
  });

  CASES.forEach((descr, i) => {
    it(`str() of one ${descr}`, () => {
      const dtype = dtypeOf(descr);
      const bytes = Buffer.from(want[i].hex, 'hex');
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const t0 = performance.now();
      const f = formatElement(dtype, view, 0, 'str');
      assert.ok(performance.now() - t0 < 1000, 'bounded time');
      assert.equal(render(dtype, f), want[i].str);
    });
  });
});

describe('format: bounded work whatever the element holds', () => {
  const count = (v: Formatted): number => (typeof v === 'string' ? 1 : v.reduce((n, x) => n + count(x), 0));

  it('64 axes of 7 zero-byte records (7^64 elements, more than numpy itself could print): at most maxLeaves texts', () => {
    const dtype = dtypeOf(`[('a', [], (${'7, '.repeat(64)}))]`);
    const t0 = performance.now();
    const f = formatElement(dtype, new DataView(new ArrayBuffer(0)), 0, 'str', { maxLeaves: 1000 });
    assert.ok(performance.now() - t0 < 1000);
    assert.ok(count(f) < 1000 + 64 * 2, `${count(f)} texts`);
    assert.match(JSON.stringify(f), /"\.\.\."/);
  });

  it('a sub-array of shape (21474837, 0) (no element, 21474837 empty lists; found by the fuzzer): at most maxLeaves lists', () => {
    const dtype = dtypeOf("[('a', [], (21474837, 0))]");
    const t0 = performance.now();
    const f = formatElement(dtype, new DataView(new ArrayBuffer(0)), 0, 'str') as Formatted[];
    assert.ok(performance.now() - t0 < 1000);
    const lists = f[0] as Formatted[];
    assert.equal(lists.length, 4096); // the record spends one of the 4096, then 4095 lists and "..."
    assert.deepEqual(lists.slice(0, 2), [[], []]);
    assert.equal(lists[lists.length - 1], SUMMARY);
  });

  it('a view holding only a prefix of a 2 GiB sub-array: the prefix, then "..." (never a read past the view)', () => {
    const dtype = dtypeOf("[('a', 'u1', (2147483647,))]");
    const view = new DataView(new Uint8Array(1024).fill(5).buffer);
    const f = formatElement(dtype, view, 0, 'str') as Formatted[];
    assert.equal(render(dtype, f), '([5, 5, 5, ...],)');
    const g = formatElement(dtype, new DataView(new ArrayBuffer(2)), 0, 'str') as Formatted[];
    assert.equal(render(dtype, g), '([0, 0, ...],)');
  });

  it('strings: a bounded prefix of a huge value, or of what the view holds, ends in …', () => {
    const S = dtypeOf("[('s', '|S2147483647')]");
    const bytes = new Uint8Array(4096).fill(0x61);
    const f = formatElement(S, new DataView(bytes.buffer), 0, 'str', { maxTextChars: 10 }) as string[];
    assert.deepEqual(f, ["b'aaaaaaaaaa…'"]);
    const all = formatElement(S, new DataView(bytes.buffer), 0, 'str') as string[];
    assert.equal(all[0], `b'${'a'.repeat(4096)}…'`);
    const U = dtypeOf("[('u', '<U100')]");
    const u = new Uint8Array(400);
    for (let i = 0; i < 100; i++) u[i * 4] = 0x62;
    assert.deepEqual(formatElement(U, new DataView(u.buffer), 0, 'repr', { maxTextChars: 3 }), ["'bbb…'"]);
    assert.deepEqual(formatElement(U, new DataView(u.buffer), 0, 'repr'), [`'${'b'.repeat(100)}'`]);
    const V = dtypeOf("[('v', '|V8')]");
    assert.deepEqual(formatElement(V, new DataView(new ArrayBuffer(8)), 0, 'str', { maxTextChars: 2 }), ["b'\\x00\\x00…'"]);
  });
});
