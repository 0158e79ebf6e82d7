// Write benchmarks, beside numpy / coreutils on the same files:
//   create a 1 TiB float32 .npy (time, bytes on disk) vs np.lib.format.open_memmap(mode='w+')
//   attach-header --mode copy of a 4 GiB raw dump vs `cp` (and `cp` + fsync, since we fsync before renaming)
//   attach-header --mode insert of the same dump (ext4/xfs only) vs `cp`
// `benchWrite()` returns rows for bench/run.ts; `node bench/write.mjs` prints them alone.
// Files live in bench/tmp (git-ignored); the 4 GiB dump is real data (not sparse) so copies do real I/O.
// Env: NPY_BENCH_DUMP_GIB (default 4), NPY_BENCH_REPEAT (default 5; medians are reported).
// Timings on a VM disk vary ±20% run to run; compare the medians, not single runs.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, rmSync, statSync, openSync, writeSync, closeSync, fsyncSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { performance } from 'perf_hooks';

// bench/run.ts require()s this file through tsx, which turns it into CommonJS (no import.meta there).
const HERE = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
const TMP = resolve(HERE, 'tmp');
const DUMP_GIB = Number(process.env.NPY_BENCH_DUMP_GIB ?? 4);
const REPEAT = Number(process.env.NPY_BENCH_REPEAT ?? 5);

function python(code) {
  return execFileSync('python3', ['-c', code], { encoding: 'utf8', maxBuffer: 16 << 20 }).trim();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function onDisk(path) {
  return statSync(path).blocks * 512;
}

async function timeMs(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function fsyncFile(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A dump of pseudo-random bytes (incompressible, no holes), written once and kept in bench/tmp. */
function makeDump(path, bytes) {
  if (existsSync(path) && statSync(path).size === bytes) return;
  const chunk = Buffer.alloc(8 << 20);
  let x = 0x9e3779b9;
  for (let i = 0; i < chunk.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.writeUInt32LE(x >>> 0, i);
  }
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < bytes; done += chunk.length) {
      chunk.writeUInt32LE(done / chunk.length, 0); // every chunk differs
      writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - done));
    }
  } finally {
    closeSync(fd);
  }
}

const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;

export async function benchWrite() {
  const { createNpy } = await import('../src/npy/write/create.ts');
  const { attachHeader, insertSupport } = await import('../src/npy/write/attach.ts');
  const { parseDtypeSpec } = await import('../src/npy/dtype.ts');
  mkdirSync(TMP, { recursive: true });
  const rows = [];

  // --- create 1 TiB --------------------------------------------------------------------------------------------
  const ours1T = join(TMP, 'create-1TiB.npy');
  const np1T = join(TMP, 'create-1TiB-numpy.npy');
  const oursTimes = [];
  for (let i = 0; i < REPEAT; i++) {
    rmSync(ours1T, { force: true });
    oursTimes.push(1000 * (await timeMs(() => createNpy(ours1T, { dtype: parseDtypeSpec('float32'), shape: [1n << 38n] }))));
  }
  const npTimes = JSON.parse(
    python(`
import numpy as np, time, os, json
ts = []
for _ in range(${REPEAT}):
    if os.path.exists(${JSON.stringify(np1T)}): os.remove(${JSON.stringify(np1T)})
    t0 = time.perf_counter()
    m = np.lib.format.open_memmap(${JSON.stringify(np1T)}, mode='w+', dtype='<f4', shape=(2**38,))
    del m
    ts.append((time.perf_counter() - t0) * 1e6)
print(json.dumps(ts))`),
  );
  const same = python(`
a = open(${JSON.stringify(ours1T)}, 'rb').read(4096); b = open(${JSON.stringify(np1T)}, 'rb').read(4096); print(a == b)`);
  // Ours includes what numpy skips: fsync of file and folder, and publishing atomically (O_TMPFILE + link).
  rows.push({ task: `create 1 TiB f4 .npy (time, ours fsync'ed + atomic; header identical: ${same})`, ours: median(oursTimes), numpy: median(npTimes), unit: 'µs' });
  rows.push({ task: 'create 1 TiB f4 .npy (bytes on disk)', ours: kib(onDisk(ours1T)), numpy: kib(onDisk(np1T)), unit: '', ratio: '' });
  rmSync(ours1T, { force: true });
  rmSync(np1T, { force: true });

  // --- attach copy of a 4 GiB dump vs cp ---------------------------------------------------------------------------
  const dumpBytes = Math.round(DUMP_GIB * 2 ** 30);
  const dump = join(TMP, `dump-${DUMP_GIB}GiB.raw`);
  makeDump(dump, dumpBytes);
  const outNpy = join(TMP, 'dump-copy.npy');
  const outCp = join(TMP, 'dump-cp.raw');
  const dt = parseDtypeSpec('<f4');
  execFileSync('cp', [dump, outCp]); // warm the page cache for both sides
  rmSync(outCp, { force: true });
  const ours = [];
  const cp = [];
  const cpSync = [];
  for (let i = 0; i < REPEAT; i++) {
    rmSync(outNpy, { force: true });
    spawnSync('sync');
    ours.push(await timeMs(() => attachHeader(dump, outNpy, { dtype: dt, shape: [-1n], mode: 'copy' })));
    rmSync(outNpy, { force: true });
    spawnSync('sync');
    cp.push(await timeMs(() => execFileSync('cp', [dump, outCp])));
    rmSync(outCp, { force: true });
    spawnSync('sync');
    cpSync.push(
      await timeMs(() => {
        execFileSync('cp', [dump, outCp]);
        fsyncFile(outCp);
      }),
    );
    rmSync(outCp, { force: true });
  }
  rows.push({ task: `attach copy ${DUMP_GIB} GiB (incl. fsync) vs cp`, ours: median(ours), numpy: median(cp), unit: 'ms' });
  rows.push({ task: `attach copy ${DUMP_GIB} GiB (incl. fsync) vs cp + fsync`, ours: median(ours), numpy: median(cpSync), unit: 'ms' });

  // --- insert on the same dump (in place; undone with collapse-range after each run) -----------------------------
  const sup = await insertSupport(dump);
  if (sup.ok) {
    const times = [];
    const work = join(TMP, 'dump-insert.raw');
    execFileSync('cp', [dump, work]);
    for (let i = 0; i < REPEAT; i++) {
      const out = join(TMP, 'dump-insert.npy');
      let inserted = 0;
      times.push(
        await timeMs(async () => {
          inserted = (await attachHeader(work, out, { dtype: dt, shape: [-1n], mode: 'insert' })).inserted;
        }),
      );
      // back to a raw dump for the next run
      execFileSync('fallocate', ['--collapse-range', '--offset', '0', '--length', String(inserted), out]);
      execFileSync('mv', [out, work]);
    }
    rmSync(work, { force: true });
    rows.push({ task: `attach insert ${DUMP_GIB} GiB (${sup.fsName}, in place) vs cp`, ours: median(times), numpy: median(cp), unit: 'ms' });
  } else {
    rows.push({ task: `attach insert ${DUMP_GIB} GiB`, ours: `n/a: ${sup.reason}`, numpy: '', unit: '', ratio: '' });
  }
  return rows;
}

async function standalone() {
  const underTsx = process.execArgv.some((a) => a.includes('tsx')) || process.env.NPY_BENCH_TSX === '1';
  if (!underTsx) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'write.mjs')], {
      stdio: 'inherit',
      cwd: resolve(HERE, '..'),
      env: { ...process.env, NPY_BENCH_TSX: '1' },
    });
    process.exit(r.status ?? 1);
  }
  const rows = await benchWrite();
  const fmt = (x) => (typeof x === 'number' ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : String(x));
  const table = [
    ['task', 'NPY Studio', 'reference', 'unit', 'ours/ref'],
    ...rows.map((r) => [
      r.task,
      fmt(r.ours),
      fmt(r.numpy),
      r.unit ?? '',
      r.ratio ?? (typeof r.ours === 'number' && typeof r.numpy === 'number' ? (r.ours / r.numpy).toFixed(2) : ''),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  const line = (row) => '| ' + row.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(table[0]));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of table.slice(1)) console.log(line(row));
  console.log(`\nmedians of ${REPEAT} runs; dump ${DUMP_GIB} GiB in ${TMP}; reference = numpy open_memmap for create, coreutils cp for attach`);
}

// Standalone: `node bench/write.mjs` (re-runs itself under the tsx loader so the TypeScript sources import).
if (typeof __dirname !== 'string' && import.meta.url === pathToFileURL(process.argv[1]).href) {
  standalone().catch((e) => {
    console.error(`bench failed: ${e.message}`);
    process.exit(1);
  });
}
