// The fuzz worker: runs the regression fixtures or inputs start, start+1, … in-process, as fast as it can, and
// reports through shared memory (so the main thread can time an input out, and the counts survive the worker being
// terminated) plus a message per finding. Allocations are guarded: any typed array or ArrayBuffer over the bound
// throws AllocationBoundError (external memory is not limited by the worker's heap limit).
import { parentPort, workerData } from 'worker_threads';
import { SLOT, type WorkerData } from './protocol';

const data = workerData as WorkerData;

// ---- guard allocations, before anything else is loaded ----
const guarded = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];
/** Set once targets.ts is loaded (the guard must be in place before it, and it defines the error class). */
const guard: { Error?: new (bytes: number) => Error } = {};
for (const name of guarded) {
  const g = globalThis as unknown as Record<string, new (...a: unknown[]) => unknown>;
  const Orig = g[name];
  if (!Orig) continue;
  const per = (Orig as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  g[name] = new Proxy(Orig, {
    construct(target, args, newTarget) {
      const n = args[0];
      if (typeof n === 'number' && n * per > data.allocBound && guard.Error) throw new guard.Error(n * per);
      return Reflect.construct(target, args, newTarget);
    },
  });
}

const T = require('./targets') as typeof import('./targets');
const { FIXTURES } = require('./corpus') as typeof import('./corpus');
guard.Error = T.AllocationBoundError;

const counters = new Int32Array(data.counters);
const clock = new Float64Array(data.clock);

type Result = { outcome: import('./targets').Outcome; error: string; ms: number };

function attempt(input: import('./targets').FuzzInput): Result {
  const t0 = performance.now();
  let r: { outcome: import('./targets').Outcome; error: string };
  try {
    T.runInput(input);
    r = { outcome: 'accepted', error: '' };
  } catch (e) {
    r = T.classifyError(e);
  }
  const ms = performance.now() - t0;
  if (ms > data.timeBoundMs && r.outcome !== 'unexpected' && r.outcome !== 'memory')
    r = { outcome: 'time', error: `took ${ms.toFixed(0)} ms (${r.outcome}${r.error ? `: ${r.error}` : ''})` };
  return { ...r, ms };
}

/** Delete chunks of the text while the failure keeps its signature (delta debugging, bounded in time). */
function minimize(input: import('./targets').FuzzInput, sig: string, budgetMs: number): import('./targets').FuzzInput {
  const until = performance.now() + budgetMs;
  const fixLength = input.target === 'header' && T.fixHeaderLength(input.text) === input.text;
  let best = input;
  let text = input.text;
  let chunk = Math.max(1, text.length >> 1);
  while (chunk >= 1 && performance.now() < until) {
    let improved = false;
    for (let at = 0; at < text.length && performance.now() < until;) {
      const cut = text.slice(0, at) + text.slice(at + chunk);
      const cand = { ...best, text: fixLength ? T.fixHeaderLength(cut) : cut };
      const r = attempt(cand);
      if (T.signature(r.outcome, r.error) === sig) {
        text = cut;
        best = cand;
        improved = true;
      } else at += chunk;
    }
    if (!improved) chunk >>= 1;
  }
  return best;
}

function begin(index: number): void {
  counters[SLOT.index] = index;
  clock[0] = Date.now();
  Atomics.store(counters, SLOT.running, 1);
}

function finish(): void {
  Atomics.store(counters, SLOT.running, 0);
}

if (data.phase === 'corpus') {
  for (let i = data.start; i < Math.min(data.end, FIXTURES.length); i++) {
    begin(i);
    const r = attempt(FIXTURES[i].input);
    finish();
    parentPort!.postMessage({ kind: 'fixture', index: i, ...r });
  }
} else {
  const gen = T.makeGenerator(data.seeds, data.runSeed);
  let i = data.start;
  let slowest = { ms: 0, index: -1 };
  for (; i < data.end && Date.now() < data.deadline; i++) {
    const input = gen(i);
    begin(i);
    const r = attempt(input);
    finish();
    if (r.ms > slowest.ms) slowest = { ms: r.ms, index: i };
    Atomics.add(counters, SLOT.outcomes + T.OUTCOMES.indexOf(r.outcome), 1);
    Atomics.add(counters, SLOT.targets + T.TARGETS.indexOf(input.target), 1);
    if (T.FAILURES.includes(r.outcome)) {
      const sig = T.signature(r.outcome, r.error);
      const minimized = minimize(input, sig, r.outcome === 'time' ? 10_000 : 3_000);
      parentPort!.postMessage({ kind: 'finding', index: i, input, minimized, outcome: r.outcome, error: r.error, ms: r.ms });
    }
  }
  parentPort!.postMessage({ kind: 'done', next: i, slowest });
}
