// The refined picture against numpy's nanmax / nanmin / nanmean over the same blocks, and each block's finite
// min/max, whatever the chunk size (chunks that end inside a block, inside a row, between the channels of a
// pixel) and whichever path reduces it (the JavaScript loops, the tile reader, the SIMD kernels on the worker
// threads); progress, cancel, truncation.
import assert from 'node:assert/strict';
import { rmSync, truncateSync, copyFileSync, statSync } from 'fs';
import { join } from 'path';
import { pictureGeometry, type Reduce } from '../../../src/picture/geometry';
import { refinePicture, type RefineOptions } from '../../../src/picture/refine';
import { blockRunner } from '../../../src/stats/pool';
import type { BlockTask } from '../../../src/picture/blocks';
import { NEVER_ABORTED, isCancelled } from '../../../src/shared/job';
import { CASES, makeCases } from './cases';
import { numpy, openCase, sameNumber } from './fixtures';

const fx = makeCases();
after(() => rmSync(fx.dir, { recursive: true, force: true }));

function close(a: number, b: number): boolean {
  return sameNumber(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

describe('refined picture', () => {
  CASES.forEach((c, i) => {
    it(`${c.name}: every reduce equals numpy's over the blocks, for any chunk size`, async () => {
      const d = fx.data[i];
      const o = await openCase(fx.path(c), c.slice, c.image);
      try {
        const geom = pictureGeometry({ row0: 0n, rows: o.view.rows, col0: 0n, cols: o.view.cols }, c.width, c.height);
        const size = o.src.decoder.itemsize;
        const pool = blockRunner();
        assert.ok(pool, 'the worker threads with the SIMD kernels run here');
        let tasks = 0;
        const blocks = { size: pool.size, run: (th: number, t: BlockTask) => (tasks++, pool.run(th, t)) };
        for (const reduce of ['max', 'min', 'mean'] as Reduce[]) {
          for (const [name, ro] of [
            ['', {}],
            ['budget 3', { budgetBytes: 3 * size }],
            ['budget 7', { budgetBytes: 7 * size }],
            ['tiles', { tiles: true }],
            ['tiles, budget 5', { budgetBytes: 5 * size, tiles: true }],
            ['SIMD workers', { blocks, fast: true }],
            ['SIMD workers, budget 7 (lines in pieces)', { blocks, fast: true, budgetBytes: 7 * size }],
          ] as [string, RefineOptions][]) {
            const pic = await refinePicture(o.src, geom, reduce, ro)(NEVER_ABORTED, () => undefined);
            assert.equal(pic.level, 'exact');
            const want = d[reduce];
            assert.equal(pic.values.length, want.length);
            for (let k = 0; k < want.length; k++) {
              assert.ok(close(pic.values[k], want[k]), `${reduce} (${name}) value ${k}: ${pic.values[k]} vs numpy ${want[k]}`);
              assert.equal(pic.lo![k], d.lo[k], `${reduce} (${name}) finite min of block ${k}`);
              assert.equal(pic.hi![k], d.hi[k], `${reduce} (${name}) finite max of block ${k}`);
            }
            assert.deepEqual([pic.range.min, pic.range.max], d.finite, 'finite min/max of the whole view');
            assert.deepEqual([pic.range.nan, pic.range.posInf, pic.range.negInf], d.specials, `${reduce} (${name}) NaN, +inf, −inf counted`);
            assert.equal(pic.range.count, d.rows * d.cols * d.channels);
          }
        }
        if (c.simd !== undefined) assert.equal(tasks > 0, c.simd, c.simd ? 'the SIMD workers reduced it' : 'the JavaScript loops reduced it');
      } finally {
        await o.close();
      }
    });
  });

  it('reports progress in elements and stops with the cancelled error', async () => {
    const o = await openCase(fx.path(CASES[11]), 'a');
    try {
      const geom = pictureGeometry({ row0: 0n, rows: o.view.rows, col0: 0n, cols: o.view.cols }, 5, 5);
      const seen: [number, number][] = [];
      await refinePicture(o.src, geom, 'max', { budgetBytes: 400 })(NEVER_ABORTED, (done, total) => seen.push([done, total]));
      assert.ok(seen.length > 5);
      assert.deepEqual(seen[seen.length - 1], [2000, 2000]);
      const ac = new AbortController();
      const job = refinePicture(o.src, geom, 'max', { budgetBytes: 400 })(ac.signal, (done) => {
        if (done >= 800) ac.abort();
      });
      await assert.rejects(job, (e) => isCancelled(e));
    } finally {
      await o.close();
    }
  });

  it('on the SIMD workers: progress in elements, cancel between tasks; a truncated end stays on the JavaScript path', async () => {
    const path = join(fx.dir, 'big4.npy');
    numpy(`np.save(sys.argv[1], np.random.default_rng(5).standard_normal((1024, 768)).astype('<f4'))`, [path]);
    const o = await openCase(path, 'a');
    const pool = blockRunner()!;
    let tasks = 0;
    const blocks = { size: pool.size, run: (th: number, t: BlockTask) => (tasks++, pool.run(th, t)) };
    try {
      const geom = pictureGeometry({ row0: 0n, rows: 1024n, col0: 0n, cols: 768n }, 48, 64);
      const seen: [number, number][] = [];
      // 3 KiB a chunk: two lines of 768 float32 a task, 512 tasks.
      const pic = await refinePicture(o.src, geom, 'mean', { blocks, budgetBytes: 3072 })(NEVER_ABORTED, (done, total) => seen.push([done, total]));
      assert.ok(tasks > 1, `${tasks} tasks`);
      assert.ok(seen.length >= tasks);
      assert.deepEqual(seen[seen.length - 1], [1024 * 768, 1024 * 768]);
      assert.equal(pic.range.count, 1024 * 768);
      const ac = new AbortController();
      tasks = 0;
      const job = refinePicture(o.src, geom, 'max', { blocks, budgetBytes: 3072 })(ac.signal, (done) => {
        if (done >= 100_000) ac.abort();
      });
      await assert.rejects(job, (e) => isCancelled(e));
      assert.ok(tasks < 200, `stopped dispatching after the cancel (${tasks} of 512 tasks)`);
    } finally {
      await o.close();
    }
    // Truncated: the region's end is not data, so the SIMD path does not take it (the JavaScript one marks it).
    const cut = join(fx.dir, 'big4cut.npy');
    copyFileSync(path, cut);
    truncateSync(cut, statSync(cut).size - 768 * 4 * 10);
    const t = await openCase(cut, 'a');
    try {
      tasks = 0;
      const geom = pictureGeometry({ row0: 0n, rows: 1024n, col0: 0n, cols: 768n }, 48, 64);
      const pic = await refinePicture(t.src, geom, 'mean', { blocks, fast: true })(NEVER_ABORTED, () => undefined);
      assert.equal(tasks, 0);
      assert.equal(pic.missing, 768 * 10);
    } finally {
      await t.close();
    }
  });

  it('a truncated file: pixels past the end are NaN, counted as missing', async () => {
    const path = join(fx.dir, 'cut.npy');
    copyFileSync(fx.path(CASES[9]), path); // i2 (13, 17)
    truncateSync(path, statSync(path).size - 2 * 17 * 4); // the last 4 rows are gone
    const o = await openCase(path, 'a');
    try {
      const geom = pictureGeometry({ row0: 0n, rows: 13n, col0: 0n, cols: 17n }, 17, 13);
      const pic = await refinePicture(o.src, geom, 'mean')(NEVER_ABORTED, () => undefined);
      assert.equal(pic.missing, 4 * 17);
      for (let k = 0; k < 13 * 17; k++) assert.equal(Number.isNaN(pic.values[k]), k >= 9 * 17, `pixel ${k}`);
      assert.equal(pic.range.count, 9 * 17);
    } finally {
      await o.close();
    }
  });
});
