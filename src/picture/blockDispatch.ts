// Handing a picture's worker tasks (blocks.ts) to the threads of a BlockRunner: at most two per thread in flight,
// each on the least busy thread, results merged as they come back in any order. The first failure stops the
// dispatch and is thrown once the tasks in flight have settled; so is a cancel. No Node import (the webview
// bundles refine.ts, which calls this only when a runner was injected).
import { throwIfAborted } from '../shared/job';
import type { BlockResult, BlockRunner, BlockTask } from './blocks';

export async function dispatchBlocks<T>(
  run: BlockRunner,
  items: Iterable<T>,
  task: (item: T) => BlockTask,
  merge: (item: T, r: BlockResult) => void,
  signal: AbortSignal,
): Promise<void> {
  const busy = new Array<number>(run.size).fill(0);
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  for (const item of items) {
    while (inflight.size >= 2 * run.size) await Promise.race(inflight);
    if (failure || signal.aborted) break;
    let th = 0;
    for (let j = 1; j < busy.length; j++) if (busy[j] < busy[th]) th = j;
    busy[th]++;
    const p: Promise<void> = run
      .run(th, task(item))
      .then(
        (r) => merge(item, r),
        (e) => {
          failure ??= e;
        },
      )
      .finally(() => {
        busy[th]--;
        inflight.delete(p);
      });
    inflight.add(p);
  }
  await Promise.all(inflight);
  if (failure) throw failure;
  throwIfAborted(signal);
}
