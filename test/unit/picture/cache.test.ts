// Tile keys, pyramid geometry and the LRU cache.
import assert from 'node:assert/strict';
import { LruCache, levelFor, tileGeometry, tileKey, tilesAlong, tilesFor, TILE } from '../../../src/picture/cache';

describe('picture tiles and cache', () => {
  it('levels: the coarsest power of two at most the elements per pixel', () => {
    assert.deepEqual([0.3, 1, 1.9, 2, 3.99, 4, 1024, 1500].map(levelFor), [0, 0, 0, 1, 1, 2, 10, 10]);
  });

  it('tiles of a level cover the view exactly, blocks of 2^L (shorter at the far edges)', () => {
    const rows = 1000n;
    const cols = 70000n;
    for (const level of [0, 3, 8]) {
      const ny = tilesAlong(rows, level);
      const nx = tilesAlong(cols, level);
      let elements = 0n;
      for (let ty = 0; ty < ny; ty++) {
        for (let tx = 0; tx < nx; tx++) {
          const g = tileGeometry(rows, cols, level, ty, tx);
          elements += g.region.rows * g.region.cols;
          assert.ok(g.rows.count <= TILE && g.cols.count <= TILE);
          for (let i = 0; i + 1 < g.cols.count; i++) assert.equal(g.cols.starts[i + 1] - g.cols.starts[i], 2 ** level);
        }
      }
      assert.equal(elements, rows * cols, `level ${level}`);
    }
    assert.deepEqual(tilesFor({ row0: 300n, rows: 600n, col0: 0n, cols: 256n }, 0), { ty0: 1, ty1: 4, tx0: 0, tx1: 1 });
  });

  it('keys name everything a tile depends on, but not its colours', () => {
    const a = { array: 'file:///x.npy#1', view: 'a[0]', level: 2, ty: 1, tx: 3, reduce: 'max' as const, exact: true };
    assert.equal(tileKey(a), tileKey({ ...a }));
    for (const change of [{ level: 3 }, { ty: 2 }, { tx: 1 }, { reduce: 'mean' as const }, { exact: false }, { view: 'a[1]' }, { array: 'file:///x.npy#2' }]) {
      assert.notEqual(tileKey({ ...a, ...change }), tileKey(a));
    }
  });

  it('evicts the least recently used entries past its byte budget', () => {
    const c = new LruCache<Uint8Array>(100, (v) => v.length);
    c.set('a', new Uint8Array(40));
    c.set('b', new Uint8Array(40));
    c.get('a');
    c.set('c', new Uint8Array(40));
    assert.deepEqual([c.has('a'), c.has('b'), c.has('c')], [true, false, true]);
    assert.equal(c.bytes, 80);
    c.set('huge', new Uint8Array(101));
    assert.equal(c.has('huge'), false);
    c.set('a', new Uint8Array(10));
    assert.equal(c.bytes, 50);
    assert.equal(
      c.deleteWhere((k) => k === 'c'),
      1,
    );
    assert.equal(c.size, 1);
  });
});
