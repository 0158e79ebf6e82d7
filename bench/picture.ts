// Picture benchmarks beside numpy on the same files (rows for bench/run.ts; `node --import tsx bench/picture.ts`
// prints them alone):
//   first (sampled) 512 × 512 picture of a 100 GiB 163840 × 163840 float32 array, cold page cache, vs numpy's
//     `a[::320, ::320]` on a memmap (also cold);
//   refined picture throughput: every element of a 1 GiB float32 (16384²) and a 1 GiB float64 (8192 × 16384) array
//     reduced into 512 × 512 (max, min, mean), warm, vs numpy reducing the same blocks on a memmap
//     (`a.reshape(512, 32, 512, 32).max(axis=(1, 3))`), numpy's own first run discarded as ours is;
//   M4 envelope of a 10^9-element float32 line at 1000 px, warm, vs numpy (min, max, argmin, argmax per bucket).
// "Cold" means the file's pages are dropped from the page cache first (posix_fadvise DONTNEED), so each side
// reads what a first look at the file reads. Big files are sparse (holes read as zeros) and live in bench/tmp.
// Env: SKIP_BIG skips the 100 GiB and 10^9-element rows; NPY_BENCH_REPEAT (default 3) repeats, medians reported.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { FileSource } from '../src/npy/io/fileSource';
import { openArray } from '../src/npy/open';
import { defaultView, resolveView } from '../src/npy/view';
import { colorize, lineEnvelope, lineOfView, numericDecoder, pictureGeometry, refinePicture, samplePicture, type PictureSource } from '../src/picture';
import { NEVER_ABORTED } from '../src/shared/job';
import { blockRunner } from '../src/stats/pool';

const TMP = resolve(__dirname, 'tmp');
const REPEAT = Number(process.env.NPY_BENCH_REPEAT ?? 3);

export interface PictureBenchRow {
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

/** Drop the file's pages from the page cache. */
function evict(path: string): void {
  python(`import os; fd = os.open(${JSON.stringify(path)}, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)`);
}

async function open(path: string): Promise<{ src: PictureSource; close(): Promise<void> }> {
  const source = await FileSource.open(path);
  const o = await openArray(source);
  const h = o.header;
  const view = resolveView(h.shape, h.fortranOrder, h.dtype, defaultView(h.shape, false));
  const src: PictureSource = {
    source,
    decoder: numericDecoder(h.dtype),
    dataOffset: h.dataOffset,
    availableCount: o.availableCount,
    view,
    channels: 1,
    channelStride: 0n,
  };
  return { src, close: () => source.close() };
}

async function sampledBig(): Promise<PictureBenchRow[]> {
  const path = join(TMP, 'picture-100GiB-f4.npy');
  if (!existsSync(path)) {
    python(`import numpy as np
a = np.lib.format.open_memmap(${JSON.stringify(path)}, mode='w+', dtype='<f4', shape=(163840, 163840))
a[12345, 67890] = 7.0; a[100000, 5] = -2.0; a.flush()`);
  }
  const ours: number[] = [];
  let reads = 0;
  let mib = 0;
  for (let i = 0; i < REPEAT; i++) {
    evict(path);
    const t0 = performance.now();
    const { src, close } = await open(path);
    const geom = pictureGeometry({ row0: 0n, rows: src.view.rows, col0: 0n, cols: src.view.cols }, 512, 512);
    const pic = await samplePicture(src, geom);
    colorize(pic.values, { colormap: 'viridis', scale: 'linear', domain: [pic.range.min, pic.range.max] });
    ours.push(performance.now() - t0);
    reads = pic.stats.reads;
    mib = pic.stats.bytes / 2 ** 20;
    await close();
  }
  const numpy: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    evict(path);
    numpy.push(
      Number(
        python(`import numpy as np, time
t0 = time.perf_counter(); a = np.load(${JSON.stringify(path)}, mmap_mode='r'); b = np.array(a[::320, ::320]); print((time.perf_counter() - t0) * 1000)`),
      ),
    );
  }
  return [{ task: `first sampled 512×512 picture, 100 GiB f4 (cold; ours ${reads} reads, ${mib.toFixed(0)} MiB)`, ours: median(ours), numpy: median(numpy), unit: 'ms' }];
}

/** A warm 1 GiB array reduced into 512 × 512 by max, min and mean, beside numpy reducing the same blocks. */
async function refinedOf(dtype: '<f4' | '<f8', shape: [number, number]): Promise<PictureBenchRow[]> {
  const name = dtype === '<f4' ? 'f4' : 'f8';
  const path = join(TMP, `picture-1GiB-${name}.npy`);
  const [R, C] = shape;
  if (!existsSync(path)) {
    python(`import numpy as np
a = np.lib.format.open_memmap(${JSON.stringify(path)}, mode='w+', dtype='${dtype}', shape=(${R}, ${C}))
rng = np.random.default_rng(1)
for i in range(0, ${R}, 1024): a[i:i+1024] = rng.standard_normal((min(1024, ${R} - i), ${C})).astype('${dtype}')
a.flush()`);
  }
  const gb = (R * C * (dtype === '<f4' ? 4 : 8)) / 1e9;
  const br = R / 512;
  const bc = C / 512;
  const rows: PictureBenchRow[] = [];
  const { src, close } = await open(path);
  try {
    const geom = pictureGeometry({ row0: 0n, rows: BigInt(R), col0: 0n, cols: BigInt(C) }, 512, 512);
    // As the host runs it: the statistics pool's workers with the SIMD kernels.
    const blocks = blockRunner();
    await refinePicture(src, geom, 'max', { blocks })(NEVER_ABORTED, () => undefined); // warm the page cache and the workers
    for (const reduce of ['max', 'min', 'mean'] as const) {
      const ours: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const t0 = performance.now();
        await refinePicture(src, geom, reduce, { blocks })(NEVER_ABORTED, () => undefined);
        ours.push(performance.now() - t0);
      }
      // numpy in the same state: the file mapped and warm, the same blocks reduced, median of the same repeats.
      const numpy = Number(
        python(`import numpy as np, time
a = np.load(${JSON.stringify(path)}, mmap_mode='r')
a.reshape(512, ${br}, 512, ${bc}).max(axis=(1, 3))
ts = []
for _ in range(${REPEAT}):
    t0 = time.perf_counter(); a.reshape(512, ${br}, 512, ${bc}).${reduce}(axis=(1, 3)); ts.append(time.perf_counter() - t0)
print(sorted(ts)[len(ts) // 2] * 1000)`),
      );
      const oursGBs = gb / (median(ours) / 1000);
      const npGBs = gb / (numpy / 1000);
      rows.push({
        task: `refined 512×512 picture (${reduce}) of 1 GiB ${name} ${R}×${C}, warm`,
        ours: oursGBs,
        numpy: npGBs,
        unit: 'GB/s',
        ratio: (oursGBs / npGBs).toFixed(2) + '× speed',
      });
    }
  } finally {
    await close();
  }
  return rows;
}

async function refined(): Promise<PictureBenchRow[]> {
  return [...(await refinedOf('<f4', [16384, 16384])), ...(await refinedOf('<f8', [8192, 16384]))];
}

async function envelope(): Promise<PictureBenchRow[]> {
  const n = 1_000_000_000;
  const path = join(TMP, 'picture-line-1e9-f4.npy');
  if (!existsSync(path)) {
    python(`import numpy as np
a = np.lib.format.open_memmap(${JSON.stringify(path)}, mode='w+', dtype='<f4', shape=(${n},))
rng = np.random.default_rng(2)
for i in range(0, ${n}, 50_000_000): a[i:i+1_000_000] = rng.standard_normal(1_000_000, dtype=np.float32)
a[123_456_789] = 50.0; a.flush()`);
  }
  const { src, close } = await open(path);
  const ours: number[] = [];
  try {
    const line = lineOfView(src.view);
    await lineEnvelope(src, line, 1000, undefined, { blocks: blockRunner() })(NEVER_ABORTED, () => undefined); // warm
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now();
      await lineEnvelope(src, line, 1000, undefined, { blocks: blockRunner() })(NEVER_ABORTED, () => undefined);
      ours.push(performance.now() - t0);
    }
  } finally {
    await close();
  }
  const numpy = Number(
    python(`import numpy as np, time
a = np.load(${JSON.stringify(path)}, mmap_mode='r')
v = a.reshape(1000, -1)
ts = []
for _ in range(${REPEAT}):
    t0 = time.perf_counter(); f = v[:, 0].copy(); l = v[:, -1].copy(); mn = v.min(axis=1); mx = v.max(axis=1); imn = v.argmin(axis=1); imx = v.argmax(axis=1); ts.append(time.perf_counter() - t0)
print(sorted(ts)[len(ts) // 2] * 1000)`),
  );
  return [{ task: 'M4 envelope of a 10^9-element f4 line at 1000 px, warm', ours: median(ours), numpy, unit: 'ms' }];
}

export async function benchPicture(): Promise<PictureBenchRow[]> {
  mkdirSync(TMP, { recursive: true });
  const rows: PictureBenchRow[] = [];
  if (!process.env.SKIP_BIG) rows.push(...(await sampledBig()));
  rows.push(...(await refined()));
  if (!process.env.SKIP_BIG) rows.push(...(await envelope()));
  return rows;
}

if (require.main === module) {
  benchPicture().then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.task}: ours ${typeof r.ours === 'number' ? r.ours.toFixed(2) : r.ours} ${r.unit}, numpy ${typeof r.numpy === 'number' ? r.numpy.toFixed(2) : r.numpy} ${r.unit}${r.ratio ? ` (${r.ratio})` : ''}`,
        );
    },
    (e) => {
      console.error(`bench failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
