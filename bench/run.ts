// `npm run bench`: NPY Studio's engine beside numpy on the same files, in one run. Prints a table.
// Big files are sparse (holes read as zeros), so they cost no disk; they live in bench/tmp (git-ignored).
import { execFileSync } from 'child_process';
import { mkdirSync, existsSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { FileSource } from '../src/npy/io/fileSource';
import { parseHeader } from '../src/npy/header';
import { openArray } from '../src/npy/open';
import { resolveView, defaultView } from '../src/npy/view';
import { planTile, readTile } from '../src/npy/read/planner';
import { formatScalar } from '../src/npy/format';
import type { ScalarDtype } from '../src/npy/types';

const TMP = resolve(__dirname, 'tmp');
const ITER = 200;

interface Row {
  task: string;
  ours: number | string;
  numpy: number | string;
  unit?: string;
  ratio?: string;
}

function python(code: string): string {
  return execFileSync('python3', ['-c', code], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function makeSparse(path: string, shape: number[]): void {
  if (existsSync(path)) return;
  python(`import numpy as np; np.lib.format.open_memmap(${JSON.stringify(path)}, mode='w+', dtype='<f8', shape=(${shape.join(',')},))`);
}

/** Median of per-iteration times in microseconds. */
async function timeIt(fn: (i: number) => Promise<unknown> | unknown, iterations = ITER): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Deterministic pseudo-random integers so both sides read the same tiles. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function tileBench(path: string, shape: [number, number]): Promise<[number, number]> {
  const source = await FileSource.open(path);
  const opened = await openArray(source);
  const h = opened.header;
  const view = resolveView(h.shape, h.fortranOrder, h.dtype, defaultView(h.shape, false));
  const rnd = lcg(42);
  const coords = Array.from({ length: ITER }, () => [Math.floor(rnd() * (shape[0] - 256)), Math.floor(rnd() * (shape[1] - 64))]);
  const ours = await timeIt(async (i) => {
    const [r, c] = coords[i];
    const plan = planTile(
      { view, itemsize: 8, dataOffset: h.dataOffset, availableCount: opened.availableCount },
      { row0: BigInt(r), rows: 256, col0: BigInt(c), cols: 64 },
    );
    return readTile(source, plan);
  });
  await source.close();
  const numpy = Number(
    python(`
import numpy as np, time, json
coords = json.loads(${JSON.stringify(JSON.stringify(coords))})
a = np.load(${JSON.stringify(path)}, mmap_mode='r')
ts = []
for i, j in coords:
    t0 = time.perf_counter(); a[i:i+256, j:j+64].copy(); ts.append((time.perf_counter() - t0) * 1e6)
ts.sort(); print(ts[len(ts)//2])
`),
  );
  return [ours, numpy];
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const rows: Row[] = [];
  if (process.env.BENCH_ONLY === 'npz') {
    // The .npz rows alone, as their own table (bench/npz.ts).
    const npz = await import('./npz');
    npz.printRows(await npz.benchNpz());
    return;
  }
  // BENCH_ONLY=picture: the picture rows alone (bench/picture.ts; SKIP_BIG leaves out the 100 GiB and 10^9 rows).
  if (process.env.BENCH_ONLY === 'picture') {
    const picture = await import('./picture');
    printTable(await picture.benchPicture());
    return;
  }
  // BENCH_ONLY=stats: the statistics section alone (bench/stats.ts).
  if (process.env.BENCH_ONLY === 'stats') {
    const stats = await import('./stats');
    printTable([...rows, ...(await stats.benchStats())]);
    return;
  }

  // 100 GiB float64: 1,638,400 × 8,192 elements; a 1 MiB file of the same width for the size-independence check.
  const big = join(TMP, 'big-100GiB.npy');
  const small = join(TMP, 'small-16MiB.npy');
  makeSparse(big, [1638400, 8192]);
  makeSparse(small, [256, 8192]);

  const headerSource = await FileSource.open(big);
  const oursHeader = await timeIt(() => parseHeader(headerSource), 2000);
  await headerSource.close();
  const numpyHeader = Number(
    python(`
import numpy as np, time
f = open(${JSON.stringify(big)}, 'rb'); ts = []
for _ in range(2000):
    t0 = time.perf_counter(); f.seek(0); np.lib.format.read_magic(f); np.lib.format.read_array_header_1_0(f); ts.append((time.perf_counter() - t0) * 1e6)
ts.sort(); print(ts[len(ts)//2])
`),
  );
  rows.push({ task: 'parse header', ours: oursHeader, numpy: numpyHeader, unit: 'µs' });

  // A 1 MiB header (a wide record, as np.save writes it): our default cap; numpy needs max_header_size=.
  const wide = join(TMP, 'header-1MiB.npy');
  if (!existsSync(wide)) {
    python(`import numpy as np, warnings
warnings.simplefilter('ignore')
dt = np.dtype([(f'channel_{i:05d}_' + 'x' * 80, '<f4') for i in range(9500)])
np.save(${JSON.stringify(wide)}, np.zeros(1, dtype=dt))`);
  }
  const wideSource = await FileSource.open(wide);
  const oursWide = await timeIt(() => parseHeader(wideSource), 30);
  const wideChars = (await parseHeader(wideSource)).headerChars;
  await wideSource.close();
  const numpyWide = Number(
    python(`
import numpy as np, time
f = open(${JSON.stringify(wide)}, 'rb'); ts = []
for _ in range(30):
    t0 = time.perf_counter(); f.seek(0); np.lib.format.read_magic(f); np.lib.format.read_array_header_2_0(f, max_header_size=1 << 21); ts.append((time.perf_counter() - t0) * 1e6)
ts.sort(); print(ts[len(ts)//2])
`),
  );
  rows.push({ task: `parse a ${(wideChars / 1024).toFixed(0)} KiB header (9,500 fields)`, ours: oursWide, numpy: numpyWide, unit: 'µs' });

  const [oursBig, numpyBig] = process.env.SKIP_BIG ? [0, 1] : await tileBench(big, [1638400, 8192]);
  rows.push({ task: 'random 256×64 f8 tile, 100 GiB file', ours: oursBig, numpy: numpyBig, unit: 'µs' });
  const [oursSmall, numpySmall] = await tileBench(small, [256, 8192]);
  rows.push({ task: 'random 256×64 f8 tile, 16 MiB file (same width)', ours: oursSmall, numpy: numpySmall, unit: 'µs' });

  // Formatting 10,000 cells of random float64 as numpy's str().
  const hex = python(`import numpy as np; print(np.random.default_rng(1).standard_normal(10000).astype('<f8').tobytes().hex())`).trim();
  const bytes = Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
  const dv = new DataView(bytes.buffer);
  const f8: ScalarDtype = { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 };
  const oursFormat = await timeIt(() => {
    for (let i = 0; i < 10000; i++) formatScalar(f8, dv, i * 8, 'str');
  }, 50);
  const numpyFormat = Number(
    python(`
import numpy as np, time
a = np.random.default_rng(1).standard_normal(10000); ts = []
for _ in range(50):
    t0 = time.perf_counter(); [str(x) for x in a]; ts.append((time.perf_counter() - t0) * 1e6)
ts.sort(); print(ts[len(ts)//2])
`),
  );
  rows.push({ task: 'format 10,000 f8 cells (str)', ours: oursFormat, numpy: numpyFormat, unit: 'µs' });

  if (!process.env.SKIP_PICTURE) {
    // Pictures: first sampled picture of 100 GiB, refined throughput, M4 of 10^9 elements (bench/picture.ts).
    const picture = await import('./picture');
    for (const r of await picture.benchPicture()) rows.push(r);
  }

  if (!process.env.SKIP_STATS) {
    // Statistics: the whole set over 1 GiB of float32 vs numpy's five basics and full set (bench/stats.ts).
    const stats = await import('./stats');
    for (const r of await stats.benchStats()) rows.push(r);
  }

  if (!process.env.SKIP_WRITE) {
    // Writers' rows: create 1 TiB, attach a header to a 4 GiB dump.
    const write = await import('./write.mjs');
    for (const r of await write.benchWrite()) rows.push(r);
  }

  if (!process.env.SKIP_NPZ) {
    // .npz rows: 10,000-member listing, a 1 GiB deflated member (index pass, random tiles), a 5 GiB stored zip64 one.
    const npz = await import('./npz');
    for (const r of await npz.benchNpz()) rows.push(r);
  }

  printTable(rows);
  console.log(`\nfiles: ${big} (${statSync(big).size} bytes apparent), ${small}; medians of ${ITER} iterations (header: 2000, format: 50)`);
}

function printTable(rows: Row[]): void {
  const fmt = (x: number | string): string => (typeof x === 'number' ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : x);
  const table = [
    ['task', 'NPY Studio', 'numpy', 'unit', 'ours/numpy'],
    ...rows.map((r) => [
      r.task,
      fmt(r.ours),
      fmt(r.numpy),
      r.unit ?? '',
      r.ratio ?? (typeof r.ours === 'number' && typeof r.numpy === 'number' ? (r.ours / r.numpy).toFixed(2) : ''),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  const line = (row: string[]): string => '| ' + row.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(table[0]));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of table.slice(1)) console.log(line(row as string[]));
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
