// The refined picture against numpy's nanmax / nanmin / nanmean over the same blocks, whatever the chunk size
// (chunks that end inside a block, inside a row, between the channels of a pixel); progress, cancel, truncation.
import assert from 'node:assert/strict';
import { rmSync, truncateSync, copyFileSync, statSync } from 'fs';
import { join } from 'path';
import { pictureGeometry, type Reduce } from '../../../src/picture/geometry';
import { refinePicture } from '../../../src/picture/refine';
import { NEVER_ABORTED, isCancelled } from '../../../src/shared/job';
import { CASES, makeCases } from './cases';
import { openCase, sameNumber } from './fixtures';

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
        for (const reduce of ['max', 'min', 'mean'] as Reduce[]) {
          for (const [budgetBytes, tiles] of [
            [undefined, false],
            [3 * o.src.decoder.itemsize, false],
            [7 * o.src.decoder.itemsize, false],
            [undefined, true],
            [5 * o.src.decoder.itemsize, true],
          ] as const) {
            const pic = await refinePicture(o.src, geom, reduce, { budgetBytes, tiles })(NEVER_ABORTED, () => undefined);
            assert.equal(pic.level, 'exact');
            const want = d[reduce];
            assert.equal(pic.values.length, want.length);
            for (let k = 0; k < want.length; k++) {
              assert.ok(close(pic.values[k], want[k]), `${reduce} (budget ${budgetBytes}${tiles ? ', tiles' : ''}) value ${k}: ${pic.values[k]} vs numpy ${want[k]}`);
            }
            assert.deepEqual([pic.range.min, pic.range.max], d.finite, 'finite min/max of the whole view');
            assert.equal(pic.range.count, d.rows * d.cols * d.channels);
          }
        }
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
