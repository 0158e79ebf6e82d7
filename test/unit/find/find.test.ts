// Find in a view: the next/previous match in row-major order from a cell, wrapping once, against a reference
// computed by numpy over the same view (nan, ±inf, comparisons; int64 exactly; float32 against the query
// rounded to float32; records by field column); chunk sizes of a few bytes give the same answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer } from '../../../src/npy/container';
import { parseSlice } from '../../../src/npy/slice';
import { findJob, type FindMatch } from '../../../src/find/find';
import { parseFindQuery } from '../../../src/find/query';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('find in a view (src/find)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'npy-find-'));
    py(
      `import numpy as np, sys, os
d = sys.argv[1]
a = np.arange(6 * 7 * 8, dtype='<f8').reshape(6, 7, 8) / 4
a[2, 3, 4] = np.nan; a[2, 5, 0] = np.nan; a[4, 1, 6] = np.inf; a[2, 0, 7] = -np.inf
np.save(os.path.join(d, 'f8.npy'), a)
np.save(os.path.join(d, 'f4.npy'), np.array([[0.5, 0.1], [0.3, 0.1]], dtype='>f4'))
np.save(os.path.join(d, 'i8.npy'), np.array([2**62, 2**62 + 1, -5, 2**62 + 1], dtype='<i8').reshape(2, 2))
r = np.zeros(4, [('x', '<f4'), ('n', '<i2'), ('s', 'S2')]); r['x'] = [1, np.nan, 2, 3]; r['n'] = [7, 8, 9, 8]
np.save(os.path.join(d, 'rec.npy'), r)`,
      dir,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function find(
    file: string,
    slice: string,
    query: string,
    direction: 'next' | 'previous',
    from?: [number, number],
    chunkBytes?: number,
  ): Promise<FindMatch | null> {
    const c = await openPathContainer(join(dir, file));
    try {
      const entry = await c.open('');
      const view = parseSlice(slice, entry.opened.header.shape, { structured: entry.opened.header.dtype.type !== 'scalar' });
      const fromCell = from ? { row: BigInt(from[0]), col: BigInt(from[1]) } : undefined;
      return await findJob(entry, { view, query: parseFindQuery(query), direction, from: fromCell, chunkBytes })(new AbortController().signal, () => {});
    } finally {
      await c.close();
    }
  }
  const at = (m: FindMatch | null) => (m ? [Number(m.row), Number(m.col), m.wrapped] : null);

  /** numpy's matches of a 2-D view in row-major order: the reference. */
  function numpyMatches(file: string, expr: string, cond: string): [number, number][] {
    return JSON.parse(py(`import numpy as np, sys, json\na = np.load(sys.argv[1])\nv = ${expr}\nprint(json.dumps(np.argwhere(${cond}).tolist()))`, join(dir, file)));
  }

  for (const chunk of [undefined, 16]) {
    it(`next / previous / wrap agree with numpy's argwhere on a[2] and a[:, :, 0]${chunk ? ' (16-byte chunks)' : ''}`, async () => {
      const cases: [string, string, string, string][] = [
        ['2, :, :', 'a[2]', 'nan', 'np.isnan(v)'],
        ['2, :, :', 'a[2]', 'inf', 'np.isinf(v)'],
        ['2, :, :', 'a[2]', '-inf', 'v == -np.inf'],
        ['2, :, :', 'a[2]', '> 30', 'v > 30'],
        ['2, :, :', 'a[2]', '== 28.25', 'v == 28.25'],
        [':, :, 0', 'a[:, :, 0]', '<= 14', 'v <= 14'],
        ['::-1, 1, ::3', 'a[::-1, 1, ::3]', 'inf', 'np.isinf(v)'],
      ];
      for (const [slice, expr, q, cond] of cases) {
        const want = numpyMatches('f8.npy', expr, cond);
        const first = await find('f8.npy', slice, q, 'next', undefined, chunk);
        assert.deepEqual(at(first), want.length ? [...want[0], false] : null, `${q} in ${expr}`);
        if (want.length < 1) continue;
        const last = await find('f8.npy', slice, q, 'previous', undefined, chunk);
        assert.deepEqual(at(last), [...want[want.length - 1], false], `previous ${q} in ${expr}`);
        // From the first match: the second (or the first again, wrapped).
        const second = await find('f8.npy', slice, q, 'next', want[0], chunk);
        assert.deepEqual(at(second), want.length > 1 ? [...want[1], false] : [...want[0], true], `next after ${want[0]}`);
        // From the first match backwards: wraps to the last.
        const back = await find('f8.npy', slice, q, 'previous', want[0], chunk);
        assert.deepEqual(at(back), [...want[want.length - 1], true]);
      }
    });
  }

  it('nothing found: null; a search that cannot apply to the dtype: one line', async () => {
    assert.equal(await find('f8.npy', '0, :, :', 'nan', 'next'), null);
    await assert.rejects(find('f8.npy', '0, :, :', 'nat', 'next'), /does not apply to dtype float64/);
    assert.throws(() => parseFindQuery('x > 3'), /is not a search/);
  });

  it('float32 against the query rounded to float32 (numpy: a == 0.1 matches float32(0.1)); big-endian', async () => {
    assert.deepEqual(at(await find('f4.npy', ':, :', '0.1', 'next')), [0, 1, false]);
    assert.deepEqual(at(await find('f4.npy', ':, :', '== 0.1', 'previous')), [1, 1, false]);
  });

  it('int64 exactly past 2^53; a fractional query moves to the integers', async () => {
    assert.deepEqual(at(await find('i8.npy', ':, :', `== ${2n ** 62n + 1n}`, 'next')), [0, 1, false]);
    assert.deepEqual(at(await find('i8.npy', ':, :', `== ${2n ** 62n + 1n}`, 'next', [0, 1])), [1, 1, false]);
    assert.deepEqual(at(await find('i8.npy', ':, :', '< -4.5', 'next')), [1, 0, false]);
    assert.equal(await find('i8.npy', ':, :', '== -4.5', 'next'), null);
  });

  it('records: by field column, skipping fields the search does not apply to', async () => {
    assert.deepEqual(at(await find('rec.npy', ':', 'nan', 'next')), [1, 0, false]);
    assert.deepEqual(at(await find('rec.npy', ':', '== 8', 'next')), [1, 1, false]);
    assert.deepEqual(at(await find('rec.npy', ':', '== 8', 'previous')), [3, 1, false]);
  });
});
