// The M4 envelope against a naive one computed from numpy's values of the same line, whatever the chunking;
// rows and columns of 2-D views (C and Fortran), spikes between samples, NaN and ±inf.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { lineEnvelope, lineOfView, type Envelope } from '../../../src/picture/line';
import type { BlockTask } from '../../../src/picture/blocks';
import { blockRunner } from '../../../src/stats/pool';
import { NEVER_ABORTED } from '../../../src/shared/job';
import { numpy, openView, readF8, sameNumber } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'npy-line-'));
after(() => rmSync(dir, { recursive: true, force: true }));

numpy(
  `
d = sys.argv[1]
rng = np.random.default_rng(3)
x = rng.standard_normal(5000)
x[1234] = 80.0; x[3001] = -75.0          # one-element spikes
x[100:140] = np.nan; x[2000] = np.inf; x[2001] = -np.inf
x[4000:4010] = np.inf; x[4010:4020] = np.nan   # a bucket of only inf and NaN
np.save(d + '/x.npy', x.astype('<f8'))
m = rng.integers(-1000, 1000, (37, 301)).astype('<i4')
m[20, 150] = 100000
np.save(d + '/mC.npy', m)
np.save(d + '/mF.npy', np.asfortranarray(m))
w = rng.standard_normal((60, 2000)); w[33, 1999] = 9.0; w[5, 1999] = np.nan
np.save(d + '/wide.npy', w)
# The workers' path: contiguous native float32 / float64 with ties, signed zeros, NaN runs and infinities.
y = rng.standard_normal(6000)
y[10:20] = -3.0; y[15] = -3.0                   # a tie for the minimum: the first index wins
y[500] = 0.0; y[501] = -0.0; y[502:600] = 1.0   # signed zeros tie
y[1000:1100] = np.nan                           # a bucket of only NaN at width 60
y[2000:2100] = np.inf; y[2050] = np.nan         # only +inf and NaN
y[3000:3100] = -np.inf                          # only -inf
y[4000] = np.inf; y[4001] = -np.inf; y[4002] = 7.0
y[5999] = 9.5
np.save(d + '/y8.npy', y.astype('<f8'))
np.save(d + '/y4.npy', y.astype('<f4'))
np.asarray(y.astype('<f4'), dtype=np.float64).tofile(f'{d}/y4.f8')
for name, v in [('y8', y), ('x', x), ('row', m[20, :]), ('col', m[:, 150]), ('revcol', m[::-1, 7]), ('widecol', w[::-1, 1999])]:
    np.asarray(v, dtype=np.float64).tofile(f'{d}/{name}.f8')
print(0)
`,
  [dir],
);

/** M4 the obvious way: every element, bucket by bucket. */
function naive(v: Float64Array, width: number, start = 0, count = v.length - start): Omit<Envelope, 'bins' | 'range' | 'missing'> {
  const B = Math.min(width, count);
  const s = (i: number): number => start + Math.floor((i * count) / B);
  const e = {
    buckets: B,
    start,
    firstIndex: new Float64Array(B),
    first: new Float64Array(B),
    lastIndex: new Float64Array(B),
    last: new Float64Array(B),
    minIndex: new Float64Array(B).fill(-1),
    min: new Float64Array(B).fill(NaN),
    maxIndex: new Float64Array(B).fill(-1),
    max: new Float64Array(B).fill(NaN),
  };
  for (let b = 0; b < B; b++) {
    e.firstIndex[b] = s(b);
    e.first[b] = v[s(b)];
    e.lastIndex[b] = s(b + 1) - 1;
    e.last[b] = v[s(b + 1) - 1];
    for (let k = s(b); k < s(b + 1); k++) {
      if (v[k] !== v[k]) continue;
      if (e.minIndex[b] < 0 || v[k] < e.min[b]) {
        e.min[b] = v[k];
        e.minIndex[b] = k;
      }
      if (e.maxIndex[b] < 0 || v[k] > e.max[b]) {
        e.max[b] = v[k];
        e.maxIndex[b] = k;
      }
    }
  }
  return e;
}

function assertSame(got: Envelope, want: ReturnType<typeof naive>): void {
  assert.equal(got.buckets, want.buckets);
  for (const key of ['firstIndex', 'first', 'lastIndex', 'last', 'minIndex', 'min', 'maxIndex', 'max'] as const) {
    for (let b = 0; b < want.buckets; b++) assert.ok(sameNumber(got[key][b], want[key][b]), `${key}[${b}]: ${got[key][b]} vs ${want[key][b]}`);
  }
}

describe('line envelope (M4)', () => {
  const cases = [
    { name: '1-D float64 with spikes, NaN and ±inf', file: 'x', slice: 'a', which: undefined, ref: 'x' },
    { name: 'a row of a C-order 2-D view', file: 'mC', slice: 'a', which: { row: 20n }, ref: 'row' },
    { name: 'a column of a C-order 2-D view (strided)', file: 'mC', slice: 'a', which: { col: 150n }, ref: 'col' },
    { name: 'a row of a Fortran 2-D view (strided)', file: 'mF', slice: 'a', which: { row: 20n }, ref: 'row' },
    { name: 'a reversed column of a Fortran view (contiguous)', file: 'mF', slice: 'a[::-1]', which: { col: 7n }, ref: 'revcol' },
    { name: 'a column 16 KB apart per element (tile reader)', file: 'wide', slice: 'a[::-1]', which: { col: 1999n }, ref: 'widecol' },
  ];
  for (const c of cases) {
    it(`${c.name}: equals the naive envelope at every width and chunking`, async () => {
      const v = readF8(join(dir, `${c.ref}.f8`));
      const o = await openView(join(dir, `${c.file}.npy`), c.slice);
      try {
        const line = lineOfView(o.view, c.which);
        assert.equal(Number(line.count), v.length);
        for (const width of [1, 7, 100, 333, v.length, v.length + 10]) {
          for (const budgetBytes of [undefined, 40, 1000]) {
            const env = await lineEnvelope(o.src, line, width, undefined, { budgetBytes })(NEVER_ABORTED, () => undefined);
            assertSame(env, naive(v, width));
          }
        }
        // A sub-range, as a zoomed line asks for.
        const env = await lineEnvelope(o.src, line, 9, { start: 11, count: Math.min(200, v.length - 11) }, { budgetBytes: 64 })(NEVER_ABORTED, () => undefined);
        assertSame(env, naive(v, 9, 11, Math.min(200, v.length - 11)));
        const finite = Array.from(v).filter(Number.isFinite);
        const full = await lineEnvelope(o.src, line, 50)(NEVER_ABORTED, () => undefined);
        assert.deepEqual([full.range.min, full.range.max], [Math.min(...finite), Math.max(...finite)]);
      } finally {
        await o.close();
      }
    });
  }

  for (const [file, ref] of [
    ['y4', 'y4'],
    ['y8', 'y8'],
  ]) {
    it(`on the SIMD workers (${file}): equals the naive envelope and this thread's data range, pieces splitting buckets anywhere`, async () => {
      const v = readF8(join(dir, `${ref}.f8`));
      const o = await openView(join(dir, `${file}.npy`), 'a');
      const pool = blockRunner();
      assert.ok(pool, 'the worker threads with the SIMD kernels run here');
      let tasks = 0;
      const blocks = { size: pool.size, run: (th: number, t: BlockTask) => (tasks++, pool.run(th, t)) };
      try {
        const line = lineOfView(o.view);
        for (const width of [1, 7, 60, 333, 5999, v.length, v.length + 3]) {
          for (const budgetBytes of [undefined, 40, 4000]) {
            const before = tasks;
            const env = await lineEnvelope(o.src, line, width, undefined, { budgetBytes, blocks, fast: true })(NEVER_ABORTED, () => undefined);
            assert.ok(tasks > before, 'the workers took it');
            assertSame(env, naive(v, width));
            const here = await lineEnvelope(o.src, line, width, undefined, { budgetBytes })(NEVER_ABORTED, () => undefined);
            assert.deepEqual(env.range, here.range, `data range at width ${width}, budget ${budgetBytes}`);
          }
        }
        const env = await lineEnvelope(o.src, line, 9, { start: 11, count: 4321 }, { budgetBytes: 64, blocks, fast: true })(NEVER_ABORTED, () => undefined);
        assertSame(env, naive(v, 9, 11, 4321));
        // Signed zeros: the first of a tie is reported, value and index.
        const zeros = await lineEnvelope(o.src, line, 1, { start: 500, count: 2 }, { blocks, fast: true })(NEVER_ABORTED, () => undefined);
        assert.ok(Object.is(zeros.min[0], 0) && zeros.minIndex[0] === 500, `${zeros.min[0]} at ${zeros.minIndex[0]}`);
        // Not taken: a line of another dtype, or log y (its positive minimum is found on this thread).
        const before = tasks;
        await lineEnvelope(o.src, line, 50, undefined, { blocks, fast: true, positiveMin: true })(NEVER_ABORTED, () => undefined);
        assert.equal(tasks, before);
      } finally {
        await o.close();
      }
    });
  }

  it('keeps one-element spikes that stride sampling misses', async () => {
    const o = await openView(join(dir, 'x.npy'), 'a');
    try {
      const env = await lineEnvelope(o.src, lineOfView(o.view), 50)(NEVER_ABORTED, () => undefined);
      const maxes = Array.from(env.max);
      assert.equal(Math.max(...maxes.filter(Number.isFinite)), 80);
      assert.ok(env.maxIndex.includes(1234) && env.minIndex.includes(3001));
    } finally {
      await o.close();
    }
  });

  it('refuses a 2-D view without a row or column', async () => {
    const o = await openView(join(dir, 'mC.npy'), 'a');
    try {
      assert.throws(() => lineOfView(o.view), /needs a 1-D view/);
      assert.throws(() => lineOfView(o.view, { row: 37n }), /outside/);
    } finally {
      await o.close();
    }
  });
});
