// `npm run fuzz [-- --seconds N] [--seed S] [--inputs N]`: an in-process, seeded, coverage-free mutation fuzzer over
// the header parser, the dtype model, element formatting, the planner, the slice parser and the index text parser
// (see targets.ts), seeded with files numpy writes at run time (seeds.py). First the named regression fixtures
// (corpus.ts) must all have their expected outcome; then inputs run for the given time in a worker thread, each
// classified: accepted / clean (a one-line NpyError) / unexpected (any other exception or a broken invariant) /
// time (finished, over the time bound) / memory (an allocation over the bound, or the worker's heap exhausted) /
// hang (killed by the watchdog). Failures are minimized and saved under .fuzz/ (git-ignored). The report ends with
// the peak RSS of `values` on a 1 KiB file claiming 2^40 elements. With $NPY_TEST_REPORT set (npm test), it writes
// {"passed", "failed"} there. Exit status 1 on any failure.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Worker } from 'worker_threads';
import { FIXTURES } from './corpus';
import { FAILURES, makeGenerator, OUTCOMES, signature, TARGETS, type FuzzInput, type Outcome, type Seeds } from './targets';
import { SLOT, type WorkerData } from './protocol';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, '.fuzz');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

const seconds = option('seconds', 60);
const runSeed = option('seed', Date.now() % 2 ** 31) >>> 0;
const maxInputs = option('inputs', Number.MAX_SAFE_INTEGER);
const timeBoundMs = option('time-bound-ms', 2000);
const hangMs = option('hang-ms', 10_000);
const allocBound = option('alloc-bound-mb', 256) * 2 ** 20;
const heapMb = option('heap-mb', 1024);

function numpySeeds(): Seeds {
  const r = spawnSync('python3', [join(__dirname, 'seeds.py')], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`numpy could not write the seeds (python3 with numpy is required): ${r.stderr || r.error}`);
  return JSON.parse(r.stdout) as Seeds;
}

interface Finding {
  outcome: Outcome;
  error: string;
  index: number;
  input: FuzzInput;
  minimized?: FuzzInput;
  ms?: number;
}

/** Run one worker until it ends; a worker over the hang bound is terminated. Returns where to go on, and why it stopped. */
function runWorker(
  phase: WorkerData['phase'],
  seeds: Seeds,
  start: number,
  end: number,
  deadline: number,
  counters: SharedArrayBuffer,
  onMessage: (m: Record<string, unknown>) => void,
): Promise<{ next: number; died?: Outcome; error?: string }> {
  const clock = new SharedArrayBuffer(8);
  const data: WorkerData = { phase, seeds, runSeed, start, end, deadline, timeBoundMs, allocBound, counters, clock };
  // A worker's entry is not run through --import hooks: load tsx's require hook first, then the TypeScript worker.
  const entry = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;
  const worker = new Worker(entry, {
    eval: true,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
  });
  const c = new Int32Array(counters);
  const t = new Float64Array(clock);
  return new Promise((resolveRun) => {
    let settled = false;
    let killed = false;
    const settle = (v: { next: number; died?: Outcome; error?: string }) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      resolveRun(v);
    };
    const watch = setInterval(() => {
      if (Atomics.load(c, SLOT.running) === 1 && Date.now() - t[0] > hangMs) {
        killed = true;
        const index = c[SLOT.index];
        void worker.terminate().then(() => settle({ next: index + 1, died: 'hang', error: `no answer after ${hangMs} ms` }));
      }
    }, 100);
    worker.on('message', (m: Record<string, unknown>) => {
      if (m.kind === 'done') {
        onMessage(m);
        settle({ next: m.next as number });
      } else onMessage(m);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const index = Math.max(c[SLOT.index], start);
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(e.message);
      settle({ next: index + 1, died: oom ? 'memory' : 'unexpected', error: `${e.name}: ${e.message.split('\n')[0]}` });
    });
    worker.on('exit', (code) => {
      if (killed || settled) return;
      const index = c[SLOT.index];
      if (phase === 'corpus') settle({ next: end });
      else settle(code === 0 ? { next: index + 1 } : { next: index + 1, died: 'memory', error: `worker exited with ${code}` });
    });
  });
}

function save(f: Finding): string {
  mkdirSync(join(OUT, 'reproducers'), { recursive: true });
  const body = { outcome: f.outcome, error: f.error, seed: runSeed, index: f.index, input: f.minimized ?? f.input, original: f.input };
  const hash = createHash('sha1').update(JSON.stringify(body.input)).digest('hex').slice(0, 10);
  const file = join(OUT, 'reproducers', `${f.outcome}-${f.input.target}-${hash}.json`);
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

/** Peak RSS of `values` over a 1 KiB .npy that claims 2^40 float64 elements (and of the bare CLI, for scale). */
async function measureValuesRss(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'npy-fuzz-rss-'));
  try {
    const esbuild = await import('esbuild');
    const cli = join(dir, 'cli.js');
    await esbuild.build({ entryPoints: [join(ROOT, 'src/cli.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }";
    const body = dict + ' '.repeat(128 - 10 - dict.length - 1) + '\n';
    const file = Buffer.alloc(1024);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, body.length, 0]).copy(file);
    Buffer.from(body, 'latin1').copy(file, 10);
    const npy = join(dir, 'claims-2^40.npy');
    writeFileSync(npy, file);
    const wrapper = `const { main } = require(${JSON.stringify(cli)});
main(JSON.parse(process.argv[1])).then((code) => { process.stderr.write('\\n' + JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS }) + '\\n'); process.exitCode = 0; });`;
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, ['-e', wrapper, JSON.stringify(args)], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      const lines = (r.stderr ?? '').trim().split('\n');
      const last = JSON.parse(lines[lines.length - 1] || '{}') as { code?: number; maxRSS?: number };
      return { mb: (last.maxRSS ?? NaN) / 1024, code: last.code, first: lines[0] ?? '', timedOut: !!r.error };
    };
    const base = run(['--help']);
    const full = run(['values', npy, '--count', '1099511627776']);
    const some = run(['values', npy, '--count', '100']);
    const note = (x: ReturnType<typeof run>) => (x.timedOut ? 'TIMED OUT' : `exit ${x.code}`);
    return (
      `values RSS on a 1 KiB file claiming 2^40 elements: --count 2^40 ${full.mb.toFixed(1)} MB (${note(full)}${full.first.startsWith('error') ? `, ${full.first}` : ''}), ` +
      `--count 100 ${some.mb.toFixed(1)} MB (${note(some)}); the bare CLI ${base.mb.toFixed(1)} MB`
    );
  } catch (e) {
    return `values RSS: not measured (${(e as Error).message})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const seeds = numpySeeds();
  console.log(`fuzz: seed ${runSeed}, ${seconds} s, ${seeds.headers.length} numpy-written headers, ${seeds.dtypes.length} dtypes, ${seeds.slices.length} slices`);
  const findings: Finding[] = [];
  let passed = 0;
  let failed = 0;

  // 1. The named regression fixtures.
  const fixtureCounters = new SharedArrayBuffer(4 * 16);
  const wrong: string[] = [];
  let slowestFixture = { ms: 0, name: '' };
  for (let next = 0; next < FIXTURES.length;) {
    const seen = new Set<number>();
    const r = await runWorker('corpus', seeds, next, FIXTURES.length, Infinity, fixtureCounters, (m) => {
      if (m.kind !== 'fixture') return;
      const f = FIXTURES[m.index as number];
      if ((m.ms as number) > slowestFixture.ms) slowestFixture = { ms: m.ms as number, name: f.name };
      seen.add(m.index as number);
      const ok = m.outcome === f.expect && (!f.message || f.message.test(m.error as string));
      if (ok) passed++;
      else {
        failed++;
        wrong.push(
          `  ✗ ${f.name}: expected ${f.expect}${f.message ? ` ${f.message}` : ''}, got ${m.outcome}${m.error ? `: ${m.error}` : ''} (${(m.ms as number).toFixed(0)} ms)`,
        );
      }
    });
    if (r.died) {
      const f = FIXTURES[r.next - 1];
      failed++;
      wrong.push(`  ✗ ${f.name}: expected ${f.expect}, got ${r.died}: ${r.error}`);
    }
    next = r.next;
  }
  console.log(`corpus: ${FIXTURES.length} named regression fixtures, ${FIXTURES.length - wrong.length} with their expected outcome`);
  for (const w of wrong) console.log(w);
  console.log(`  slowest fixture: ${slowestFixture.ms.toFixed(0)} ms (${slowestFixture.name}; the bound is ${timeBoundMs} ms)`);

  // 2. Fuzzing for `seconds`.
  const counters = new SharedArrayBuffer(4 * 16);
  const c = new Int32Array(counters);
  const gen = makeGenerator(seeds, runSeed);
  const t0 = Date.now();
  const deadline = t0 + seconds * 1000;
  let next = 0;
  // The slowest input that ran to its end, so a run shows how far it stayed from the time bound.
  let slowest = { ms: 0, index: -1 };
  while (next < maxInputs && Date.now() < deadline) {
    const r = await runWorker('fuzz', seeds, next, maxInputs, deadline, counters, (m) => {
      if (m.kind === 'finding') findings.push(m as unknown as Finding);
      const s = m.slowest as { ms: number; index: number } | undefined;
      if (m.kind === 'done' && s && s.ms > slowest.ms) slowest = s;
    });
    if (r.died) {
      const index = r.next - 1;
      const input = gen(index);
      Atomics.add(c, SLOT.outcomes + OUTCOMES.indexOf(r.died), 1);
      Atomics.add(c, SLOT.targets + TARGETS.indexOf(input.target), 1);
      findings.push({ outcome: r.died, error: r.error ?? '', index, input });
    }
    next = r.next;
  }
  const elapsed = (Date.now() - t0) / 1000;
  const inputs = OUTCOMES.reduce((a, _o, i) => a + c[SLOT.outcomes + i], 0);
  const counts = Object.fromEntries(OUTCOMES.map((o, i) => [o, c[SLOT.outcomes + i]])) as Record<Outcome, number>;
  console.log(`fuzz: ${inputs} inputs in ${elapsed.toFixed(1)} s (${Math.round(inputs / elapsed)} inputs/s)`);
  console.log('  ' + OUTCOMES.map((o) => `${o} ${counts[o]}`).join('  '));
  console.log(`  slowest input: ${slowest.ms.toFixed(0)} ms (#${slowest.index}; the bound is ${timeBoundMs} ms)`);
  console.log('  by target: ' + TARGETS.map((t, i) => `${t} ${c[SLOT.targets + i]}`).join(', '));
  const bad = FAILURES.reduce((a, o) => a + counts[o], 0);
  if (findings.length) {
    // One line per kind of failure (same outcome and message shape), with its smallest reproducers saved.
    const kinds = new Map<string, Finding[]>();
    for (const f of findings) {
      const k = `${f.input.target} ${signature(f.outcome, f.error)}`;
      kinds.set(k, [...(kinds.get(k) ?? []), f]);
    }
    console.log(`findings: ${findings.length} in ${kinds.size} kinds (reproduce with --seed ${runSeed} --inputs <index + 1>):`);
    for (const group of kinds.values()) {
      const f = group[0];
      const smallest = [...group].sort((a, b) => (a.minimized ?? a.input).text.length - (b.minimized ?? b.input).text.length).slice(0, 3);
      console.log(`  ${group.length} × ${f.outcome} ${f.input.target}: ${f.error.slice(0, 160)} (first #${f.index})`);
      for (const s of smallest) console.log(`    → ${save(s)}  ${JSON.stringify((s.minimized ?? s.input).text).slice(0, 100)}`);
    }
  }
  if (inputs === 0) failed++;
  else if (bad === 0) passed++;
  failed += bad;
  // For the roll-up at the end of `npm test`: each wrong fixture, and each kind of fuzz finding once.
  const failures = wrong.map((w) => ({ title: 'fuzz corpus', error: w.trim().slice(0, 400) }));
  if (inputs === 0) failures.push({ title: 'fuzz', error: 'no input was run' });
  const seenKinds = new Set<string>();
  for (const f of findings) {
    const k = `${f.input.target} ${signature(f.outcome, f.error)}`;
    if (FAILURES.includes(f.outcome) && !seenKinds.has(k)) {
      seenKinds.add(k);
      failures.push({ title: `fuzz ${f.outcome} ${f.input.target} (#${f.index}, --seed ${runSeed})`, error: f.error.slice(0, 400) });
    }
  }

  console.log(await measureValuesRss());
  console.log(`${passed} passed, ${failed} failed`);
  if (process.env.NPY_TEST_REPORT) writeFileSync(process.env.NPY_TEST_REPORT, JSON.stringify({ passed, failed, failures }));
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`fuzz: ${(e as Error).stack ?? e}`);
    if (process.env.NPY_TEST_REPORT) writeFileSync(process.env.NPY_TEST_REPORT, JSON.stringify({ passed: 0, failed: 1 }));
    process.exit(1);
  },
);
