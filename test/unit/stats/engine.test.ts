// The statistics engine against numpy (test/unit/stats/oracle.py writes the arrays and numpy's figures at test
// time): counts, min/max/argmin/argmax, exact integer sums, percentiles and histogram counts exactly; mean, std and
// float sums to float64 rounding. Also: worker and on-thread kernels agree, cancellation, refusals.
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, truncateSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer } from '../../../src/npy/container';
import { parseSlice } from '../../../src/npy/slice';
import { statsJob, type StatsReport, type StatsRequest } from '../../../src/stats/engine';
import { reportJson, type FiguresJson } from '../../../src/stats/report';
import { shutdownStatsWorkers } from '../../../src/stats/pool';
import { isCancelled, NEVER_ABORTED } from '../../../src/shared/job';
import { NpyError } from '../../../src/npy/types';

const dir = mkdtempSync(join(tmpdir(), 'npy-stats-'));
execFileSync('python3', [join(__dirname, 'oracle.py'), dir], { stdio: ['ignore', 'inherit', 'inherit'] });
type Case = { file: string; request: StatsRequest & { slice?: string }; expect: FiguresJson | { fields: Record<string, FiguresJson> }; tol: number };
const cases: Record<string, Case> = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

async function stats(file: string, request: StatsRequest & { slice?: string } = {}, signal = NEVER_ABORTED): Promise<StatsReport> {
  const container = await openPathContainer(file);
  try {
    const entry = await container.open('');
    const { slice, ...rest } = request;
    const view = slice !== undefined ? parseSlice(slice, entry.opened.header.shape, { structured: entry.opened.header.dtype.type !== 'scalar' }) : undefined;
    return await statsJob(entry, { ...rest, view })(signal, () => {});
  } finally {
    await container.close();
  }
}

function close(got: string | null, want: string | null, tol: number, what: string): void {
  if (want === null || got === null || !/^-?\d/.test(want)) {
    assert.equal(got, want, what);
    return;
  }
  const g = Number(got);
  const w = Number(want);
  const err = Math.abs(g - w) / Math.max(Math.abs(w), Number.MIN_VALUE);
  assert.ok(err <= tol || g === w, `${what}: got ${got}, numpy ${want} (relative error ${err})`);
}

function compare(got: FiguresJson, want: FiguresJson, tol: number, name: string): void {
  for (const k of ['count', 'nan', 'posinf', 'neginf', 'min', 'max', 'argmin', 'argmax'] as const) assert.deepEqual(got[k], want[k], `${name}: ${k}`);
  close(got.mean, want.mean, tol, `${name}: mean`);
  close(got.std, want.std, Math.max(tol, 1e-12), `${name}: std`);
  if (want.sum !== null && /^-?\d+$/.test(want.sum)) assert.equal(got.sum, want.sum, `${name}: exact sum`);
  else close(got.sum, want.sum, Math.max(tol, 1e-12), `${name}: sum`);
  if (want.percentiles) assert.deepEqual(got.percentiles, want.percentiles, `${name}: percentiles`);
  if (want.histogram) assert.deepEqual(got.histogram, want.histogram, `${name}: histogram`);
}

describe('statistics engine', function () {
  this.timeout(60000);
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await shutdownStatsWorkers();
  });

  describe('agrees with numpy', () => {
    for (const [name, c] of Object.entries(cases)) {
      it(name, async () => {
        const report = await stats(c.file, c.request);
        if ('fields' in c.expect) {
          const got = reportJson(report, true) as { fields: Record<string, FiguresJson> };
          assert.deepEqual(Object.keys(got.fields), Object.keys(c.expect.fields));
          for (const [f, want] of Object.entries(c.expect.fields)) compare(got.fields[f], want, c.tol, `${name}.${f}`);
        } else {
          compare(reportJson(report, false) as FiguresJson, c.expect, c.tol, name);
        }
      });
    }
  });

  it('gives the same figures on worker threads and on this thread, kept or re-read, in any chunk size', async () => {
    const file = cases.f4_nan_inf.file;
    const base = JSON.stringify(reportJson(await stats(file, { workers: 2 }), false));
    for (const request of [{ workers: 0 }, { workers: 1, keepBytes: 0 }, { workers: 2, chunkBytes: 12345, keepBytes: 0 }, { workers: 2, chunkBytes: 1 << 20 }]) {
      assert.equal(JSON.stringify(reportJson(await stats(file, request), false)), base, JSON.stringify(request));
    }
  });

  it('reports argmin/argmax in the array as well as in the slice', async () => {
    const r = await stats(cases.slice_3d.file, { slice: 'a[2, :, ::2]' });
    const f = r.figures[0];
    assert.deepEqual(r.shape, [50n, 20n]);
    assert.deepEqual(f.argminInArray, [2n, f.argmin![0], f.argmin![1] * 2n]);
    const t = await stats(cases.slice_reversed_T.file, { slice: 'a[4, ::-1, 1:30].T' });
    const g = t.figures[0];
    // .T: selection index (col, row) of the view; the array index runs the rows backwards.
    assert.deepEqual(g.argmaxInArray, [4n, 49n - g.argmax![1], 1n + g.argmax![0]]);
  });

  it('says numpy would wrap an integer sum, and keeps it exact', async () => {
    const r = (await stats(cases.i8_extremes.file)).figures[0];
    assert.equal(r.sumOverflowsNumpy, true);
    assert.equal(r.sum, String(5n * (2n ** 63n - 1n) + (2n ** 63n - 2n) + (-(2n ** 63n) + 3n) + 7n - 2n ** 63n + 2n ** 62n));
    assert.equal((await stats(cases.i4_random.file)).figures[0].sumOverflowsNumpy, false);
  });

  it('is cancelled through the signal', async () => {
    const ac = new AbortController();
    const job = statsJob(await openPathContainer(cases.f4_offset_2M.file).then((c) => c.open('')), { chunkBytes: 65536 });
    let calls = 0;
    await assert.rejects(
      job(ac.signal, () => {
        if (++calls === 3) ac.abort();
      }),
      (e) => isCancelled(e),
    );
  });

  it('reports no progress once cancelled (chunks in flight still finish; a late report revived the job in the viewer)', async () => {
    const ac = new AbortController();
    const job = statsJob(await openPathContainer(cases.f4_offset_2M.file).then((c) => c.open('')), { chunkBytes: 65536 });
    let afterAbort = 0;
    await assert.rejects(
      job(ac.signal, () => {
        if (ac.signal.aborted) afterAbort++;
        else ac.abort();
      }),
      (e) => isCancelled(e),
    );
    await new Promise((r) => setTimeout(r, 500)); // the workers' chunks in flight come back
    assert.equal(afterAbort, 0);
  });

  it('counts only the cells a truncated file holds', async () => {
    const file = join(dir, 'truncated.npy');
    writeFileSync(file, readFileSync(cases.f8_ties.file));
    const full = 200_000;
    truncateSync(file, readFileSync(file).length - 8 * 1000 - 3);
    const r = await stats(file);
    assert.equal(r.total, BigInt(full));
    assert.equal(r.missing, 1001n);
    assert.equal(r.figures[0].count, BigInt(full - 1001));
    const s = await stats(file, { slice: 'a[-5000:]' });
    assert.equal(s.missing, 1001n);
    assert.equal(s.figures[0].count, 3999n);
  });

  it('refuses objects and strings with one line, and unknown fields', async () => {
    const py = (code: string): void => {
      execFileSync('python3', ['-c', `import numpy as np\n${code}`]);
    };
    py(`np.save(${JSON.stringify(join(dir, 'obj.npy'))}, np.array([1, 'a', None], dtype=object))`);
    py(`np.save(${JSON.stringify(join(dir, 'str.npy'))}, np.array(['ab', 'c']))`);
    await assert.rejects(stats(join(dir, 'obj.npy')), (e) => e instanceof NpyError && !e.message.includes('\n'));
    await assert.rejects(stats(join(dir, 'str.npy')), (e) => e instanceof NpyError && /statistics need numbers/.test(e.message));
    await assert.rejects(stats(cases.struct_all.file, { fields: ['nope'] }), /no field 'nope'; fields: x, n, name, z/);
    await assert.rejects(stats(cases.struct_all.file, { fields: ['name'] }), /field 'name' has no numbers/);
  });
});
