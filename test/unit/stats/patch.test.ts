// Chunks holding a few NaN or ±inf stay on the SIMD loops (src/stats/patch.ts): the vector scan finds exactly the
// non-finite values, and the patched passes give numpy's figures, the same as the JavaScript loops, whatever the
// chunk size, the worker split, or where the NaN/inf fall (chunk edges, the vector tail, next to the minimum).
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer } from '../../../src/npy/container';
import { statsJob, type StatsRequest } from '../../../src/stats/engine';
import { reportJson, type FiguresJson } from '../../../src/stats/report';
import { shutdownStatsWorkers } from '../../../src/stats/pool';
import { useSimd } from '../../../src/stats/kernel';
import { simdKernels } from '../../../src/stats/simd';
import { NEVER_ABORTED } from '../../../src/shared/job';

const dir = mkdtempSync(join(tmpdir(), 'npy-stats-patch-'));

// Arrays and numpy's figures (the same definitions as oracle.py): 1024-element chunks at chunkBytes 4096 (f4).
const ORACLE = String.raw`
import json, sys, numpy as np
d = sys.argv[1]; rng = np.random.default_rng(7); out = {}
def figures(v):
    f = v[np.isfinite(v)]; nn = v[~np.isnan(v)]
    h, e = np.histogram(f, bins=64)
    amin = int(np.nanargmin(v)); amax = int(np.nanargmax(v))
    return {'count': str(nn.size), 'nan': str(int(np.isnan(v).sum())), 'posinf': str(int(np.isposinf(v).sum())),
            'neginf': str(int(np.isneginf(v).sum())), 'min': str(v[amin]), 'max': str(v[amax]),
            'argmin': [str(amin)], 'argmax': [str(amax)],
            'percentiles': {str(q): str(np.nanpercentile(v, q)) for q in (1, 5, 25, 50, 75, 95, 99)},
            'histogram': {'edges': [str(x) for x in e], 'counts': [str(int(c)) for c in h]}}
for dt in ('<f4', '<f8'):
    n = 200003
    v = rng.standard_normal(n).astype(dt)
    per = 4096 // np.dtype(dt).itemsize
    for c in range(1, 40):
        b = c * per
        v[b - 1] = np.nan; v[b] = np.nan            # a NaN on each side of a chunk edge
        v[b + 1 + c % 4] = (np.inf, -np.inf)[c % 2]  # an infinity in each lane position
    v[per * 45: per * 45 + per // 8] = np.nan        # a chunk with too many to patch (the JavaScript loops)
    v[per * 50: per * 51] = np.inf                   # a chunk without a finite value
    v[n - 2] = np.nan; v[n - 1] = -np.inf            # the vector tail
    v[per * 3 + 7] = -9.5; v[per * 3 + 6] = np.nan   # the minimum right after a NaN
    np.save(f'{d}/{dt[1:]}.npy', v); out[dt[1:]] = figures(v)
    z = np.where(np.isinf(v), np.nan, v)             # NaN only: the mean, std and sum are finite
    np.save(f'{d}/{dt[1:]}_nan.npy', z); out[dt[1:] + '_nan'] = figures(z)
    z8 = z.astype(np.float64); out[dt[1:] + '_nan']['mean'] = str(np.nanmean(z8)); out[dt[1:] + '_nan']['std'] = str(np.nanstd(z8))
    w = v.copy(); w[: n // 50] = np.inf               # p99 and p1 among infinities: ranks in the inf buckets
    w[n // 50: n // 25] = -np.inf
    np.save(f'{d}/{dt[1:]}_infranks.npy', w); out[dt[1:] + '_infranks'] = figures(w)
print(json.dumps(out))
`;

const expected: Record<string, Partial<FiguresJson>> = JSON.parse(execFileSync('python3', ['-c', ORACLE, dir], { encoding: 'utf8' }));

async function figures(name: string, request: StatsRequest): Promise<FiguresJson> {
  const container = await openPathContainer(join(dir, `${name}.npy`));
  try {
    return reportJson(await statsJob(await container.open(''), request)(NEVER_ABORTED, () => {}), false) as FiguresJson;
  } finally {
    await container.close();
  }
}

describe('statistics: chunks with NaN and infinities on the SIMD loops', function () {
  this.timeout(60000);
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await shutdownStatsWorkers();
    useSimd(true);
  });

  it('finds exactly the NaN and ±inf positions (float32 and float64), counting past the cap', () => {
    const k = simdKernels();
    if (!k) throw new Error('WebAssembly SIMD is not available in this Node');
    const a = k.arena;
    const n = 4096;
    const data = a.alloc(n * 8);
    const out = a.alloc(n * 4);
    for (const wide of [false, true]) {
      const v = wide ? a.f64(data, n) : a.f32(data, n);
      for (let i = 0; i < n; i++) v[i] = (i % 7) - 3 + i / n;
      const want = [0, 1, 2, 3, 4, 5, 6, 7, 513, 1030, 2047, 4095];
      want.forEach((p, j) => (v[p] = [NaN, Infinity, -Infinity][j % 3]));
      if (wide) a.u32(data, 2 * n)[2 * 900] = 0x7ff00000; // low word alone: a finite value
      v[901] = wide ? 1.7976931348623157e308 : 3.4028234663852886e38; // the largest finite value
      const count: number = wide ? k.nonfinite64(data, n, out, 100) : k.nonfinite32(data, n, out, 100);
      assert.equal(count, want.length);
      assert.deepEqual([...a.u32(out, count)], want);
      assert.equal(wide ? k.nonfinite64(data, n, out, 3) : k.nonfinite32(data, n, out, 3), want.length, 'counted past the cap');
    }
  });

  for (const name of ['f4', 'f8', 'f4_nan', 'f8_nan', 'f4_infranks', 'f8_infranks']) {
    it(`${name}: numpy's figures, and the JavaScript loops' figures, in any chunking and worker split`, async () => {
      const want = expected[name];
      useSimd(false);
      const js = await figures(name, { workers: 0, chunkBytes: 4096, keepBytes: 0 });
      useSimd(true);
      const exact = (Object.keys(want) as (keyof FiguresJson)[]).filter((k) => k !== 'mean' && k !== 'std');
      for (const k of exact) assert.deepEqual(js[k], want[k], `JavaScript loops: ${k}`);
      for (const request of [
        { workers: 0, chunkBytes: 4096, keepBytes: 0 },
        { workers: 0, chunkBytes: 4096 },
        { workers: 2, chunkBytes: 4096, keepBytes: 0 },
        { workers: 2, chunkBytes: 12340 },
        { workers: 2 },
      ]) {
        const got = await figures(name, request);
        for (const k of exact) assert.deepEqual(got[k], want[k], `${JSON.stringify(request)}: ${k}`);
        // Mean, std and sum: numpy's (where finite) and the JavaScript loops' to float64 rounding.
        const near = (a: string | null, b: string | null, what: string): void =>
          assert.ok(a === b || Math.abs(Number(a) - Number(b)) <= 1e-12 * Math.abs(Number(b)), `${JSON.stringify(request)}: ${what} ${a} vs ${b}`);
        for (const k of ['mean', 'std', 'sum'] as const) near(got[k], js[k], k);
        if (want.mean !== undefined) {
          near(got.mean, want.mean, 'numpy mean');
          near(got.std, want.std ?? null, 'numpy std');
        }
      }
    });
  }
});
