// The sampled picture against numpy: each pixel holds one element of its block (the documented one), read with
// page-disjoint reads; C and Fortran order, steps, negative steps, transposes, big-endian, images.
import assert from 'node:assert/strict';
import { rmSync } from 'fs';
import { join } from 'path';
import type { BatchRead } from '../../../src/npy/io/byteSource';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { evenBins, pictureGeometry } from '../../../src/picture/geometry';
import { numericDecoder } from '../../../src/picture/decode';
import { sampleLine, samplePicture } from '../../../src/picture/sample';
import { CASES, makeCases } from './cases';
import { naiveStarts, numpy, openCase, sameNumber } from './fixtures';

const fx = makeCases();
after(() => rmSync(fx.dir, { recursive: true, force: true }));

/** Reads never share a page, and come in ascending order (across batches too). */
function assertPageDisjoint(reads: BatchRead[], page: number): void {
  for (let k = 1; k < reads.length; k++) {
    const prevEnd = Number(reads[k - 1].position) + reads[k - 1].length;
    const start = Number(reads[k].position);
    assert.ok(Math.floor(start / page) > Math.floor((prevEnd - 1) / page), `read ${k} at ${start} shares a page with the read ending at ${prevEnd}`);
  }
}

describe('sampled picture', () => {
  CASES.forEach((c, i) => {
    it(`${c.name}: one element of each block, as numpy indexes it`, async () => {
      const d = fx.data[i];
      for (const opts of [{}, { pageSize: 64, mergeGap: 0, batchBytes: 50 }, { pageSize: 16, mergeGap: 1 << 20, batchBytes: 1 << 20 }]) {
        const o = await openCase(fx.path(c), c.slice, c.image);
        const reads: BatchRead[] = [];
        try {
          const geom = pictureGeometry({ row0: 0n, rows: o.view.rows, col0: 0n, cols: o.view.cols }, c.width, c.height);
          const pic = await samplePicture(o.src, geom, { ...opts, onReads: (r) => reads.push(...r) });
          const rs = naiveStarts(d.rows, c.height);
          const cs = naiveStarts(d.cols, c.width);
          assert.equal(pic.height, rs.length - 1);
          assert.equal(pic.width, cs.length - 1);
          assert.equal(pic.level, pic.height === d.rows && pic.width === d.cols ? 'exact' : 'sampled');
          const K = d.channels;
          assert.equal(pic.channels, K);
          for (let y = 0; y < pic.height; y++) {
            const r = pic.rowSamples[y];
            assert.ok(r >= rs[y] && r < rs[y + 1], `row sample ${r} of pixel row ${y} is outside its block`);
            assert.equal(r, y % 2 === 0 ? rs[y + 1] - 1 : rs[y], 'even blocks give their last element, odd ones their first');
            for (let x = 0; x < pic.width; x++) {
              const col = pic.colSamples[x];
              assert.ok(col >= cs[x] && col < cs[x + 1]);
              for (let k = 0; k < K; k++) {
                const want = d.view[(r * d.cols + col) * K + k];
                const got = pic.values[(y * pic.width + x) * K + k];
                assert.ok(sameNumber(got, want), `pixel (${y}, ${x}, ${k}): ${got} vs numpy ${want}`);
              }
            }
          }
          assertPageDisjoint(reads, opts.pageSize ?? 4096);
          assert.equal(pic.stats.reads, reads.length);
        } finally {
          await o.close();
        }
      }
    });
  });

  it('halves the pages touched when blocks are longer than a page (samples of block pairs share one)', async () => {
    const path = join(fx.dir, 'long.npy');
    numpy(`np.save(sys.argv[1], np.arange(100000, dtype='<f8')[None, :])`, [path]);
    const o = await openCase(path, 'a');
    try {
      // 100 blocks of 1000 float64 (8000 bytes, about two pages each).
      const geom = pictureGeometry({ row0: 0n, rows: 1n, col0: 0n, cols: 100000n }, 100, 1);
      const pic = await samplePicture(o.src, geom, { mergeGap: 0 });
      assert.ok(pic.stats.pages <= 51, `${pic.stats.pages} pages for 100 blocks`);
      for (let x = 0; x < 100; x++) assert.equal(pic.values[x], pic.colSamples[x]);
    } finally {
      await o.close();
    }
  });

  it('reads views whose strides interleave (sorted, not nested) and marks a truncated end as missing', async () => {
    // 1-D float64 0..29 in memory; a synthetic view with cells r·3 + c·2, which interleave in the file.
    const data = Float64Array.from({ length: 30 }, (_, i) => i);
    const source = new MemorySource(new Uint8Array(data.buffer));
    const decoder = numericDecoder({ type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 });
    const view = { rows: 5n, cols: 6n, base: 0n, rowStride: 3n, colStride: 2n, leaves: null };
    const reads: BatchRead[] = [];
    const src = { source, decoder, dataOffset: 0n, availableCount: 20n, view, channels: 1, channelStride: 0n };
    const pic = await samplePicture(src, pictureGeometry({ row0: 0n, rows: 5n, col0: 0n, cols: 6n }, 6, 5), {
      pageSize: 8,
      mergeGap: 0,
      onReads: (r) => reads.push(...r),
    });
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 6; c++) {
        const e = r * 3 + c * 2;
        assert.ok(sameNumber(pic.values[r * 6 + c], e < 20 ? e : NaN), `(${r}, ${c})`);
      }
    }
    assert.equal(pic.missing, [...Array(30).keys()].filter((k) => Math.floor(k / 6) * 3 + (k % 6) * 2 >= 20).length);
    assertPageDisjoint(reads, 8);
  });

  it('samples a line one element per bucket', async () => {
    const o = await openCase(fx.path(CASES[0]), 'a[2]');
    try {
      const line = { base: o.view.base + 3n * o.view.rowStride, stride: o.view.colStride, count: o.view.cols };
      const s = await sampleLine(o.src, line, evenBins(11, 4));
      const d = fx.data[0];
      assert.deepEqual(Array.from(s.indices), [1, 2, 7, 8]);
      for (let k = 0; k < 4; k++) assert.ok(sameNumber(s.values[k], d.view[3 * d.cols + s.indices[k]]));
    } finally {
      await o.close();
    }
  });
});
