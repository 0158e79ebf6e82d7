// .npz benchmarks beside numpy on the same archives (rows for bench/run.ts; `BENCH_ONLY=npz npm run bench` or
// `node --import tsx bench/npz.ts` runs them alone):
//   the member list of a 10,000-member np.savez archive (our directory read) vs np.load(f).files and
//     zipfile.ZipFile(f).namelist(); and every member's shape and dtype (our batched header reads) vs numpy
//     loading every member;
//   a 1 GiB deflated float32 member (262144 × 1024, a ramp with noise, as np.savez_compressed writes it): our
//     indexing pass (MB/s of inflated output) vs np.load(f)['x'] inflating it whole; then random 256 × 64 tiles
//     through the index vs numpy, whose only way to a tile is inflating the whole member;
//   `values --start <last>` (the CLI, a fresh process) on a 5 GiB stored member of a zip64 archive, with the
//     bytes it reads from the archive counted by strace, vs np.load(f)['x'][-1].
// The archives are written once by Python's zipfile exactly as np.savez does (force_zip64 members) and cached in
// bench/tmp: the 5 GiB member's zeros are holes (a sparse file), the 1 GiB deflated one costs ~40 s once.
// Env: NPY_BENCH_REPEAT (default 1): how often the index pass and numpy's whole-member load run (each takes
// 10-50 s on this 2-core VM; the section takes 2-3 minutes with 1).
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { FileSource } from '../src/npy/io/fileSource';
import { defaultView, resolveView } from '../src/npy/view';
import { planTile, readTile } from '../src/npy/read/planner';
import { openNpzContainer } from '../src/npz';
import { NEVER_ABORTED } from '../src/shared/job';

const ROOT = resolve(__dirname, '..');
const TMP = resolve(__dirname, 'tmp');
const REPEAT = Number(process.env.NPY_BENCH_REPEAT ?? 1);

export interface NpzBenchRow {
  task: string;
  ours: number | string;
  numpy: number | string;
  unit?: string;
  ratio?: string;
}

function python(code: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 }).trim();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Deterministic pseudo-random numbers so both sides read the same tiles. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Write an archive with a Python script once; a half-written one (killed run) is never kept. */
function cached(path: string, script: string): void {
  if (existsSync(path)) return;
  const part = `${path}.part`;
  rmSync(part, { force: true });
  python(script, part);
  renameSync(part, path);
}

// --- 10,000 members --------------------------------------------------------------------------------------------

async function manyMembers(): Promise<NpzBenchRow[]> {
  const path = join(TMP, 'npz-10000-members.npz');
  cached(
    path,
    `import numpy as np, sys
np.savez(open(sys.argv[1], 'wb'), **{f'm{i:05d}': np.arange(i % 17 + 1, dtype=('<f8', '<i4', '|u1')[i % 3]) for i in range(10000)})`,
  );
  const list: number[] = [];
  let count = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const c = await openNpzContainer(await FileSource.open(path));
    count = c.entries.length;
    list.push(performance.now() - t0);
    await c.close();
  }
  if (count !== 10000) throw new Error(`listed ${count} members, not 10000`);
  const headers: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const c = await openNpzContainer(await FileSource.open(path));
    await c.inspectJob()(NEVER_ABORTED, () => undefined);
    headers.push(performance.now() - t0);
    if (!c.entries.every((e) => e.header)) throw new Error('a member has no header after inspecting');
    await c.close();
  }
  const np = JSON.parse(
    python(
      `import numpy as np, zipfile, time, json, sys
def t(f, n):
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1000)
    return sorted(ts)[len(ts) // 2]
def files():
    with np.load(sys.argv[1]) as z: assert len(z.files) == 10000
def names():
    with zipfile.ZipFile(sys.argv[1]) as z: assert len(z.namelist()) == 10000
def every():
    with np.load(sys.argv[1]) as z: [(a.shape, a.dtype) for a in (z[k] for k in z.files)]
print(json.dumps(dict(files=t(files, 20), names=t(names, 20), every=t(every, ${REPEAT}))))`,
      path,
    ),
  ) as { files: number; names: number; every: number };
  return [
    { task: 'list a 10,000-member .npz (vs np.load(f).files)', ours: median(list), numpy: np.files, unit: 'ms' },
    { task: 'list a 10,000-member .npz (vs zipfile namelist())', ours: median(list), numpy: np.names, unit: 'ms' },
    { task: 'shape+dtype of 10,000 members (vs loading each z[k])', ours: median(headers), numpy: np.every, unit: 'ms' },
  ];
}

// --- 1 GiB deflated ---------------------------------------------------------------------------------------------

const ROWS = 262144;
const COLS = 1024;

async function deflated(): Promise<NpzBenchRow[]> {
  const path = join(TMP, 'npz-deflated-1GiB-f4.npz');
  // Streamed as np.savez_compressed writes a member (zipfile, force_zip64, deflate level 6), 16 MiB at a time.
  cached(
    path,
    `import numpy as np, sys, zipfile
rows, cols = ${ROWS}, ${COLS}
rng = np.random.default_rng(3)
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:
    with z.open('x.npy', 'w', force_zip64=True) as f:
        np.lib.format.write_array_header_1_0(f, {'descr': '<f4', 'fortran_order': False, 'shape': (rows, cols)})
        step = 4096
        for r in range(0, rows, step):
            ramp = np.arange(r * cols, (r + step) * cols, dtype=np.float64) / 4096
            noise = np.round(rng.standard_normal(step * cols) * 8) / 16
            f.write((np.round(ramp * 16) / 16 + noise).astype('<f4').tobytes())`,
  );
  const gib = (ROWS * COLS * 4) / 2 ** 30;
  const mb = (ROWS * COLS * 4) / 1e6;
  const stored = statSync(path).size;

  // Our indexing pass, from a fresh container each time (no index reused); the tiles below use the last one.
  const pass: number[] = [];
  let checkpoints = 0;
  let c = await openNpzContainer(await FileSource.open(path));
  for (let i = 0; i < REPEAT; i++) {
    if (i > 0) {
      await c.close();
      c = await openNpzContainer(await FileSource.open(path));
    }
    const t0 = performance.now();
    const index = await c.indexJob('x')(NEVER_ABORTED, () => undefined);
    pass.push(performance.now() - t0);
    checkpoints = index?.checkpoints.length ?? 0;
  }
  if (!checkpoints) throw new Error('the 1 GiB member was not indexed');

  // Random tiles after the pass: the span cache (32 MiB) holds few of the 1 GiB's spans, so most tiles decode.
  const entry = await c.open('x');
  const h = entry.opened.header;
  const view = resolveView(h.shape, h.fortranOrder, h.dtype, defaultView(h.shape, false));
  const rnd = lcg(7);
  const coords = Array.from({ length: 50 }, () => [Math.floor(rnd() * (ROWS - 256)), Math.floor(rnd() * (COLS - 64))]);
  const tiles: number[] = [];
  let firstCell = NaN;
  for (const [r, col] of coords) {
    const t0 = performance.now();
    const plan = planTile(
      { view, itemsize: 4, dataOffset: h.dataOffset, availableCount: entry.opened.availableCount },
      { row0: BigInt(r), rows: 256, col0: BigInt(col), cols: 64 },
    );
    const tile = await readTile(entry.source, plan);
    tiles.push(performance.now() - t0);
    firstCell = new DataView(tile.bytes.buffer, tile.bytes.byteOffset).getFloat32(0, true);
  }
  await c.close();

  // numpy: np.load(f)['x'] inflates the member whole; a tile is a slice of that.
  const [lr, lc] = coords[coords.length - 1];
  const np = JSON.parse(
    python(
      `import numpy as np, time, json, sys
loads, tiles = [], []
for _ in range(${REPEAT}):
    t0 = time.perf_counter()
    with np.load(sys.argv[1]) as z: a = z['x']
    t1 = time.perf_counter(); tile = a[${lr}:${lr} + 256, ${lc}:${lc} + 64].copy(); t2 = time.perf_counter()
    loads.append(t1 - t0); tiles.append(t2 - t0); del a
print(json.dumps(dict(load=sorted(loads)[len(loads) // 2], tile=sorted(tiles)[len(tiles) // 2] * 1000, first=float(tile[0, 0]))))`,
      path,
    ),
  ) as { load: number; tile: number; first: number };
  if (np.first !== firstCell) throw new Error(`tile (${lr}, ${lc}) starts with ${firstCell}, numpy ${np.first}`);
  const ours = mb / (median(pass) / 1000);
  const theirs = mb / np.load;
  return [
    {
      task: `index a ${gib} GiB deflated f4 member (${(stored / 2 ** 20).toFixed(0)} MiB stored; ${checkpoints} checkpoints) vs np.load(f)['x']`,
      ours,
      numpy: theirs,
      unit: 'MB/s',
      ratio: `${(ours / theirs).toFixed(2)}× speed`,
    },
    {
      task: `random 256×64 tile of it, indexed (p95 ${quantile(tiles, 0.95).toFixed(1)} ms; numpy inflates all)`,
      ours: median(tiles),
      numpy: np.tile,
      unit: 'ms',
    },
  ];
}

// --- 5 GiB stored, zip64 ----------------------------------------------------------------------------------------

const N5 = (5 * 2 ** 30) / 8; // float64 elements: 5 GiB of data

/** Bytes read from `file` by a process, from an strace log of openat/pread64/read (fds are not reused here). */
function bytesReadFrom(log: string, file: string): { calls: number; bytes: number } {
  const fds = new Set<string>();
  let calls = 0;
  let bytes = 0;
  for (const line of log.split('\n')) {
    const open = /openat\([^,]+, "([^"]+)".* = (\d+)$/.exec(line);
    if (open && open[1] === file) fds.add(open[2]);
    const read = /(?:pread64|read)\((\d+),.* = (\d+)$/.exec(line);
    if (read && fds.has(read[1])) {
      calls++;
      bytes += Number(read[2]);
    }
  }
  return { calls, bytes };
}

async function storedZip64(): Promise<NpzBenchRow[]> {
  const path = join(TMP, 'npz-stored-5GiB-zip64.npz');
  // zipfile writes the member as np.savez does; the zeros are skipped with a seek (a hole), the last 512
  // elements are real, so the CRC-32 zipfile computes (and numpy checks) covers real data.
  cached(
    path,
    `import numpy as np, sys, zipfile
n = ${N5}
zero = bytes(64 << 20)
class Sparse:
    def __init__(self, f): self.f = f
    def write(self, b):
        if b is zero:
            self.f.seek(len(b), 1); return len(b)
        return self.f.write(b)
    def tell(self): return self.f.tell()
    def seek(self, *a): return self.f.seek(*a)
    def flush(self): self.f.flush()
with open(sys.argv[1], 'wb') as raw:
    with zipfile.ZipFile(Sparse(raw), 'w', zipfile.ZIP_STORED, allowZip64=True) as z:
        with z.open('small.npy', 'w', force_zip64=True) as f:  # a member first: the big one is not at offset 0
            np.lib.format.write_array(f, np.arange(3))
        with z.open('x.npy', 'w', force_zip64=True) as f:
            np.lib.format.write_array_header_1_0(f, {'descr': '<f8', 'fortran_order': False, 'shape': (n,)})
            tail = 512
            for _ in range((n - tail) * 8 // len(zero)): f.write(zero)
            f.write(bytes((n - tail) * 8 % len(zero)))
            f.write((np.arange(tail) * 0.1 + 1e6).astype('<f8').tobytes())
    raw.truncate()`,
  );
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) execFileSync('node', [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const last = String(N5 - 1);
  const args = [cli, 'values', path, '--member', 'x', '--start', last, '--count', '1'];
  const env = { ...process.env, NPY_STUDIO_CACHE: join(TMP, 'cli-cache') };
  const wall: number[] = [];
  let out = '';
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync('node', args, { encoding: 'utf8', env });
    wall.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`values failed: ${r.stderr.trim()}`);
    out = r.stdout.trim();
  }
  const startup: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync('node', ['-e', '0']);
    startup.push(performance.now() - t0);
  }
  let reads = 'strace missing';
  const log = join(TMP, 'npz-values.strace');
  const traced = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat,read,pread64', '-o', log, 'node', ...args], { encoding: 'utf8', env });
  if (traced.status === 0) {
    const { calls, bytes } = bytesReadFrom(readFileSync(log, 'utf8'), path);
    reads = `${calls} reads, ${(bytes / 1024).toFixed(0)} KiB`;
    rmSync(log, { force: true });
  }
  const np = JSON.parse(
    python(
      `import numpy as np, time, json, sys
t0 = time.perf_counter()
with np.load(sys.argv[1]) as z: v = z['x'][-1]
print(json.dumps(dict(ms=(time.perf_counter() - t0) * 1000, text=str(v))))`,
      path,
    ),
  ) as { ms: number; text: string };
  if (!out.includes(np.text)) throw new Error(`values printed ${out}, numpy ${np.text}`);
  // The first screenful of the stored member, read in place (the viewer's path; a window into the archive).
  const c = await openNpzContainer(await FileSource.open(path));
  const entry = await c.open('x');
  const h = entry.opened.header;
  const view = resolveView(h.shape, h.fortranOrder, h.dtype, defaultView(h.shape, false));
  const firstTile: number[] = [];
  let first = NaN;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const plan = planTile({ view, itemsize: 8, dataOffset: h.dataOffset, availableCount: entry.opened.availableCount }, { row0: 0n, rows: 16384, col0: 0n, cols: 1 });
    const tile = await readTile(entry.source, plan);
    firstTile.push(performance.now() - t0);
    first = new DataView(tile.bytes.buffer, tile.bytes.byteOffset).getFloat64(0, true);
  }
  await c.close();
  const npFirst = JSON.parse(
    python(
      `import numpy as np, time, json, sys
t0 = time.perf_counter()
with np.load(sys.argv[1]) as z: t = z['x'][:16384].copy()
print(json.dumps(dict(ms=(time.perf_counter() - t0) * 1000, first=float(t[0]))))`,
      path,
    ),
  ) as { ms: number; first: number };
  if (npFirst.first !== first) throw new Error(`first element ${first}, numpy ${npFirst.first}`);
  return [
    {
      task: "first 16384-element tile of the 5 GiB stored member, read in place vs np.load(f)['x'][:16384] (reads it all)",
      ours: median(firstTile),
      numpy: npFirst.ms,
      unit: 'ms',
    },
    {
      task: `values --start <last> of a 5 GiB stored zip64 member (CLI process, node alone ${median(startup).toFixed(0)} ms; ${reads} of the archive) vs np.load(f)['x'][-1]`,
      ours: median(wall),
      numpy: np.ms,
      unit: 'ms',
    },
  ];
}

export async function benchNpz(): Promise<NpzBenchRow[]> {
  mkdirSync(TMP, { recursive: true });
  return [...(await manyMembers()), ...(await deflated()), ...(await storedZip64())];
}

/** The rows as a markdown table, the way bench/run.ts prints its own. */
export function printRows(rows: NpzBenchRow[]): void {
  const fmt = (x: number | string): string => (typeof x === 'number' ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : x);
  const ratio = (r: NpzBenchRow): string => r.ratio ?? (typeof r.ours === 'number' && typeof r.numpy === 'number' ? (r.ours / r.numpy).toFixed(3) : '');
  const table = [['task', 'NPY Studio', 'numpy', 'unit', 'ours/numpy'], ...rows.map((r) => [r.task, fmt(r.ours), fmt(r.numpy), r.unit ?? '', ratio(r)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]): string => '| ' + row.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(table[0]));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of table.slice(1)) console.log(line(row));
}

if (require.main === module) {
  benchNpz().then(printRows, (e) => {
    console.error(`bench failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
