// The viewer's statistics handler: its cache (per member, file version, scope, view and options; never across
// file versions), jobs shared by identical requests and aborted when nobody waits, request checks, and the
// reply's strings against numpy over the real engine.
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer, type ArrayEntry } from '../../../src/npy/container';
import { StatsHandler, engineRequest, type StatsCompute, type StatsRunner, type StatsTarget } from '../../../src/host/viewer/handlers/stats';
import { statsJob, type StatsReport } from '../../../src/stats/engine';
import { shutdownStatsWorkers } from '../../../src/stats/pool';
import { isCancelled } from '../../../src/shared/job';
import type { StatsRequest, WireView } from '../../../src/shared/protocol';

const dir = mkdtempSync(join(tmpdir(), 'npy-stats-handler-'));
const file = join(dir, 'a.npy');
// numpy's own figures of the array and of a[1] (the oracle).
const numpy = JSON.parse(
  execFileSync('python3', [
    '-c',
    [
      'import numpy as np, sys, json',
      'a = np.arange(24, dtype="<f8").reshape(2, 3, 4) * 1.5 - 7; a[0, 1, 2] = np.nan',
      'np.save(sys.argv[1], a)',
      'f = lambda x: dict(count=str(int((~np.isnan(x)).sum())), nan=str(int(np.isnan(x).sum())), min=str(np.nanmin(x)), max=str(np.nanmax(x)),',
      '  argmax="(" + ", ".join(map(str, np.unravel_index(np.nanargmax(x), x.shape))) + ")", p50=str(np.nanpercentile(x, 50)))',
      'print(json.dumps(dict(whole=f(a), view=f(a[1]))))',
    ].join('\n'),
    file,
  ]).toString(),
);

const WHOLE: WireView = {
  rowAxis: 1,
  colAxis: 2,
  axes: [
    { kind: 'index', index: '0' },
    { kind: 'range', start: '0', step: '1', count: '3' },
    { kind: 'range', start: '0', step: '1', count: '4' },
  ],
};
const AT1: WireView = { ...WHOLE, axes: [{ kind: 'index', index: '1' }, WHOLE.axes[1], WHOLE.axes[2]] };
const req = (over: Partial<StatsRequest> = {}): StatsRequest => ({ type: 'stats', generation: 1, view: WHOLE, scope: 'array', bins: 64, ...over });

/** A runner that runs the job at once, counting how many jobs ran and keeping their signals. */
function countingRunner(): { run: StatsRunner; titles: string[]; signals: AbortSignal[] } {
  const titles: string[] = [];
  const signals: AbortSignal[] = [];
  return {
    titles,
    signals,
    run: (title, job, signal) => {
      titles.push(title);
      signals.push(signal);
      return job(signal, () => undefined);
    },
  };
}

/** A compute that never finishes until aborted (or `finish()`), to test sharing and cancelling. */
function heldCompute(): { compute: StatsCompute; finish: () => void; calls: number } {
  const state = { calls: 0, finish: () => undefined as void, compute: undefined as unknown as StatsCompute };
  const waiting: ((r: StatsReport) => void)[] = [];
  state.compute = () => (signal) => {
    state.calls++;
    return new Promise<StatsReport>((resolve, reject) => {
      waiting.push(resolve);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  };
  state.finish = () => {
    for (const w of waiting.splice(0)) w({ shape: [], total: 0n, missing: 0n, figures: [] });
  };
  return state;
}

describe('viewer statistics handler', function () {
  let entry: ArrayEntry;
  let close: () => Promise<void>;
  before(async () => {
    const c = await openPathContainer(file);
    close = () => c.close();
    entry = await c.open('');
  });
  after(async () => {
    await close();
    await shutdownStatsWorkers();
    rmSync(dir, { recursive: true, force: true });
  });
  const target = (over: Partial<StatsTarget> = {}): StatsTarget => ({ entry, member: '', version: 1, generation: 1, title: 'stats', ...over });

  it('answers with the CLI strings of each figure, equal to numpy, for the whole array and for a view', async () => {
    const runner = countingRunner();
    const h = new StatsHandler(runner.run);
    const whole = await h.handle(1, target(), req());
    const view = await h.handle(2, target(), req({ scope: 'view', view: AT1 }));
    for (const [reply, want] of [
      [whole, numpy.whole],
      [view, numpy.view],
    ]) {
      const t = reply.figures[0].text;
      for (const k of ['count', 'nan', 'min', 'max', 'argmax', 'p50']) assert.equal(t[k as 'count'], want[k], k);
    }
    assert.deepEqual(whole.shape, ['2', '3', '4']);
    assert.deepEqual(view.shape, ['3', '4']);
    // argmax of a[1] is (2, 3) in the view and (1, 2, 3) in the array: the cell to go to.
    assert.deepEqual(view.figures[0].argmaxInArray, ['1', '2', '3']);
    assert.ok(view.figures[0].table.some((l) => /^p50\s/.test(l)));
    assert.equal(whole.figures[0].histogram?.counts.length, 64);
  });

  it('reuses a result for the same member, version and options; the whole array ignores the view', async () => {
    const runner = countingRunner();
    const h = new StatsHandler(runner.run);
    const a = await h.handle(1, target(), req());
    const b = await h.handle(2, target({ generation: 7 }), req({ view: AT1 }));
    assert.equal(runner.titles.length, 1);
    assert.equal(a.cached, false);
    assert.equal(b.cached, true);
    assert.equal(b.generation, 7, 'the reply carries the panel generation it answers');
    assert.deepEqual(b.figures, a.figures);
    // What the figures depend on computes again: the view (for scope view), bins, part, field, member, version.
    await h.handle(3, target(), req({ scope: 'view', view: AT1 }));
    await h.handle(4, target(), req({ scope: 'view', view: WHOLE }));
    await h.handle(5, target(), req({ bins: 8 }));
    await h.handle(6, target({ member: 'other' }), req());
    await h.handle(7, target({ version: 2 }), req());
    assert.equal(runner.titles.length, 6);
    // The log scale is drawing only.
    assert.equal((await h.handle(8, target(), req({ log: true }))).cached, true);
    assert.equal(runner.titles.length, 6);
  });

  it('after the file changed, results of the old version are dropped and its running jobs aborted', async () => {
    const held = heldCompute();
    const runner = countingRunner();
    const h = new StatsHandler(runner.run, held.compute);
    const running = h.handle(1, target(), req());
    h.reset(2);
    await assert.rejects(running, /aborted/);
    assert.equal(runner.signals[0].aborted, true);
    // A finished result of version 1 is not served for version 2, nor kept after the reset.
    const real = new StatsHandler(countingRunner().run);
    await real.handle(1, target(), req());
    assert.equal(real.size, 1);
    real.reset(2);
    assert.equal(real.size, 0);
    assert.equal((await real.handle(2, target({ version: 2 }), req())).cached, false);
  });

  it('identical requests share one job, which is aborted only when every one of them was cancelled', async () => {
    const held = heldCompute();
    const runner = countingRunner();
    const h = new StatsHandler(runner.run, held.compute);
    const first = h.handle(1, target(), req());
    const second = h.handle(2, target(), req());
    assert.equal(held.calls, 1);
    h.cancel([1]);
    await assert.rejects(first, (e: unknown) => isCancelled(e));
    assert.equal(runner.signals[0].aborted, false, 'the other request still waits');
    h.cancel([2]);
    await assert.rejects(second, (e: unknown) => isCancelled(e));
    assert.equal(runner.signals[0].aborted, true);
    // A cancelled job leaves nothing in the cache: the next request computes.
    const third = h.handle(3, target(), req());
    assert.equal(held.calls, 2);
    held.finish();
    assert.equal((await third).cached, false);
    // Ids never asked for, or answered, are ignored.
    h.cancel([3, 99]);
  });

  it('keeps a bounded number of results, dropping the least recently used', async () => {
    let jobs = 0;
    const compute: StatsCompute = (e, r) => {
      jobs++;
      return statsJob(e, r);
    };
    const h = new StatsHandler((_t, job, signal) => job(signal, () => undefined), compute, 2);
    await h.handle(1, target(), req({ bins: 1 }));
    await h.handle(2, target(), req({ bins: 2 }));
    await h.handle(3, target(), req({ bins: 1 })); // used again: bins 2 is now the oldest
    await h.handle(4, target(), req({ bins: 3 }));
    assert.equal(h.size, 2);
    assert.equal(jobs, 3);
    assert.equal((await h.handle(5, target(), req({ bins: 1 }))).cached, true);
    assert.equal((await h.handle(6, target(), req({ bins: 2 }))).cached, false);
  });

  it('refuses bad requests with one line', () => {
    assert.throws(() => engineRequest(req({ bins: 0 })), /bins must be an integer/);
    assert.throws(() => engineRequest(req({ bins: 2.5 })), /bins must be an integer/);
    assert.throws(() => engineRequest(req({ scope: 'all' as 'array' })), /unknown statistics scope/);
    assert.throws(() => engineRequest(req({ part: 'phase' as 'abs' })), /unknown complex part/);
    assert.equal(engineRequest(req()).view, undefined);
    assert.deepEqual(engineRequest(req({ scope: 'view', view: AT1, field: 'x' })).fields, ['x']);
  });

  it('a failing job is an error for its requests and is not cached', async () => {
    const h = new StatsHandler(countingRunner().run);
    await assert.rejects(h.handle(1, target(), req({ field: 'x' })), /no fields/);
    assert.equal(h.size, 0);
  });
});
