// Statistics benchmark beside numpy (rows for bench/run.ts; `BENCH_ONLY=stats npm run bench`, or
// `node --import tsx bench/stats.ts`, runs it alone): the whole statistics set (counts, min/max with positions,
// mean, std, sum, exact percentiles, the 64-bin histogram) of 1 GiB of float32 (random normal with some NaN and
// ±inf), page cache warm, through the engine in-process (statsJob) and through the CLI end-to-end, against
// numpy's five basics (min, max, mean, std, isnan().sum() on a memmap) and numpy's full set (the five, plus
// nanpercentile at 1..99 and np.histogram of the finite values). Each side runs back to back with the others,
// NPY_BENCH_REPEAT (default 3) rounds; medians reported. The file is written by numpy in chunks (bench/tmp).
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { openPathContainer } from '../src/npy/container';
import { statsJob } from '../src/stats/engine';
import { shutdownStatsWorkers } from '../src/stats/pool';
import { NEVER_ABORTED } from '../src/shared/job';

const TMP = resolve(__dirname, 'tmp');
const REPEAT = Number(process.env.NPY_BENCH_REPEAT ?? 3);
const CLI = resolve(__dirname, '..', 'dist', 'cli.js');

export interface StatsBenchRow {
  task: string;
  ours: number | string;
  numpy: number | string;
  unit?: string;
  ratio?: string;
}

function python(code: string): string {
  return execFileSync('python3', ['-c', code], { encoding: 'utf8', maxBuffer: 16 << 20 }).trim();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** 2^28 float32 (16384 × 16384), 1024 rows at a time; 1000 NaN and 10 of each infinity per block. */
function makeFile(path: string): void {
  if (existsSync(path)) return;
  python(`
import numpy as np
a = np.lib.format.open_memmap(${JSON.stringify(path)}, mode='w+', dtype='<f4', shape=(16384, 16384))
rng = np.random.default_rng(9)
for r in range(0, 16384, 1024):
    blk = rng.standard_normal((1024, 16384), dtype=np.float32)
    flat = blk.reshape(-1)
    flat[rng.integers(0, flat.size, 1000)] = np.nan
    flat[rng.integers(0, flat.size, 10)] = np.inf
    flat[rng.integers(0, flat.size, 10)] = -np.inf
    a[r:r + 1024] = blk
a.flush()
`);
}

/** Read the file once so both sides find it in the page cache (16 MiB at a time). */
function warm(path: string): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(16 << 20);
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd);
}

const NUMPY_FIVE = `a = np.load(P, mmap_mode='r'); a.min(); a.max(); a.mean(); a.std(); int(np.isnan(a).sum())`;
const NUMPY_FULL = `${NUMPY_FIVE}; np.nanpercentile(a, [1, 5, 25, 50, 75, 95, 99]); f = a[np.isfinite(a)]; np.histogram(f, bins=64)`;

/** [wall, CPU] milliseconds (CPU: the process's user + system time, all threads; the machine may be shared). */
type Times = [number, number];

function numpyMs(path: string, body: string): Times {
  const out = python(
    `import numpy as np, time\nP = ${JSON.stringify(path)}\nt0 = time.perf_counter(); c0 = time.process_time()\n${body}\nprint((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)`,
  );
  const [wall, cpu] = out.split(' ').map(Number);
  return [wall, cpu];
}

async function engineMs(path: string): Promise<Times> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const container = await openPathContainer(path);
  try {
    const entry = await container.open('');
    await statsJob(entry)(NEVER_ABORTED, () => {});
  } finally {
    await container.close();
  }
  const c = process.cpuUsage(c0);
  return [performance.now() - t0, (c.user + c.system) / 1000];
}

function cliMs(path: string): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [CLI, 'stats', path, '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return performance.now() - t0;
}

export async function benchStats(): Promise<StatsBenchRow[]> {
  mkdirSync(TMP, { recursive: true });
  const path = join(TMP, 'stats-1GiB-f4.npy');
  makeFile(path);
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  warm(path);
  await engineMs(path); // starts the worker threads, as a viewer that computed statistics before has them
  const t = { engine: [] as Times[], cli: [] as number[], five: [] as Times[], full: [] as Times[] };
  for (let r = 0; r < REPEAT; r++) {
    t.five.push(numpyMs(path, NUMPY_FIVE));
    t.engine.push(await engineMs(path));
    t.cli.push(cliMs(path));
    t.full.push(numpyMs(path, NUMPY_FULL));
    const last = (xs: Times[]): string => xs[xs.length - 1].map((x) => x.toFixed(0)).join(' ms, CPU ');
    console.error(`stats round ${r + 1}: numpy five ${last(t.five)} ms; engine ${last(t.engine)} ms; CLI ${t.cli[r].toFixed(0)} ms; numpy full ${last(t.full)} ms`);
  }
  await shutdownStatsWorkers();
  const wall = (xs: Times[]): number => median(xs.map((x) => x[0]));
  const cpu = (xs: Times[]): number => median(xs.map((x) => x[1]));
  const [engine, cli, five, full] = [wall(t.engine), median(t.cli), wall(t.five), wall(t.full)];
  const set = 'full stats set, 1 GiB f4 (warm)';
  return [
    { task: `${set}: engine in-process vs numpy's five basics`, ours: engine, numpy: five, unit: 'ms' },
    { task: `${set}: CLI end-to-end vs numpy's five basics`, ours: cli, numpy: five, unit: 'ms' },
    { task: `${set}: engine in-process vs numpy's full set`, ours: engine, numpy: full, unit: 'ms' },
    { task: `${set}: CLI end-to-end vs numpy's full set`, ours: cli, numpy: full, unit: 'ms' },
    { task: `${set}: engine CPU time vs numpy's five basics`, ours: cpu(t.engine), numpy: cpu(t.five), unit: 'ms CPU' },
    { task: `${set}: engine CPU time vs numpy's full set`, ours: cpu(t.engine), numpy: cpu(t.full), unit: 'ms CPU' },
  ];
}

if (require.main === module) {
  benchStats().then(
    (rows) => {
      for (const r of rows)
        console.log(`${r.task}: ${(r.ours as number).toFixed(0)} vs ${(r.numpy as number).toFixed(0)} ms (${((r.ours as number) / (r.numpy as number)).toFixed(2)})`);
    },
    (e) => {
      console.error(`bench failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
